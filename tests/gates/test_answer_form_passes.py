"""Answer form checks on real question–answer pairs that must pass: good answers that an earlier
version of a check rejected, and near neighbours of the rejected shapes in
``test_answer_form.py``."""

import pytest

from tests.gates.texts import LIMITS, PYTHON, WAL, answer_verdict


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
    ("What does the SQLite CLI allow with database connections?", "Beginning with version 3.37.0, the CLI "
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
    # what an option does when it is given (GNU Wget's manual)
    ("What does the \"unix\" option do in Wget?", "When \"unix\" is specified, Wget escapes the character '/' and the "
     "control characters in the ranges 0-31 and 128-159.", "When \"unix\" is specified, Wget escapes the character "
     "'/' and the control characters in the ranges 0-31 and 128-159."),
    # "Use X to V" names what a "What … is used to V?" asks for (the Clippy book's writing_tests.html)
    ("What command is used to automatically generate the .fixed file after running the tests?", "Use cargo bless to "
     "automatically generate the .fixed file after running the tests.", "Use cargo bless to automatically generate "
     "the .fixed file after running the tests."),
    # the count asked is the one the answer gives; a vague amount of something else (the Rust Book's ch07-01)
    ("How many library crates can a package contain?", "A package can contain multiple binary crates and optionally "
     "one library crate.", "A package can contain multiple binary crates and optionally one library crate."),
    # the one asked, given as the one; "one" as a number (the Python tutorial's stdlib2.html; SQLite's limits.html)
    ("What is the primary challenge in multi-threaded programming when threads share data or other resources?",
     "The principal challenge of multi-threaded applications is coordinating threads that share data or other "
     "resources.", "The principal challenge of multi-threaded applications is coordinating threads that share data or "
     "other resources."),
    ("What is the main limit on the number of attached databases?", "One SQLite connection can attach at most 125 "
     "databases, the limit set by SQLITE_MAX_ATTACHED.", "One SQLite connection can attach at most 125 databases, the "
     "limit set by SQLITE_MAX_ATTACHED."),
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
