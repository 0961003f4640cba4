"""Answer form checks on real question–answer pairs of the SQLite and Python documentation (and of
corpora run since): each with rejecting and passing cases and the reason code asserted."""

import pytest

from datarefinery.gates import build_gate, reasons
from tests.gates.texts import LIMITS, PYTHON, WAL, rec


def answer_verdict(q: str, a: str, evidence: str = LIMITS):
    return build_gate("answer_form", "af", {}).check(rec(q, a, evidence))


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


@pytest.mark.parametrize(("question", "answer", "evidence"), [
    ("Which macro defines the maximum length of a string or BLOB in SQLite?",
     "The maximum length is defined by the preprocessor macro SQLITE_MAX_LENGTH.", LIMITS),
    ("Do readers block writers in WAL mode?", "No, in WAL mode readers do not block writers.", WAL),
    ("What does the break statement do in Python?",
     "It breaks out of the innermost enclosing for or while loop.", PYTHON),
    # an era the question names, or a qualifier that still holds (lang_transaction.html, cli.html)
    ("What did the ROLLBACK statement do in older versions of SQLite?", "In older versions of SQLite, the ROLLBACK "
     "would fail with an error code SQLITE_BUSY if there were any pending queries.", "In older versions of SQLite, "
     "the ROLLBACK would fail with an error code SQLITE_BUSY if there were any pending queries."),
    ("How many database connections can the SQLite CLI hold open at once?", "Beginning with version 3.37.0, the CLI "
     "has the ability to hold multiple database connections open at once.", "Beginning with version 3.37.0, the CLI "
     "has the ability to hold multiple database connections open at once."),
    # definitions of a kind in the plural, a purpose asked as "used for", a dotted name (camlidl-1.04.doc.pdf,
    # auto-multiple-choice.en.pdf)
    ("What is an opaque pointer?", "Opaque pointers are pointers with attribute ptr in IDL files.",
     "Opaque pointers are pointers with attribute ptr in IDL files."),
    ("What are custom calling sequences used for in programming?", "Custom calling sequences are typically used to "
     "rearrange or combine function parameters, and to perform extra error checks on the arguments.",
     "Custom calling sequences are typically used to rearrange or combine function parameters, and to perform "
     "extra error checks on the arguments."),
    ("What is the most useful LUA function?", "The most useful LUA function is tex.print, which will output results "
     "back to LaTeX.", "The most useful LUA function is tex.print, which will output results back to LaTeX."),
    # the same sentence and example, asked for what it says (camlidl-1.04.doc.pdf)
    ("How are multi-dimensional arrays translated?", "Multi-dimensional arrays are translated to Caml arrays of "
     "arrays. For instance, int [][] becomes int array array.", "Multi-dimensional arrays are translated to Caml "
     "arrays of arrays. For instance, int [][] becomes int array array."),
    ("What is an example of a multi-dimensional array translated to Caml arrays of arrays?", "Multi-dimensional "
     "arrays are translated to Caml arrays of arrays. For instance, int [][] becomes int array array.",
     "Multi-dimensional arrays are translated to Caml arrays of arrays. For instance, int [][] becomes int array "
     "array."),
    # a difference drawn (tempfiles.html)
    ("What is the difference between SQLITE_TEMP_SCHEMA and SQLITE_SCHEMA?", "SQLITE_TEMP_SCHEMA works just like "
     "SQLITE_SCHEMA except that it is only visible to the application that created the temporary tables.",
     "SQLITE_TEMP_SCHEMA works just like SQLITE_SCHEMA except that it is only visible to the application that created "
     "the temporary tables."),
    # "means that ..." says what it means (atomiccommit.html)
    ("What does a hot journal mean?", "A hot journal means that the database file is in an inconsistent state and "
     "needs to be repaired prior to being used.", "A hot journal means that the database file is in an inconsistent "
     "state and needs to be repaired prior to being used."),
    # "this" pointing back inside its own sentence (json1.html)
    ("How does the json_object() function treat duplicate labels?",
     "The json_object() function currently allows duplicate labels without complaint, though this might change "
     "in a future enhancement.", "The json_object() function currently allows duplicate labels without complaint, "
     "though this might change in a future enhancement."),
    # "What does X V ...?" with its gap at the end, or where the answer names the object (howtocorrupt.html)
    ("What does SQLite normally store all content in?", "SQLite normally stores all content in a single disk file.",
     "SQLite normally stores all content in a single disk file."),
    ("What does a hot journal mean?", "A hot journal means that the database file is in an inconsistent state.",
     "A hot journal means that the database file is in an inconsistent state."),
    # what X is: a definition, a value, a name (tempfiles.html, limits.html, selfcontained.html)
    ("What is a rollback journal?", "A rollback journal is a temporary file used to implement atomic commit and "
     "rollback capabilities in SQLite.", "A rollback journal is a temporary file used to implement atomic commit and "
     "rollback capabilities in SQLite."),
    ("What is the maximum size of a database file?", "The maximum size of a database file is 4294967294 pages.",
     "The maximum size of a database file is 4294967294 pages."),
    ("What is the entire SQLite library encapsulated in?", "The entire SQLite library is encapsulated in a single "
     "source code file.", "The entire SQLite library is encapsulated in a single source code file."),
    # an answer opening with a code identifier keeps its case (inputoutput.html)
    ("What does the f.write(string) method do?", "f.write(string) writes the contents of string to the file, "
     "returning the number of characters written.", "f.write(string) writes the contents of string to the file, "
     "returning the number of characters written."),
    # a way given as an action; a name a naming verb introduces, in lower case (interpreter.html, venv.html)
    ("What is the quickest way to check if command line editing is supported in Python?", "Perhaps the quickest "
     "check to see whether command line editing is supported is typing Control-P to the first Python prompt you get.",
     "Perhaps the quickest check to see whether command line editing is supported is typing Control-P to the first "
     "Python prompt you get."),
    ("What is the name of the module used to create and manage virtual environments?", "The module used to create "
     "and manage virtual environments is called venv.", "The module used to create and manage virtual environments "
     "is called venv."),
    # an action says what a method is for (inputoutput.html); a name introduced ("... is called a checkpoint")
    ("What is the str.rjust() method?", "The str.rjust() method of string objects right-justifies a string in a "
     "field of a given width by padding it with spaces on the left.", "The str.rjust() method of string objects "
     "right-justifies a string in a field of a given width by padding it with spaces on the left."),
    ("What is a checkpoint?", "Moving the WAL file transactions back into the database is called a checkpoint.",
     "Moving the WAL file transactions back into the database is called a checkpoint."),
    # a participle in the question is no verb "does" asks for (modules.html)
    ("What does the interpreter do when a module named spam is imported?", "When a module named spam is imported, "
     "the interpreter first searches for a built-in module with that name.", "When a module named spam is imported, "
     "the interpreter first searches for a built-in module with that name."),
    # what X does: an action, or what X is used to do (cli.html, appfileformat.html)
    ("What does the \".databases\" command do?", "The \".databases\" command shows a list of all databases open in "
     "the current connection.", "The \".databases\" command shows a list of all databases open in the current "
     "connection."),
    ("What does a file format do?", "A file format is used to store a single object.",
     "A file format is used to store a single object."),
    # examples asked and named (serverless.html); a term defined by what it implies (fileformat.html)
    ("What are examples of neo-serverless databases?", "Microsoft Azure Cosmo DB and Amazon S3 are examples of "
     "neo-serverless databases.", "Microsoft Azure Cosmo DB and Amazon S3 are examples of neo-serverless databases."),
    ("What does a hot journal mean?", "A hot journal means that the database file is in an inconsistent state and "
     "needs to be repaired (by rollback) prior to being used.", "A hot journal means that the database file is in an "
     "inconsistent state and needs to be repaired (by rollback) prior to being used."),
    # a quoted word is the name the question asks for (Node.js child_process.html)
    ("What event is emitted after calling the subprocess.disconnect() method in the parent process?", "The "
     "'disconnect' event is emitted after calling the subprocess.disconnect() method in parent process or "
     "process.disconnect() in child process.", "The 'disconnect' event is emitted after calling the "
     "subprocess.disconnect() method in parent process or process.disconnect() in child process."),
    # a gap between the question's words, filled by the answer (fuzz.html, backup.html)
    ("What did AFL prove adept at finding in SQLite?", "AFL proved adept at finding arcane bugs in SQLite.",
     "AFL proved adept at finding arcane bugs in SQLite."),
    ("What does the backupDb() function use to report its progress?", "The backupDb() function uses the "
     "sqlite3_backup_remaining() and sqlite3_backup_pagecount() functions to report its progress.", "The backupDb() "
     "function uses the sqlite3_backup_remaining() and sqlite3_backup_pagecount() functions to report its progress."),
    # the asked-for kind named again in the answer: a second one is given (classes.html)
    ("What class does the DerivedClassName class inherit from?", "The DerivedClassName class inherits from the "
     "BaseClassName class.", "class DerivedClassName(BaseClassName): the DerivedClassName class inherits from the "
     "BaseClassName class."),
    # the gap is a name the answer adds ("Black"), or the object of a last verb after "to" (fsspec's and hf-xet's PyPI
    # descriptions)
    ("What does fsspec use to ensure a consistent code format throughout the project?",
     "Fsspec uses Black to ensure a consistent code format throughout the project.",
     "fsspec uses Black to ensure a consistent code format throughout the project."),
    ("What does hf-xet enable huggingface_hub to utilize?",
     "Hf-xet enables huggingface_hub to utilize xet storage for uploading and downloading to HF Hub.",
     "hf-xet enables huggingface_hub to utilize xet storage for uploading and downloading to HF Hub."),
    # "What are the X?" answered by naming them (the Python tutorial's interactive.html)
    ("What are the interpreter's line-editing features?", "The interpreter's line-editing features include "
     "interactive editing, history substitution and code completion on systems that support the GNU Readline library.",
     "The interpreter's line-editing features include interactive editing, history substitution and code completion "
     "on systems that support the GNU Readline library."),
    # a command's name in capitals opens a statement, not an instruction; the gap after a last preposition; a name as
    # the answer's first word is what "What is the X used by ...?" asks for (PostgreSQL's CREATE_EXTENSION(7),
    # libsasl(5), filesystems(5))
    ("What does the CREATE EXTENSION command do in PostgreSQL?", "CREATE EXTENSION loads a new extension into the "
     "current database.", "CREATE EXTENSION loads a new extension into the current database."),
    ("What does Cyrus SASL send log messages to?", "Cyrus SASL sends log messages to the application that runs it.",
     "Cyrus SASL sends log messages to the application that runs it."),
    ("What is the filesystem used by DOS, Windows, and some OS/2 computers?", "Msdos is the filesystem used by DOS, "
     "Windows, and some OS/2 computers.", "msdos is the filesystem used by DOS, Windows, and some OS/2 computers."),
    # quoted names of more than one word, or a path, answer "What are the two X?" (GNU diff's and sed's manuals); a
    # script "provided to" do something has that purpose (CamlIDL's manual)
    ("What are the two output formats provided by the GNU 'diff' command?", "GNU 'diff' provides two output formats "
     "that show context around the differing lines: \"context format\" and \"unified format\".", "GNU 'diff' provides "
     "two output formats that show context around the differing lines: \"context format\" and \"unified format\"."),
    ("What are the two special values of FILENAME supported by the GNU 'sed' extension?", "As a GNU 'sed' extension, "
     "two special values of FILENAME are supported: '/dev/stderr', which writes the result to the standard error, and "
     "'/dev/stdout', which writes to the standard output.", "As a GNU 'sed' extension, two special values of FILENAME "
     "are supported: '/dev/stderr', which writes the result to the standard error, and '/dev/stdout', which writes to "
     "the standard output."),
    ("What is the purpose of the camlidldll script?", "Under Windows, a bash script called camlidldll is provided to "
     "automate the construction of a DLL containing a Caml component.", "Under Windows, a bash script called "
     "camlidldll is provided to automate the construction of a DLL containing a Caml component."),
    # the object is what "what" asks for
    ("What does the datetime module supply?",
     "The datetime module supplies classes for manipulating dates and times in both simple and complex ways.",
     "The datetime module supplies classes for manipulating dates and times in both simple and complex ways."),
    # the amount comes with the things it counts (json1.html)
    ("What does the JSON1 extension provide?", "The JSON1 extension provides several SQL functions, such as json(), "
     "json_array() and json_object().", "The JSON1 extension provides several SQL functions, such as json(), "
     "json_array() and json_object()."),
    # the vague amount comes with the members it counts (gpgrt.info)
    ("What changes are required to use Libgpg-error?", "To use Libgpg-error, you have to perform some changes to your "
     "sources and the build system: include gpgrt.h and link with -lgpg-error.", "To use Libgpg-error, you have to "
     "perform some changes to your sources and the build system: include gpgrt.h and link with -lgpg-error."),
    # a gerund in the subject is no verb of the question (SQLite's pragma.html)
    ("What does the PRAGMA synchronous=OFF setting do?", "By setting PRAGMA synchronous=OFF, all sync operations are "
     "omitted.", "By setting PRAGMA synchronous=OFF, all sync operations are omitted."),
    # "What is the X used by Y?" answered by a name (SQLite's cli.html); X's head in the answer's subject; "do this"
    # pointing inside its own sentence
    ("What is the virtual table used by the command-line shell to access ZIP archives?", "The command-line shell uses "
     "the Zipfile virtual table to access ZIP archives.", "The command-line shell uses the Zipfile virtual table to "
     "access ZIP archives."),
    ("What is the purpose of the brackets in the str.format() method?", "A number in the brackets can be used to refer "
     "to the position of the object passed into the str.format() method.", "A number in the brackets can be used to "
     "refer to the position of the object passed into the str.format() method."),
    ("Does SQLite enforce UNIQUE constraints on columns holding NULL?", "No. The SQL standard requires that a UNIQUE "
     "constraint be enforced even if one of the columns is NULL, but SQLite does not do this.", "The SQL standard "
     "requires that a UNIQUE constraint be enforced even if one of the columns is NULL, but SQLite does not do this."),
    # the way after the copula; the amount with the one it names
    ("How is the checksum of a page computed?", "Computing the checksum of a page is done by summing its bytes.",
     "Computing the checksum of a page is done by summing its bytes."),
    ("Which journal mode is the default in SQLite?", "One of the journal modes, DELETE, is the default in SQLite.",
     "One of the journal modes, DELETE, is the default in SQLite."),
    # asked what the acronym stands for, the expansion is the answer
    ("What does FFI stand for?", "FFI stands for Foreign Function Interface.",
     "FFI stands for Foreign Function Interface."),
    # an independent clause before the semicolon (libffi's The-Basics.html)
    ("What does ffi_prep_cif return?", "ffi_prep_cif returns a libffi status code; it is of type ffi_status.",
     "ffi_prep_cif returns a libffi status code; it is of type ffi_status."),
    # a why question answered by why not: a reason all the same
    ("Why is passing a cache value of NULL to many blkid functions slow?", "Passing in a cache value of NULL is not "
     "recommended, since the blkid.tab file will be repeatedly parsed over and over again.", "Passing in a cache value "
     "of NULL is not recommended, since the blkid.tab file will be repeatedly parsed over and over again."),
    # an instruction is an answer when the question asks how
    ("How do you activate a virtual environment on Unix?", "Run source tutorial-env/bin/activate to activate the virtual environment on Unix.",
     "On Unix or MacOS, run: source tutorial-env/bin/activate"),
    # a how-question's way may follow a comma (datastructures.html)
    ("How do list methods make it easy to use a list as a stack?", "The list methods make it very easy to use a list "
     "as a stack, where the last element added is the first element retrieved.", "The list methods make it very easy "
     "to use a list as a stack, where the last element added is the first element retrieved."),
    # a statement about a keyword is no instruction (controlflow.html)
    ("What does the return statement without an expression argument return?", "Return without an expression "
     "argument returns None.", "Return without an expression argument returns None."),
    # an apposition before the main verb, and an instruction after a purpose clause, are sentences (venv.html)
    ("What is SQLite?", "SQLite, the most widely deployed database engine, is used in every phone.",
     "SQLite, the most widely deployed database engine, is used in every phone."),
    ("What command is used to deactivate a virtual environment?", "To deactivate a virtual environment, type: "
     "deactivate into the terminal.", "To deactivate a virtual environment, type: deactivate into the terminal."),
    # a dotted name is a name (the Python tutorial's venv.html)
    ("What is the common directory location for a virtual environment?", "A common directory location for a virtual "
     "environment is .venv.", "A common directory location for a virtual environment is .venv."),
    # a purpose stated as such, and a cause named as the subject (lockingv3.html)
    ("What is the purpose of the rollback journal?", "The purpose of the rollback journal is to restore the database "
     "after a crash.", "The purpose of the rollback journal is to restore the database after a crash."),
    ("What caused the locks held by the other threads to be dropped?", "The close() system call caused the locks "
     "held by the other threads to be dropped.", "The close() system call caused the locks held by the other threads "
     "to be dropped."),
    # after a modal, the subject is what is asked (File::Temp's POD)
    ("What can be used to create and open temporary files in a safe way?", '"File::Temp" can be used to create and '
     "open temporary files in a safe way.", '"File::Temp" can be used to create and open temporary files in a safe '
     "way."),
    # what a function does is its purpose (json1.html; a dev label the rule had rejected) — but not when it was added
    ("What is the purpose of the `json_patch()` function?", "The json_patch() function runs the RFC-7396 MergePatch "
     "algorithm to apply patch P to input T.", "The json_patch(T,P) SQL function runs the RFC-7396 MergePatch "
     "algorithm to apply patch P against input T."),
    # a negation in a relative clause on X is not what X is not (a made-up pair on whentouse.html's subject)
    ("What is SQLite?", "SQLite, which does not require a separate server process, is an embedded SQL database "
     "engine.", "SQLite, which does not require a separate server process, is an embedded SQL database engine."),
    # a passive after "What is X used for?" leaves the gap its answer fills
    ("What is the rollback journal used for?", "The rollback journal is used for restoring the database after a "
     "crash.", "The rollback journal is used for restoring the database after a crash."),
    # an option's purpose written as an instruction answers a question about that option (cargo's and systemd's pages)
    ("What does the --no-fail-fast option do in cargo test?", "Use --no-fail-fast to run as many tests as possible "
     "without stopping at the first failure.", "Use --no-fail-fast to run as many tests as possible without stopping "
     "at the first failure."),
    ("What is the purpose of the `-Ddns-servers=` option in systemd-resolved?", "Use -Ddns-servers= to direct "
     "systemd-resolved to different fallback DNS servers.", "Use -Ddns-servers= to direct systemd-resolved to "
     "different fallback DNS servers."),
    # the vague amount followed by the list of them (the Rust Book's ch08-02)
    ("What are the three main reasons that new Rustaceans often get stuck on strings?", "New Rustaceans commonly get "
     "stuck on strings for a combination of three reasons: Rust's propensity for exposing possible errors, strings "
     "being a more complicated data structure than many programmers give them credit for, and UTF-8.", "New "
     "Rustaceans commonly get stuck on strings for a combination of three reasons: Rust's propensity for exposing "
     "possible errors, strings being a more complicated data structure than many programmers give them credit for, "
     "and UTF-8."),
    # the name before the kind asked for, a name with a capital inside, a purpose as what it is useful in (the Rust Book's
    # ch08-02, ch03-05, ch03-01; rich's README)
    ("What method should be used to access individual Unicode scalar values?", "For individual Unicode scalar values, "
     "use the chars method.", "For individual Unicode scalar values, use the chars method."),
    ("What library does Rich use to implement syntax highlighting?", "Rich uses the pygments library to implement "
     "syntax highlighting.", "Rich uses the pygments library to implement syntax highlighting."),
    ("What is the keyboard shortcut to interrupt a program that is stuck in a continual loop?", "Most terminals "
     "support the keyboard shortcut ctrl-C to interrupt a program that is stuck in a continual loop.", "Most terminals "
     "support the keyboard shortcut ctrl-C to interrupt a program that is stuck in a continual loop."),
    ("What is the purpose of naming hardcoded values used throughout your program as constants?", "Naming hardcoded "
     "values used throughout your program as constants is useful in conveying the meaning of that value to future "
     "maintainers of the code.", "Naming hardcoded values used throughout your program as constants is useful in "
     "conveying the meaning of that value to future maintainers of the code."),
    # the subject put where "What" stood is the answer, one word or more (fsspec's README, in its METADATA)
    ("What is included in the tox environments?", "Black is included in the tox environments.",
     "Black is included in the tox environments."),
    # what a thing does when its condition holds, the condition first (autoinc.html; cargo's features.md; git's
    # gitprotocol-v2 page): "that" and "it" in the main clause are the thing again
    ("What does the AUTOINCREMENT keyword do in a database?", "If the AUTOINCREMENT keyword appears after INTEGER "
     "PRIMARY KEY, that changes the automatic ROWID assignment algorithm to prevent the reuse of ROWIDs over the "
     "lifetime of the database.", "If the AUTOINCREMENT keyword appears after INTEGER PRIMARY KEY, that changes the "
     "automatic ROWID assignment algorithm to prevent the reuse of ROWIDs over the lifetime of the database."),
    # X at the end says which: a name or a word of its own before it, or "Y is an X" (camlidl's manual; lang_transaction.html)
    ("What is the type of IDL pointers of kind unique?", "IDL pointers of kind unique are mapped to an option type.",
     "IDL pointers of kind unique are mapped to an option type."),
    ("What is the alias for COMMIT?", "END TRANSACTION is an alias for COMMIT.", "END TRANSACTION is an alias for COMMIT."),
    # a purpose as what it is useful for (the Python tutorial's errors.html)
    ("What is the purpose of the else clause in a try...except statement?", "The try ... except statement has an "
     "optional else clause, which, when present, must follow all except clauses. It is useful for code that must be "
     "executed if the try clause does not raise an exception.", "The try ... except statement has an optional else "
     "clause, which, when present, must follow all except clauses. It is useful for code that must be executed if the "
     "try clause does not raise an exception."),
    # a name before X's last word says which X (the Rust Reference's limits.html; the AWS CLI's topics)
    ("What is the syntax used for the type_length_limit attribute?", "The type_length_limit attribute uses the "
     "MetaNameValueStr syntax.", "The type_length_limit attribute uses the MetaNameValueStr syntax."),
    ("What is the key used to set the API version for a service?", "The API version to use for a service can be set "
     "using the api_versions key.", "The API version to use for a service can be set using the api_versions key."),
    # what X makes easy or more so is what it is for; a list after "including" names what is asked; a condition
    # answers "What is the condition ...?" (the Python tutorial's interpreter.html, stdlib2.html, datastructures.html;
    # SQLite's datatype3.html)
    ("What is the purpose of the interpreter in Python?", "The interpreter can be used interactively, which makes it "
     "easy to experiment with features of the language.", "The interpreter can be used interactively, which makes it "
     "easy to experiment with features of the language."),
    ("What is the purpose of manifest typing in SQLite?", "The use of manifest typing in SQLite is a deliberate design "
     "decision which has proven in practice to make SQLite more reliable and easier to use.", "The use of manifest typing "
     "in SQLite is a deliberate design decision which has proven in practice to make SQLite more reliable and easier to "
     "use."),
    ("What are the synchronization primitives provided by the threading module in Python?", "To that end, the threading "
     "module provides a number of synchronization primitives including locks, events, condition variables, and "
     "semaphores.", "To that end, the threading module provides a number of synchronization primitives including locks, "
     "events, condition variables, and semaphores."),
    ("What is the condition for two sequences to be considered equal in Python?", "If all items of two sequences "
     "compare equal, the sequences are considered equal.", "If all items of two sequences compare equal, the sequences "
     "are considered equal."),
    # the object's place filled ("provides functions for ..."); a module's purpose as what it supports or provides (the
    # Python tutorial's stdlib pages; Valgrind's drd-manual.html)
    ("What does the heapq module provide for implementing heaps based on regular lists?", "The heapq module provides "
     "functions for implementing heaps based on regular lists.", "The heapq module provides functions for implementing "
     "heaps based on regular lists."),
    ("What does DRD print for each memory access that conflicts with a past memory access?", "DRD prints a report for "
     "each memory access that conflicts with a past memory access.", "DRD prints a report for each memory access that "
     "conflicts with a past memory access."),
    ("What is the purpose of the sqlite3 module?", "The sqlite3 module is a wrapper for the SQLite database library, "
     "providing a persistent database that can be updated and accessed using slightly nonstandard SQL syntax.", "The "
     "sqlite3 module is a wrapper for the SQLite database library, providing a persistent database that can be updated "
     "and accessed using slightly nonstandard SQL syntax."),
    # a dotted name in code is a name (the Python tutorial's classes.html; cargo's build timings page)
    ("What is the standard syntax used for attribute references in Python?", "Attribute references use the standard "
     "syntax used for all attribute references in Python: obj.name.", "Attribute references use the standard syntax "
     "used for all attribute references in Python: obj.name."),
    ("What file will be written to the target/cargo-timings directory at the end of the build?", "A file "
     "cargo-timing.html will be written to the target/cargo-timings directory at the end of the build.", "A file "
     "cargo-timing.html will be written to the target/cargo-timings directory at the end of the build."),
    # a definition by likeness and difference (the Rust Reference's identifiers.html; the rustc book's arm-linux.html)
    ("What is a raw identifier?", "A raw identifier is like a normal identifier, but prefixed by r#.",
     "A raw identifier is like a normal identifier, but prefixed by r#."),
    # the question's condition said again first, X acting after it as "it" (rustdoc's VecDeque page)
    ("What does the iterator do if it is dropped before being fully consumed?", "If the iterator is dropped before "
     "being fully consumed, it drops the remaining removed elements.", "If the iterator is dropped before being fully "
     "consumed, it drops the remaining removed elements."),
    ("What does the user have to do when the build fails?", "When the build fails, the user must run cargo clean "
     "first.", "When the build fails, the user must run cargo clean first."),
])
def test_answer_form_passes(question: str, answer: str, evidence: str):
    v = answer_verdict(question, answer, evidence)
    assert v.passed, v
