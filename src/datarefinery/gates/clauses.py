"""The shape of a sentence, judged without a parser: whether it has a main clause (a noun
phrase or a name and a participle clause has none), whether it reads as an instruction, whether
a word was lost before its period. Heuristics over words and their endings that err towards
finding a verb; selection (``generators/selection.py``) and the ``answer_form`` gate
(``gates/qa_form.py``) share them, so no question is written for a sentence the answer check
would call a fragment."""

from __future__ import annotations

import re

from datarefinery.gates.lexicon import STOPWORDS

# an instruction copied from a list ("Obtain a PENDING lock ..."), not an answer, unless asked how
_IMPERATIVE = re.compile(
    r"^\s*(?:write|obtain|acquire|release|use|call|run|create|set|open|close|add|remove|delete|make|read|check|"
    r"see|type|install|enter|start|stop|select|insert|update|get|put|find|flush|sync|copy|move|save|load|build|"
    r"compile|execute|invoke|pass|specify|define|declare|import|print|note|consider|try|avoid|ensure|keep|"
    r"give|take|change|replace|append|drop|apply|convert|send|wait|return|go|do|activate|deactivate)\b",
    re.IGNORECASE)
# the same by its shape: a capitalised word that is no preposition, conjunction, quantifier or adverb
# (nor an -ing subject) before a determiner — "Prefix all Caml names of record labels with ...", "Consult the ..."
_NOT_A_VERB = ("because|while|if|when|whenever|unlike|after|before|since|although|though|like|for|in|on|with|at|by|"
               "from|during|without|within|to|as|all|both|only|even|not|once|until|unless|whether|where|upon|under|"
               "over|into|through|across|among|between|behind|beyond|despite|except|per|via|so|thus|hence|then|also|"
               "just|almost|nearly|perhaps|usually|often|always|never|sometimes|here|there|now|today|every|each|some|"
               "many|most|any|no|of|about|above|below|against|along|around|off|out|up|down|and|or|but|yet|nor|what|"
               "which|who|how|why")
# "Prefix all Caml names ...", or a request to the reader ("Please follow the contribution guide to ...")
_IMPERATIVE_SHAPE = re.compile(rf"^\s*(?:(?!(?i:{_NOT_A_VERB})\b)(?![A-Z][a-z]+ing\b)[A-Z][a-z]+\s+"
                               r"(?:all|the|a|an|each|every|your|any)\b|(?i:please)\s+[a-z]+"
                               # a command's name as the verb: '"cd" to the crypto/engine/ directory ...' (OpenSSL's
                               # README-ENGINES)
                               r"|[\"“`][a-z][\w.-]*[\"”`]\s+(?:to|into|in|the|a|an|your)\s)")


def is_instruction(sentence: str, known_verbs: bool = True) -> bool:
    """Whether ``sentence`` reads as an instruction (an imperative copied from a list or an
    option's description: "Obtain a PENDING lock ...", "Prefix all Caml names ...") rather
    than a statement of fact: the shape of one, or (``known_verbs``) a known instruction
    verb first — unless the verb comes back as the sentence's own ("Return without an
    expression argument returns None." is a statement about a keyword), or the first word is
    in capitals, a command's name ("CREATE EXTENSION loads a new extension ...")."""
    if re.match(r"^\W*[A-Z]{2,}\b", sentence):
        return False
    if _IMPERATIVE_SHAPE.match(sentence):
        return True
    m = _IMPERATIVE.match(sentence) if known_verbs else None
    return bool(m) and not re.search(rf"\b{re.escape(m.group(0).strip())}e?s\b", sentence[m.end():], re.IGNORECASE)


# "... alongside the executable or ." : a word lost before the period (a split inside a name, an inline element
# dropped by extraction)
_CUT_END = re.compile(r"(?:\b(?:the|an|or|and|of|by|from|no|its|their)|[,(])\s*[.!]\s*$"
                      # an example announced and cut off: '... by using the "persistent-https" scheme, e.g.' (git's
                      # contrib READMEs)
                      r"|\b(?:e\.\s?g|i\.\s?e)\.\s*$", re.IGNORECASE)


def word_lost_at_end(sentence: str) -> bool:
    """Whether a word is missing before the final period ("... alongside the executable or ."): a
    sentence cut inside a name, or an inline element dropped by extraction; or its example ("...
    scheme, e.g.")."""
    return _CUT_END.search(sentence) is not None


_FINITE = frozenset("is are was were be am has have had do does did can could may might must shall should will would "
                    "ran took made gave got went came saw knew found left kept held put set let told thought began "
                    "brought built bought caught chose drew fell felt grew hid led lost meant met paid read said sent "
                    "shut sold spent split spread stood struck taught threw understood wrote cannot can't won't "
                    "don't doesn't didn't isn't aren't wasn't weren't hasn't haven't shouldn't wouldn't "
                    "couldn't".split())
_NOUN_PHRASE_OPENING = re.compile(r"^\W*(?:the|a|an|each|every|all|some|any|its|their)\b", re.IGNORECASE)


# a definition list's entry: a name, a comma and what it is ("NINJA_STATUS, the progress status printed before the
# rule being run.")
_NAMED_ENTRY = re.compile(r"^\W*[\w.$-]+,\s+(?:the|a|an)\s+[^,;]+$", re.IGNORECASE)
# or a constant's name, then its description opening in capitals ("RELOAD_SIGNAL Signal number or name ... that will be
# sent to the process on reload.", init-d-script(5))
_CONSTANT_ENTRY = re.compile(r"^\W*[A-Z][A-Z0-9]*_[A-Z0-9_]+\s+[A-Z][a-z]+\b")
# or a measure's entry with no determiner, whatever verb its relative clause has ("Number of times the process was
# swapped out of main memory.", GNU time's format table; "Number of bytes to parse, default is until end of file."),
# or an entry opening with a bare "Maximum", "Average" ... and no finite verb ("Maximum resident set size of the
# process during its lifetime, in Kilobytes."; "Maximum score is 6 points." is a sentence)
_MEASURE_ENTRY = re.compile(r"^\W*(?:(?:Total|Average|Maximum|Minimum|Elapsed|Approximate)\s+(?:[\w()+-]+\s+){0,2})?"
                            r"(?:Number|number|Amount|amount|Count|count|Percentage|percentage|Size|size|Length|length)"
                            r"\s+of\b")
_BARE_MEASURE = re.compile(r"^\W*(?:Total|Average|Maximum|Minimum|Elapsed|Approximate)\s")
# or a schema's member: "Optional member that is present when ...", "Required member holding ..." (CMake's file API)
_MEMBER_ENTRY = re.compile(r"^\W*(?:Optional|Required|Mandatory)\s+(?:[\w-]+\s+)?(?:member|field|argument|parameter|"
                           r"key|attribute|property|entry|element|setting)s?\b")


def has_auxiliary(text: str) -> bool:
    """Whether ``text`` holds an auxiliary, a modal or a common past form ("is", "will",
    "can", "made" …): a sure sign of a finite verb, which a noun phrase lacks."""
    return any(t.lower() in _FINITE for t in re.findall(r"[A-Za-z']+", text))


# after a preposition, a word in -s or -ed is a noun or an adjective, not a verb: "in seconds", "of requests" (after
# a determiner it may be a plural subject with its verb to come: "All machines use the same file format.")
_NOUN_BEFORE = frozenset("of in on at for with from by into per than".split())
# a word between the preposition and the noun: a determiner, a quantifier or an adjective ("for quick experiments");
# after a quantifier and "of", the noun heads the subject ("All of these factors still apply ...")
_QUANTIFIER = frozenset("all some many most none each any one both several few either neither".split())
MODIFIER = re.compile(r"^(?:the|a|an|all|some|any|each|every|its|their|his|her|our|your|these|those|many|several|"
                      r"multiple|other|such|both|few|more|most|new|old|large|small|big|long|short|high|low|quick|"
                      r"fast|slow|same|certain|specific|various|[a-z]{3,}(?:al|ic|ive|ous|ful|less|able|ible|ent|ant|"
                      r"ary|ory))$")


def _verb_positions(tokens: list[str]) -> list[int]:
    """Indexes of the tokens that may be verbs: an auxiliary, a common past form, or a word of
    four letters or more ending in -s or -ed not in a preposition's object ("in seconds", "for
    quick experiments", "of the files" are no verbs; other plural nouns count: the test errs
    towards finding a verb)."""
    return [i for i, t in enumerate(tokens) if t in _FINITE or (
        len(t) > 3 and t[0].isalpha() and re.search(r"(?:[^s]s|ed)$", t) and not _after_preposition(tokens, i))]


def _has_verb(tokens: list[str], first: int) -> bool:
    """Whether any token is an auxiliary or a common past form, or one from ``first`` on
    ends like a verb (see :func:`_verb_positions`)."""
    return any(i >= first or tokens[i] in _FINITE for i in _verb_positions(tokens))


def _lower_words(text: str) -> list[str]:
    """The words of ``text``, in lower case (apostrophes kept: "doesn't")."""
    return [t.lower() for t in re.findall(r"[A-Za-z']+", text)]


def _after_preposition(tokens: list[str], i: int) -> bool:
    """Whether ``tokens[i]`` follows a preposition directly or after a determiner or an
    adjective ("for quick experiments", "of the files"; "by default objects use ..." has its
    subject after the adverbial)."""
    at = i - 1 if i >= 1 and tokens[i - 1] in _NOUN_BEFORE else (
        i - 2 if i >= 2 and tokens[i - 2] in _NOUN_BEFORE and MODIFIER.match(tokens[i - 1]) else None)
    # "All of these factors still apply ...": the quantifier's noun heads the subject, its verb to come
    return at is not None and not (tokens[at] == "of" and at >= 1 and tokens[at - 1] in _QUANTIFIER)


def verbless(sentence: str) -> bool:
    """Whether ``sentence`` is a noun phrase with a full stop ("The macro DRD_STOP_IGNORING_VAR(x)
    and the corresponding client request VG_USERREQ__DRD_FINISH_SUPPRESSION.", a list item, a
    macro's entry "Size of the CCM digest, 16."): no auxiliary, no common past form and no
    word after a determiner opening (or anywhere, after an opening noun) ending in -s or -ed —
    an instruction ("Run source …/activate to …") aside; or a definition list's entry, a name,
    a comma and a noun phrase with no auxiliary ("NINJA_STATUS, the progress status printed
    …"), a constant's name and a description in capitals ("RELOAD_SIGNAL Signal number
    …"), a measure or a schema's member with no determiner ("Number of times the process was
    swapped out …", "Optional member that is present when …").
    A heuristic that errs towards finding a verb. A semicolon joins clauses, so the part
    before the first one is judged alone: "The address of a ffi_closure object; this is the
    writable address …" is a parameter's entry, not a sentence."""
    head = sentence.split(";", 1)[0]
    # an aside in brackets holds no main clause: "The numeric permissions mode to apply to each created directory
    # (defaults to 0777), to be modified by the current umask." (File::Path's POD)
    outside = re.sub(r"(?<=\S)\s*\([^()]*\)", " ", head)  # a sentence all in brackets keeps them
    tokens = [t.lower() for t in re.findall(r"[A-Za-z']+|\d[\w.]*", outside)]  # a number is a token: "of 1 means"
    if _CONSTANT_ENTRY.match(head) or _MEASURE_ENTRY.match(head) or _MEMBER_ENTRY.match(head) or (
            (_NAMED_ENTRY.match(head.rstrip(". ")) or _BARE_MEASURE.match(head))
            and not any(t in _FINITE for t in tokens[1:])):
        return True
    if _NOUN_PHRASE_OPENING.match(head):
        return not _has_verb(tokens, 1)
    # with no determiner: a name or noun first, not a clause's opening word ("To deactivate …, type: …")
    return (bool(tokens) and tokens[0] not in STOPWORDS and not _has_verb(tokens, 0)
            and not is_instruction(head))


# "Ultrasonic waves, used in medical diagnosis and therapy, in surgery, etc.": a name and a participle
# clause, the entry of a list a chatbot corpus wrote as an answer; or a noun phrase and one ("Path to a Certificate
# Authority (CA) bundle file, used to verify TLS certificates.", cargo's configuration reference)
_APPOSITIVE = re.compile(r"^\W*(?P<head>(?:[\w'()-]+\s+){0,7}[\w'()-]+),\s+(?:\w+ly\s+)?(?:used|known|called|found|"
                         r"seen|made|designed|written|built|given|employed|applied)\b(?P<rest>.*)$", re.IGNORECASE)
_LIST_GOES_ON = re.compile(r"^\s*(?:in|on|at|for|by|with|from|to|as|of|and|or|etc)\b", re.IGNORECASE)


def participle_fragment(sentence: str) -> bool:
    """Whether ``sentence`` is a name followed by a participle clause and no main clause: no
    auxiliary or common past form after the participle, and every later comma-separated part
    goes on with a preposition, "and" or "etc." ("Python, designed by Guido, supports
    closures." and "Lists, used as a stack, grow at the end." are sentences)."""
    m = _APPOSITIVE.match(sentence)
    head = re.findall(r"[A-Za-z']+", m.group("head")) if m else []
    # a head of five words or more is a noun phrase only with no verb of its own ("Daniel Berlin modified readelf's
    # dwarf2 source line reader, written by …")
    if m is None or len(head) > 4 and any(t.lower() in _FINITE or t.endswith("ed") for t in head):
        return False
    rest = m.group("rest")
    if any(t.lower() in _FINITE for t in re.findall(r"[A-Za-z']+", rest)):
        return False
    return all(_LIST_GOES_ON.match(part) for part in rest.split(",")[1:] if part.strip(" ."))


_TO_PURPOSE = re.compile(r"^\W*To\s+(?P<verb>[a-z]+)\b[^,]*,(?P<rest>.*)$")
_SUBORDINATE = re.compile(r"^\s*(?:that|which|who|whom|whose|where|so|such\s+that|in\s+order|because)\b", re.IGNORECASE)


def purpose_fragment(sentence: str) -> bool:
    """Whether ``sentence`` is a purpose clause with no main clause after it: "To V …," and
    then only relative or subordinate clauses ("To produce a template or specification for a
    file-system interface, that specific implementations should follow, so that applications
    … can rely on …": a bullet of fsspec's README). "To install it, run …" has its main
    clause after the comma."""
    m = _TO_PURPOSE.match(sentence)
    # "To this day we ...", "To enable it either use X which will ..., or ...": no verb, or a main clause first
    if m is None or m.group("verb") in STOPWORDS or has_auxiliary(sentence[:m.start("rest")]):
        return False
    return all(_SUBORDINATE.match(part) for part in m.group("rest").split(",") if part.strip(" ."))


# a noun phrase of up to four words, a comma and a relative clause ("SSPI authentication, which uses a
# Windows-specific protocol …"): a name or a determiner first, no pronoun, instruction or gerund ("We pass …",
# "Remove …", "Casting an integer, which …")
_RELATIVE = re.compile(r"^\W*(?P<head>(?:the\s+|an?\s+)?[A-Z_][\w'()./-]*(?:\s+[\w'()./-]+){0,3}),\s+"
                       r"(?:which|who|whose)\s+(?P<rest>.*)$", re.IGNORECASE)
_NOT_A_NAME = frozenset("we you i they he she it see also next then first now here there this that these those "
                        "for in on at with by from to of as if when while since after before unless "
                        "remove add use migrate run set make call".split())


def relative_fragment(sentence: str) -> bool:
    """Whether ``sentence`` is a noun phrase and a relative clause and no main clause: a head
    of up to four words with no verb, pronoun, instruction or gerund, one group of verbs in
    the relative clause, and every later comma-separated part with no verb or going on with a
    preposition, "and" or a subordinator — a list item of PostgreSQL's authentication
    methods, "SSPI authentication, which uses a Windows-specific protocol similar to
    GSSAPI." ("Python, which is a language, supports closures." and "The executor, which runs
    on every .await point can run …" have their main verb after)."""
    m = _RELATIVE.match(sentence)
    if m is None:
        return False
    head = _lower_words(m.group("head"))
    if not head or head[0] in _NOT_A_NAME or _has_verb(head, 0) or any(t.endswith("ing") for t in head):
        return False
    parts = m.group("rest").split(",")
    verbs = _verb_positions(_lower_words(parts[0]))
    if verbs and verbs[-1] - verbs[0] > 3:  # a second verb group: the main clause's
        return False
    return all(_LIST_GOES_ON.match(part) or _SUBORDINATE.match(part)
               or not _has_verb(_lower_words(part), 0)
               for part in parts[1:] if part.strip(" ."))


def no_main_clause(sentence: str) -> bool:
    """Whether ``sentence`` has no main clause: a noun phrase (:func:`verbless`), a name and
    a participle clause (:func:`participle_fragment`) or a relative one
    (:func:`relative_fragment`), or a purpose clause alone (:func:`purpose_fragment`).
    Selection and ``answer_form`` share it, so no question is written for a sentence the
    answer check would call a fragment."""
    return (verbless(sentence) or participle_fragment(sentence) or relative_fragment(sentence)
            or purpose_fragment(sentence))
