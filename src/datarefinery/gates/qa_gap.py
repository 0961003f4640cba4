"""Whether a question leaves a gap its answer fills: the words an answer puts where the
question's "What" or its object stood (:func:`slot_fillers`), and the shapes of a question
that is its answer's own sentence with a question word in front, which leave nothing to ask
(:func:`no_gap`, :func:`copula_moved`, :func:`object_filled`, :func:`object_given`).

A small model writing a question for a sentence it was given (instruction backtranslation,
Li et al. 2023) often copies the sentence and puts "What does" in front ("What does SQLite
support foreign key constraints?"); read off the positions of the question's words in the
answer, with no model.
"""

from __future__ import annotations

import re

from datarefinery.gates.clauses import MODIFIER
from datarefinery.gates.lexicon import STOPWORDS, stem
from datarefinery.gates.qa_fit import DETERMINERS, PARTICIPLE_WORD, WHAT_DOES
from datarefinery.gates.text_stats import WORD, words

# "What does X V ...?" and "How do you V ...?": the shapes that can be the answer's own clause with a question word in
# front ("How do you choose to act ... will reflect back ... as a whole?" for "... how you choose to act ... will
# reflect back ... as a whole.")
_WH_AUX = re.compile(r"^\s*(?P<wh>what|how)\s+(?:does|do|did|can|could|should|will|would|may|must)\s+"
                     r"(?P<rest>[^?]+)\?\s*$", re.IGNORECASE)


_ASKS_KIND = re.compile(r"^\s*(?:what|which)\s+([a-z]{3,}?)s?\s", re.IGNORECASE)


_USED_TO = re.compile(r"^\s*(?:what|which)\s+[^?]*?\b(?:is|are|can\s+be|should\s+be|must\s+be)\s+used\s+to\s+"
                      r"(?P<verb>\w+)", re.IGNORECASE)


def tool_named(question: str, answer: str) -> str:
    """X of an answer "Use X to V …" to a question "What … is used to V …?" (the Clippy
    book: "What command is used to generate the .fixed file …?" → "Use cargo bless to
    generate the .fixed file …"), or ``""``: the instruction names what the question asks
    for."""
    used = _USED_TO.match(question)
    use = used and re.match(rf"^\W*(?:you\s+can\s+)?use\s+(?P<x>[^,;]+?)\s+to\s+{re.escape(used.group('verb'))}\b",
                            answer, re.IGNORECASE)
    return use.group("x") if use else ""


def slot_fillers(question: str, answer: str) -> set[str]:
    """The words (lower case) an answer puts in its question's gap, not in the question: the
    subject where "What"/"Which"/"Who" stood, the question's rest following word for word
    ("What is included in the tox environments?" → "Black is included in the tox
    environments." gives "black"), and the word before the kind a "What/Which N …?" asks for
    ("What method should be used …?" → "… use the chars method." gives "chars"; not a
    modifier or a participle: "certain conventions", "contributed modifications"), and X of
    "Use X to V …" for "What … is used to V …?". One such
    word is the whole answer, not a restatement."""
    asked = {stem(w) for w in words(question)}
    found: list[str] = []
    m = re.match(r"^\s*(?:what|which|who)\s+(?P<rest>[^?]+)\?\s*$", question, re.IGNORECASE)
    rest, said = (words(m.group("rest").lower()), words(answer.lower())) if m else ([], [])
    if len(rest) >= 3 and len(said) > len(rest) and said[len(said) - len(rest):] == rest:
        found += said[:len(said) - len(rest)]
    found += _object_gap(question, answer)
    found += words(tool_named(question, answer).lower())
    kind = _ASKS_KIND.match(question)
    if kind and kind.group(1).lower() not in STOPWORDS:  # "What are …", "What can …" ask no kind
        found += [w.lower() for w in re.findall(rf"\b([\w.:!-]+)\s+{kind.group(1)}s?\b", answer, re.IGNORECASE)
                  if not MODIFIER.match(w.lower()) and not w.lower().endswith("ed")]
    return {w for w in found if w not in STOPWORDS and w not in _AMOUNTS and stem(w) not in asked}


_WHAT_DOES_REST = re.compile(r"^\s*what\s+(?:does|do|did|can|could|will|would|should|must)\s+(?P<rest>[^?]+)\?\s*$",
                             re.IGNORECASE)
# words that fill an object's place and say nothing ("provides a way for …", "offers support for …")
_EMPTY_FILLERS = frozenset("way ways support means ability possibility option options facility facilities thing things "
                           "something anything stuff".split())


def _object_gap(question: str, answer: str) -> list[str]:
    """The one to three words the answer puts between the words of a "What does X V …?"
    question where its object goes, the question's words before and after them in order
    ("What does the heapq module provide for implementing heaps …?" → "The heapq module
    provides functions for implementing heaps …" gives "functions"); none when the gap's
    words say nothing ("a way", "support")."""
    m = _WHAT_DOES_REST.match(question)
    if not m:
        return []
    asked = [stem(w) for w in words(m.group("rest"))]
    said_words = words(answer)
    said = [stem(w) for w in said_words]
    for k in range(2, len(asked)):
        left, right = asked[:k], asked[k:]
        for i in range(len(said) - k + 1):
            if said[i:i + k] != left:
                continue
            for gap in (1, 2, 3):
                j = i + k + gap
                if said[j:j + len(right)] == right:
                    filler = [w.lower() for w in said_words[i + k:j] if w.lower() not in STOPWORDS]
                    return [] if not filler or set(filler) & _EMPTY_FILLERS else filler
    return []


# an amount where the subject stood names nothing ("Multiple types were used as bounds …" for "What types were used …?")
_AMOUNTS = frozenset("some several various certain many multiple numerous few all both each most".split())


_PREPOSITIONS = frozenset("""in on of to for with from by at into onto about as like than via over under through
throughout across within without between among around after before during against along behind beyond upon toward
towards inside outside per""".split())


def object_filled(question: str) -> bool:
    """Whether a "What does X V ...?" question ends with its verb's object already given —
    a determiner and at most two more words after a content word ("What does an INTEGER
    PRIMARY KEY column alias the ROWID?", "What does SQLite obtain a "pending" lock?"), so
    "what" has nothing left to ask. "What does X do to optimize the journal file?" and
    "What does X depend on?" keep their gap."""
    m = WHAT_DOES.match(question)
    if not m:
        return False
    rest = m.group("rest").split()
    if rest[-1].lower() in _PREPOSITIONS or any(w.lower() in ("do", "does", "did") for w in rest):
        return False
    det = next((i for i in range(len(rest) - 1, 0, -1) if rest[i].lower() in ("the", "a", "an")), None)
    return (det is not None and det >= 2 and len(rest) - det <= 3
            and rest[det - 1].lower() not in _PREPOSITIONS and rest[det - 1].lower() not in STOPWORDS)




def object_given(question: str, answer: str) -> bool:
    """Whether a "What does X V O?" question's object O is the one its answer gives after V:
    the question's verb is found in the answer as a finite verb ("cache" → "caches", "cached")
    and every content word after it in the question (two at least, stemmed) follows that verb
    in the answer within a few words. "What does the __pycache__ directory in Python cache
    compiled versions of modules?" against "Python caches the compiled version of each module
    in the __pycache__ directory" has nothing left to ask; "What does the struct module provide
    for working with ... formats?" ends on its gap ("provide" is followed by "pack()")."""
    m = WHAT_DOES.match(question)
    if not m:
        return False
    rest = m.group("rest").split()
    if rest[-1].lower() in _PREPOSITIONS:  # "What does Cyrus SASL send log messages to?": the gap is after "to"
        return False
    # a condition after the object is the answer's too, anywhere in it: "What does ed enter input mode when given
    # 'a'?" for "When an input command ... is given, ed enters input mode."
    cut = next((i for i, w in enumerate(rest) if i > 2 and w.lower() in ("when", "if", "whenever", "unless", "once")),
               None)
    if cut is not None and {stem(w) for w in words(" ".join(rest[cut + 1:])) if w not in STOPWORDS} <= {
            stem(w) for w in words(answer)}:
        rest = rest[:cut]
    tokens = [w.lower() for w in WORD.findall(answer)]
    for i, verb in enumerate(rest[1:-1], start=1):
        tail = [stem(w) for w in words(" ".join(rest[i + 1:])) if w not in STOPWORDS]
        after = rest[i + 1].lower()  # an object opens after a verb; "function use to ..." is a noun, then its verb
        if (len(tail) < 2 or not re.fullmatch(r"[a-z]{3,}", verb) or after in _PREPOSITIONS
                or rest[-2].lower() == "to"  # "... enable X to utilize?": the last verb's object is the gap
                or (after in STOPWORDS and after not in DETERMINERS)):
            continue
        forms = {verb + "s", verb + "es", verb + "ed", verb + "d"}
        if re.search(r"[^aeiou]y$", verb):  # "supply" -> "supplies", "supplied"
            forms |= {verb[:-1] + "ies", verb[:-1] + "ied"}
        for j, t in enumerate(tokens):
            if t in forms and _runs_through(tail, tokens[j + 1:]):
                return True
    return False


def _runs_through(keys: list[str], tokens: list[str]) -> bool:
    """Whether stemmed ``keys`` open ``tokens`` in order with only stopwords between them
    ("compiled versions of modules" in "the compiled version of each module"): a content word
    between two of them ("adept at finding arcane bugs in SQLite") is what the question asks."""
    k = 0
    for t in tokens:
        if k == len(keys):
            break
        if stem(t) == keys[k]:
            k += 1
        elif t not in STOPWORDS:
            return False
    return k == len(keys)


# verbs whose "that" opens what they say, not a relative clause ("A hot journal means that the database file ...")
_CLAUSE_VERBS = frozenset(stem(w) for w in ("mean indicate say state show require ensure specify suggest imply "
                                             "guarantee determine assume note claim know believe find").split())


def _fills_gap(token: str) -> bool:
    """Whether an answer word that the question lacks can be what the question asks for: a
    name, a number or a noun — not a stopword or an adverb in -ly."""
    low = token.lower()
    return low not in STOPWORDS and not low.endswith("ly")


_DO = frozenset(stem(w) for w in ("do", "does", "did", "done"))  # "What does Python do with X?" / "Python does X"
_HAVE = frozenset(stem(w) for w in ("have", "has", "had"))  # "What does X have ...?" / "X has ..."


_WHAT_IS_PASSIVE = re.compile(r"^\s*what\s+(?:is|are|was|were)\s+(?:(?:a|an|the)\s+)?(?P<rest>[^?]+?)\s*\?\s*$",
                              re.IGNORECASE)
_PARTICIPLE = re.compile(r"^(?!(?:called|named|termed)$)" + PARTICIPLE_WORD + "$", re.IGNORECASE)


def _in_order(tokens: list[str]) -> str:
    """A pattern for ``tokens`` in order, anything but a word character between them."""
    return r"\W+".join(re.escape(t) for t in tokens)


def copula_moved(question: str, answer: str) -> bool:
    """Whether "What is X V-ed ...?" is the answer's own "X is V-ed ..." with "What" in front
    and nothing left to ask: X and the passive run through the answer with the copula between
    them, up to a clause end or an aside. "What is the return value of the IDL function added
    to the outputs of the Caml function?" against "The return value of the IDL function is added
    to the outputs of the Caml function (in first position), unless ..." (camlidl's manual);
    "What is X used for?" against "X is used for storing ..." leaves the gap its answer fills."""
    m = _WHAT_IS_PASSIVE.match(question)
    if not m:
        return False
    rest = [t.group(0) for t in WORD.finditer(m.group("rest"))]
    for k in range(1, len(rest)):
        if not _PARTICIPLE.match(rest[k]):
            continue
        pattern = rf"\b{_in_order(rest[:k])}\W+(?:is|are|was|were)\W+(?:\w+ly\W+)?{_in_order(rest[k:])}\b"
        for hit in re.finditer(pattern, answer, re.IGNORECASE):
            after = answer[hit.end():].lstrip()
            if not after or after[0] in ".;!,:()-–—":
                return True
    return False


def no_gap(question: str, answer: str, slack: int = 1) -> bool:
    """Whether a "What does X V ...?" question (or "What can X V ...?") has no gap for its
    answer to fill: the words after "What does" run through the answer in order (``slack``
    words skipped or changed at most: "will"; "supports" for "support" is the same word) up to
    a sentence or clause end.
    "What does SQLite support foreign key constraints?" against "SQLite supports foreign
    key constraints." has none; "What does the isolation property determine?" against
    "The isolation property determines when changes ... become visible" has one. "How do/does
    ...?" is read the same way: "How does SQLite store data?" has no gap against "SQLite stores
    data." and one against "SQLite stores data in a single file." """
    m = _WH_AUX.match(question)
    # "What can be used to ...?" asks for the subject: the words after the modal are the verb's, not a subject's
    if not m or re.match(r"(?:be|been|have|not)\b", m.group("rest"), re.IGNORECASE):
        return False
    rest = [stem(w) for w in words(m.group("rest"))]
    while len(rest) > 2 and rest[0] in ("a", "an", "the"):  # "What does an INDEX lock ..." / "INDEX locks ..."
        rest = rest[1:]
    tokens = list(WORD.finditer(answer))  # the same tokens as words()
    stems = [stem(t.group(0).lower()) for t in tokens]
    def same(a: str, b: str) -> bool:  # the stemmer is crude: "succeed" -> "succe", "succeeds" -> "succeed"
        return a == b or {a, b} <= _DO or {a, b} <= _HAVE or (
            min(len(a), len(b)) >= 3 and abs(len(a) - len(b)) <= 3 and (a.startswith(b) or b.startswith(a)))

    for start in (i for i, w in enumerate(stems) if same(w, rest[0])):
        i, j, misses = 1, start + 1, 0
        while i < len(rest) and j < len(stems) and misses <= slack:
            if same(stems[j], rest[i]):
                i += 1
            elif i + 1 < len(rest) and same(stems[j], rest[i + 1]):  # a question word changed or dropped
                i, misses = i + 2, misses + 1
            elif _fills_gap(tokens[j].group(0)):  # "fsspec uses Black to ensure ...": the word "what" asks for
                break
            else:  # a word the answer adds in passing: "will", "fully"
                misses += 1
            j += 1
        if i == len(rest) and misses <= slack:
            after = answer[tokens[j - 1].end():].lstrip()
            # nothing, or only an aside, a dash's clause or a relative clause on the last word ("... identifiers
            # (column or table names) ...", "... in the client application - stray pointers ...", "... serializable
            # transactions that are atomic ...")
            if not after or after[0] in ".;!":
                return True
            # a how-question's answer may give the way after a comma ("..., where the last element added is ...")
            if m.group("wh").lower() == "what" and (after[0] in ",:)(-–—" or (
                    re.match(r"(?:that|which|who|whose)\b", after) and rest[-1] not in _CLAUSE_VERBS)):
                return True
    return False
