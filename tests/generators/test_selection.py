"""Statement selection by rule (no model): real sentences of the example corpus."""

from pathlib import Path

import pytest

from datarefinery.generators.selection import (
    example_names,
    licence_text,
    manual_before_licence,
    select_statements,
    selection_problem,
    unfit_statement,
)
from datarefinery.graph import Reject
from datarefinery.records import Record
from datarefinery.sources import chunk_document, read_document


def _chunk_record(corpus: Path, name: str, needle: str) -> tuple[Record, str]:
    doc = read_document(corpus / name, corpus)
    chunk = next(c for c in chunk_document(doc, 1200, 200) if needle in c.text)
    return Record(chunk.id, data={"text": chunk.text, "document": doc.id, "chunk_start": chunk.start}), doc.text


@pytest.mark.parametrize("sentence, why", [
    ("The function calls to pay attention to here are the call to sqlite3_open() on line 22.", "narration"),
    ("Errors detected during execution are called exceptions: you will soon learn how to handle them.", "narration"),
    ("Instance method objects have attributes, too: m.__self__ is the instance object.", "leans on another"),
    ("The difference is that -> always returns a JSON representation of that subcomponent.", "leans on another"),
    ("One solution is to add an SQL foreign key constraint to the database schema.", "leans on another"),
    # one more of options the reader has not seen (camlidl-1.04.doc.pdf)
    ("Yet another possibility is to declare certain integer fields or variables as double in the IDL file, so that "
     "they are represented by float in Caml, and all 32 bits of the integer are preserved in Caml.", "leans on another"),
    # an option's description, an instruction (camlidl-1.04.doc.pdf, modules.html)
    ("Prefix all Caml names of record labels with the name of the enclosing struct.", "an instruction"),
    ("Consult the Installing Python Modules guide for complete documentation for pip.", "an instruction"),
    # an option's description as a list item, judged as the answer will read: without its bullet (cg-manual.html)
    ("- Specify the size, associativity and line size of the level 1 data cache.", "an instruction"),
    # "this" standing alone before a comma: this what? (modules.html)
    ("To support this, Python has a way to put definitions in a file and use them in a script or in an interactive "
     "instance of the interpreter.", "missing context"),
    ("We can add an if clause to a pattern, known as a guard.", "first person"),
    # a typographic apostrophe is an apostrophe (auto-multiple-choice.en.pdf)
    ("Let’s open the graphic interface.", "narration"),
    ("If X were allowed to write, it would fork the history of the database file.", "placeholder"),
    ("-- Values stored as TEXT, INTEGER, INTEGER, REAL, TEXT.", "code"),
    ("Among the properties it might report is the ability of to do an atomic sector write.", "garbled"),
    # a word lost before the period (extension load mechanism text, loadext.html, as a model quoted it)
    ("A database schema which incorporate SQL custom functions made available via the extension load mechanism may "
     "need special provision to work with the .", "garbled"),
    # Node.js API reference (dns.md, os.md): a parameter entry, a description with no subject, an unnamed option
    # (a noun phrase after the type: no verb either, which is said first)
    ("- timeout {integer} Query timeout in milliseconds, or -1 to use the default timeout.", "no verb"),
    ("- signal <AbortSignal> allows cancelling the toArray operation if the signal is aborted.", "reference entry"),
    ("Base <string> The base URL to resolve against if the input is not absolute.", "reference entry"),
    ("Returns: <Promise> a promise containing an array with the contents of the stream.", "reference entry"),
    ("Always returns a value greater than zero.", "no subject"),
    # Node.js cluster.html, crypto.html
    ("Emitted after the worker IPC channel has disconnected.", "no subject"),
    ("'der' (default): DER-encoded ASN.1 signature structure encoding (r, s).", "reference entry"),
    # a demonstrative subject after a subordinator (npm's npm-exec.md): this what?
    ("If this does not result in exactly one option (either because there are no bin entries, or none of them match "
     "the name of the package), then npm exec exits with an error.", "missing context"),
    # a pronoun subject after an opening phrase (Node.js fs.html): this what?
    ("On macOS, this uses kqueue(2) for files and FSEvents for directories.", "missing context"),
    # a subordinator with no subject of its own, then a pronoun; "that" after a subordinator (Node.js's
    # security-release-process.md and technical-priorities.md, worker_threads.html): who, what work?
    ("Once approved, they are given access to all of the resources needed to carry out the steps listed in the process.",
     "missing context"),
    ("If that work is long running, blocking the event loop will interfere with other supporting work like metrics "
     "gathering and health checks.", "missing context"),
    ("If set, this is provided as process.execArgv inside the worker.", "missing context"),
    # where something is written, not what it is (Node.js's suggesting-social-media-posts.md, globals.md)
    ("The processes are documented in Node.js Social Amplification Request Guidelines.", "cross-reference"),
    ("clearTimeout is described in the timers section.", "cross-reference"),
    # a role for a subject and no name to say whose (Valgrind's manual-core-adv.html, X's xtrans.html, GMP's README)
    ("The default value is 100 milliseconds.", "'The default value' of what?"),
    ("The parameter arg can be used to pass in an additional value that may be required by some options.",
     "'The parameter arg' of what?"),
    ("Each record contains all the entry points for a single transport.", "missing context"),
    ("The caller must ensure enough space is available for the results.", "missing context"),
    # "this" as a verb's object before "into"/"to" (idna's PyPI description, Valgrind's mc-manual.html)
    ("UTS #46 will convert this into lower case prior to applying the IDNA conversion.", "missing context"),
    ("Set this to no if you don't want to see undefined value errors.", "missing context"),
    # a subordinate clause without its subject: what is set, or not present? (valgrind(1), openssl-ca(1ssl))
    ("When set to yes, Memcheck keeps track of the origins of all uninitialised values.", "missing context"),
    ("If not present the default is to allow for the EMAIL filed in the certificate's DN.", "missing context"),
    # a man page's entry, a description with no subject after an opening phrase, "this same" (devlink-port(8),
    # start-stop-daemon(8), tc-etf(8))
    ("DEV/PORT_INDEX - specifies the devlink port to operate on.", "no subject"),
    ("With --stop, specifies that start-stop-daemon is to check whether the process(es) do finish.", "no subject"),
    ("The qdisc expects that packets passing through it to be using this same clockid as the reference of their "
     "txtime timestamps.", "missing context"),
    # the page's own subject by its kind (aiolimiter's and idna's PyPI descriptions, Valgrind's drd-manual.html)
    ("The library requires Python 3.10 or newer.", "the page's subject"),
    ("The package supports command-line usage to convert domain names between their Unicode and ASCII-compatible "
     "forms.", "the page's subject"),
    ("The tool works for any program that uses the POSIX threading primitives.", "the page's subject"),
    # a parameter table read as text (libxslt's gtk-doc API reference, unseen corpus)
    ("| ctxt: | the XSLT transformation context | | contextNode: | the current node in the source tree | | Returns: "
     "| 0 on success.", "table"),
    # a docstring's first line in a code block (the Python tutorial's stdlib.html)
    ('"""Computes the arithmetic mean of a list of numbers.', "code"),
    # a request to the reader (GLib's README.md)
    ("Please follow the contribution guide to know how to start contributing to GLib.", "instruction"),
    ("All other functions in the node:dns module connect to an actual DNS server to perform name resolution.",
     "leans on another"),
    ("When false, IPv4 addresses are placed before IPv6 addresses.", "missing context"),  # what is false?
    # Valgrind manual (drd-manual.html, mc-manual.html): a list item with no verb; "like this": like what?
    ("- The macro DRD_STOP_IGNORING_VAR(x) and the corresponding client request VG_USERREQ__DRD_FINISH_SUPPRESSION.",
     "no verb"),
    ("Programs that have leaks like this can unnecessarily increase the amount of memory they are using over time.",
     "missing context"),
    # a licence's disclaimer in capitals (libffi's index.html); a parameter's entry before a semicolon
    ("THE SOFTWARE IS PROVIDED \u201cAS IS\u201d, WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED.", "in capitals"),
    ("The address of a ffi_closure object; this is the writable address returned by ffi_closure_alloc.", "no verb"),
    ("The second column is used to break ties in the left-most column.", "leans on"),
    ("The blue color represents that the sectors contain original data.", "narration"),
    ("The next transaction will overwrite existing journal file content rather than append new content.", "leans on"),
    ("The rest of the tutorial introduces various features of the Python language and system.", "narration"),
    # what is run? the sentence before said
    ("When run at the command line with python top.py --lines=5, the script sets args.lines to 5.", "missing context"),
    ("The normal ROWID selection algorithm described above will generate increasing ROWIDs.", "missing context"),
    # a picture the text cannot carry (lingua's README in its METADATA; Valgrind's dh-manual.html)
    ("The bar plot shows the detailed accuracy results for each supported language.", "missing context"),
    ("The following image shows a screenshot of part of a PP tree.", "missing context"),
    # a contracted pronoun after an opening phrase (Click's docs: what is?); "this" as a preposition's object before
    # the verb (the Rust Reference: the exception to what?)
    ("By default, it's the first sentence of the help message of the command, unless it's too long.",
     "missing context"),
    ("The exception to this is the unit tuple (()), which is guaranteed as a zero-sized type to have a size of 0.",
     "missing context"),
    ("The first one is \"main\", the original database opened.", "missing context"),  # one of what? (SQLite's cli.html)
    # which situation? (the Rust Book's ch08-01)
    ("The borrowing rules prevent programs from ending up in that situation.", "missing context"),
    ("transmute and transmute_copy are the two other primary offenders.", "leans on"),  # other than? (the nomicon)
    ("Comparisons, membership tests, and identity tests, all have the same precedence and have a left-to-right "
     "chaining feature as described in the Comparisons section.", "missing context"),  # Python's language reference
    # passed to what? (rustdoc's page for BTreeMap: the method documented is the page's heading)
    ("Passing Bound::Included(x) will return a cursor pointing to the gap before the smallest key greater than or "
     "equal to x.", "passed to what"),
    # a template's stand-in for a name (the Python tutorial's classes.html)
    ("DerivedClassName() creates a new instance of the class.", "example placeholder"),
    # a redirect page of the Rust Edition Guide
    ("Redirecting to... https://blog.rust-lang.org/2018/03/29/Rust-1.25.html#cargo-features .", "a link"),
    # returned by which call, resulting from which step (pydoc's subprocess page, rustdoc's HashMap page, the rustc
    # book)
    ("The returned instance will have attributes args, returncode, stdout and stderr.", "missing context"),
    ("The returned iterator keeps a mutable borrow on the map to optimize its implementation.", "missing context"),
    ("The resulting binaries are in ELF format.", "missing context"),
    # the Rust Book: its own table and examples, another of what, where it is covered
    ("Table B-5 shows symbols that appear in the context of constraining generic type parameters with trait bounds.",
     "missing context"),
    ("Rust’s stability guarantees ensure that all the examples in the book that compile will continue to compile with "
     "newer Rust versions.", "narration"),
    ("Handling concurrent programming safely and efficiently is another of Rust’s major goals.", "leans on"),
    ("The specifics of how Pin and Unpin work, and the rules they’re required to uphold, are covered extensively in "
     "the API documentation for std::pin, so if you’re interested in learning more, that’s a great place to start.",
     "a cross-reference"),
])
def test_unfit_sentences_are_named_with_why(sentence: str, why: str):
    assert why in (unfit_statement(sentence) or "")


@pytest.mark.parametrize("sentence", [
    "The json_patch(T,P) SQL function runs the RFC-7396 MergePatch algorithm to apply patch P against input T.",
    "SQLite keeps track of the largest ROWID using an internal table named \"sqlite_sequence\".",
    "A unique constraint is satisfied if and only if no two rows have the same values in the unique columns as each other.",
    "The presence of egregious errors (such as text in an integer column) is an early warning signal.",
    "The changes are appended to the WAL and later checkpointed into the database file.",
    "On a traditional spinning disk, a sector is the minimum unit of transfer in both directions, reading and writing.",
    "Formatted string literals let you include the value of Python expressions by prefixing the string with f or F.",
    "Passing a variable to a function will move or copy, just as assignment does.",  # the Rust Book: passed to a function
    # a statement about a keyword, and an -ing subject, are no instructions (controlflow.html, venv.html)
    "Return without an expression argument returns None.",
    "Activating the virtual environment will change your shell's prompt to show what virtual environment you're using.",
    # limits.html: "and then only if" is a condition, not a step after an unseen one
    "A 281 terabytes database can hold no more than approximately 2e+13 rows, and then only if there are no "
    "indices and if each row contains very little data.",
    # the pronoun's noun is in the opening clause; an expletive "it" (atomiccommit.html, controlflow.html)
    "Before SQLite can write to a database, it must first read the database to see what is there already.",
    "For readability and performance, it makes sense to restrict the way arguments can be passed.",
    "On Mac and Linux, it's also possible to use lima to emulate RISC-V in a similar way.",
    # the subordinate clause names its own subject, which the pronoun takes up
    "Once the WAL file is checkpointed, it can be reset and reused from the beginning.",
    # a cross-reference with a statement after it, and a rule on what should be discussed where (nettle.html,
    # adding-new-napi-api.md)
    "Yarrow-160 is described in a paper at https://www.counterpane.com/yarrow.html, and it uses SHA1 and triple-DES.",
    "New APIs should be discussed in a Node-API team meeting.",
    # a role whose sentence names it (mc-manual.html), or a kind of thing rather than a role (inputoutput.html)
    "The default value for --leak-check is summary.",
    "The string type has some methods that perform useful operations for padding strings to a given column width.",
    # the reader's program, and a kind of module the sentence defines (foreignkeys.html, venv.html)
    "The application can also use a PRAGMA foreign_keys statement to determine if foreign keys are currently enabled.",
    "The module used to create and manage virtual environments is called venv.",
    # a dash inside a statement, and "this same" for a noun the sentence named (testing.html, Valgrind's NEWS)
    "Valgrind is a simulator - it simulates an x86 running a Linux binary.",
    "callgrind_control now supports the --vgdb-prefix argument, which is needed if valgrind was started with this same "
    "argument.",
    # SQL keywords in capitals are no licence notice (lang_transaction.html)
    "END TRANSACTION is an alias for COMMIT and is accepted by SQLite.",
    # a plural subject is no subjectless description (os.md's neighbours)
    "Returns are processed in the order in which the callbacks were registered.",
    # prose with a semicolon, braces in a regex's syntax (the Python tutorial's datastructures.html; regex's README)
    "Tuples can be used as keys if they contain only strings, numbers, or tuples; if a tuple contains any mutable "
    "object either directly or indirectly, it cannot be used as a key.",
    'The fuzziness of a regex item is specified between "{" and "}" after the item.',
    "The result returned by sqlite3_prepare_v2() is a prepared statement.",  # a result named by what returns it
    # one of several, said in full; a table as a kind of data (the Rust Book's ch16-00; SQLite's limits.html)
    "Handling concurrent programming safely and efficiently is one of Rust’s major goals.",
    "The sqlite_sequence table holds the largest ROWID ever used by each AUTOINCREMENT table.",
])
def test_standalone_sentences_pass(sentence: str):
    assert unfit_statement(sentence) is None


def test_selected_statements_are_exact_standalone_spans(corpus: Path):
    rec, doc_text = _chunk_record(corpus, "limits.html", "SQLITE_MAX_LENGTH")
    children = select_statements(rec, max_statements=3)
    assert 1 <= len(children) <= 3
    spans = [c.provenance for c in children]
    for child, p in zip(children, spans):
        assert doc_text[p.start:p.end] == p.evidence
        assert child.data["statement"] == " ".join(p.evidence.split())
        assert selection_problem(p.evidence) is None and child.parent_id == rec.id
    assert [p.start for p in spans] == sorted(p.start for p in spans)  # document order
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))  # never overlapping


def test_a_list_item_title_is_not_glued_to_its_body(corpus: Path):
    # <li><p><b>Maximum length of a string or BLOB</b></p><p>The maximum number ...: two lines, not one sentence
    doc = read_document(corpus / "limits.html", corpus)
    line = next(ln for ln in doc.text.splitlines() if "Maximum length of a string or BLOB" in ln)
    assert line.strip(" -") == "Maximum length of a string or BLOB"


def test_a_pronoun_after_a_connective_is_read_with_its_antecedent():
    # manual-intro.html: "Nonetheless, it supports ..." — "it" is Valgrind, named in the sentence before
    text = ("Valgrind was originally designed to be a free memory debugging tool for Linux on x86. Nonetheless, it "
            "supports a number of widely-used platforms, listed in full at http://www.valgrind.org/.")
    rec = Record("c", data={"text": text, "document": "d", "chunk_start": 0})
    assert [c.data["statement"] for c in select_statements(rec, max_statements=3)] == [text]  # joined, not alone


def test_a_sentence_about_the_chunks_code_example_is_no_statement():
    # the Rust Book's ch06-01 (its listing kept in place by the HTML reader): the type of the example's some_number
    text = ("The <T> syntax is a feature of Rust we haven’t talked about yet. Here are some examples of using Option "
            "values to hold\nnumber types and char types:\nfn main() {\n    let some_number = Some(5);\n"
            "    let some_char = Some('e');\n    let absent_number: Option<i32> = None;\n}\n"
            "The type of some_number is Option<i32>. The type of some_char is\nOption<char>, which is a different "
            "type. The Option<T> enum is still just a regular enum, and Some(T) and\nNone are still variants of type "
            "Option<T>.")
    assert example_names(text) == {"some_number", "some_char", "absent_number"}
    rec = Record("c", data={"text": text, "document": "d", "chunk_start": 0})
    statements = [c.data["statement"] for c in select_statements(rec, max_statements=3)]
    assert statements and not any("some_" in s for s in statements), statements
    assert unfit_statement("The type of some_number is Option<i32>.", example_names(text)) == \
        "an example's name: 'some_number'"
    # a method's object and the "s" of a contraction are no example's names (the Python tutorial's f = open(...))
    assert example_names(">>> f = open('workfile', 'w')\n>>> s = 'it'") == {"f", "s"}
    assert unfit_statement("f.write(string) writes the contents of string to the file, returning the number of "
                           "characters written.", frozenset({"f", "s"})) is None
    assert unfit_statement("It’s a generic type parameter of the Option enum in Rust.", frozenset({"s"})) is None


def test_what_an_interactive_example_printed_is_no_statement():
    # the Python tutorial's inputoutput.html: the example's output echoes its format string, not a fact about pi
    text = ("An optional format specifier can follow the expression. This allows greater control over how the value is "
            "formatted. The following example rounds pi to three places after the decimal:\n>>> import math\n"
            ">>> print(f'The value of pi is approximately {math.pi:.3f}.')\nThe value of pi is approximately 3.142.\n"
            "Passing an integer after the ':' will cause that field to be a minimum number of characters wide.")
    rec = Record("c", data={"text": text, "document": "d", "chunk_start": 0})
    statements = [c.data["statement"] for c in select_statements(rec, max_statements=5)]
    assert statements and not any("3.142" in s for s in statements), statements
    assert any(s.startswith("An optional format specifier can follow the expression.") for s in statements)


def test_a_chunk_of_code_has_no_statement():
    code = "\n".join(f"{n} rc = sqlite3_exec(db, argv[2], callback, 0, &zErrMsg);" for n in range(20, 40))
    rec = Record("c", data={"text": code, "document": "d", "chunk_start": 0})
    with pytest.raises(Reject) as info:
        select_statements(rec)
    assert info.value.reason == "no_statement"


def test_a_licence_chunk_has_no_statement_but_a_licensing_fact_has_one():
    # the GNU FDL closing GNU time's manual (time.html): "“Incorporate” means to publish or republish a Document ..."
    # was accepted from GNU coreutils' copy of it
    gfdl = ("This License applies to any manual or other work, in any medium, that contains a notice placed by the "
            "copyright holder saying it can be distributed under the terms of this License. A “Modified Version” of "
            "the Document means any work containing the Document or a portion of it, either copied verbatim, or with "
            "modifications and/or translated into another language. “Incorporate” means to publish or republish a "
            "Document, in whole or in part, as part of another Document.")
    with pytest.raises(Reject) as info:
        select_statements(Record("l", data={"text": gfdl, "document": "d", "chunk_start": 0}))
    assert info.value.reason == "no_statement" and "licence" in str(info.value)
    # Nettle's manual (nettle.html): which licence applies is a fact worth a question
    nettle = ("Nettle is dual licenced under the GNU General Public License version 2 or later, and the GNU Lesser "
              "General Public License version 3 or later. When using Nettle, you must comply fully with all "
              "conditions of at least one of these licenses.")
    kept = select_statements(Record("n", data={"text": nettle, "document": "d", "chunk_start": 0}))
    assert kept[0].data["statement"].startswith("Nettle is dual licenced")


def test_the_lgpl_and_gpl_version_2_are_licence_text():
    # Libgpg-error's manual (gpgrt.info, LGPL 2.1): "'Source code' for a work means ..." was accepted as a definition
    lgpl = ('"Source code" for a work means the preferred form of the work for making modifications to it.  For a '
            "library, complete source code means all the source code for all modules it contains, plus any associated "
            "interface definition files, plus the scripts used to control compilation and installation of the "
            "library.\n\n"
            "Activities other than copying, distribution and modification are not covered by this License; they are "
            "outside its scope.  The act of running a program using the Library is not restricted, and output from "
            "such a program is covered only if its contents constitute a work based on the Library.")
    assert licence_text(lgpl)
    # the GPL 2's disclaimer in capitals (gettext.info)
    assert licence_text("LAW. EXCEPT WHEN OTHERWISE STATED IN WRITING THE COPYRIGHT HOLDERS AND/OR OTHER PARTIES "
                        'PROVIDE THE PROGRAM "AS IS" WITHOUT WARRANTY OF ANY KIND, EITHER EXPRESSED OR IMPLIED, '
                        "INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A "
                        "PARTICULAR PURPOSE.")
    # the GPL's preamble (gpgrt.info): "By contrast, the GNU General Public Licenses are intended ..." was accepted
    assert licence_text("The licenses for most software are designed to take away your freedom to share and change "
                        "it.  By contrast, the GNU General Public Licenses are intended to guarantee your freedom to "
                        "share and change free software--to make sure the software is free for all its users.")
    # a man page's options with its licence line below (pip.1): one licence name, no licence vocabulary
    assert not licence_text("-y, --yes  Don't ask for confirmation of uninstall deletions. This program is distributed "
                            "under the GNU General Public License; see the Free Software Foundation's site.")


def test_a_manual_running_into_its_licence_keeps_the_text_above_the_licence_title():
    # GNU time's manual (time.info): the last section, then the FDL's title and its first lines in one chunk
    text = ("   Patches are welcome; if possible, please make them with 'diff -c' and include 'ChangeLog' entries.  "
            "Please follow the existing coding style.\n\n"
            "File: time.info,  Node: GNU Free Documentation License,  Next: Concept index,  Prev: Reporting bugs\n\n"
            "Appendix A GNU Free Documentation License\n*****************************************\n\n"
            "                     Version 1.3, 3 November 2008\n\n"
            "     Everyone is permitted to copy and distribute verbatim copies of this license document, but changing "
            "it is not allowed.\n\n  0. PREAMBLE\n\n     The purpose of this License is to make a manual, textbook, "
            "or other functional and useful document free in the sense of freedom.")
    above = manual_before_licence(text)
    assert above is not None and above.rstrip().endswith("Node: GNU Free Documentation License,  Next: Concept index,  "
                                                         "Prev: Reporting bugs")
    kept = select_statements(Record("t", data={"text": text, "document": "d", "chunk_start": 0}))
    assert [k.data["statement"] for k in kept] == [
        "Patches are welcome; if possible, please make them with 'diff -c' and include 'ChangeLog' entries."]
    # inside the licence, a heading does not make the licence's own text above it the manual's
    lgpl = ('A "work based on the Library" means either the Library or any derivative work under copyright law.\n\n'
            "GNU LESSER GENERAL PUBLIC LICENSE\n\n  0. This License Agreement applies to any software library.")
    assert manual_before_licence(lgpl) is None


def test_a_list_entry_is_no_antecedent_for_a_pointing_sentence():
    # GNU time's format table (time.info): "These are pages ..." joined with the entry above it was accepted as the
    # answer to "What is the term for the number of minor, or recoverable, page faults?"
    text = ("'R'\n     Number of minor, or recoverable, page faults.  These are pages that are not valid (so they "
            "fault) but which have not yet been claimed by other virtual pages.\n\n'W'\n     Number of times the "
            "process was swapped out of main memory.")
    with pytest.raises(Reject):
        select_statements(Record("t", data={"text": text, "document": "d", "chunk_start": 0}))
    # a sentence with a main clause still is ("The kernel keeps a list of free pages. These are ...")
    text = ("The kernel keeps a list of free pages in every zone of memory.  These are pages that no process has "
            "claimed yet.")
    kept = select_statements(Record("k", data={"text": text, "document": "d", "chunk_start": 0}))
    assert any(k.data["statement"].startswith("The kernel keeps") for k in kept)


@pytest.mark.parametrize(("sentence", "why"), [
    # Libtasn1's manual (libtasn1.info): a function's fields, whose function only the heading named
    ("*Returns:* 'ASN1_SUCCESS' if successful, 'ASN1_ELEMENT_NOT_FOUND' if the 'element_name' was not found.",
     "a reference entry"),
    ("TAG: Output variable containing the decoded tag (may be 'NULL' ).", "a reference entry"),
    ("ERROR: is an error returned by a libtasn1 function.", "a reference entry"),
    # a parameter's name, type and description (undici's RetryHandler.md)
    ("- opts: Dispatch.DispatchOptions & RetryOptions - Options passed to the retry handler.", "a reference entry"),
    # an Info cross-reference that opens a sentence (bc.info: "*Note Functions::, for user-defined functions.")
    ("See Functions, for user-defined functions.", "a cross-reference"),
    # the role of a role: which expression? (bc.info)
    ("The result of the expression is the sum of the two expressions.", "missing context"),
    # a part of what another sentence named; a schema's member with no determiner (CMake's manuals)
    ("Some of them, however, were at some point described as normal variables, and therefore may be encountered in "
     "legacy code.", "points at missing context"),
    ("Optional member that is present when the CMAKE_<LANG>_COMPILER variable is defined for the current language.",
     "no verb"),
    # a setting's name, a dash and a noun phrase: "in seconds" holds no verb (the AWS CLI's config-vars topic)
    ("duration_seconds - The duration, in seconds, of the role session.", "a reference entry"),
    # GNU time's format table
    ("Total number of CPU-seconds that the process used directly (in user mode), in seconds.", "no verb"),
    ("Maximum resident set size of the process during its lifetime, in Kilobytes.", "no verb"),
    # a parameter's name in code and a colon (the docstrings of Python's subprocess module)
    ("close_fds: Controls closing or inheriting of file descriptors.", "a reference entry"),
    # a plural after a preposition and its modifier is the preposition's object (JSON::PP's POD, CMake's presets)
    ("The json_pp command line utility for quick experiments.", "no verb"),
    ("An optional map of environment variables for the configure preset.", "no verb"),
    # a bibliography's entries (trafilatura's README, in its METADATA): a name and an initial, then a year or a venue
    ("- Barbaresi, A. Trafilatura: A Web Scraping Library and Command-Line Tool for Text Discovery and Extraction, "
     "Proceedings of ACL/IJCNLP 2021: System Demonstrations, 2021, p. 122-131.", "a citation"),
    ('- Barbaresi, A. "Efficient construction of metadata-enhanced web corpora", Proceedings of the 10th Web as Corpus '
     'Workshop (WAC-X), 2016.', "a citation"),
    # a change log's entries (charset_normalizer's README; Valgrind's NEWS)
    ("- Enforce annotation delayed loading for a simpler and consistent types in the project.", "a change log's entry"),
    ("- Improved thread startup time significantly on non-Linux platforms.", "a change log's entry"),
    ("Defined UTF-8 encoding for Windows (#998).", "a change log's entry"),  # dateparser's history, no bullet
    ("Usage: main.py [OPTIONS] COMMAND [ARGS]...", "code"),  # a command's usage line (typer's README)
    # a Rust listing the HTML reader now keeps in place, run into a "sentence" (the Rust Book's ch03-01, ch16-02)
    ("Filename: src/main.rs fn main() { let x = 5; println!", "code"),
    ("}); let received = rx.recv().unwrap(); println!", "code"),
    ("use std::sync::mpsc; use std::thread; fn main() { let (tx, rx) = mpsc::channel(); thread::spawn(move || {",
     "code"),
])
def test_reference_entries_and_cross_references_are_no_statements(sentence: str, why: str):
    assert (unfit_statement(sentence) or "").startswith(why)


@pytest.mark.parametrize("sentence", [
    # a label, then a sentence of its own (SQLite's foreignkeys.html)
    'CASCADE: A "CASCADE" action propagates the delete or update operation on the parent key to each dependent child '
    "key.",
    "WARNING: Python 3.12 removes the distutils package from the standard library.",
    "Maximum score is 6 points.",
    "Note: the value - if given - is used as is.",
    # a plural subject with its verb in the base form; a number before the verb (locale(5), semanage.conf(5))
    "All machines use one file format for their databases.",
    "A value of 0 means no compression of the policy store.",
    "The result of sqlite3_prepare_v2() is a prepared statement.",
    "See that the file is closed before the process exits, or data may be lost.",
    "http_proxy: The proxy is read from the environment variable.",
])
def test_a_label_or_a_bare_maximum_before_a_sentence_is_kept(sentence: str):
    assert unfit_statement(sentence) is None


def test_a_bulleted_item_is_no_antecedent_after_its_list():
    # cargo-pkgid(1): "It" is the --locked option, not the list's last item, and the pair was accepted
    text = ("Asserts that the exact same dependencies and versions are used as when the\n"
            "existing Cargo.lock file was originally generated. Cargo will exit with an\n"
            "error when either of the following scenarios arises:\n\n"
            "    •   The lock file is missing.\n\n"
            "    •   Cargo attempted to change the lock file due to a different dependency\n"
            "        resolution.\n\n"
            "It may be used in environments where deterministic builds are desired, such\n"
            "as in CI pipelines.")
    kept = select_statements(Record("c", data={"text": text, "document": "d", "chunk_start": 0}))
    assert kept and not any("It may be used" in k.data["statement"] for k in kept)
