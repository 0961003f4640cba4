"""Answer form checks on real question–answer pairs of the SQLite and Python documentation (and of
corpora run since): the pairs it rejects, each with its reason code asserted (the pairs it passes:
``test_answer_form_passes.py``)."""

import pytest

from datarefinery.gates import reasons
from tests.gates.texts import LIMITS, WAL, answer_verdict


@pytest.mark.parametrize(("question", "answer", "evidence", "reason"), [
    # an adjective before the kind asked for names none (libffi's manual, its introduction)
    ("What conventions do compilers for high level languages generate code that follow?", "Compilers for high level "
     "languages generate code that follow certain conventions.", "Compilers for high level languages generate code "
     "that follow certain conventions.", reasons.RESTATES_QUESTION),
    # a value or a thing asked, what sets it answered (limits.html, in the README's main job; tempfiles.html)
    ("What is the maximum number of parameters that can be passed to an SQL function in SQLite?", "The "
     "SQLITE_MAX_FUNCTION_ARG parameter determines the maximum number of parameters that can be passed to an SQL "
     "function.", "The SQLITE_MAX_FUNCTION_ARG parameter determines the maximum number of parameters that can be "
     "passed to an SQL function.", reasons.DEFINITION_NOT_GIVEN),
    ("What is the directory or folder in which temporary files are created?", "The directory or folder in which "
     "temporary files are created is determined by the OS-specific VFS.", "The directory or folder in which temporary "
     "files are created is determined by the OS-specific VFS.", reasons.DEFINITION_NOT_GIVEN),
    # "What are the Xs …?" answered by a vague amount of Xs, none named (the Rust Book's ch03-01)
    ("What are the differences between constants and variables?", "Like immutable variables, constants are values "
     "that are bound to a name and are not allowed to change, but there are a few differences between constants and "
     "variables.", "Like immutable variables, constants are values that are bound to a name and are not allowed to "
     "change, but there are a few differences between constants and variables.", reasons.DEFINITION_NOT_GIVEN),
    # the subject put where "What" stood is no answer when the question already holds it (annotated_types' README)
    ("What can be used with a datetime or a time to express which timezones are allowed?", "Timezone can be used with "
     "a datetime or a time to express which timezones are allowed.", "Timezone can be used with a datetime or a time "
     "to express which timezones are allowed.", reasons.RESTATES_QUESTION),
    # a fragment, and an answer that is itself a question
    ("Which macro defines the maximum length of a string in SQLite?", "the preprocessor macro SQLITE_MAX_LENGTH",
     LIMITS, reasons.FRAGMENT),
    ("Which macro defines the maximum length of a string in SQLite?", "Is it SQLITE_MAX_LENGTH?", LIMITS,
     reasons.FRAGMENT),
    # "What does X V O?" with V's object already there: a verb in -y inflects as "-ies" ("supply" / "supplies"), and
    # "do" as "does" (the Python tutorial's stdlib.html)
    ("What does the datetime module supply classes for manipulating dates and times?",
     "The datetime module supplies classes for manipulating dates and times in both simple and complex ways.",
     "The datetime module supplies classes for manipulating dates and times in both simple and complex ways.",
     reasons.MALFORMED_QUESTION),
    ("What does Python do with automatic memory management?",
     "Python does automatic memory management (reference counting for most objects and garbage collection to "
     "eliminate cycles).", "Python does automatic memory management (reference counting for most objects and "
     "garbage collection to eliminate cycles).", reasons.MALFORMED_QUESTION),
    # a leading article the answer drops ("an INDEX" / "CREATE INDEX locks ...", PostgreSQL's REINDEX(7))
    ("What does an INDEX lock out writes but not reads?", "INDEX locks out writes but not reads; since the index is "
     "not there, no read will attempt to use it.", "The subsequent CREATE INDEX locks out writes but not reads; since "
     "the index is not there, no read will attempt to use it.", reasons.MALFORMED_QUESTION),
    # "What are the X ...?" answered by an amount of a kind: the members are never named (cp1252(7))
    ("What are the 8-bit extensions to the ASCII character set included in the Windows Code Pages?",
     "The Windows Code Pages include several 8-bit extensions to the ASCII character set (also known as ISO 646-IRV).",
     "The Windows Code Pages include several 8-bit extensions to the ASCII character set (also known as ISO 646-IRV).",
     reasons.DEFINITION_NOT_GIVEN),
    # "What N ...?" answered by a vague amount of N (Libgpg-error's manual, gpgrt.info)
    ("What changes are required to use Libgpg-error?", "To use Libgpg-error, you have to perform some changes to your "
     "sources and the build system.", "To use Libgpg-error, you have to perform some changes to your sources and the "
     "build system.", reasons.DEFINITION_NOT_GIVEN),
    # the roles reversed in the active, and in a passive relative clause (undici's DiagnosticsChannel.md, Debug.md)
    ("What does the diagnostics_channel support in Undici?", "Undici supports the diagnostics_channel (currently "
     "available only on Node.js v16+).", "Undici supports the diagnostics_channel (currently available only on Node.js "
     "v16+).", reasons.MALFORMED_QUESTION),
    ("What does the debug statement enable in Undici?", "Undici (and subsenquently fetch and websocket) exposes a "
     "debug statement that can be enabled by setting NODE_DEBUG within the environment.", "Undici (and subsenquently "
     "fetch and websocket) exposes a debug statement that can be enabled by setting NODE_DEBUG within the environment.",
     reasons.MALFORMED_QUESTION),
    # an amount of a kind exposed, none named (undici's MockErrors.md)
    ("What does Undici expose as mock error objects?", "Undici exposes a variety of mock error objects that you can "
     "use to enhance your mock error handling.", "Undici exposes a variety of mock error objects that you can use to "
     "enhance your mock error handling.", reasons.DEFINITION_NOT_GIVEN),
    # what X is, asked of an answer that ends with X as a verb's object; X's purpose, likewise (node-gyp's
    # GypVsCMake.md, undici's EventSource.md)
    ("What is the shared global namespace in CMake?", "CMake effectively has a large shared global namespace.",
     "CMake effectively has a large shared global namespace.", reasons.DEFINITION_NOT_GIVEN),
    ("What is the purpose of the EventSource constructor in the undici library?", "Undici allows you to set your own "
     "Dispatcher in the EventSource constructor.", "Undici allows you to set your own Dispatcher in the EventSource "
     "constructor.", reasons.REASON_NOT_GIVEN),
    # "do that" standing for a task another sentence named (node-gyp's Hacking.md)
    ("What is the easiest way to clean up temporary directories created by a test driver?", "The easiest way to do "
     "that is by kindly asking the test driver to leave the temporary directories it creates in-place.", "The easiest "
     "way to do that is by kindly asking the test driver to leave the temporary directories it creates in-place.",
     reasons.NOT_STANDALONE),
    # "How ...?" answered by a verdict on the asked doing; "Which N ...?" by an amount of the N (CMake's manuals,
    # read through the reStructuredText reader)
    ("How can variables be used to build up a more complex generator expression?", "Using variables to build up a "
     "more complex generator expression is also a good way to reduce errors and improve readability.", "Using "
     "variables to build up a more complex generator expression is also a good way to reduce errors and improve "
     "readability.", reasons.ACTION_NOT_GIVEN),
    ("Which CMake generator must be selected for a build tree to determine what native build system is to be used?",
     "Exactly one of the CMake Generators must be selected for a build tree to determine what native build system is "
     "to be used.", "Exactly one of the CMake Generators must be selected for a build tree to determine what native "
     "build system is to be used.", reasons.DEFINITION_NOT_GIVEN),
    # the verb's object given, then a condition the answer states too (GNU ed's manual)
    ("What does the 'ed' command enter input mode when given 'a', 'i', or 'c'?", "When an input command, such as 'a' "
     "(append), 'i' (insert) or 'c' (change), is given, 'ed' enters input mode.", "When an input command, such as "
     "'a' (append), 'i' (insert) or 'c' (change), is given, 'ed' enters input mode.", reasons.MALFORMED_QUESTION),
    # a constant's entry: its name, then its description (init-d-script(5))
    ("What is the signal number or name that will be sent to the process on reload?", "RELOAD_SIGNAL Signal number "
     "or name (without the SIG prefix) that will be sent to the process on reload.", "RELOAD_SIGNAL Signal number or "
     "name (without the SIG prefix) that will be sent to the process on reload.", reasons.FRAGMENT),
    # a measure's entry with no determiner, a verb only in its relative clause (GNU time's format table)
    ("How many times was the process swapped out of main memory?", "Number of times the process was swapped out of "
     "main memory.", "Number of times the process was swapped out of main memory.", reasons.FRAGMENT),
    # an option's description, by the shape of an instruction (camlidl-1.04.doc.pdf)
    ("What is the prefix for Caml names of record labels?", "Prefix all Caml names of record labels with the name of "
     "the enclosing struct.", "Prefix all Caml names of record labels with the name of the enclosing struct.",
     reasons.FRAGMENT),
    # a name and a participle clause: a list entry of a chatbot transcript (ChatterBot corpus, science; accepted by
    # session_qa before this rule)
    ("What are some uses of ultrasonic waves in medical and surgical applications?",
     "Ultrasonic waves, used in medical diagnosis and therapy, in surgery, etc.",
     "Ultrasonic waves, used in medical diagnosis and therapy, in surgery, etc.", reasons.FRAGMENT),
    # a purpose asked, advice against it given (util-linux's blkid documentation): "since" gives the reason not to
    ("What is the purpose of passing in a cache value of NULL when calling multiple blkid functions?",
     "If a program needs to call multiple blkid functions, then passing in a cache value of NULL is not recommended, "
     "since the blkid.tab file will be repeatedly parsed over and over again, with memory allocated and deallocated.",
     "If a program needs to call multiple blkid functions, then passing in a cache value of NULL is not recommended, "
     "since the blkid.tab file will be repeatedly parsed over and over again, with memory allocated and deallocated.",
     reasons.REASON_NOT_GIVEN),
    # pointing at missing context
    ("Which macro defines the maximum length of a string in SQLite?", "This is defined by SQLITE_MAX_LENGTH.",
     LIMITS, reasons.NOT_STANDALONE),
    # a restatement with one word changed
    ("What is the maximum length of a string or BLOB in SQLite?", "SQLite has a max length of a string or BLOB.",
     LIMITS, reasons.RESTATES_QUESTION),
    # the same with no verb: a noun phrase
    ("What is the maximum length of a string or BLOB in SQLite?", "The max length of a string or BLOB in SQLite.",
     LIMITS, reasons.FRAGMENT),
    # a yes/no question answered by a bare statement
    ("Do readers block writers in WAL mode?", "In WAL mode, readers do not block writers.", WAL,
     reasons.YES_NO_MISMATCH),
    # an instruction copied from a list, not an answer (atomiccommit.html)
    ("What is the purpose of a PENDING lock?", "Obtain a PENDING lock and then an EXCLUSIVE lock on the database file.",
     "Obtain a PENDING lock and then an EXCLUSIVE lock on the database file.", reasons.FRAGMENT),
    # a demonstrative whose noun nothing has named
    ("What is the maximum length of a string in SQLite?", "The maximum for this level is set by SQLITE_MAX_LENGTH.",
     LIMITS, reasons.NOT_STANDALONE),
    # a why-question answered with no reason (the question presumes what the evidence never says)
    ("What is the primary reason for the rigid typing of SQL databases?",
     "All prior exposure to databases and especially SQL databases has involved rigid typing.",
     "All prior exposure to databases and especially SQL databases has involved rigid typing, and the readers "
     "mental model of SQL includes rigid typing as a fundamental feature.", reasons.REASON_NOT_GIVEN),
    # "What is X?" answered by a true sentence about X that does not say what X is (about.html, tempfiles.html)
    ("What is the code for SQLite?", "The code for SQLite is in the public domain and is thus free for use for any "
     "purpose, commercial or private.", "The code for SQLite is in the public domain and is thus free for use for any "
     "purpose, commercial or private.", reasons.DEFINITION_NOT_GIVEN),
    ("What is the rollback journal?", "The rollback journal is always located in the same directory as the database "
     "file.", "The rollback journal is always located in the same directory as the database file.",
     reasons.DEFINITION_NOT_GIVEN),
    # "What is the X used ...?" asks which X; an answer that names none only restates it (different.html)
    ("What is the internal data structure used by SQL database engines to execute SQL statements?",
     "Every SQL database engine compiles each SQL statement into some kind of internal data structure which is then "
     "used to carry out the work of the statement.", "Every SQL database engine compiles each SQL statement into some "
     "kind of internal data structure which is then used to carry out the work of the statement.",
     reasons.DEFINITION_NOT_GIVEN),
    # "What is the SQLite file format?" answered with one of its properties (different.html)
    ("What is the SQLite file format?", "The SQLite file format is cross-platform.",
     "The SQLite file format is cross-platform.", reasons.DEFINITION_NOT_GIVEN),
    # the answer's sentence with "What does" put in front: nothing left to ask (faq.html, lang_transaction.html)
    ("What does SQLite support foreign key constraints?", "As of version 3.6.19 (2009-10-14), SQLite supports "
     "foreign key constraints.", "As of version 3.6.19 (2009-10-14), SQLite supports foreign key constraints.",
     reasons.MALFORMED_QUESTION),
    ("What does an attempt to invoke the BEGIN command within a transaction fail with an error?", "An attempt to "
     "invoke the BEGIN command within a transaction will fail with an error, regardless of how it was started.",
     "An attempt to invoke the BEGIN command within a transaction will fail with an error, regardless of how it was "
     "started.", reasons.MALFORMED_QUESTION),
    ("What does SQL use double-quotes around identifiers?", "SQL uses double-quotes around identifiers (column or "
     "table names) that contains special characters.", "SQL uses double-quotes around identifiers (column or table "
     "names) that contains special characters.", reasons.MALFORMED_QUESTION),
    # the purpose words are the question's own ("used to store TEMP tables"): no purpose given (tempfiles.html)
    ("What is the purpose of the temporary database file used to store TEMP tables in SQLite?", "The temporary "
     "database file used to store TEMP tables is deleted automatically when the database connection is closed using "
     "sqlite3_close().", "The temporary database file used to store TEMP tables is deleted automatically when the "
     "database connection is closed using sqlite3_close().", reasons.REASON_NOT_GIVEN),
    # an instruction answering a question that asks no how-to (pip's requirement-specifiers.md, unseen corpus)
    ("What do quotes around specifiers in the shell mean?", "Use quotes around specifiers in the shell when using `>`, "
     "`<`, or when using environment markers.", "Use quotes around specifiers in the shell when using `>`, `<`, or when "
     "using environment markers.", reasons.FRAGMENT),
    # "How do you ...?" put in front of the answer's own clause (Node.js's code-of-conduct.md, unseen corpus)
    ("How do you choose to act and interact towards your fellow contributors, as well as to the community, will "
     "reflect back not only on yourself but on the project as a whole?", "As a contributor to Node.js, how you choose "
     "to act and interact towards your fellow contributors, as well as to the community, will reflect back not only "
     "on yourself but on the project as a whole.", "As a contributor to Node.js, how you choose to act and interact "
     "towards your fellow contributors, as well as to the community, will reflect back not only on yourself but on "
     "the project as a whole.", reasons.MALFORMED_QUESTION),
    # another name is not what it is: "named parameters" after "referred to as" is no naming of X (controlflow.html)
    ("What are keyword parameters?", "Keyword parameters are also referred to as named parameters.",
     "Keyword parameters are also referred to as named parameters.", reasons.DEFINITION_NOT_GIVEN),
    # the question makes X do what the answer says is done to X (camlidl-1.04.doc.pdf)
    ("What does the kind camlint assume when no int_default or long_default attribute is in scope?", "If no "
     "int_default or long_default attribute is in scope, the kind camlint is assumed, which maps IDL int and long types "
     "to the Caml int type.", "If no int_default or long_default attribute is in scope, the kind camlint is assumed, "
     "which maps IDL int and long types to the Caml int type.", reasons.MALFORMED_QUESTION),
    # the same with X's words all found, a hyphen among them (IO::Socket's POD, a held-back corpus, after its run)
    ("What does a two-element array return in a list context?", "In a list context a two-element array is returned "
     "containing the new socket and the peer address; the list will be empty upon failure.", "In a list context a "
     "two-element array is returned containing the new socket and the peer address; the list will be empty upon "
     "failure.", reasons.MALFORMED_QUESTION),
    # how X seemed is not what X is (atomiccommit.html)
    ("What is the 512 byte sector assumption?", "The 512 byte sector assumption seemed reasonable since until very "
     "recently all disk drives used a 512 byte sector internally.", "The 512 byte sector assumption seemed reasonable "
     "since until very recently all disk drives used a 512 byte sector internally.", reasons.DEFINITION_NOT_GIVEN),
    # what X depends on is not what X is (camlidl-1.04.doc.pdf)
    ("What is the mapping of IDL pointer types?", "The mapping of IDL pointer types depends on their kinds.",
     "The mapping of IDL pointer types depends on their kinds.", reasons.DEFINITION_NOT_GIVEN),
    # "What does X do?" answered by what is done to X (faq.html, atomiccommit.html)
    ("What does the SQLITE_SCHEMA table do?", "The SQLITE_SCHEMA table is automatically updated by commands like "
     "CREATE TABLE, CREATE INDEX, DROP TABLE, and DROP INDEX.", "The SQLITE_SCHEMA table is automatically updated by "
     "commands like CREATE TABLE, CREATE INDEX, DROP TABLE, and DROP INDEX.", reasons.ACTION_NOT_GIVEN),
    ("What does the change counter in the first page of the database file do?", "The change counter in the first "
     "page of the database file is modified separately since no harm is done if power is lost before the change "
     "counter can be updated.", "The change counter in the first page of the database file is modified separately "
     "since no harm is done if power is lost before the change counter can be updated.", reasons.ACTION_NOT_GIVEN),
    # the same X asked with a phrase after it: a copula and a property after X are no end of the answer (different.html)
    ("What is the file format used by SQLite?", "The SQLite file format is cross-platform.",
     "The SQLite file format is cross-platform.", reasons.DEFINITION_NOT_GIVEN),
    # what a person must do, answered by what the implementation does when they do it (the Rust Reference,
    # behavior-not-considered-unsafe.html)
    ("What does the programmer have to do when they enable debug_assert! assertions?", "When the programmer has "
     "enabled debug_assert! assertions (for example, by enabling a non-optimized build), implementations must insert "
     "dynamic checks that panic on overflow.", "When the programmer has enabled debug_assert! assertions (for "
     "example, by enabling a non-optimized build), implementations must insert dynamic checks that panic on "
     "overflow.", reasons.ACTION_NOT_GIVEN),
    # a value answered by what sets it (the Rust Reference's limits.html)
    ("What is the maximum depth for potentially infinitely-recursive compile-time operations like macro expansion or "
     "auto-dereference?", "The recursion_limit attribute may be applied at the crate level to set the maximum depth for "
     "potentially infinitely-recursive compile-time operations like macro expansion or auto-dereference.", "The "
     "recursion_limit attribute may be applied at the crate level to set the maximum depth for potentially "
     "infinitely-recursive compile-time operations like macro expansion or auto-dereference.",
     reasons.DEFINITION_NOT_GIVEN),
    # what X is used for, answered by where it may be applied (the Rust Reference's runtime.html)
    ("What is the global_allocator attribute used for in Rust?", "The global_allocator attribute may only be applied "
     "to a static item whose type implements the GlobalAlloc trait.", "The global_allocator attribute may only be "
     "applied to a static item whose type implements the GlobalAlloc trait.", reasons.REASON_NOT_GIVEN),
    # a likeness alone says not what X is ("… are similar to those when assigning a value to a variable")
    ("What are the mechanics of passing a value to a function?", "The mechanics of passing a value to a function are "
     "similar to those when assigning a value to a variable.", "The mechanics of passing a value to a function are "
     "similar to those when assigning a value to a variable.", reasons.DEFINITION_NOT_GIVEN),
    # a filler that says nothing is no answer
    ("What does the module provide for parsing?", "The module provides support for parsing.", "The module provides "
     "support for parsing.", reasons.RESTATES_QUESTION),
    # what nothing makes possible is no purpose (the Python tutorial's classes.html)
    ("What is the purpose of data hiding in Python?", "Nothing in Python makes it possible to enforce data hiding — it "
     "is all based upon convention.", "Nothing in Python makes it possible to enforce data hiding — it is all based upon "
     "convention.", reasons.REASON_NOT_GIVEN),
    # an amount where the subject stood (the Rust error index's E0225; Valgrind's manual)
    ("What types were used as bounds for a closure or trait object?", "Multiple types were used as bounds for a "
     "closure or trait object.", "Multiple types were used as bounds for a closure or trait object.",
     reasons.RESTATES_QUESTION),
    # X at the answer's end with an indefinite article and nothing to tell which (cli.html, datatype3.html)
    ("What is the separator string used in list mode for query results?", "In list mode, each row of a query result "
     "is written on one line of output and each column within that row is separated by a specific separator string.",
     "In list mode, each row of a query result is written on one line of output and each column within that row is "
     "separated by a specific separator string.", reasons.DEFINITION_NOT_GIVEN),
    ("What is the implicit storage class of values in SQL statements?", "All values in SQL statements, whether they are "
     "literals embedded in SQL statement text or parameters bound to precompiled SQL statements have an implicit "
     "storage class.", "All values in SQL statements, whether they are literals embedded in SQL statement text or "
     "parameters bound to precompiled SQL statements have an implicit storage class.", reasons.DEFINITION_NOT_GIVEN),
    # a pronoun subject after a place's name with no comma (the Rust Reference's interior-mutability.html)
    ("What is interior mutability in Rust?", "In Rust this is achieved using a pattern called interior mutability.",
     "In Rust this is achieved using a pattern called interior mutability.", reasons.NOT_STANDALONE),
    # a property it "has been" given is not what it is (faq.html)
    ("What is the crash-resistance of SQLite?", "The crash-resistance of SQLite has been extensively studied and "
     "tested.", "The crash-resistance of SQLite has been extensively studied and tested.", reasons.DEFINITION_NOT_GIVEN),
    # what one era did, asked as what it does (lang_transaction.html; the Python tutorial's floating-point chapter)
    ("What does the ROLLBACK statement do in SQLite?", "In more recent versions of SQLite, the ROLLBACK will proceed "
     "and pending statements will often be aborted.", "In more recent versions of SQLite, the ROLLBACK will proceed "
     "and pending statements will often be aborted.", reasons.CONDITION_DROPPED),
    ("What is the significance of the 17 significant digits in the Python prompt and built-in repr() function?",
     "Historically, the Python prompt and built-in repr() function would choose the one with 17 significant digits, "
     "0.10000000000000001.", "Historically, the Python prompt and built-in repr() function would choose the one with "
     "17 significant digits, 0.10000000000000001.", reasons.CONDITION_DROPPED),
    # what X makes its owner is not what X is (whentouse.html)
    ("What is the simple, modular design of SQLite?", "The simple, modular design of SQLite makes it a good platform "
     "for prototyping new, experimental database language features or ideas.", "The simple, modular design of SQLite "
     "makes it a good platform for prototyping new, experimental database language features or ideas.",
     reasons.DEFINITION_NOT_GIVEN),
    # a verdict on X is not what X is (appfileformat.html)
    ("What is an SQLite application file format?", "An SQLite application file format is a great choice in cases "
     "where there is a collection of separate programs.", "An SQLite application file format is a great choice in "
     "cases where there is a collection of separate programs.", reasons.DEFINITION_NOT_GIVEN),
    # "this" as a verb's object points back (atomiccommit.html)
    ("What is the SQLite database?", "One can easily see this by committing a large transaction to a SQLite database.",
     "One can easily see this by committing a large transaction to a SQLite database.", reasons.NOT_STANDALONE),
    # "this" as a preposition's object before the verb points back (SQLite's faq.html: the reason for what?)
    ("Why does SQLite not do full Unicode case folding?", "The reason for this is that doing full Unicode "
     "case-insensitive comparisons and case conversions requires tables and logic that would nearly double the size "
     "of the SQLite library.", "The reason for this is that doing full Unicode case-insensitive comparisons and case "
     "conversions requires tables and logic that would nearly double the size of the SQLite library.",
     reasons.NOT_STANDALONE),
    # "in that regard" points back (Flask's docs, patterns/appdispatch: which regard?)
    ("What is the WSGI layer?", "The perfect level for abstraction in that regard is the WSGI layer.",
     "The perfect level for abstraction in that regard is the WSGI layer.", reasons.NOT_STANDALONE),
    # the name a naming verb introduces is no new name when the question holds it (classes.html; the period
    # ending the sentence is not part of the name)
    ("What is the first argument of a method called self?", "Often, the first argument of a method is called self.",
     "Often, the first argument of a method is called self.", reasons.RESTATES_QUESTION),
    # "What does X V O?" with its object given: before a relative clause, or a determiner and a noun at the end
    # (transactional.html, autoinc.html)
    ("What does SQLite implement serializable transactions?", "SQLite implements serializable transactions that are "
     "atomic, consistent, isolated, and durable.", "SQLite implements serializable transactions that are atomic, "
     "consistent, isolated, and durable.", reasons.MALFORMED_QUESTION),
    ("What does an INTEGER PRIMARY KEY column alias the ROWID?", "In SQLite, a column with type INTEGER PRIMARY KEY "
     "is an alias for the ROWID.", "In SQLite, a column with type INTEGER PRIMARY KEY is an alias for the ROWID.",
     reasons.MALFORMED_QUESTION),
    # the question holds the whole answer; only an example follows it (camlidl-1.04.doc.pdf)
    ("What is the translation of a multi-dimensional array to a Caml array of arrays?", "Multi-dimensional arrays are "
     "translated to Caml arrays of arrays. For instance, int [][] becomes int array array.", "Multi-dimensional "
     "arrays are translated to Caml arrays of arrays. For instance, int [][] becomes int array array.",
     reasons.RESTATES_QUESTION),
    # what happens without X, for what X does; a kind asked, an amount of it given after its owner's names (the
    # requests and charset_normalizer docs)
    ("What does the auth argument do in the Requests library?", "If no authentication method is given with the auth "
     "argument, Requests will attempt to get the authentication credentials for the URL's hostname from the user's "
     "netrc file.", "If no authentication method is given with the auth argument, Requests will attempt to get the "
     "authentication credentials for the URL's hostname from the user's netrc file.", reasons.ACTION_NOT_GIVEN),
    ("What are the optional parameters that can be tweaked for the Charset Normalizer method?", "Charset Normalizer "
     "method from_bytes, from_fp and from_path provide some optional parameters that can be tweaked.", "Charset "
     "Normalizer method from_bytes, from_fp and from_path provide some optional parameters that can be tweaked.",
     reasons.DEFINITION_NOT_GIVEN),
    # a count asked, "multiple" given for it (the Rust Book's ch07-01)
    ("How many binary crates can a package contain?", "A package can contain multiple binary crates and optionally "
     "one library crate.", "A package can contain multiple binary crates and optionally one library crate.",
     reasons.NUMBER_NOT_GIVEN),
    # the one goal asked, one of several given (the Rust Book's ch14-02, ch16-00)
    ("What is the primary goal of Crates.io?", "One major goal of Crates.io is to act as a permanent archive of code "
     "so that builds of all projects that depend on crates from crates.io will continue to work.", "One major goal of "
     "Crates.io is to act as a permanent archive of code so that builds of all projects that depend on crates from "
     "crates.io will continue to work.", reasons.SUPERLATIVE_NOT_GIVEN),
    ("What is Rust's main goal in handling concurrent programming?", "Handling concurrent programming safely and "
     "efficiently is one of Rust’s major goals.", "Handling concurrent programming safely and efficiently is one of "
     "Rust’s major goals.", reasons.SUPERLATIVE_NOT_GIVEN),
    ("What is the main task when writing lints?", "Finding parts of a syntax tree that have certain properties is a "
     "major task when writing lints.", "Finding parts of a syntax tree that have certain properties is a major task "
     "when writing lints.", reasons.SUPERLATIVE_NOT_GIVEN),  # the Clippy book's syntax-tree-patterns.html
    # a difference asked, none drawn (camlidl-1.04.doc.pdf)
    ("What is the difference between IDL enums and Caml enumerated types?", "IDL enums are translated to Caml "
     "enumerated types (sum types with only constant constructors).", "IDL enums are translated to Caml enumerated "
     "types (sum types with only constant constructors).", reasons.DIFFERENCE_NOT_GIVEN),
    # Valgrind manual (mc-manual.html, manual-intro.html, manual-core.html): what is done to X, said after a
    # condition; examples asked, none named; a term defined by itself
    ("What does the table do when an operation completes?", "When an operation completes, the table is searched for "
     "the associated address/count/type info, and memory is marked accordingly.", "When an operation completes, the "
     "table is searched for the associated address/count/type info, and memory is marked accordingly.",
     reasons.ACTION_NOT_GIVEN),
    ("What are some of the debugging and profiling tools provided by the Valgrind tool suite?", "The Valgrind tool "
     "suite provides a number of debugging and profiling tools that help you make your programs faster and more "
     "correct.", "The Valgrind tool suite provides a number of debugging and profiling tools that help you make your "
     "programs faster and more correct.", reasons.DEFINITION_NOT_GIVEN),
    ("What does \"suppressed\" mean?", "\"suppressed\" means that a leak error has been suppressed.",
     "\"suppressed\" means that a leak error has been suppressed.", reasons.DEFINITION_NOT_GIVEN),
    # a word lost before the period (Valgrind manual, a sentence cut before ".dylib")
    ("What directory does the resulting combined debuginfo go in?", "The resulting combined debuginfo is placed in a "
     "directory alongside the executable or .", "The resulting combined debuginfo is placed in a directory alongside "
     "the executable or .", reasons.FRAGMENT),
    # no gap: the answer's sentence goes on after a dash (serverless.html)
    ("What does a database engine that uses a server provide better protection from bugs in the client application?",
     "A database engine that uses a server can provide better protection from bugs in the client application - stray "
     "pointers in a client cannot corrupt memory on the server.", "A database engine that uses a server can provide "
     "better protection from bugs in the client application - stray pointers in a client cannot corrupt memory on the "
     "server.", reasons.MALFORMED_QUESTION),
    # the question's object is the one the answer gives after its verb (modules.html)
    ("What does the __pycache__ directory in Python cache compiled versions of modules?", "To speed up loading "
     "modules, Python caches the compiled version of each module in the __pycache__ directory under the name "
     "module.version.pyc.", "To speed up loading modules, Python caches the compiled version of each module in the "
     "__pycache__ directory under the name module.version.pyc.", reasons.MALFORMED_QUESTION),
    # the question asks which command its own command takes; the answer gives an argument (cli.html)
    ("What command does the \".read\" command take as an argument?", "The \".read\" command takes a single argument "
     "which is (usually) the name of a file from which to read input text.", "The \".read\" command takes a single "
     "argument which is (usually) the name of a file from which to read input text.", reasons.MALFORMED_QUESTION),
    # an acronym expanded into the words the question already spells out (libffi's Introduction.html)
    ("What is the foreign function interface (FFI)?", "FFI stands for Foreign Function Interface.",
     "FFI stands for Foreign Function Interface.", reasons.RESTATES_QUESTION),
    # what X provides or details, answered by an amount of a kind (libxslt's bugs.html, pip's repeatable-installs.md)
    ("What does the Zvon XSLT tutorial detail?", "The Zvon XSLT tutorial details a lot of constructs with examples.",
     "The only Zvon XSLT tutorial details a lot of constructs with examples.", reasons.DEFINITION_NOT_GIVEN),
    ("What can pip be used to achieve?", "Pip can be used to achieve various levels of repeatable environments.",
     "pip can be used to achieve various levels of repeatable environments.", reasons.DEFINITION_NOT_GIVEN),
    # a parameter's entry: a noun phrase before the semicolon (libffi's The-Closure-API.html)
    # a definition list's entries (Nettle's and Ninja's manuals, unseen corpora): no main verb
    ("What is the size of the CCM digest?", "Size of the CCM digest, 16.", "Size of the CCM digest, 16.",
     reasons.FRAGMENT),
    ("What is the progress status printed before the rule being run?", "NINJA_STATUS, the progress status printed "
     "before the rule being run.", "NINJA_STATUS, the progress status printed before the rule being run.",
     reasons.FRAGMENT),
    ("What is the address of a ffi_closure object?", "The address of a ffi_closure object; this is the writable "
     "address returned by ffi_closure_alloc.", "The address of a ffi_closure object; this is the writable address "
     "returned by ffi_closure_alloc.", reasons.FRAGMENT),
    # "What can X V ...?" with the rest of the answer's sentence after it (Data::Dumper's POD)
    ("What can you specify names for individual values to be dumped if you use the Dump() method?", "You can specify "
     "names for individual values to be dumped if you use the Dump() method, or you can change the default $VAR "
     "prefix to something else.", "You can specify names for individual values to be dumped if you use the Dump() "
     "method, or you can change the default $VAR prefix to something else.", reasons.MALFORMED_QUESTION),
    # "What is X V-ed ...?": the answer's own sentence with its copula moved, nothing left to ask (camlidl's manual)
    ("What is the return value of the IDL function added to the outputs of the Caml function?", "The return value of "
     "the IDL function is added to the outputs of the Caml function (in first position), unless it is of type void.",
     "The return value of the IDL function is added to the outputs of the Caml function (in first position), unless "
     "it is of type void.", reasons.MALFORMED_QUESTION),
    # what X does not do is not what X is (SQLite's lockingv3.html)
    ("What is the BEGIN command?", "The BEGIN command does not acquire any locks on the database.", "The BEGIN "
     "command does not acquire any locks on the database.", reasons.DEFINITION_NOT_GIVEN),
    # a command's name used as the verb of an instruction (OpenSSL's README-ENGINES)
    ("What command is used to navigate to the crypto/engine/ directory of an OpenSSL source tree?", '"cd" to the '
     "crypto/engine/ directory of a pre-compiled OpenSSL source tree.", '"cd" to the crypto/engine/ directory of a '
     "pre-compiled OpenSSL source tree.", reasons.FRAGMENT),
    ("What is the purpose of the json_patch() function?", "The json_patch() function was added to SQLite in version "
     "3.18.0.", "The json_patch() function was added to SQLite in version 3.18.0.", reasons.REASON_NOT_GIVEN),
    # an instruction that is not about what the question asks (systemd's UIDS-GIDS.md)
    ("What is the purpose of allocating UID ranges for containers?", "Consider allocating UID ranges for containers so "
     "that the first UID you assign has the lower 16bits all set to zero.", "Consider allocating UID ranges for "
     "containers so that the first UID you assign has the lower 16bits all set to zero.", reasons.FRAGMENT),
    # "Set the ... to ..." names no option, whatever the question holds
    ("What is the purpose of the journal?", "Set the value to disable the journal.", "Set the value to disable the "
     "journal.", reasons.FRAGMENT),
    ("What is the purpose of the sqlite3 shell?", "Use this function to extract the content of a single table column "
     "into a file.", "Use this function to extract the content of a single table column into a file.",
     reasons.FRAGMENT),
    # true, but about something else than the question
    ("Which journal do SQLite transactions use in the rollback mode?",
     "In WAL mode, readers do not block writers and a writer does not block readers.", WAL, reasons.OFF_TOPIC),
])
def test_answer_form_rejects(question: str, answer: str, evidence: str, reason: str):
    v = answer_verdict(question, answer, evidence)
    assert not v.passed and v.reason == reason, v
