from pathlib import Path

import pytest

from datarefinery.errors import SourceError
from datarefinery.sources import Document, SourceFailure, chunk_document, read_document, read_documents, sample_chunks
from datarefinery.sources.sentences import split_sentences


def test_pdf_reader_on_a_real_pdf(pdf_path: Path):
    doc = read_document(pdf_path, pdf_path.parent)
    assert doc.format == "pdf"
    assert "Camlidl" in doc.text and len(doc.text) > 20_000
    assert "ﬁ" not in doc.text  # ligatures normalised before any offset is taken


def test_markdown_and_text(tmp_path: Path):
    (tmp_path / "a.md").write_text("# Title here\n\nSome text.\n")
    (tmp_path / "b.txt").write_text("Plain\r\ntext.")
    docs = {d.format: d for d in read_documents(tmp_path)}
    assert docs["md"].title == "Title here"
    assert docs["txt"].text == "Plain\ntext."


# Node.js's API documentation (doc/api/dns.md, MIT licence), as shipped by Debian's nodejs package
NODE_DNS_MD = """# DNS

<!--introduced_in=v0.10.0-->

> Stability: 2 - Stable

Although named for the [Domain Name System (DNS)][], it does not always use the
DNS protocol for lookups. [`dns.lookup()`][] uses the operating system
facilities to perform name resolution. Use these functions to always perform
DNS queries, bypassing other name-resolution facilities.

### `resolver.cancel()`

<!-- YAML
added: v8.3.0
changes:
  - version: v14.18.0
    description: The `options` object now accepts a `tries` option.
-->

* `options` {Object}
  * `timeout` {integer} Query timeout in milliseconds, or `-1` to use the
    default timeout.

The `'SIGCONT'` event is _not_ supported on Windows. See [the guide](#guide).

| Constant | Description |
| -------- | ----------- |
| `ODATA` | DNS server returned answer with no data. |

```js
const dns = require('node:dns');
```

[`dns.lookup()`]: #dnslookuphostname-options-callback
"""


def test_markdown_is_read_as_its_text_not_its_marks(tmp_path: Path):
    (tmp_path / "dns.md").write_text(NODE_DNS_MD)
    doc = read_document(tmp_path / "dns.md", tmp_path)
    assert doc.title == "DNS"
    # links, reference links (defined or not), code and emphasis marks gone; a wrapped line joined
    assert ("Although named for the Domain Name System (DNS), it does not always use the DNS protocol for lookups. "
            "dns.lookup() uses the operating system facilities") in doc.text
    assert "Use these functions to always perform DNS queries, bypassing" in doc.text
    assert "The 'SIGCONT' event is not supported on Windows. See the guide." in doc.text
    # HTML comments (a change log) dropped; list items, table rows and code kept as lines
    assert "version: v14.18.0" not in doc.text and "introduced_in" not in doc.text
    assert "- timeout {integer} Query timeout in milliseconds, or -1 to use the default timeout." in doc.text
    assert "ODATA | DNS server returned answer with no data." in doc.text
    assert "const dns = require('node:dns');" in doc.text
    sentences = [s.text for s in split_sentences(doc.text)]
    assert "Use these functions to always perform DNS queries, bypassing other name-resolution facilities." in sentences


def test_markdown_front_matter_is_metadata_not_text(tmp_path: Path):
    # npm's documentation (docs/content/commands/npm-install.md, Artistic-2.0), as npm ships it
    (tmp_path / "npm-install.md").write_text("---\ntitle: npm-install\nsection: 1\ndescription: Install a package\n"
                                             "---\n\n### Synopsis\n\nThis command installs a package and any "
                                             "packages that it depends on.\n")
    doc = read_document(tmp_path / "npm-install.md", tmp_path)
    assert doc.title == "npm-install"
    assert doc.text.strip() == "Synopsis\n\nThis command installs a package and any packages that it depends on."


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("binary.txt", bytes(range(256)) * 4, "looks binary"),
        ("latin1.txt", "caf\xe9 cr\xe8me".encode("latin-1"), "not valid UTF-8"),
        ("corrupt.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage \x00\xff", "PDF"),
        ("data.xyz", b"hello", "unsupported file type"),
    ],
)
def test_bad_files_are_reported_by_name(tmp_path: Path, name: str, content: bytes, message: str):
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text("A good document with some words in it.")
    out = list(read_documents(tmp_path))
    failures = [o for o in out if isinstance(o, SourceFailure)]
    docs = [o for o in out if isinstance(o, Document)]
    assert len(docs) == 1 and len(failures) == 1
    assert failures[0].source.endswith(name)
    assert message in failures[0].message and name in failures[0].message
    with pytest.raises(SourceError):
        read_document(tmp_path / name, tmp_path)


def test_chunks_keep_exact_offsets(corpus: Path):
    for doc in (d for d in read_documents(corpus) if isinstance(d, Document)):
        chunks = chunk_document(doc, max_chars=800, min_chars=100)
        assert chunks
        for c in chunks:
            assert doc.text[c.start:c.end] == c.text
        assert [c.index for c in chunks] == list(range(len(chunks)))
        assert all(a.end <= b.start for a, b in zip(chunks, chunks[1:]))


def test_sentences_have_exact_offsets_on_hard_wrapped_pdf_text(pdf_path: Path):
    doc = read_document(pdf_path, pdf_path.parent)
    sents = split_sentences(doc.text)
    assert all(doc.text[s.start:s.end] == s.text for s in sents)
    # a sentence wrapped over three lines, one break before a capitalised name, is one sentence
    assert ("A textual description of the uncaught exception is saved using SetLastError, and can be consulted by the "
            "COM client using GetLastError (this is the standard convention for passing extended error information in "
            "COM).") in {s.text for s in sents}
    # a word hyphenated at a line end is whole again; the hyphen of a compound stays
    assert "translated to Caml arrays of arrays" in doc.text and "trans-" not in doc.text
    assert "multi-dimensional" in doc.text


def test_pdf_words_keep_their_spaces(pdf_path: Path):
    pdf = pdf_path.parent / "auto-multiple-choice.en.pdf"
    text = read_document(pdf, pdf.parent).text
    assert "This section is devoted to detail the syntax of AMC" in text  # pypdf gave "Thissectionisde-votedto..."
    assert "LaTeX package prevent questions from being split between two pages" in text


def test_sampling_spreads_across_documents_and_is_reproducible(corpus: Path):
    docs = [d for d in read_documents(corpus) if isinstance(d, Document)]
    per_doc = [chunk_document(d) for d in docs]
    a = sample_chunks(per_doc, 8, seed=1)
    b = sample_chunks(per_doc, 8, seed=1)
    assert [c.id for c in a] == [c.id for c in b]
    assert len({c.document for c in a}) == 8  # one chunk from each of the 8 pages first
    assert [c.id for c in sample_chunks(per_doc, 8, seed=2)] != [c.id for c in a]


def test_reference_number_after_a_line_break_stays_in_its_sentence():
    text = ("Its JSON text must conform to RFC\n7159. Limits on nesting depth are allowed by\n"
            "section 9 of the same document.\n1. First item of a list.\n2. Second item of the list.")
    sentences = [s.text for s in split_sentences(text)]
    assert sentences[0] == "Its JSON text must conform to RFC\n7159."
    assert sentences[1] == "Limits on nesting depth are allowed by\nsection 9 of the same document."
    assert sentences[2:] == ["1. First item of a list.", "2. Second item of the list."]


def test_a_name_that_starts_with_a_dot_ends_no_sentence():
    # the Valgrind manual (manual-core.html) as trafilatura gives it: pysbd cut after "or ."
    text = ("running dsymutil, a\n      system-provided utility, on the executable\n      or .dylib.  The resulting\n"
            "      combined debuginfo is placed in a directory alongside the\n      executable or .dylib, but with\n"
            "      the extension .dSYM.\nWith --dsymutil=no, Valgrind\n      will detect it.")
    sentences = split_sentences(text)
    assert all(text[s.start:s.end] == s.text for s in sentences)
    assert [" ".join(s.text.split()) for s in sentences] == [
        "running dsymutil, a system-provided utility, on the executable or .dylib.",
        "The resulting combined debuginfo is placed in a directory alongside the executable or .dylib, but with the "
        "extension .dSYM.",
        "With --dsymutil=no, Valgrind will detect it."]


def test_a_relative_path_ends_no_sentence():
    # util-linux's howto-compilation.txt: pysbd cut inside "`./autogen.sh'", and the answer "... creates a tarball
    # that can be configured and compiled without running `." was accepted
    text = ("\t`make dist-gzip' (or -bzip2) creates a tarball that can\n\tbe configured and compiled without running "
            "`./autogen.sh'\n\nCopy the header to ../include and rebuild. See the docs. /usr/bin holds the tools.")
    sentences = split_sentences(text)
    assert all(text[s.start:s.end] == s.text for s in sentences)
    assert [" ".join(s.text.split()) for s in sentences] == [
        "`make dist-gzip' (or -bzip2) creates a tarball that can be configured and compiled without running "
        "`./autogen.sh'", "Copy the header to ../include and rebuild.", "See the docs.", "/usr/bin holds the tools."]


def test_a_wrapped_line_that_ends_before_a_name_stays_in_its_sentence():
    # Nettle's manual (nettle.html) as trafilatura gives it: the sentence was cut before "RSA", and "RSA modulo, and
    # using a q of size 160 bits implies ..." was accepted as an answer
    text = ("Today, the security\nmargin of the original DSA may be uncomfortably small. Using a\np of 1024 bits "
            "implies that cracking using the number field sieve\nis expected to take about the same time as factoring "
            "a 1024-bit\nRSA modulo, and using a q of size 160 bits implies\nthat cracking using Pollard-rho will "
            "take roughly 2^80 group\noperations.\n"
            # Node.js's stream.html: a list item with no full stop, then a paragraph that opens with "The"
            "destination <stream.Writable> The destination for writing data\nthe source stream, which is a Duplex or "
            "a Transform stream\nThe readable.pipe() method attaches a Writable stream.\n"
            # a heading after a paragraph, and code lines after prose
            "Most of the setup is described in the manual and\nthe rest is yours\nSQL functions are listed below.")
    sentences = split_sentences(text)
    assert all(text[s.start:s.end] == s.text for s in sentences)
    flat = [" ".join(s.text.split()) for s in sentences]
    assert ("Using a p of 1024 bits implies that cracking using the number field sieve is expected to take about the "
            "same time as factoring a 1024-bit RSA modulo, and using a q of size 160 bits implies that cracking using "
            "Pollard-rho will take roughly 2^80 group operations.") in flat
    assert "The readable.pipe() method attaches a Writable stream." in flat  # "The" opens a sentence of its own
    assert "SQL functions are listed below." in flat  # "the rest is yours" is under six words


def test_a_line_that_ends_in_a_subordinator_goes_on():
    # the Python tutorial's interpreter.html as trafilatura gives it: "When" / "-m module is used, ..." was cut in two
    text = ("When the script name is given as\n'-' (meaning  standard input), sys.argv[0] is set to '-'.  When\n"
            "-c command is used, sys.argv[0] is set to '-c'.  When\n-m module is used, sys.argv[0]  is set to the full "
            "name of the\nlocated module.\n- A list item follows.")
    flat = [" ".join(s.text.split()) for s in split_sentences(text)]
    assert "When -m module is used, sys.argv[0] is set to the full name of the located module." in flat
    assert flat[-1] == "- A list item follows."


def test_a_name_in_capitals_at_a_line_end_stays_in_its_sentence():
    # PostgreSQL's REINDEX(7) as man renders it: "The subsequent CREATE" / "INDEX locks out writes ..." was cut in two,
    # and "What does an INDEX lock out writes but not reads?" accepted
    text = ("       In contrast, DROP INDEX momentarily takes an ACCESS EXCLUSIVE\n       lock on the parent table, "
            "blocking both writes and reads. The subsequent CREATE\n       INDEX locks out writes but not reads; since "
            "the index is not there, no read will\n       attempt to use it.\n\n       A concurrent rebuild lets reads "
            "and writes be\n       allowed meanwhile. Another difference is that a regular REINDEX TABLE or REINDEX\n"
            "       INDEX command can be performed within a transaction block, "
            "but REINDEX\n       CONCURRENTLY cannot.\n")
    flat = [" ".join(s.text.split()) for s in split_sentences(text)]
    assert ("The subsequent CREATE INDEX locks out writes but not reads; since the index is not there, no read will "
            "attempt to use it.") in flat
    assert ("Another difference is that a regular REINDEX TABLE or REINDEX INDEX command can be performed within a "
            "transaction block, but REINDEX CONCURRENTLY cannot.") in flat


def test_a_run_of_names_in_capitals_after_a_line_break_stays_in_its_sentence():
    # PostgreSQL's HTML docs as extracted (fdw-row-locking.html, sql-createcollation.html): the sentences were cut
    # before "FOR UPDATE/SHARE command" and "CREATE COLLATION command", and "CREATE COLLATION command can run at a
    # time." was accepted as an answer
    text = ("     For foreign tables that are specified to be locked by a SELECT\n     FOR UPDATE/SHARE command, the "
            "ForeignScan operation can\n     again perform early locking.\n\n   CREATE COLLATION takes a SHARE ROW\n"
            "   EXCLUSIVE lock, which is self-conflicting, on the\n   pg_collation system catalog, so only one\n"
            "   CREATE COLLATION command can run at a time.\n\n"
            # a synopsis, a heading in title case and one in sentence case keep their own lines
            "ALTER GROUP group_name RENAME TO new_name\nALTER GROUP changes the attributes of a user group.\n\n"
            "Example 10.5. Custom Operator on a Domain Type\nUsers sometimes try to declare operators.\n\n"
            "How to choose between notes, help messages and suggestions\nNotes are presented separately.\n")
    flat = [" ".join(s.text.split()) for s in split_sentences(text)]
    assert ("For foreign tables that are specified to be locked by a SELECT FOR UPDATE/SHARE command, the ForeignScan "
            "operation can again perform early locking.") in flat
    assert ("CREATE COLLATION takes a SHARE ROW EXCLUSIVE lock, which is self-conflicting, on the pg_collation system "
            "catalog, so only one CREATE COLLATION command can run at a time.") in flat
    for own_line in ("ALTER GROUP group_name RENAME TO new_name", "ALTER GROUP changes the attributes of a user group.",
                     "Custom Operator on a Domain Type", "Users sometimes try to declare operators.",
                     "How to choose between notes, help messages and suggestions", "Notes are presented separately."):
        assert own_line in flat


def test_a_dotted_name_after_a_line_break_stays_in_its_sentence():
    # the Python tutorial's classes.html as extracted: the sentence was cut before "MyClass.i is not."
    text = ("So in our example, x.f is a valid method\nreference, since MyClass.f is a function, but x.i is not, since\n"
            "MyClass.i is not.  But x.f is not the same thing as MyClass.f.\n")
    flat = [" ".join(s.text.split()) for s in split_sentences(text)]
    assert flat[0] == ("So in our example, x.f is a valid method reference, since MyClass.f is a function, but x.i is "
                       "not, since MyClass.i is not.")


def test_a_heading_in_capitals_ends_its_block():
    # llvm-readelf(1) as man renders it: "EXIT STATUS llvm-readelf returns 0 under normal operation." was accepted
    text = ("EXIT STATUS\n       llvm-readelf returns 0 under normal operation. It returns a non-zero exit code if "
            "there were\n       any errors.\n")
    flat = [" ".join(s.text.split()) for s in split_sentences(text)]
    assert flat[:2] == ["EXIT STATUS", "llvm-readelf returns 0 under normal operation."]


def test_a_heading_in_title_case_ends_its_block():
    # the rustc book's targets/index.html as extracted: "Target Features x86, and ARMv8 are two popular CPU
    # architectures." was accepted as an answer; a line that ends on a word needing more goes on ("See the\nCONTRIBUTING")
    text = ("$ rustc src/main.rs --target=wasm32-unknown-unknown\nTarget Features\nx86,  and ARMv8 are two popular CPU "
            "architectures. Their instruction sets form a common baseline across most CPUs.\nSee the\nCONTRIBUTING "
            "file for details.\n")
    flat = [" ".join(s.text.split()) for s in split_sentences(text)]
    assert flat[1:3] == ["Target Features", "x86, and ARMv8 are two popular CPU architectures."]
    assert flat[-1] == "See the CONTRIBUTING file for details."
    # a label and its value (the rustc book's illumos.html: "Tier: 2/3 illumos, is a Unix operating system …")
    text = "Tier: 2/3\nillumos, is a Unix operating system which provides next-generation features.\n"
    assert [s.text for s in split_sentences(text)] == ["Tier: 2/3", "illumos, is a Unix operating system which "
                                                        "provides next-generation features."]


def test_a_heading_that_ends_in_a_reference_word_ends_its_block():
    # the rustc book's apple-watchos.html: "OS version The minimum supported version is watchOS 5.0." was a sentence;
    # inside a block the word still goes on with a number or a name (the Python tutorial's modules.html)
    text = ("roughly the same logic as xcrun --sdk watchos --show-sdk-path.\nOS version\nThe minimum supported version "
            "is watchOS 5.0.\nFor the rest, see section\nStandard Modules for more information.\n")
    flat = [" ".join(s.text.split()) for s in split_sentences(text)]
    assert flat[1:] == ["OS version", "The minimum supported version is watchOS 5.0.",
                        "For the rest, see section Standard Modules for more information."]


def test_a_word_man_hyphenated_at_a_line_end_is_joined(tmp_path: Path):
    # arp(7) and libsasl(5) as `man -P cat` renders them: "pass\u2010 words" was accepted in an answer
    (tmp_path / "arp.7.txt").write_text("       The ARP module maintains a cache of mappings between hardware "
                                        "addresses and pro\u2010\n       tocol addresses. Cyrus SASL will use its "
                                        "own plugin infrastructure to verify pass\u2010\n       words. "
                                        "A well\u2010known "
                                        "port stays hyphenated.\n")
    doc = read_document(tmp_path / "arp.7.txt", tmp_path)
    assert "hardware addresses and protocol addresses." in doc.text
    assert "to verify passwords." in doc.text and "A well\u2010known port" in doc.text
    # ld-linux.so(8): a compound broken at its own hyphen
    (tmp_path / "ld.so.8.txt").write_text("       /etc/ld.so.preload has a system-\n       wide effect. Then -\n"
                                          "       a dash.\n")
    assert read_document(tmp_path / "ld.so.8.txt", tmp_path).text == ("/etc/ld.so.preload has a system-wide effect. "
                                                                        "Then -\n       a dash.")


def test_pydocs_gutter_is_blanked_and_other_bars_kept(tmp_path: Path):
    # `python3 -m pydoc json`: a class's body behind a gutter of bars, which ran into a sentence ("The return | value of
    # ``object_pairs_hook`` will be used …"); a shell pipeline, a grammar's alternatives and a tree keep their bars
    gutter = ("    class JSONDecoder(builtins.object)\n     |  JSONDecoder(*, object_hook=None)\n     |  \n"
              "     |  Simple JSON decoder.\n"
              "     |      ``object_pairs_hook``, if specified will be called. The return\n"
              "     |      value of ``object_pairs_hook`` will be used instead of the ``dict``.\n     |  \n")
    kept = ("    cat file \\\n     | tr -s ' ' '\\n' \\\n     | sort \\\n     | uniq -c\n"
            "compound_stmt ::= if_stmt\n                  | while_stmt\n                  | for_stmt\n"
            "    rand v0.7.3\n    |   |-- ppv-lite86 v0.2.6\n    |   `-- rand_core v0.5.1\n    |       `-- getrandom\n")
    (tmp_path / "json.txt").write_text(gutter + kept)
    text = read_document(tmp_path / "json.txt", tmp_path).text
    assert "|" not in text.split("cat file")[0]
    assert "The return\n            value of ``object_pairs_hook`` will be used" in text
    assert text.endswith(kept.strip())  # the reader strips the end of the file


def test_a_file_name_that_is_not_utf8_is_read(tmp_path: Path):
    import os

    name = os.fsdecode(b"caf\xe9.html")  # a Latin-1 name: Python sees a surrogate escape
    (tmp_path / name).write_text("<html><body><article><p>" + "SQLite reads this page. " * 20 +
                                 "</p></article></body></html>")
    docs = list(read_documents(tmp_path))
    assert len(docs) == 1 and isinstance(docs[0], Document) and "SQLite reads this page." in docs[0].text


# GNU time's manual as Debian installs it (/usr/share/info/time.info.gz, GNU FDL 1.3): the file's preamble, its
# dir entry, the Top node with a menu, two nodes with cross-references, and the tag table, cut short
TIME_INFO = """This is time.info, produced by makeinfo version 6.8 from time.texi.

This manual is for GNU 'time' command for running programs and
summarizing the system resources they use.  version UNKNOWN

INFO-DIR-SECTION Basics
START-INFO-DIR-ENTRY
* Time: (time).                  time
END-INFO-DIR-ENTRY

\x1f
File: time.info,  Node: Top,  Next: Resource Measurement,  Up: (dir)

Time
****

This file documents the the GNU 'time' command for running programs and
summarizing the system resources they use.  Version UNKNOWN

* Menu:

* Resource Measurement::  Measuring program resource use.
* Reporting bugs::      Sending bug reports and feature suggestions.

\x1f
File: time.info,  Node: Resource Measurement,  Next: Reporting bugs,  Prev: Top,  Up: Top

1 Measuring Program Resource Use
********************************

The 'time' command runs another program, then displays information about
the resources used by that program, collected by the system while the
program was running.  You can select which information is reported and
the format in which it is shown (*note Setting Format::), or have 'time'
save the information in a file instead of displaying it on the screen
(*note Redirecting::).

\x1f
File: time.info,  Node: Setting Format,  Next: Format String,  Up: Resource Measurement

1.1 Setting the Output Format
=============================

'time' uses a "format string" to determine which information to display
about the resources used by the command it runs.  *Note Format String::,
for the interpretation of the format string contents.

\x1f
Tag Table:
Node: Top754
Node: Resource Measurement1225
\x1f
End Tag Table
"""


@pytest.mark.parametrize("name", ["time.info", "time.info.gz", "time.info-1.gz"])
def test_an_info_manual_is_read_without_its_navigation(tmp_path: Path, name: str):
    import gzip

    raw = TIME_INFO.encode()
    (tmp_path / name).write_bytes(gzip.compress(raw) if name.endswith(".gz") else raw)
    doc = read_document(tmp_path / name, tmp_path)
    assert doc.title == "Time" and doc.format == "info"
    for navigation in ("File: time.info", "* Menu:", "Resource Measurement::", "START-INFO-DIR-ENTRY", "Tag Table",
                       "produced by makeinfo", "*note", "*Note", "\x1f"):
        assert navigation not in doc.text, navigation
    # the prose and the headings stay; an aside reference goes, one that opens a sentence says "See"
    assert "the format in which it is shown, or have 'time'\nsave the information" in doc.text
    assert "displaying it on the screen." in doc.text
    assert "runs.  See Format String,\nfor the interpretation" in doc.text
    assert "1.1 Setting the Output Format" in doc.text
    sentences = [" ".join(s.text.split()) for s in split_sentences(doc.text)]
    assert not any("::" in s for s in sentences)


def test_an_info_file_that_does_not_decompress_is_reported(tmp_path: Path):
    (tmp_path / "bc.info.gz").write_bytes(b"not gzip at all")
    [failure] = list(read_documents(tmp_path))
    assert isinstance(failure, SourceFailure) and "gzip" in failure.message and "bc.info.gz" in failure.source


# systemd's DISTRO_PORTING.md, as Debian installs its docs under /usr/share/doc (many of them gzipped)
DISTRO_PORTING = """# Porting systemd To New Distributions

## HOWTO

By default, systemd-timesyncd uses the Google Public NTP servers time[1-4].google.com, if no other NTP
configuration is available. They serve time that uses a leap second smear.
"""


@pytest.mark.parametrize("name", ["DISTRO_PORTING.md.gz", "README.txt.gz"])
def test_a_gzipped_document_is_read_by_the_reader_of_its_inner_suffix(tmp_path: Path, name: str):
    import gzip

    (tmp_path / name).write_bytes(gzip.compress(DISTRO_PORTING.encode()))
    doc = read_document(tmp_path / name, tmp_path)
    assert doc.format == name.split(".")[1]
    assert "systemd-timesyncd uses the Google Public NTP servers" in doc.text
    if doc.format == "md":  # the Markdown reader, not the text one: no "#" left, the heading is the title
        assert doc.title == "Porting systemd To New Distributions" and "#" not in doc.text
    else:
        assert doc.title == "README"
    (tmp_path / "broken.md.gz").write_bytes(b"# not gzip at all")
    failures = [d for d in read_documents(tmp_path) if isinstance(d, SourceFailure)]
    assert [f.source.endswith("broken.md.gz") and "gzip" in f.message for f in failures] == [True]


def test_a_closing_bracket_stays_with_the_sentence_it_closes():
    # GNU bc's manual (bc.info): pysbd ended the aside at ".)" and opened the next sentence with ")", and ")  It should
    # be noted that expr^0 will always return the value of 1." became an answer
    text = ("SCALE and the scale of the first expression.  (e.g.  scale(a^b) =\n     min(scale(a)*b, max(SCALE, "
            "scale(a))).)  It should be noted that\n     expr^0 will always return the value of 1.")
    sentences = split_sentences(text)
    assert [text[s.start:s.end] for s in sentences] == [s.text for s in sentences]
    assert sentences[1].text.endswith("scale(a))).)")
    assert sentences[2].text.startswith("It should be noted that")


# CMake's documentation (Help/command/add_executable.rst, BSD 3-clause), cut short: Sphinx roles and directives
CMAKE_RST = """add_executable
--------------

.. only:: html

  .. contents::

Add an executable to the project using the specified source files.

Normal Executables
^^^^^^^^^^^^^^^^^^

.. code-block:: cmake

  add_executable(<name> [WIN32] [MACOSX_BUNDLE]
                 [source1] [source2 ...])

Adds an executable target called ``<name>`` to be built from the source
files listed in the command invocation.

.. versionadded:: 3.1
  Source arguments to ``add_executable`` may use "generator expressions" with
  the syntax ``$<...>``.  See the :manual:`cmake-generator-expressions(7)`
  manual for available expressions.

.. versionadded:: 3.11
  The source files can be omitted if they are added later using
  :command:`target_sources`.

See documentation of the :prop_tgt:`RUNTIME_OUTPUT_DIRECTORY <prop_tgt:RUNTIME_OUTPUT_DIRECTORY>` target property.

Setting :variable:`CMAKE_DISABLE_FIND_PACKAGE_<PackageName>` to ``TRUE`` skips the package.

* ``WIN32`` sets the :prop_tgt:`WIN32_EXECUTABLE` property.
"""


def test_a_sphinx_page_is_read_as_its_prose(tmp_path: Path):
    (tmp_path / "add_executable.rst").write_text(CMAKE_RST)
    doc = read_document(tmp_path / "add_executable.rst", tmp_path)
    assert doc.title == "add_executable" and doc.format == "rst"
    # roles written as their text, the version notes' prose kept, code and markup gone
    assert "Adds an executable target called <name> to be built from the source\nfiles" in doc.text
    assert 'Source arguments to add_executable may use "generator expressions"' in doc.text
    assert "The source files can be omitted if they are added later using target_sources." in doc.text
    assert "See documentation of the RUNTIME_OUTPUT_DIRECTORY target property." in doc.text
    assert "- WIN32 sets the WIN32_EXECUTABLE property." in doc.text
    # a name with angle brackets is no link target
    assert "Setting CMAKE_DISABLE_FIND_PACKAGE_<PackageName> to TRUE skips the package." in doc.text
    for markup in ("[MACOSX_BUNDLE]", ":command:", "``", "3.11", ".. ", "html"):
        assert markup not in doc.text, markup


def test_a_sphinx_builds_copy_of_its_sources_is_read_as_restructuredtext(tmp_path: Path):
    # a Sphinx HTML build copies every page's source to _sources/<page>.rst.txt (Flask's docs in Debian's
    # python-flask-doc): read as plain text, "`Click`_ is a framework …" and ":class:`~flask.Flask`" were answers
    (tmp_path / "_sources").mkdir()
    (tmp_path / "_sources" / "add_executable.rst.txt").write_text(CMAKE_RST)
    doc = read_document(tmp_path / "_sources" / "add_executable.rst.txt", tmp_path)
    assert doc.title == "add_executable" and doc.format == "rst"
    assert "See documentation of the RUNTIME_OUTPUT_DIRECTORY target property." in doc.text
    assert ":command:" not in doc.text and "``" not in doc.text
    (tmp_path / "notes.txt").write_text("Plain notes, read as they are: ``kept``.\n")
    assert read_document(tmp_path / "notes.txt", tmp_path).format == "txt"


def test_a_page_docutils_fails_on_is_reported_and_the_others_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import datarefinery.sources.rst as rst

    (tmp_path / "good.rst").write_text(CMAKE_RST)
    (tmp_path / "bad.rst").write_text("Title\n=====\n\nText.\n")
    real = rst.publish_doctree

    def failing(source: str, **kwargs):
        if source.startswith("Title"):
            raise AttributeError("'NoneType' object has no attribute 'line'")
        return real(source, **kwargs)

    monkeypatch.setattr(rst, "publish_doctree", failing)
    out = {Path(getattr(d, "source")).name: d for d in read_documents(tmp_path)}
    assert isinstance(out["bad.rst"], SourceFailure) and "could not be parsed" in out["bad.rst"].message
    assert isinstance(out["good.rst"], Document) and "add_executable" in out["good.rst"].text
