"""Whether a question and its answer fit each other, beyond their words: a "What is X?" that
the answer does not define, a "What does X do?" that the answer meets with what is done *to* X
or with what happens when X is so, a difference with no contrast, an era's fact asked in
general. (Whether the question leaves its answer anything to say: :mod:`datarefinery.gates.qa_gap`.)

These are common ways a small model's question misses the sentence it was
written for (instruction backtranslation, Li et al. 2023): it asks what the sentence's
subject *is* when the sentence says something else about it ("What is the code for SQLite?"
→ "The code for SQLite is in the public domain"). They are read off the positions of the
question's words in the answer, with no model.
"""

from __future__ import annotations

import re

from datarefinery.gates.lexicon import STOPWORDS, numbers, stem
from datarefinery.gates.text_stats import WORD, words

# "What is X?" / "What are X?" (X not ending in a preposition: "What is X encapsulated in?" asks no definition)
_WHAT_IS = re.compile(r"^\s*what\s+(?:is|are)\s+(?:a|an|the)?\s*(?P<np>[^?]+?)"
                      r"(?<!\bin)(?<!\bon)(?<!\bfor)(?<!\bwith)(?<!\bby)(?<!\bof)(?<!\bto)(?<!\bfrom)(?<!\bat)(?<!\bas)"
                      r"(?<!\babout)(?<!\binto)\s*\?\s*$", re.IGNORECASE)
# what-is questions that have checks of their own, or ask for no definition ("What is known about X?")
_OTHER_WHAT_IS = re.compile(r"\b(?:purposes?|reasons?|roles?|differences?|effects?|advantages?|benefits?|"
                            r"behaviou?r|known|relationship)\b|\bused\s+for\b(?:\s+in\b[^?]*)?$", re.IGNORECASE)
# "What is the X that/used to/in which ...?": asks which thing is meant, so the answer must name one
_IDENTIFIES = re.compile(r"^(?:(?!\b(?:of|about|known|behaviou?r|happens?)\b)[\w\-\"'`().]+\s+){1,6}"
                         r"(?:that|which|who|whom|whose|where|\w{3,}ed|given|made|done)\b|\bcalled$", re.IGNORECASE)
# "What is the maximum size of X?": asks for a quantity or a property's value, which a name or number gives
_PROPERTY = re.compile(r"^(?:\w+\s+){0,2}(?:maximum|minimum|default|number|size|limit|length|value|name|type|"
                       r"version|count|amount|range|unit|order|format|precision|width|depth|capacity)s?\b",
                       re.IGNORECASE)
# what sets a value, not the value: "The SQLITE_MAX_FUNCTION_ARG parameter determines the maximum number of
# parameters …" for "What is the maximum number of parameters …?" (limits.html); "… is determined by the OS-specific
# VFS" for "What is the directory … in which temporary files are created?" (tempfiles.html); "The recursion_limit
# attribute may be applied … to set the maximum depth …" for "What is the maximum depth …?" (the Rust Reference)
_DETERMINED_BY = re.compile(r"\b(?:determines?|controls?|governs?|decides?|sets?|specif(?:y|ies)|configures?)\s+"
                            r"(?:the|which|what|how)\b"
                            r"|\b(?:is|are)\s+(?:\w+ly\s+)?(?:determined|controlled|governed|decided)\s+by\b",
                            re.IGNORECASE)
# what follows X in a sentence that says something about X but not what X is: a copula or a
# modal "be" with no definition after it ("The code for SQLite is in the public domain", "The
# SQLite file format is cross-platform", "the ROWID can either be specified ...")
_NOT_A_DEFINITION = re.compile(
    r"^[\s,\"”'’`]*(?:\([^)]*\)[\s,]*)?"
    # the subject may run on ("A complete SQL database with multiple tables, indices, ... is contained")
    r"(?:(?!(?:is|are|was|were|can|could|may|might|will|would|must|should)\b)[\w'()./-]+[\s,\"”'’`]+){0,8}"
    r"(?:(?:is|are|was|were)\s+(?!(?:(?:always|usually|also|often|now|simply|just|really|essentially|thus)\s+)?"
    r"(?:a|an|the|one|any|either|called|named|known|defined|used|meant|termed|two|three|four|five|six|seven|eight|"
    r"nine|ten|several|multiple|zero|to|like\b(?=[^.;]*\b(?:but|except)\b))\b|\w+ing\b|\d|[\"“'`]|(?-i:[A-Z_]{2,}\b)|\w+\(\)|\w+[._]\w|\.[A-Za-z]"
    # a bare plural after "are" and before what qualifies it is a kind: "Opaque pointers are pointers with ..."
    r"|(?<=are\s)\w+s\s+(?:with|that|which|who|whose|of|for|in|on|from|used|made)\b)"
    r"|(?:has|have|had)\s+(?:not\s+)?been\b(?!\s+(?:a|an|the|called|defined|known)\b)"
    r"|(?:can|could|may|might|will|would|must|should)\s+(?:not\s+)?(?:either\s+)?be\b"
    r"(?!\s+(?:used|called|defined|thought\s+of|described\s+as|seen\s+as)\b))",
    re.IGNORECASE)
# right after X (and the rest of its words): what X depends on, how it varies or how it seems is not what X is
# ("The mapping of IDL pointer types depends on their kinds", "The 512 byte sector assumption seemed reasonable")
_NO_DEFINITION_VERB = re.compile(r"^[\s,]*(?:\([^)]*\)[\s,]*)?"
                                 # X's own words may run on, but not into a relative clause ("SQLite, which does not
                                 # require a server, is ...")
                                 r"(?:(?!(?:which|that|who|whose|where)\b)[\w'()./-]+\s+){0,2}(?:\w+ly\s+)?"
                                 # what X does not do is not what X is ("... with the [ignore] attribute do not
                                 # appear in the Caml record type": camlidl's manual)
                                 r"(?:(?:do|does|did)\s+not|don't|doesn't|didn't|never|cannot|can't"
                                 r"|depends?|depended|varies|vary|differs?"
                                 r"|(?:seems?|seemed|appears?|appeared|remains?|remained)\b"
                                 r"(?!\s+to\s+be\s+(?:a|an|the)\b))\b",
                                 re.IGNORECASE)
# right after X: a verdict on X ("An SQLite application file format is a great choice in cases where ...") says
# when to use X, not what it is
# (or what it makes X: "The simple, modular design of SQLite makes it a good platform for prototyping …")
_EVALUATION = re.compile(r"^[\s,]*(?:(?!(?:is|are|makes?)\b)[\w'()./-]+\s+){0,4}"
                         r"(?:(?:is|are)|makes?\s+(?:it|them|\w+)\s+)\s*"
                         r"(?:(?:also|often|usually|generally|probably|certainly)\s+)?"
                         r"(?:an?|the)\s+(?:very\s+|really\s+)?(?:great|good|excellent|poor|bad|fine|reasonable|better|"
                         r"best|sensible|popular|natural|obvious|convenient|ideal|perfect|wise|smart)\s+(?:choice|idea|"
                         r"fit|option|solution|way|approach|candidate|match|place|tool|platform|basis|target)\b",
                         re.IGNORECASE)
# "..., called X", "known as X": the sentence names X as what it describes
_NAMED_AS = r"\b(?:called|known\s+as|named|termed|referred\s+to\s+as)\s+(?:an?\s+|the\s+)?[\"“'`]?"


def after_phrase(answer: str, phrase: str, whole: bool = False) -> str | None:
    """The text of ``answer`` after the first, shortest stretch of it that holds two thirds
    of ``phrase``'s content words (stemmed, in any order) — with ``whole``, and the phrase's
    words right after it ("a two-element array" ends after "array", not after "element") —,
    or ``None`` when there is none."""
    keys = [stem(w) for w in words(phrase) if w not in STOPWORDS]
    if not keys:
        return None
    tokens = list(WORD.finditer(answer))  # the same tokens as words()
    need = max(1, -(-2 * len(set(keys)) // 3))
    for end in range(len(tokens)):
        if stem(tokens[end].group(0).lower()) not in keys:
            continue
        seen = set()
        for start in range(end, max(-1, end - 2 * len(keys) - 3), -1):
            if (stemmed := stem(tokens[start].group(0).lower())) in keys:
                seen.add(stemmed)
            if len(seen) >= need:
                while whole and end + 1 < len(tokens) and stem(tokens[end + 1].group(0).lower()) in keys:
                    end += 1
                return answer[tokens[end].end():]
    return None


# the phrase's last word or two, then the end of the sentence; not a copula and what it says ("The SQLite file
# format is cross-platform." does not end with "the file format")
_ENDS_WITH_IT = re.compile(r"^\s*(?!(?:is|are|was|were)\b)(?:[\w'-]+\s*){0,2}[.!)]*\s*$", re.IGNORECASE)


def head_of(phrase: str) -> str:
    """A noun phrase's head: its words up to a preposition or a relative word ("file format" of "file format used
    by SQLite")."""
    return re.split(r"\s+(?:in|of|for|on|with|from|by|used|that|which|when|where)\s+", phrase.strip(), maxsplit=1)[0]


def ends_answer(answer: str, phrase: str) -> bool:
    """Whether ``phrase`` — its head, up to a preposition or a relative word, found by two
    thirds of its content words (:func:`after_phrase`) — is the last thing ``answer`` says:
    "Undici allows you to set your own Dispatcher in the EventSource constructor." ends with
    "the EventSource constructor (in the undici library)"."""
    after = after_phrase(answer, head_of(phrase))
    return after is not None and _ENDS_WITH_IT.match(after) is not None


# a list of what is asked for, two items or more: "… provides a number of synchronization primitives including locks,
# events, condition variables, and semaphores." (the Python tutorial's stdlib2.html)
_NAMED_LIST = re.compile(r"\b(?:such\s+as|including|namely)\s+[^.;,]+,\s*[^.;]+", re.IGNORECASE)
# a word that is a name: a capital after its first letter, a digit, an underscore, or all capitals
_NAME_LIKE = re.compile(r"^.+[A-Z]|\d|_|^[A-Z]{2,}$")
# the answer's last noun phrase, after an indefinite determiner
_INDEFINITE_END = re.compile(r"\b(?:an?|some|one)\s+(?P<np>(?:[\w-]+\s+){0,4}[\w-]+)\W*$", re.IGNORECASE)
_VAGUE_MODIFIERS = frozenset(stem(w) for w in "specific certain particular given special separate single".split())


def _definition_given(answer: str, phrase: str) -> bool:
    """Whether ``answer`` can be read as saying what ``phrase`` is. It cannot when the
    phrase, in the answer, is followed (after a few more words of the same subject) by
    "is"/"are" without a definition — "is in the public domain", "is cross-platform", "are
    not checked", "are also referred to as named parameters" (another name is not what it
    is) —, by "depends on", "varies" or "seemed", by a verdict ("is a great choice"), or by a
    modal "be" ("can either be specified"); a definition ("is a ...", "is 4096", "are
    pointers with ..."), an action ("right-justifies a string", "returns ..."), or the whole
    phrase introduced by name ("... is called a checkpoint") can; nor when the phrase ends the
    answer as a verb's object ("CMake has a large shared global namespace."). When the phrase
    is not found, nothing is said."""
    if re.search(_NAMED_AS + re.escape(phrase.strip()) + r"(?!\w)", answer, re.IGNORECASE):
        return True
    if ends_answer(answer, phrase):
        # X is the answer's last words, the object of a verb ("CMake effectively has a large shared global
        # namespace."): the answer says who has or uses X, not what X is — unless a copula put X there ("The
        # format used by SQLite is the file format.")
        if ((last := _INDEFINITE_END.search(answer))
                and not re.search(r"\b(?:is|are|was|were)\s+$", answer[:last.start()], re.IGNORECASE)  # "Y is an X"
                and {stem(w) for w in words(last.group("np"))} <= {stem(w) for w in words(phrase)} | _VAGUE_MODIFIERS):
            # an X and nothing to tell which: "... each column is separated by a specific separator string.", "...
            # values ... have an implicit storage class." (an option type, the RUNNING state say which)
            return False
        # a name before X's last word says which X ("... uses the MetaNameValueStr syntax.", "... in the RUNNING
        # state.")
        last_word = head_of(phrase).split()[-1:]
        named = last_word and re.search(rf"\b(?P<name>[\w.:-]+)\s+{re.escape(last_word[0])}s?\W*$", answer,
                                        re.IGNORECASE)
        if named and _NAME_LIKE.search(named.group("name")) and named.group("name").lower() not in phrase.lower():
            return True
        return bool(re.search(r"\b(?:is|are|was|were|means?)\b", answer, re.IGNORECASE))
    after = after_phrase(answer, phrase)
    return after is None or not (_NOT_A_DEFINITION.match(after) or _NO_DEFINITION_VERB.match(after)
                                 or _EVALUATION.match(after))


# "What does X do?" asks for X's action, also with a condition after it ("What does the table do when an
# operation completes?")
_WHAT_DOES_X_DO = re.compile(r"^\s*what\s+(?:does|do|did)\s+(?P<np>[^?]+?)\s+do(?P<condition>\s+(?:when|whenever|after|"
                             r"before|if|once|while|during|until|on|at|in)\b[^?]*)?\s*\?\s*$", re.IGNORECASE)
# determiners before a noun ("the", "its", "each" …)
DETERMINERS = frozenset("the a an its their each all every some any".split())
# a past participle: a regular one, or one of the common irregular ones
PARTICIPLE_WORD = (r"(?:\w{3,}ed|built|made|set|kept|held|run|found|written|sent|shown|given|taken|split|bound|"
                    r"thrown|done)")
# after X: a passive — X is what something else acts on ("is automatically updated by CREATE TABLE", "is
# modified separately"); "is used to ...", "is called ..." say what X is for or what it is named, not this
_PASSIVE = re.compile(
    r"^[\s,\"”'’`]*(?:\([^)]*\)[\s,]*)?"
    r"(?:(?!(?:is|are|was|were|gets?|got|has|have|can|could|may|might|will|would|must|should)\b)[\w'()./-]+"
    r"[\s,\"”'’`]+){0,8}"
    r"(?:is|are|was|were|gets?|got|(?:has|have)\s+been|(?:can|could|may|might|will|would|must|should)\s+(?:not\s+)?be)"
    r"\s+(?:(?:\w+ly|also|not|then|only|still|never|first|always)\s+)*"
    r"(?!(?:used|designed|meant|intended|needed|required|able|called|named|known|termed|based|responsible|"
    r"supposed|made\s+up)\b)" + PARTICIPLE_WORD + r"\b", re.IGNORECASE)


# "What does X V ...?"
WHAT_DOES = re.compile(r"^\s*what\s+(?:does|do|did)\s+(?P<rest>[^?]+)\?\s*$", re.IGNORECASE)
# X, in the answer, as the subject of a passive: the participle
# ("... a debug statement that can be enabled by ...": X's noun, then a relative clause in the passive)
_PASSIVE_VERB = re.compile(r"^[\s,\"”'’`]*(?:(?:[\w-]+\s+){0,2}?(?:that|which)\s+)?(?:is|are|was|were|gets?|"
                           r"(?:has|have)\s+been|(?:can|could|may|might|will|would|must|should)\s+(?:not\s+)?be)\s+"
                           r"(?:(?:\w+ly|also|not|then|only)\s+)*(?P<verb>\w+)",
                           re.IGNORECASE)


def reversed_roles(question: str, answer: str) -> str | None:
    """The verb of a "What does X V ...?" ``question`` that the answer puts in the passive
    with X as its subject ("What does the kind camlint assume ...?" against "... the kind
    camlint is assumed, ..."), or in the active with X for its object ("What does the
    diagnostics_channel support in Undici?" against "Undici supports the diagnostics_channel"):
    the question makes X do what is done to it. ``None`` when the question has another form
    or the roles agree."""
    m = WHAT_DOES.match(question)
    if not m:
        return None
    rest = words(m.group("rest"))
    for k in range(1, len(rest)):
        # the verb "does" asks for is a bare verb after the subject, not a participle ("... is imported")
        if rest[k] in STOPWORDS or rest[k].endswith("ed") or rest[k - 1] in ("is", "are", "was", "were", "be", "been"):
            continue
        subject = " ".join(rest[:k])
        after = after_phrase(answer, subject, whole=True)
        if after is not None and (p := _PASSIVE_VERB.match(after)):
            participle, verb = stem(p.group("verb").lower()), stem(rest[k])
            if len(verb) >= 3 and (participle.startswith(verb) or verb.startswith(participle)):
                return rest[k]
        # or in the active with X as its object: "What does the diagnostics_channel support in Undici?" against
        # "Undici supports the diagnostics_channel"
        core = r"[\W_]+".join(re.escape(w) for w in rest[:k] if w not in DETERMINERS)
        if len(rest[k]) >= 3 and not rest[k].endswith("ing") and core and re.search(
                rf"\b{re.escape(rest[k])}\w*\s+(?:(?:the|a|an)\s+)?{core}(?![\w-])", answer, re.IGNORECASE):
            return rest[k]
    return None


def action_problem(question: str, answer: str) -> str | None:
    """Why ``answer`` does not say what X does for a "What does X do?" ``question``, or
    ``None`` (also for questions of other forms): X, in the answer, is the subject of a
    passive ("The SQLITE_SCHEMA table is automatically updated by commands like CREATE TABLE"
    says what commands do to it). When X is not found, nothing is said. A "How ...?" question
    answered by a sentence whose subject is the asked doing ("Using variables to build up a
    more complex generator expression is also a good way to ...") gives no way either."""
    if (_HOW.match(question) and (g := _GERUND_SUBJECT.match(answer))
            and not _METHOD_AFTER.match(answer[g.end():])):
        asked = {stem(w) for w in words(question) if w not in STOPWORDS}
        if asked and len(asked & {stem(w) for w in words(g.group("subject"))}) >= 0.6 * len(asked):
            return "the question asks how; the answer's subject is the asked doing itself, and it says what that is"
    m = _WHAT_DOES_X_DO.match(question)
    if not m:
        return None
    said = answer
    if m.group("condition") and (c := _LEADING_CONDITION.match(answer)):
        # the question's own condition, said again first ("If the iterator is dropped before being fully consumed, it
        # drops the remaining removed elements."): what X does is in the main clause, a pronoun standing for X
        said = _PRONOUN_SUBJECT.sub(m.group("np"), c.group("main").strip(), count=1)
    after = after_phrase(said, np := m.group("np"))
    if after is not None and _PASSIVE.match(after):
        return f"the question asks what {np!r} does; the answer says what is done to it"
    # what happens without X ("If no authentication method is given with the auth argument, Requests will attempt to get
    # the credentials … from the user's netrc file", the requests docs) is not what X does
    if (c := _LEADING_CONDITION.match(answer)) and _ABSENT.search(c.group("condition")):
        actor = {stem(w) for w in words(np) if w not in STOPWORDS}
        if actor and actor <= {stem(w) for w in words(c.group("condition"))}:
            return f"the question asks what {np!r} does; the answer says what happens without it"
    # X only in the answer's opening condition, something else acting in its main clause: what happens when X is so
    # ("If LLVM_PROFILE_FILE contains a path to a nonexistent directory, the missing directory structure will be
    # created") is not what X does, unless the question asks for that case; nor what a person must do when they act
    doer = _HAVE_TO.sub("", np)
    if ((c := _LEADING_CONDITION.match(answer)) and not _PRONOUN_SUBJECT.match(c.group("main"))
            and (_PERSON.search(doer) or not m.group("condition"))):
        actor = {stem(w) for w in words(doer) if w not in STOPWORDS}
        in_condition, in_main = ({stem(w) for w in words(c.group(part))} for part in ("condition", "main"))
        if actor & in_condition and not actor & in_main:
            return f"the question asks what {doer!r} does; in the answer {doer!r} is in a condition and another acts"
    return None


# an answer that opens with its condition: "When the programmer has enabled debug_assert! assertions (for example,
# by enabling a non-optimized build), implementations must insert dynamic checks ..." (the Rust Reference)
_LEADING_CONDITION = re.compile(r"^\W*(?:when|whenever|if|once|after|before|while|unless)\b"
                                r"(?P<condition>(?:[^,(]|\([^)]*\))*),(?P<main>.+)$", re.IGNORECASE)
# a condition that X is absent: "If no X is given", "if X is not set", "unless X …"
_ABSENT = re.compile(r"^\s*(?:no|none\s+of)\b|\b(?:is|are|was|were)\s+(?:not|never)\b|\b(?:isn't|aren't|without)\b"
                     r"|^\s*(?:is\s+)?(?:omitted|missing|absent)\b", re.IGNORECASE)
# a person who uses the thing documented: what they must do is not what the thing does when they do it (an
# answer's main clause about the thing, or the implementation, answers another question)
_PERSON = re.compile(r"\b(?:programmers?|users?|developers?|callers?|authors?|administrators?|admins?|operators?|"
                     r"maintainers?|you)\b", re.IGNORECASE)
_PRONOUN_SUBJECT = re.compile(r"^\W*(?:it|they|he|she|you|we|this|that|these|those)\b", re.IGNORECASE)
# "What does X have to do ...?": the words between X and "do" that are no part of X
_HAVE_TO = re.compile(r"\s+(?:have|has|need|needs|ought)\s+to\s*$", re.IGNORECASE)


# "How can variables be used to build up a more complex generator expression?" answered by "Using variables to build
# up a more complex generator expression is also a good way to reduce errors ..." (CMake's manual): a verdict on the
# doing, not the way; "Computing X is done by summing ..." gives one
_HOW = re.compile(r"^\s*how\s+(?:can|could|do|does|did|should|would|might|may|is|are)\b", re.IGNORECASE)
_GERUND_SUBJECT = re.compile(r"^\W*(?P<subject>[A-Za-z]+ing\b[^,;]*?)\s+(?:is|are|was|were)\b", re.IGNORECASE)
_METHOD_AFTER = re.compile(r"^\s+(?:\w+\s+){0,3}?(?:done|achieved|performed|accomplished|by|using|through|via)\b",
                           re.IGNORECASE)


# "What are some (of the) X?", "What are examples of X?": asks for members, by name
_ASKS_EXAMPLES = re.compile(r"^\s*(?:what|which)\s+(?:are|were)\s+(?:some|a\s+few|several|(?:some\s+)?examples)\b",
                            re.IGNORECASE)
_LISTS = re.compile(r"\b(?:such\s+as|including|includes?|e\.g\.|for\s+(?:example|instance)|namely)\b|[:;]|,[^,]+,",
                    re.IGNORECASE)
# "What does X provide?" answered by an amount and a kind ("… provides a number of enhancements to the SQL language")
_WHAT_DOES_X_V = re.compile(r"^\s*what\s+(?:does|do|did|can|could|will)\b", re.IGNORECASE)
# "What are the 8-bit extensions ... included in X?" answered by "X includes several 8-bit extensions ..."
_WHAT_ARE_THE = re.compile(r"^\s*(?:what|which)\s+(?:are|were)\s+the\b", re.IGNORECASE)
_VAGUE_OBJECT = re.compile(r"\b(?:provides?|provided|offers?|contains?|details?|includes?|gives?|has|have|achieve|"
                           r"supports?|exposes?|exports?)\s+(?:a\s+lot\s+of|lots\s+of|a\s+(?:large\s+|small\s+)?number\s+of|"
                           r"a\s+(?:wide\s+)?(?:variety|range)\s+of|various|several|many|plenty\s+of)\s", re.IGNORECASE)
# "What changes are required to use X?" answered by "… perform some changes to your sources": the kind asked, after a
# vague amount, and nothing of it named (gpgrt.info)
_WHAT_KIND = re.compile(r"^\s*(?:what|which)\s+(?P<noun>[a-z]{3,}?)s?\s+(?:is|are|was|were|do|does|did|can|could|must|"
                        r"should|will|would|may|might|has|have|had)\b", re.IGNORECASE)
# or "What are the differences between constants and variables?" by "… there are a few differences between …" (the Rust
# Book)
_WHAT_ARE_THE_NOUNS = re.compile(r"^\s*(?:what|which)\s+(?:are|were)\s+the\s+(?:[\w-]+\s+)?(?P<noun>[a-z]{3,}?)s\b",
                                 re.IGNORECASE)
_VAGUE_AMOUNT = (r"\b(?:some|several|various|certain|many|multiple|numerous|a\s+few|"
                 r"a\s+(?:large\s+|small\s+)?number\s+of|a\s+lot\s+of|lots\s+of)\s+(?:[\w-]+\s+){0,2}")
# "Which CMake generator must be selected ...?" answered by "Exactly one of the CMake Generators must be selected ..."
_WHICH_NOUN = re.compile(r"^\s*which\s+(?:[\w-]+\s+){0,3}?(?P<noun>[a-z]{3,}?)s?\s+(?:is|are|must|should|can|could|"
                         r"does|do|will|would|may)\b", re.IGNORECASE)
_AMOUNT_OF = (r"(?:exactly\s+|only\s+|at\s+least\s+|at\s+most\s+)?(?:one|any|some|all|each|none|either|several|many|"
              r"two|both)\s+of\s+(?:the\s+|these\s+|its\s+)?")
# "What does X mean?"
_WHAT_DOES_X_MEAN = re.compile(r"^\s*what\s+(?:does|do)\s+(?P<np>[^?]+?)\s+mean\s*\?\s*$", re.IGNORECASE)


# "the filesystem used by DOS": a thing identified by who uses it ("used to"/"used for" ask what it does)
_USED_BY = re.compile(r"^(?:[\w\-\"'`().]+\s+){1,6}used\s+(?:by|in|on|with|as)\b", re.IGNORECASE)


def asks_which(question: str) -> bool:
    """Whether ``question`` asks which thing is meant, so that a name is its whole answer:
    "Which X ...?", "Who ...?" or "What is the X that/used/called ...?" ("What is the
    filesystem used by DOS, Windows, and some OS/2 computers?" → "Msdos")."""
    if re.match(r"^\s*(?:which|who)\b", question, re.IGNORECASE):
        return True
    m = _WHAT_IS.match(question)
    return bool(m and (_IDENTIFIES.search(np := m.group("np")) or _USED_BY.match(np))
                and not _OTHER_WHAT_IS.search(np))


def definition_problem(question: str, answer: str, names: set[str]) -> str | None:
    """Why ``answer`` does not give what a "What is X?" ``question`` asks, or ``None``
    (also for questions of other forms). ``names``: names and numbers the answer has and the
    question lacks. "What is the X that/used ...?" and value questions ("What is the maximum
    size of X?") need one of them, or a definition; other "What is X?" questions fail when X,
    in the answer, is followed by a copula, "has been" or a modal "be" with no definition.
    "What are some X?" needs a name or a list, and so do "What does X provide?" and "What are
    the X in Y?" answered by an amount of a kind with no list after it ("a number of
    enhancements", "various levels"), and "What N ...?" answered by a vague amount of N ("some
    changes"), and "Which N ...?" by an amount of the N ("Exactly one of the CMake Generators
    ..."); "What does X mean?"
    fails when what follows "means" says X again ("\"suppressed\" means that a leak error has
    been suppressed")."""
    if _ASKS_EXAMPLES.match(question):
        return None if names or _LISTS.search(answer) else "the question asks for examples; the answer names none"
    if ((m := _WHICH_NOUN.match(question)) and not {n for n in names if m.group("noun") not in n.lower()}
            and re.match(rf"^\W*{_AMOUNT_OF}(?:[\w-]+\s+){{0,2}}{re.escape(m.group('noun'))}", answer, re.IGNORECASE)):
        return f"the question asks which {m.group('noun')}; the answer gives an amount of them and names none"
    if ((_WHAT_DOES_X_V.match(question) or _WHAT_ARE_THE.match(question))
            and (vague := _VAGUE_OBJECT.search(answer)) and not _LISTS.search(answer, vague.end())):
        return ("the question asks what X provides or contains; the answer gives an amount of a kind "
                "(\"a lot of ...\", \"various ...\") and names none")
    if ((m := _WHAT_KIND.match(question) or _WHAT_ARE_THE_NOUNS.match(question))
            and (vague := re.search(rf"{_VAGUE_AMOUNT}{m.group('noun')}\w*", answer, re.IGNORECASE))
            and not _LISTS.search(answer, vague.end())
            # a name before the amount is its owner's ("Charset Normalizer method from_bytes … provide some optional
            # parameters"), not one of the kind
            and not any(n.lower() in answer[vague.start():].lower() for n in names)):
        return f"the question asks which {m.group('noun')}s; the answer says {vague.group(0)!r} and names none"
    if (m := _WHAT_DOES_X_MEAN.match(question)) and (after := re.split(r"\bmeans?\b", answer, maxsplit=1)[1:]):
        term = {stem(w) for w in words(m.group("np")) if w not in STOPWORDS}
        if term and term <= {stem(w) for w in words(after[0])}:
            return f"the question asks what {m.group('np')!r} means; the answer defines it by itself"
    m = _WHAT_IS.match(question)
    if not m or _OTHER_WHAT_IS.search(np := m.group("np")):
        return None
    # "What is the X used by Y ...?" may be answered by a name ("... uses the Zipfile virtual table ...") or by a
    # definition
    if _IDENTIFIES.search(np) or _PROPERTY.match(np) or _USED_BY.match(np):
        if _DETERMINED_BY.search(answer) and not numbers(answer) - numbers(question):
            return "the question asks which thing or what value; the answer says what determines it"
        if re.match(r"conditions?\b", np, re.IGNORECASE) and _LEADING_CONDITION.match(answer):
            return None  # "What is the condition for two sequences to be considered equal?" / "If all items …, …"
        if not names and not _NAMED_LIST.search(answer) and (
                _IDENTIFIES.search(np) or not _definition_given(answer, np)):
            return ("the question asks which thing is meant (\"What is the X that ...?\") or a value; the answer "
                    "names none")
        return None
    if not _definition_given(answer, np):
        return f"the question asks what {np!r} is; the answer says something about it but not what it is"
    return None


# an answer that holds for one era only: a qualifier in front that sets it in old or new versions or in the past
_ERA = re.compile(r"^[\s\"“']*(?P<era>(?:Historically|Originally|Formerly|Previously|Traditionally|In\s+the\s+past"
                  r"|In\s+(?:the\s+)?(?:very\s+)?(?:early|earlier|older|old|more\s+recent|recent|later|newer|legacy|"
                  r"past|previous|prior)\s+(?:versions?|releases?|days|times)"
                  r"|(?:Prior\s+to|Before|Until|Up\s+to)\s+(?:version|release|v?\d))\b[^,]{0,80}),", re.IGNORECASE)
# a question that names an era itself
_ASKS_ERA = re.compile(r"\b(?:versions?|releases?|histor\w*|original\w*|older|old|recent|newer|later|earlier|before|"
                       r"after|since|prior|legacy|previous\w*|formerly|past|used\s+to|\d+(?:\.\d+)+)\b", re.IGNORECASE)


def condition_dropped(question: str, answer: str) -> str | None:
    """The era an ``answer`` is limited to ("In more recent versions of SQLite, the
    ROLLBACK will proceed ...", "Historically, the Python prompt ... would choose ...") when
    the ``question`` asks in general ("What does the ROLLBACK statement do?"), or ``None``:
    the answer then says what held once, or holds only now, as if it were the whole
    answer — a dropped condition. A qualifier that still holds ("Beginning with version
    3.37.0, ...") is not one."""
    m = _ERA.match(answer)
    if m and not _ASKS_ERA.search(question):
        return m.group("era")
    return None


# "What is the difference between X and Y?" asks for a contrast; an answer with no word of one ("IDL enums are
# translated to Caml enumerated types") says how X and Y relate, not how they differ
_ASKS_DIFFERENCE = re.compile(r"\bdiffer(?:s|ence|ences)?\b", re.IGNORECASE)
_CONTRAST = re.compile(r"\b(?:whereas|while|whilst|but|unlike|differ\w*|instead|rather|however|than|contrast|both|same|"
                       r"similar\w*|except|versus|vs)\b", re.IGNORECASE)


def difference_problem(question: str, answer: str) -> str | None:
    """Why ``answer`` does not give the difference a "What is the difference between X and
    Y?" ``question`` asks for (no word of contrast: "unlike", "but", "whereas", "except",
    "than", ...), or ``None``."""
    if _ASKS_DIFFERENCE.search(question) and not _CONTRAST.search(answer):
        return "the question asks how two things differ; the answer draws no contrast"
    return None


# "What is the primary goal of Crates.io?" asks for the one goal; "One major goal of Crates.io is to act as a permanent
# archive …" gives one of several (the Rust Book), as do "… is another of Rust's major goals", "… is one of the …" and
# "… is a major task when writing lints" (the Clippy book)
_ASKS_SUPERLATIVE = re.compile(r"(?:\bthe|\bits|\btheir|['’]s)\s+(?:single\s+)?(?:primary|main|principal|chief|"
                               r"foremost|biggest|greatest|most\s+important|only)\s+(?P<noun>[a-z]+)", re.IGNORECASE)
_ONE_OF_MANY = re.compile(r"\b(?:one|another)\s+of\b|\b(?:among|amongst)\s+the\b"
                          r"|(?:^\W*(?:one|another)|\b(?:is|are)\s+an?)"
                          r"\s+(?:(?:major|main|important|key|primary|big|great|common)\s+)?(?P<noun>[a-z]+)\b",
                          re.IGNORECASE)


def superlative_problem(question: str, answer: str) -> str | None:
    """Why ``answer`` does not give the one thing a "What is the main/primary/only X?"
    ``question`` asks for — it gives one of several ("One major goal of Crates.io is …",
    "… is another of Rust's major goals", "… is one of the …") — or ``None``."""
    asked = _ASKS_SUPERLATIVE.search(question)
    given = _ONE_OF_MANY.search(answer)
    if asked and given and (given.group("noun") is None or stem(given.group("noun")) == stem(asked.group("noun"))):
        return f"the question asks for the {asked.group(0).split(None, 1)[1]!r}; the answer gives one of several"
    return None


# an amount in words or digits (a digit inside a name, "sqlite3_limit", is none)
AMOUNT = re.compile(r"(?<![A-Za-z_])\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|"
                    r"hundreds?|thousands?|millions?|billions?|single|zero|none|both|unlimited|no\s+(?:limit|maximum)"
                    r"|any\s+number)\b", re.IGNORECASE)


_HOW_MANY = re.compile(r"\W*how\s+many\s+(?P<noun>(?:[\w-]+\s+){0,2}?[\w-]+)\s+(?:is|are|was|were|can|could|do|does|"
                       r"did|will|would|may|might|must|should|has|have|had)\b", re.IGNORECASE)


def count_problem(question: str, answer: str) -> str | None:
    """Why ``answer`` does not give the count a "How many …?" ``question`` asks for — it
    gives no number, or says "multiple", "several" or "many" of what it counts ("How many binary crates can a
    package contain?" → "A package can contain multiple binary crates …", the Rust Book) —
    or ``None``."""
    if not (m := _HOW_MANY.match(question)):
        return None
    if not AMOUNT.search(answer):
        return "the question asks how many; the answer gives no number"
    counted = {stem(w) for w in words(m.group("noun"))}
    for vague in re.finditer(rf"{_VAGUE_AMOUNT}", answer, re.IGNORECASE):
        if counted <= {stem(w) for w in words(answer[vague.end():])[:1]} | {stem(w) for w in words(vague.group(0))}:
            return f"the question asks how many; the answer says {vague.group(0).strip()!r}"
    return None
