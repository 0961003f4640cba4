import pytest

from datarefinery.generators.subject import subject_of


@pytest.mark.parametrize("title, subject", [
    ("Tuple types - The Rust Reference", "Rust"),  # mdBook
    ("4. More Control Flow Tools — Python 3.11.2 documentation", "Python"),  # Sphinx
    ("File system | Node.js v20.20.2 Documentation", "Node.js"),
    ("*-hurd-gnu - The rustc book", "rustc"),
    ("Ownership - The Rust Programming Language", "Rust"),
    ("Introduction - The Cargo Book", "Cargo"),
    # one part: the page names its system itself, or names none
    ("Implementation Limits For SQLite", None),
    ("Valgrind Frequently Asked Questions", None),
    (None, None),
    ("Chapter 3 - 2024", None),  # nothing but a number is left
])
def test_the_subject_is_the_site_name_after_the_page_name(title, subject):
    assert subject_of(title) == subject
