"""The HTML reader on real pages, trimmed: main text without navigation, pages laid out with
tables, code listings in figures, footnote references, powers, and the page's title."""

from pathlib import Path

from datarefinery.sources import read_document
from datarefinery.sources.html import prepare_html
from datarefinery.sources.sentences import split_sentences


def test_html_main_text_without_navigation(corpus: Path):
    doc = read_document(corpus / "limits.html", corpus)
    assert doc.title == "Implementation Limits For SQLite"
    assert "SQLITE_MAX_LENGTH" in doc.text
    raw = (corpus / "limits.html").read_text()
    # the page's menu bar (About · Documentation · Download · License · Support · Purchase) is gone
    assert "Purchase" in raw and "Purchase" not in doc.text
    assert doc.id == read_document(corpus / "limits.html", corpus).id  # stable


# libxslt's manual (docbook.html, trimmed): an XHTML page laid out with nested tables, its text in one cell
LAYOUT_PAGE = """<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>DocBook</title></head><body>
<table border="0" width="100%"><tr><td width="120"><a href="http://www.gnome.org/">GNOME</a></td>
<td><table width="100%"><tr><td align="center"><h1>The XSLT C library for GNOME</h1><h2>DocBook</h2></td></tr></table>
</td></tr></table>
<table border="0" width="100%"><tr><td><table><tr><td bgcolor="#fffacd">
<p><a href="http://www.oasis-open.org/committees/docbook/">DocBook</a> is an
XML/SGML vocabulary particularly well suited to books and papers about
computer hardware and software.</p><p>xsltproc and libxslt are not specifically dependant on DocBook, but since
a lot of people use xsltproc and libxml2 for DocBook formatting, here are a
few pointers and information which may be helpful:</p><ul>
  <li><a href="http://www.docbook.org/">DocBook: The Definitive Guide</a> is
    the official reference documentation for DocBook.</li>
  <li><a href="https://sourceforge.net/docman/index.php?group_id=21935">DocBook
    Open Repository</a> contains a lot of information about DocBook</li>
  <li>Bob Stayton provides a <a href="http://www.sagehill.net/">lot of
    resources</a> and consulting services around DocBook.</li>
</ul></td></tr></table></td></tr></table></body></html>"""


def test_a_page_laid_out_with_tables_keeps_its_list_items_apart(tmp_path: Path):
    (tmp_path / "docbook.html").write_text(LAYOUT_PAGE, encoding="latin-1")
    doc = read_document(tmp_path / "docbook.html", tmp_path)
    assert "|" not in doc.text  # no table row left
    sentences = [" ".join(s.text.split()) for s in split_sentences(doc.text)]
    assert "- DocBook Open Repository contains a lot of information about DocBook" in sentences
    assert "- Bob Stayton provides a lot of resources and consulting services around DocBook." in sentences


def test_tables_of_content_are_kept_as_tables():
    # SQLite's cli.html: an options table whose cells run to paragraphs has a header row; the Valgrind FAQ
    # (faq.html) is a grid of numbered questions and answers
    options = ("<html><body><p>" + "The .expert command suggests indexes. " * 5 + "</p><table><tr><th>Option</th>"
               "<th>Purpose</th></tr><tr><td>--verbose</td><td><p>If present, output a more verbose report for each "
               "query analyzed.</p></td></tr></table></body></html>")
    faq = ("<html><body><table><tr><td>1.1.</td><td><p>How do you pronounce \"Valgrind\"?</p></td></tr><tr><td></td>"
           "<td><p>The \"Val\" as in the word \"value\".</p></td></tr></table></body></html>")
    for page in (options, faq):
        assert prepare_html(page) == page


# the Rust Book as mdBook builds it (ch13-02-iterators.html, trimmed): a numbered listing inside a <figure>
LISTING_PAGE = """<!DOCTYPE HTML><html lang="en"><head><title>Processing a Series of Items with Iterators</title></head>
<body><main>
<h2>Using Closures That Capture Their Environment</h2>
<p>In Listing 13-16, we use <code>filter</code> with a closure that captures the <code>shoe_size</code>
variable from its environment to iterate over a collection of <code>Shoe</code> struct
instances. It will return only shoes that are the specified size.</p>
<figure class="listing" id="listing-13-16">
<span class="file-name">Filename: src/lib.rs</span>
<pre><code class="language-rust noplayground">#[derive(PartialEq, Debug)]
struct Shoe {
    size: u32,
    style: String,
}

fn shoes_in_size(shoes: Vec&lt;Shoe&gt;, shoe_size: u32) -&gt; Vec&lt;Shoe&gt; {
    shoes.into_iter().filter(|s| s.size == shoe_size).collect()
}</code></pre>
<figcaption><a href="#listing-13-16">Listing 13-16</a>: Using the <code>filter</code> method with a closure that
captures <code>shoe_size</code></figcaption>
</figure>
<p>The <code>shoes_in_size</code> function takes ownership of a vector of shoes and a shoe
size as parameters. It returns a vector containing only shoes of the specified
size.</p>
<p>In the body of <code>shoes_in_size</code>, we call <code>into_iter</code> to create an iterator that
takes ownership of the vector.</p>
</main></body></html>"""


def test_a_code_listing_in_a_figure_is_kept_in_its_place(tmp_path: Path):
    (tmp_path / "ch13-02-iterators.html").write_text(LISTING_PAGE)
    text = read_document(tmp_path / "ch13-02-iterators.html", tmp_path).text
    listing = text.find("fn shoes_in_size(shoes: Vec<Shoe>, shoe_size: u32) -> Vec<Shoe> {")
    assert listing != -1, text  # trafilatura alone drops the figure, code and caption
    assert text.find("It will return only shoes") < listing < text.find("The shoes_in_size function takes ownership")
    assert "Listing 13-16: Using the filter method" in " ".join(text.split())


def test_a_power_keeps_its_caret(corpus: Path):
    # limits.html writes 2<small><sup>31</sup></small>-1 and 2<sup><small>64</small></sup>: read as "231-1", "264"
    text = " ".join(read_document(corpus / "limits.html", corpus).text.split())
    assert "up to 2^31-1 or 2147483647" in text
    assert "maximum number of rows in a table is 2^64 (18446744073709551616" in text
    assert "231-1" not in text


# the Rust Reference's tuple.html (mdBook) and the Python tutorial's controlflow.html (Sphinx), trimmed: a footnote
# reference ran into the word before it ("structural types1 for") or opened the next sentence ("[1] When …")
NOTES_PAGE = """<!DOCTYPE HTML><html lang="en"><head><title>Tuple types</title></head><body><main>
<h1>Tuple types</h1>
<p><em>Tuple types</em> are a family of structural types<sup class="footnote-reference" id="fr-1-1"><a
href="#footnote-1">1</a></sup> for heterogeneous lists of other types.</p>
<p>The actual parameters (arguments) to a function call are introduced in the local symbol table of the called
function when it is called; thus, arguments are passed using call by value (where the value is always an object
reference, not the value of the object). <a class="footnote-reference brackets" href="#id2" id="id1"
role="doc-noteref"><span class="fn-bracket">[</span>1<span class="fn-bracket">]</span></a> When a function calls
another function, or calls itself recursively, a new local symbol table is created for that call.</p>
<p>See <a href="#syntax">the syntax</a> and <a href="#rules">rule 2</a>; the list holds 10<sup>3</sup> items.</p>
<hr><ol class="footnote-definition"><li id="footnote-1">
<p>Structural types are always equivalent if their internal types are equivalent. <a href="#fr-1-1">↩</a></p>
</li></ol>
</main></body></html>"""


# mdBook's page head and its keyboard-help popup (the Rust Reference's tuple.html, trimmed)
MDBOOK_HEAD = """<!DOCTYPE HTML><html lang="en"><head><meta charset="UTF-8"><title>Tuple types - The Rust Reference</title>
</head><body><div id="mdbook-help-container"><div id="mdbook-help-popup">
<h2 class="mdbook-help-title">Keyboard shortcuts</h2><div><p>Press <kbd>←</kbd> or <kbd>→</kbd> to navigate between
chapters</p></div></div></div><div id="menu-bar"><h1 class="menu-title">The Rust Reference</h1></div><main>"""


def test_a_page_is_titled_by_its_title_element(tmp_path: Path):
    # trafilatura took the popup's heading, "Keyboard shortcuts", for every page, so a question naming Rust had no
    # support anywhere in the document
    (tmp_path / "tuple.html").write_text(NOTES_PAGE.replace(NOTES_PAGE[:NOTES_PAGE.index("<h1>")], MDBOOK_HEAD))
    doc = read_document(tmp_path / "tuple.html", tmp_path)
    assert doc.title == "Tuple types - The Rust Reference"
    assert "a family of structural types for heterogeneous lists" in " ".join(doc.text.split())


def test_footnote_references_and_back_links_are_dropped(tmp_path: Path):
    (tmp_path / "tuple.html").write_text(NOTES_PAGE)
    text = " ".join(read_document(tmp_path / "tuple.html", tmp_path).text.split())
    assert "a family of structural types for heterogeneous lists of other types." in text
    assert "not the value of the object). When a function calls another function" in text
    assert "if their internal types are equivalent." in text and "↩" not in text
    assert "See the syntax and rule 2; the list holds 10^3 items." in text  # links that are no note's mark stay


def test_code_nested_in_code_keeps_its_place(tmp_path: Path):
    # PostgreSQL's sql-select.html: a placeholder inside a literal (<code>…<em><code>func</code></em>…</code>) came
    # out of trafilatura as "FROM LATERAL (SELECT . Note that func(...)) aliasLATERAL is considered to be implicit"
    (tmp_path / "sql-select.html").write_text(
        "<html><head><title>SELECT</title></head><body><div><p>A function call in FROM is approximately equivalent "
        "to\n<code class=\"literal\">FROM LATERAL (SELECT <em class=\"replaceable\"><code>func</code></em>(...)) "
        "<em class=\"replaceable\"><code>alias</code></em></code>.\nNote that <code class=\"literal\">LATERAL</code> "
        "is considered to be implicit, and <em class=\"replaceable\"><code>func</code></em> is any function.</p>"
        "</div></body></html>")
    text = " ".join(read_document(tmp_path / "sql-select.html", tmp_path).text.split())
    assert ("equivalent to FROM LATERAL (SELECT func(...)) alias. Note that LATERAL is considered to be implicit, and "
            "func is any function.") in text


def test_a_headings_permalink_is_dropped(tmp_path: Path):
    # Flask's docs (deploying/eventlet.html), as Sphinx writes them: "Binding Externally¶" no longer read as a heading
    # and ran into the paragraph after it, "Binding Externally¶ eventlet should not be run as root …"
    (tmp_path / "eventlet.html").write_text(
        "<html><head><title>eventlet</title></head><body><div><section><h2>Binding Externally<a class=\"headerlink\" "
        "href=\"#binding-externally\" title=\"Permalink to this heading\">¶</a></h2>\n<p>eventlet should not be run "
        "as root because it would cause your\napplication code to run as root, which is not secure.</p>"
        "<p>A paragraph may say <a href=\"#binding-externally\">#</a> in running text.</p></section></div>"
        "</body></html>")
    text = read_document(tmp_path / "eventlet.html", tmp_path).text
    assert "¶" not in text
    sentences = [" ".join(s.text.split()) for s in split_sentences(text)]
    assert sentences[:2] == ["Binding Externally",
                             "eventlet should not be run as root because it would cause your application code to run "
                             "as root, which is not secure."]
    assert "A paragraph may say # in running text." in sentences  # not a heading's: kept
