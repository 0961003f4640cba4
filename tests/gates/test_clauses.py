"""The sentence-shape heuristics (``gates/clauses.py``) that selection and ``answer_form`` share, on
real sentences of the corpora run."""

from datarefinery.gates.clauses import no_main_clause, participle_fragment, relative_fragment, word_lost_at_end


def test_a_participle_clause_after_a_name_is_no_sentence_but_a_main_clause_after_it_is():
    assert participle_fragment("Ultrasonic waves, used in medical diagnosis and therapy, in surgery, etc.")
    assert participle_fragment("SQLite, used in many browsers.")
    for sentence in ("Python, designed by Guido, supports closures.", "SQLite, used in many browsers, is a library.",
                     "Lists, used as a stack, grow at the end.",
                     "The sqlite3 module, written by Gerhard Häring, provides an SQL interface."):
        assert not participle_fragment(sentence), sentence


def test_a_noun_phrase_and_a_relative_clause_is_no_sentence_but_a_main_verb_after_it_is():
    # PostgreSQL's authentication methods (auth-methods.html, a list item) and its tsm_system_time page: both were
    # answers, "What is SSPI authentication?" accepted; the Rust docs' "Core Property White_Space, which …"
    for fragment in ("SSPI authentication, which uses a Windows-specific protocol similar to GSSAPI.",
                     "SYSTEM_TIME, which can be used in the TABLESAMPLE clause of a SELECT command.",
                     "Core Property White_Space, which includes newlines.",
                     "- paca and pacg, which LLVM currently implements as one feature."):
        assert relative_fragment(fragment), fragment
        assert no_main_clause(fragment), fragment
    for sentence in ("Python, which is a language, supports closures.", "Guido, who wrote Python, likes tea.",
                     "The executor, which runs on every .await point can run non-realtime code, without the sanitizer.",
                     "You've also seen the fn keyword, which allows you to declare new functions.",
                     "Casting an integer, which doesn't have provenance, to a pointer requires the compiler to guess.",
                     "For implementations, which don't have a name, they come directly after impl.",
                     "We pass the --target flag to Cargo, which prevents the RUSTFLAGS arguments to be passed."):
        assert not relative_fragment(sentence), sentence


def test_a_noun_phrase_and_a_participle_clause_is_no_sentence_but_a_subject_and_its_verb_before_one_is():
    # cargo's configuration reference (the Cargo book); Valgrind's AUTHORS page
    assert participle_fragment("Path to a Certificate Authority (CA) bundle file, used to verify TLS certificates.")
    assert not participle_fragment("Daniel Berlin modified readelf's dwarf2 source line reader, written by Nick "
                                   "Clifton, for use in Valgrind.")


def test_a_plural_in_a_prepositions_object_is_no_verb_but_a_quantifiers_noun_may_have_one():
    # JSON::PP's POD, CMake's presets manual: the plural is the object of "for" / "of"
    assert no_main_clause("The json_pp command line utility for quick experiments.")
    assert no_main_clause("An optional map of environment variables.")
    # the quantifier's noun heads the subject with its verb in the base form; "cannot" is a verb (atomiccommit.html,
    # lockingv3.html)
    assert not no_main_clause("All of these factors still apply in a multi-file commit scenario.")
    assert not no_main_clause("The author cannot verify any of these reports.")
    assert not no_main_clause("A program for many users requires memory.")
    # a verb in an aside is not the sentence's (the shared MIME-info spec's file list); a sentence all in brackets is
    # judged inside them (git-worktree(1))
    assert no_main_clause("- <MIME>/magic (contains a mapping from file contents to MIME types)")
    assert not no_main_clause("(The git worktree repair command, however, can reestablish the connection with linked "
                              "worktrees if you move the main worktree manually.)")


def test_a_sentence_cut_before_its_example_has_lost_its_end():
    # git's contrib/persistent-https README, run as a held-back corpus; Storable's POD
    assert word_lost_at_end('HTTPS requests can be delegated to the proxy by using the "persistent-https" scheme, e.g.')
    assert word_lost_at_end("On 64bit systems some data structures may exceed the 2G (i.e.")
    assert not word_lost_at_end("Floating-point numbers are represented in hardware as base 2 fractions, i.e. binary.")


def test_a_purpose_clause_with_only_relative_clauses_after_it_is_no_sentence():
    # a bullet of fsspec's README (in its METADATA): a purpose and two subordinate clauses, no main clause
    assert no_main_clause("To produce a template or specification for a file-system interface, that specific "
                          "implementations should follow, so that applications making use of them can rely on a "
                          "common behaviour and not have to worry about the specific internal implementation decisions "
                          "with any given backend.")
    for sentence in ("To install it, run pip install fsspec.",
                     # File::Temp's POD, gyp's GypVsCMake.md: a main clause before the comma, "To" not a verb's
                     "To enable removal either use the CLEANUP option which will trigger removal on program exit, or "
                     "consider using the \"newdir\" method in the object interface which will allow the directory to "
                     "be cleaned up when the object goes out of scope.",
                     "To this day we still have a good number of GUIDs pinned in the gyp files, because different "
                     "parts of our release pipeline have leftover assumptions regarding manipulating the raw "
                     "sln/vcprojs."):
        assert not no_main_clause(sentence), sentence
