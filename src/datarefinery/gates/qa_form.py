"""Stage-1 form checks of a question–answer pair (no model): the mechanical failures a
strict curator rejects on sight.

- :class:`QuestionFormGate` — a question that points at context its reader lacks ("this
  level", "Section 26.3", "in this case"), or that is malformed: prompt text left in
  ("the statement", "the passage"), a quoted sentence asked about, a question nested in a
  question, two questions joined by "and how", a speculative "What if ...", or no
  interrogative form at all.
- :class:`AnswerFormGate` — an answer that is a fragment, an instruction copied from a
  list or itself a question, that points at missing context, that restates its question
  (measured by new words, names and numbers, not by one changed word), that gets yes/no
  wrong either way, that gives no reason when asked why, or that is about something else
  than its question (too few of the question's key words).

Whether a "What is X?" or "What does X V?" question fits its answer is read in
:mod:`datarefinery.gates.qa_fit` and :mod:`datarefinery.gates.qa_gap`. These are the failure
classes of the labelled precision set (``benchmarks/labels``); thresholds were set on its
development split only.
"""

from __future__ import annotations

import re

from pydantic import Field
from rapidfuzz import fuzz

from datarefinery.gates import reasons
from datarefinery.gates.base import Gate, GateParams
from datarefinery.gates.clauses import is_instruction, no_main_clause, word_lost_at_end
from datarefinery.gates.lexicon import NEGATIONS, STOPWORDS, numbers, starts_with_identifier, stem
from datarefinery.gates.provenance import entities
from datarefinery.gates.qa_fit import (
    action_problem,
    after_phrase,
    asks_which,
    condition_dropped,
    count_problem,
    definition_problem,
    difference_problem,
    ends_answer,
    reversed_roles,
    superlative_problem,
)
from datarefinery.gates.qa_gap import copula_moved, no_gap, object_filled, object_given, slot_fillers, tool_named
from datarefinery.gates.text_stats import words
from datarefinery.records import Record, Verdict

# a quoted phrase of two to four words, or a quoted path: "context format", '/dev/stderr'
_QUOTED_PHRASE = re.compile(r"(?<!\w)['\"“‘`]([\w./-]+(?: [\w./-]+){1,3}|/[\w./-]+)['\"”’`](?!\w)")
# words that point at context outside the sample
_POINTING = re.compile(
    r"\b(?:this|these|those)\b(?!\s+(?:is|are|was|were|means?)\b)"
    r"|\b(?:the\s+)?(?:above|aforementioned|preceding|following|previous|latter|former)\b(?!\s+(?:by|is|are)\b)"
    r"|\b(?:in|for|under)\s+(?:that|such\s+an?)\s+(?:case|situation|scenario|circumstance|event)s?\b|\bthe\s+given\b"
    # "… in that regard is the WSGI layer." (Flask's docs); "this" as a preposition's object before the verb ("The
    # reason for this is that …"); "one" with nothing before it ("The biggest one is that …", Click's docs)
    r"|\bin\s+that\s+(?:regard|respect|sense)\b"
    r"|\b(?:of|for|to|about|behind)\s+this\s+(?:is|are|was|were)\b|\bfor\s+that\s+(?:is|was)\b"
    r"|^\W*the\s+(?:\w+\s+){0,2}ones?\s+(?:is|are|was|were|can|will|must|has|have|does|do)\b"
    r"|\b(?:section|chapter|figure|table|listing|example|step|paragraph|appendix)s?\s+(?:[A-Z]-)?\d[\d.]*"
    # a section by its name: "… as described in the Comparisons section" (Python's language reference)
    r"|\b(?:in|from|see)\s+the\s+(?-i:[A-Z][\w-]*)(?:\s+(?-i:[A-Z][\w-]*)){0,3}\s+(?:section|chapter)s?\b"
    r"|\b(?:see|shown|described|mentioned|listed)\s+(?:above|below|earlier|later)\b"
    r"|\bhere\b(?=[.,?])"
    # a picture the text cannot carry: "The bar plot shows ...", "What does the box plot illustrate?" (lingua's README)
    r"|\bthe\s+(?:[\w-]+\s+)?(?:plot|chart|diagram|screenshot|figure|image|picture|graph|illustration)s?\s+"
    r"(?:(?:below|above)\s+)?(?:show|illustrate|depict|display)s?\b", re.IGNORECASE)
# a question about "the project", "the library" with no name: which one? ("What are the supported Python versions for
# the project?", psutil's README; "What does the library do if 'small' is 1?") — the kind last, or before a verb or a
# preposition; "the library size", "the project team" are compounds, "the library that converts …" asks which one
_UNNAMED_KIND = re.compile(r"\b(?i:the)\s+(?:project|library|package|tool|software|framework)\s*"
                           r"(?=[?,]|(?i:as|in|on|at|by|from|when|if|do|does|did|is|are|was|were|can|will|provides?|"
                           r"supports?|uses?|requires?)\b)")
# what the prompt said, left in the question
_META = re.compile(
    r"\b(?:the|this|that|given|provided|following)\s+(?-i:(?:statement|sentence|passage|text|article|excerpt|quote|fact|"
    r"paragraph|document|context|author|evidence)s?)\b"
    # a compound a system names ("the authors list", "the text mode", "the context struct", "the statement journal")
    r"(?!\s+(?:list|mode|interface|struct|structure|manager|object|node|field|key|journal|cache|editor|window|type|"
    r"class|variable|parameter|argument|string|file|root|menu|switch|used|passed)\b)"
    r"|\brelevant\s+sentence\b|\bquiz\b|\btrue\s+or\s+false\b"
    r"|\bwhich\s+(?:statement|option|choice)s?\b|\bbest\s+describes?\b"
    # what a document says, asked instead of the fact: "What does the documentation of the library state about ...?"
    r"|\b(?:documentation|docs|manual|tutorial|guide|specification)(?:\s+(?:of|for)\s+(?:the\s+)?[\w.-]+"
    r"(?:\s+[\w.-]+)?)?\s+(?:says?|states?|mentions?|notes?)\b",
    re.IGNORECASE,
)


def source_reference(text: str) -> str | None:
    """The words by which ``text`` speaks about its source instead of stating a fact ("the
    passage", "the text states", "the given statement"), or ``None``. A training answer or
    reasoning step that cites "the text" teaches a model to cite a text it will not have."""
    m = _META.search(text)
    return m.group(0) if m else None


_QUOTED_SENTENCE = re.compile(r"[\"“][^\"”]*\b\w+\s+\w+\s+\w+\s+\w+[^\"”]*[\"”]")
# a phrase of two words or more after a function word, then a preposition or "and", then the phrase again and no more
# of it ("... and a struct type", "MinHash LSH and MinHash LSH Ensemble" are two things): "the default behavior of the
# crt-static target feature in the crt-static target feature", "the difference between the Unix version and the Unix
# version" (rustc's book, git's man pages)
_SAID_TWICE = re.compile(r"(?:^|\b(?:the|a|an|of|in|for|on|to|with|between|is|are|what|which)\s+)"
                         r"(?P<phrase>(?!(?:the|a|an)\b)[\w-]+(?:\s+[\w-]+){1,3})"
                         r"\s+(?:in|of|and|for|on|to|with)\s+(?:the\s+|a\s+|an\s+)?(?P=phrase)"
                         r"(?=\s*[?,.]|\s+(?:in|of|on|for|to|with|and|or)\b)", re.IGNORECASE)
# two questions in one ("What are exceptions and how are they handled?"): one sentence rarely answers both
_COMPOUND = re.compile(r",?\s+(?:and|or)\s+(?:how|what|why|when|where|which|who|will|can|does|do|is|are)\b",
                       re.IGNORECASE)
# a sentence turned into a question by its tail ("What does the file remain unaltered, which means?")
_DANGLING_TAIL = re.compile(r",\s*(?:which|that|this)\s+(?:means|implies|is|are|does)\s*\?\s*$", re.IGNORECASE)
# "What does Storable have now been changed to?": "does" with a perfect tense (Storable's POD)
_DOES_PERFECT = re.compile(r"^\s*(?:what|how|why|when|where)\s+(?:does|do|did)\s+"
                           # in the main clause: "... when the end of the file has been reached?" is a clause of its own
                           r"(?:(?!\b(?:when|whenever|if|after|once|since|because|that|which|who|where|until|unless|"
                           r"while|before)\b)[^?])*?\b(?:have|has)\s+"
                           r"(?:(?:\w+ly|now|already|not|never|also)\s+)?been\b", re.IGNORECASE)
# "What does the developers continue to do?": a plural noun after "does" (not -ss, -us, -is, -'s)
_AGREEMENT = re.compile(r"^\s*(?:what|how|why|when|where)\s+does\s+(?:(?:the|these|those|many|some|all)\s+)?"
                        # "What does the different smart pointers … provide?" (the Rust Book): two modifiers
                        r"(?:(?:different|various|several|many|multiple|other|new|two|three)\s+\w+\s+|\w+\s+"
                        # two names joined before their plural noun: "What does the "wrap()" and "fill()" functions
                        # return?" (Text::Wrap's POD)
                        r"|[\w\"'`().]+\s+(?:and|or)\s+[\w\"'`().]+\s+)?"
                        r"(?-i:[a-z]+[a-rtvwxyz])s\s+(?!is\b|are\b)\w", re.IGNORECASE)
# "What command does the ".read" command take?": the asked-for noun is the subject's own head noun
_WH_NOUN_REPEATED = re.compile(r"^\s*(?:what|which)\s+(\w{3,})\s+(?:does|do|did|is|are|was|were|can|will)\s+"
                               r"(?:the|a|an|this|its)\b[^?]*?(?<![\w.-])\1s?(?![\w(-]|\.\w)", re.IGNORECASE)
# the answer's verb made a noun, its object kept: "What is Clippy's interest in improving the experience of its users
# …?" for "Clippy is also interested in making the experience … better", "What is the Rust team's focus on enabling
# great IDE support?" — the doing named is all there is to ask ("What is the approach for developing …?" asks one)
_NOMINALISED = re.compile(r"^\s*what\s+(?:is|are|was|were)\s+[^?]*?\b(?:focus|interest|emphasis|commitment)\s+(?:on|in)\s+"
                          r"\w+ing\b", re.IGNORECASE)
_WHAT_IF = re.compile(r"^\s*what\s+(?:if|would\s+happen|happens\s+if)\b", re.IGNORECASE)
_INTERROGATIVE = re.compile(
    r"^\s*(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|can|could|does|do|did|should|would|will|"
    r"may|might|must|has|have|had|shall|in\s+what|on\s+what|for\s+what|to\s+what|at\s+what|by\s+what|from\s+what|"
    r"under\s+what|with\s+what|in\s+which|on\s+which|for\s+which|to\s+which)\b",
    re.IGNORECASE,
)
_YES_NO = re.compile(r"^\s*(?:is|are|was|were|can|could|does|do|did|should|would|will|may|might|must|has|have|had|"
                     r"shall)\b(?![^?]*\bor\b)", re.IGNORECASE)
_YES_NO_ANSWER = re.compile(r"^\s*(?:yes|no)\b", re.IGNORECASE)
_ANSWER_POINTING = re.compile(r"^\s*(?:this|these|that|those|such|here|it\s+also|they\s+also)\b(?!\s+(?:is|are)\s+"
                              r"(?:why|how|what|because)\b)"
                              # "Some of them, however, were ...", "Many of these are set by ..." (CMake's manuals)
                              r"|^\s*(?:some|many|most|all|each|none|both|several|few|one|either|neither|any)\s+of\s+"
                              r"(?:them|these|those)\b", re.IGNORECASE)
# a demonstrative standing alone before a clause break ("To support this, ...", "Because of these; ...")
_BARE_DEMONSTRATIVE = re.compile(r"\b(?:this|these|those)\s*[,;:]", re.IGNORECASE)
# an example after the answer's sentence: "For instance, ...", "For example, ...", "E.g. ..."
_EXAMPLE_TAIL = re.compile(r"(?<=[.!?])\s+(?:For\s+(?:instance|example)|E\.\s?g\.|Example:).*$",
                           re.IGNORECASE | re.DOTALL)
# "this" as the object of a verb, pointing back ("One can easily see this by committing ...", "avoid that with ...",
# "UTS #46 will convert this into lower case ...", "Set this to no if ...", "... needed for this to work")
_DEMONSTRATIVE_OBJECT = re.compile(
    r"\b(?:see|do|does|did|doing|done|avoid|achieve|accomplish|fix|prevent|handle|solve|demonstrate|show|illustrate|"
    r"verify|confirm|test|explain|notice|observe|try|implement|describe)\s+(?:this|that|these|those)\s+"
    r"(?:by|with|using|through|via|when|if|because)\b|\b[a-z]+\s+(?:this|these)\s+(?:into|to|onto|using|via)\b"
    # "The easiest way to do that is by ...", "To achieve this, ...": the task stands in another sentence ("...,
    # but SQLite does not do this." points inside its own)
    r"|\b(?:do|achieve|accomplish|avoid|fix|prevent|handle|solve)\s+(?:this|that)\s+(?:is|are|was|were|will|would|"
    r"can|could|requires?|needs?|takes?)\b|^\W*to\s+(?:do|achieve|accomplish|avoid|fix|prevent|handle|solve)\s+"
    r"(?:this|that)\s*,",
    re.IGNORECASE)
# "On macOS, this uses kqueue(2) ...": after an opening phrase with no clause of its own (where "it" could
# find its noun: "Before SQLite can write to a database, it must ..."), a pronoun subject stands for what another
# sentence names ("In practice, it is unwise to ..." and "it makes sense to" are expletive, and pass)
_INTRO_PRONOUN = re.compile(
    r"^(?!\s*(?:if|when|whenever|before|after|though|although|even|while|since|because|once|unless|until|as)\b)"
    r"(?![^,;:]*\b(?:is|are|was|were|be|been|can|could|may|might|must|will|would|should|does|do|did|has|have|had)\b)"
    r"[^,;:]{2,60},\s+(?:(?:this|these|those|they|it)\s+"
    r"(?!(?:is|was|may\s+be|can\s+be|would\s+be|will\s+be)\s+(?:\w+ly\s+)?\w+\s+(?:to|that|for|if)\b)"
    # contracted: "By default, it's the first sentence of the help message …" (Click's docs); "it's also possible
    # to", "it's quite possible that" pass
    r"|(?:it|they|these|those|this)'(?:s|re)\s+(?!(?:\w+\s+){1,3}(?:to|that|for|if)\b))"
    r"(?!makes?\s+sense\b)(?!(?:of|that|which|who)\b)"
    # with no comma after a short phrase that names a place: "In Rust this is achieved using a pattern called interior
    # mutability." (the Rust Reference)
    r"|^\s*(?:in|on|for|with|under|from)\s+(?:(?-i:[A-Z])[\w.+#-]*\s+){1,2}(?-i:this|these|those|they|it)\s+"
    r"(?!(?:is|was|may\s+be|can\s+be|would\s+be|will\s+be)\s+(?:\w+ly\s+)?\w+\s+(?:to|that|for|if)\b)",
    re.IGNORECASE)
# "If this does not result in exactly one option, ...", "If that work is long running, ...": a demonstrative
# subject right after a subordinator stands for what the sentence before said
_CLAUSE_DEMONSTRATIVE = re.compile(r"^\W*(?:if|when|whenever|unless|because|since|although|though|while|once|after|"
                                   r"before)\s+(?:this|these|those|that(?:\s+[a-z]+)?)\s+"
                                   r"(?=(?:(?:not|also|only|still|\w+ly)\s+)?(?:is|are|was|were|does|do|did|has|"
                                   r"have|can|will|would|should|must|may|might|happens?|fails?|results?|occurs?|"
                                   r"works?)\b)", re.IGNORECASE)
# "Once approved, they are given access ...": a subordinator with no subject of its own ("once approved", "when
# enabled", "if set"), then a pronoun: who or what was approved, the sentence before said
_BARE_CLAUSE_PRONOUN = re.compile(r"^\W*(?:if|when|whenever|unless|although|though|while|once|after|before|until)\s+"
                                  r"(?:\w+ly\s+)?[a-z]+(?:ed|en|ing|set|done|run)?\s*,\s+(?:this|these|those|they|"
                                  r"it|he|she)\b(?!\s+(?:is|was)\s+(?:\w+ly\s+)?\w+\s+(?:to|that)\b)",
                                  re.IGNORECASE)
# "When set to yes, Memcheck keeps track ...", "If not present the default is ...", "If not found, it then searches
# ...": a subordinate clause with its subject left out, and what was set, present or found only the sentence before said
_ELLIPTICAL_CLAUSE = re.compile(r"^\W*(?:if|when|whenever|unless|once|while)\s+(?:not\s+)?(?:\w+ly\s+)?"
                                r"(?:present|absent|missing|empty|specified|unspecified|set|unset|given|supplied|"
                                r"enabled|disabled|omitted|provided|used|true|false|called|passed|configured|defined|"
                                r"found|selected|invoked|run)\b", re.IGNORECASE)
# "leaks like this can ...", "errors such as these": of which kind, another sentence says ("like this one" names it)
_LIKE_DEMONSTRATIVE = re.compile(r"\b(?:like|such\s+as|as)\s+(?:this|these|those)\b(?!\s+(?:one|ones|kind|sort|type)\b)"
                                 r"(?=\s*(?:[,.;:!?)]|$|(?:can|could|may|might|will|would|should|must|is|are|was|were|"
                                 r"cannot|have|has|do|does|did|often|also|only|usually)\b))", re.IGNORECASE)
# "this level" / "these settings" / "this same clockid": a demonstrative with a noun the sample has not named
_DEMONSTRATIVE = re.compile(r"\b(?:this|these|those)\s+(?:same\s+)?([A-Za-z][\w-]*)", re.IGNORECASE)
# questions an instruction answers ("How do I ...?", "What should be done ...?", "What do you type ...?"); "What do
# quotes around specifiers mean?" is none
_HOW_TO = re.compile(r"^\s*(?:how\s+(?:do|can|should|would|could|does|is)|what\s+(?:should|must)|"
                     r"what\s+(?:do|does|can)\s+(?:i|you|we|one|users?)|which\s+(?:command|steps?))\b", re.IGNORECASE)
# "Use --no-fail-fast to run as many tests as possible ...": an option's purpose, written as an instruction; it
# answers a question about that option (cargo's and systemd's pages)
_USE_TO = re.compile(r"^\W{0,2}(?:use|set|pass|specify)\s+[\"'`]?(?P<name>[^\s\"'`]+)[\"'`]?(?:\s+\S+)?\s+to\s+[a-z]+",
                     re.IGNORECASE)


def option_purpose(question: str, answer: str) -> bool:
    """Whether ``answer`` is "Use/Set/Pass/Specify X to ..." and ``question`` names X: the
    instruction says what X is for."""
    m = _USE_TO.match(answer)
    if m is None:
        return False
    name = m.group("name").strip(".,;:").lower()
    return (len(name) > 1 and name not in STOPWORDS
            and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", question, re.IGNORECASE) is not None)


# a question that asks for a reason or purpose, and the words an answer gives one with
_ASKS_REASON = re.compile(r"^\s*why\b|\b(?:reasons?|purposes?|causes?|caused|motivation|rationale)\b", re.IGNORECASE)
_GIVES_REASON = re.compile(
    r"\b(?:because|since|so\s+that|so\s+as|in\s+order|due\s+to|as\s+a\s+result|therefore|thus|hence|purpose|"
    r"reasons?|(?:used|designed|meant|intended|needed|required|able|way|order|provided)\s+to|for\s+\w+ing|allows?|"
    r"enables?|lets?|prevents?|avoids?|ensures?|"
    r"guarantees?|protects?|helps?|used\s+(?:to|for)|serves?|caus(?:es|ed|ing)|useful\s+(?:in\s+\w+ing|when|for))\b"
    # what it makes easier or possible: "… can be used interactively, which makes it easy to experiment …", "… has
    # proven in practice to make SQLite more reliable and easier to use" (the Python tutorial, SQLite's datatype3.html)
    r"|\bmak(?:es?|ing)\s+(?:\w+\s+){0,3}?(?:easy|easier|possible|simpler|faster|safer|more\s+\w+)\b",
    re.IGNORECASE)
_COMPONENT = re.compile(r"\b(?:module|library|package|tool|utility|program)\b", re.IGNORECASE)
# right after a module or command: what it supports, or what it is and provides ("The csv module supports direct
# reading and writing of files in Comma-Separated Value format", "The sqlite3 module is a wrapper for the SQLite
# database library, providing a persistent database ..."; the Python tutorial's stdlib pages)
_SERVES = re.compile(r"^\s*(?:\w+ly\s+)?supports\b|^\s*(?:is|are)\s+an?\s+[^,.;]+,\s+providing\b", re.IGNORECASE)
# a dotted name in code, not a path's, an address's or a URL's part
_DOTTED_NAME = re.compile(r"(?<![\w/@.:<-])[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+(?![\w/@>])")
# a clause whose subject denies: what it says nothing does gives no purpose
_NOTHING_BEFORE = re.compile(r"(?:^|[.;]\s+)\W*(?:nothing|none|no\s+\w+)\b[^.;]*$", re.IGNORECASE)
# "What is the purpose of passing a cache value of NULL?" answered by "... passing in a cache value of NULL is not
# recommended, since ...": advice against the thing, whose "since" gives the reason not to, not its purpose
_ASKS_PURPOSE = re.compile(r"\bpurposes?\b", re.IGNORECASE)
# "What is X used for?" answered by where X may go: "The global_allocator attribute may only be applied to a static
# item whose type implements the GlobalAlloc trait." (the Rust Reference) says where X may be used, not for what
_USED_FOR = re.compile(r"\bused\s+for\b", re.IGNORECASE)
_RESTRICTION = re.compile(r"\b(?:may|can|must)\s+(?:only\s+)?be\s+(?:\w+ly\s+)?(?:applied|specified|used|placed|"
                          r"declared|put|given|written)\s+(?:only\s+)?(?:to|on|once|in|at|with)\b", re.IGNORECASE)
_PURPOSE_OF = re.compile(r"\bpurposes?\s+of\s+(?P<x>[^?]+)", re.IGNORECASE)
_ADVISES_AGAINST = re.compile(r"\b(?:is|are)\s+(?:not\s+recommended|discouraged|deprecated)\b"
                              r"|\bshould\s+(?:not|never)\s+be\s+used\b", re.IGNORECASE)
_ENDS = re.compile(r"[.!)\]\"”'`]\s*$")
# a function, method, command or option: named in code or as such
_CODE_THING = re.compile(r"\w\(\)|`|\b(?:function|method|command|option|flag|macro|routine|procedure)s?\b",
                         re.IGNORECASE)
# right after it, an active verb in the present: what it does
_DOES = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:\w+ly\s+)?(?!(?:is|was|has|does|needs|seems|appears|remains|means)\b)"
                   r"[a-z]{3,}(?<!s)s\b")
_WH = frozenset("what which who whom whose when where why how kind type purpose way mean means meaning happen happens "
                "difference different role main used use describe explain example".split())


# nouns that name no particular thing: a question made only of these ("What is the default
# configuration?", "What is the name of a database?") has no subject a reader can pin down
_GENERIC = frozenset("""default defaults configuration configurations setting settings option options name names value values
purpose way ways process processes format formats result results system systems application applications program
programs file files data information thing things type types kind kinds part parts feature features function
functions method methods feature features operation operations behavior behaviour case cases example examples user
users number numbers amount size limit limits time times change changes problem problems issue issues reason
reasons use uses level levels mode modes step steps rule rules item items object objects element elements set sets
list lists field fields entry entries record records state states task tasks tool tools version versions source
main new old first last other different same certain specific particular general common typical normal
standard usual basic simple good best important possible""".split())

# "What is an application file format?", "What are file formats?": a definition of a kind of
# thing, which stands alone however generic its words ("What is the default configuration?" does not)
_KIND_DEFINITION = re.compile(
    r"^\s*what\s+(?:is\s+an?|are)\s+(?!(?:the|these|those|this|that|its|their|our|your|some|any|all)\b)\w",
    re.IGNORECASE)


# "What is the relationship between X and Y?": a small model's question for a fact that links two things ("Each
# case of the union corresponds to a constructor of the sum type"); it asks for no particular fact, and in the
# labelled set and the PDF runs every one was bad
_RELATIONSHIP = re.compile(r"^\s*what\s+(?:is|are|was)\s+the\s+(?:\w+\s+)?(?:relationship|relation|connection|"
                           r"link)s?\s+between\b", re.IGNORECASE)


class QuestionFormParams(GateParams):
    field: str = "question"
    min_words: int = Field(4, ge=1, description="a question needs at least this many words")


# "What does the first argument begin with if ... it begins with +?": the question's own condition fills the gap
# that "what" asks about (cargo's man pages)
_ASKED_VERB = re.compile(r"^\s*what\s+(?:does|do|did)\s+.+?\s+(?P<verb>(?!(?:do|does|be|have|has|mean)\b)[a-z]{3,})"
                         r"(?:\s+(?:with|to|from|in|on|as|for|into|by))?\s+(?:if|when|where|while|after|once|since)\b"
                         r"(?P<tail>[^?]*)", re.IGNORECASE)


def gap_in_question(question: str) -> str | None:
    """The verb of a "What does X V ... if/when ...?" question whose condition uses the same
    verb with an object ("... begin with if ... it begins with +?"), so the question says what
    it asks; ``None`` otherwise."""
    m = _ASKED_VERB.match(question)
    if m is None:
        return None
    verb = m.group("verb").lower()
    root = verb[:-1] if verb.endswith("e") else verb
    return verb if re.search(rf"\b{re.escape(root)}(?:e|es|s|ed|d|ing)?\s+\S", m.group("tail"), re.IGNORECASE) else None


class QuestionFormGate(Gate):
    """Rejects a question that points at missing context (``not_standalone``), names
    nothing in particular (``underspecified``: every noun generic), or is
    malformed (``malformed_question``: prompt text left in, a quoted sentence asked about,
    a nested question, "What if ...", no interrogative opening). Score: 1.0 or 0.0."""

    kind = "question_form"
    Params = QuestionFormParams
    params: QuestionFormParams

    def evaluate(self, record: Record, text: str) -> Verdict:
        q = " ".join(text.replace("’", "'").split())
        problems: list[tuple[str, str]] = []
        if m := _META.search(q):
            problems.append((reasons.MALFORMED_QUESTION, f"prompt text left in: {m.group(0)!r}"))
        if m := _QUOTED_SENTENCE.search(q):
            problems.append((reasons.MALFORMED_QUESTION, f"asks about a quoted sentence: {m.group(0)[:60]!r}"))
        if q.count("?") > 1 or re.search(r"\?\s*\S", q):
            problems.append((reasons.MALFORMED_QUESTION, "a question nested in a question"))
        if _COMPOUND.search(q):
            problems.append((reasons.MALFORMED_QUESTION, "two questions in one"))
        if m := _SAID_TWICE.search(q):
            problems.append((reasons.MALFORMED_QUESTION, f"a phrase said twice: {m.group(0)!r}"))
        if _AGREEMENT.match(q):
            problems.append((reasons.MALFORMED_QUESTION, "\"does\" with a plural subject"))
        if _DOES_PERFECT.match(q):
            problems.append((reasons.MALFORMED_QUESTION, "\"does\" with a perfect tense"))
        if _DANGLING_TAIL.search(q):
            problems.append((reasons.MALFORMED_QUESTION, "a statement with a question's tail"))
        if verb := gap_in_question(q):
            problems.append((reasons.MALFORMED_QUESTION, f"the question's own condition says what {verb!r} asks"))
        if _NOMINALISED.match(q):
            problems.append((reasons.MALFORMED_QUESTION, "the answer's doing, made a noun, is the question"))
        if _WHAT_IF.match(q):
            problems.append((reasons.MALFORMED_QUESTION, "speculative 'what if' question"))
        if not _INTERROGATIVE.match(q):
            problems.append((reasons.MALFORMED_QUESTION, f"does not open like a question: {q[:30]!r}"))
        if len(words(q)) < self.params.min_words:
            problems.append((reasons.MALFORMED_QUESTION, f"{len(words(q))} words"))
        if m := _POINTING.search(q):
            problems.append((reasons.NOT_STANDALONE, f"points at missing context: {m.group(0)!r}"))
        if m := _UNNAMED_KIND.search(q):
            problems.append((reasons.NOT_STANDALONE, f"names a kind, not which one: {m.group(0)!r}"))
        if _RELATIONSHIP.match(q):
            problems.append((reasons.UNDERSPECIFIED, ("asks for \"the relationship between\" two things: no one "
                                                      "sentence answers that; ask for what the fact states")))
        specific = [w for w in words(q) if w not in STOPWORDS and w not in _WH and w not in _GENERIC and len(w) > 1]
        if not specific and not entities(q) and not _KIND_DEFINITION.match(q):
            problems.append((reasons.UNDERSPECIFIED, ("names nothing in particular: every noun is generic "
                                                      "(\"the default configuration\")")))
        if problems:
            # context first: a rewrite of the question fixes both kinds, and says why
            problems.sort(key=lambda p: p[0] != reasons.NOT_STANDALONE)
            return self.fail(problems[0][0], 0.0, "; ".join(msg for _, msg in problems), [msg for _, msg in problems])
        return self.ok(1.0)


class AnswerFormParams(GateParams):
    field: str = "answer"
    against: str = Field("question", description="the field holding the question")
    min_new_words: int = Field(2, ge=0, description="content words, names or a negation the question lacks")
    max_similarity: float = Field(85.0, ge=0, le=100, description="token-set similarity to the question (0-100) "
                                  "above which the answer is a restatement")
    min_topic_share: float = Field(0.5, ge=0, le=1,
                                   description="share of the question's key words the answer must mention")


class AnswerFormGate(Gate):
    """Rejects an answer that is a ``fragment`` (no sentence end, opens in lower case, an
    instruction copied from a list, or itself a question), points at missing context
    (``not_standalone``), leaves a yes/no question without yes or no or says yes or no to
    another kind (``yes_no_mismatch``), restates its question (``restates_question``: an
    example after it aside, no new name or number, and fewer than ``min_new_words`` content
    words or a negation the question lacks, one more when the two are near-identical), is asked by a "What does ...?"
    with no gap or asks for the kind its subject is (``malformed_question``: "What does SQLite support
    foreign key constraints?", "What command does the ".read" command take?"),
    answers a why/purpose question with no reason or
    purpose (``reason_not_given``), answers "What is X?" without saying what X is ("The code for SQLite is in
    the public domain": ``definition_not_given``), answers "What does X do?" with what is done to X
    (``action_not_given``), draws no contrast when asked for a difference
    (``difference_not_given``), holds for one era the question does not name ("In older
    versions, ...": ``condition_dropped``), or is about something else (``off_topic``: fewer than
    ``min_topic_share`` of the question's key words). Score: the share of the question's
    key words the answer mentions."""

    kind = "answer_form"
    Params = AnswerFormParams
    params: AnswerFormParams

    def evaluate(self, record: Record, text: str) -> Verdict:
        p = self.params
        a = " ".join(text.replace("’", "'").split())
        q = " ".join(str(record.data.get(p.against, "")).replace("’", "'").split())
        q_keys = {stem(w) for w in words(q) if w not in STOPWORDS and w not in _WH and len(w) > 1}
        a_content = {stem(w) for w in words(a) if w not in STOPWORDS and len(w) > 1}
        topic = len(q_keys & a_content) / len(q_keys) if q_keys else 1.0
        if (a.endswith("?") or not _ENDS.search(a) or word_lost_at_end(a) or no_main_clause(a)
                or (a[:1].islower() and not starts_with_identifier(a))):
            return self.fail(reasons.FRAGMENT, topic, "not a complete sentence (a fragment, or itself a question)")
        if is_instruction(a) and not _HOW_TO.match(q) and not option_purpose(q, a) and not tool_named(q, a):
            return self.fail(reasons.FRAGMENT, topic, "an instruction, not an answer to the question")
        if pointing := dangling_reference(a, q):
            return self.fail(reasons.NOT_STANDALONE, topic, f"points at missing context: {pointing!r}", [pointing])
        if verb := reversed_roles(q, a):
            return self.fail(reasons.MALFORMED_QUESTION, topic, f"the question has its subject {verb!r} what the "
                             "answer says is done to it")
        if no_gap(q, a) or copula_moved(q, a) or object_filled(q) or object_given(q, a):
            return self.fail(reasons.MALFORMED_QUESTION, topic, "\"What does/is ...?\" with nothing left to ask: "
                             "the question is the answer's sentence (or its verb and object) with \"What\" in front")
        if noun := kind_not_given(q, a):
            return self.fail(reasons.MALFORMED_QUESTION, topic, f"asks which {noun} the {noun} it names acts on, "
                             f"and the answer names no other {noun}")
        yes_no = _YES_NO.match(q) is not None
        if yes_no and not _YES_NO_ANSWER.match(a):
            return self.fail(reasons.YES_NO_MISMATCH, topic, "a yes/no question answered without yes or no")
        if not yes_no and _YES_NO_ANSWER.match(a):
            return self.fail(reasons.YES_NO_MISMATCH, topic, "yes or no given to a question that does not ask it")
        # what the answer says beyond an example that follows it ("... are translated to Caml arrays of arrays. For
        # instance, int [][] becomes int array array."): the example is no answer to the question
        said = a if re.search(r"\b(?:examples?|instances?)\b", q, re.IGNORECASE) else _EXAMPLE_TAIL.sub("", a) or a
        q_stems = {stem(w) for w in words(q)}
        said_content = {stem(w) for w in words(said) if w not in STOPWORDS and len(w) > 1} - _NAMING
        # a name the question spells out, in any case, is not new ("FFI stands for Foreign Function Interface.")
        q_words = set(words(q.lower()))
        said_names = {e.lower() for e in entities(said) if not set(words(e.lower())) <= q_words} \
            - {e.lower() for e in entities(q)}
        new = (said_content - q_stems) | said_names
        if any(w in NEGATIONS for w in words(said)) and not any(w in NEGATIONS for w in words(q)):
            new.add("(negation)")
        similar = fuzz.token_set_ratio(q.lower(), said.lower()) > p.max_similarity
        # "What is the size of X?" → "The size of X is 350KiB.": one new name or number is the answer
        names = said_names | (numbers(said) - numbers(q))
        # "... is called venv": the word a naming verb introduces is a name, even in lower case
        called = {w.lower() for w in re.findall(r"\b(?:called|named|termed)\s+[\"“'`]?([\w-]+(?:\.[\w-]+)*)", said)}
        # "The 'disconnect' event is emitted ...": a quoted word is a name, and so is a dotted one (".venv", ".pyc"); a
        # quoted phrase or path ("context format", '/dev/stderr') is one when it has a content word the question lacks
        quoted = {w.lower() for w in re.findall(r"(?<!\w)['\"“‘`]([\w.-]+)['\"”’`](?!\w)", said)}
        quoted |= {w.lower() for w in re.findall(r"(?<![\w.])(\.[A-Za-z][\w-]*)", said)}
        names |= (called - set(words(q))) | {w for w in quoted
                                             if not re.search(rf"(?<![\w.-]){re.escape(w)}(?![\w(-])", q.lower())}
        names |= {p for p in _QUOTED_PHRASE.findall(said)
                  if {w for w in words(p.lower()) if w not in STOPWORDS} - set(words(q.lower()))}
        # "What is the filesystem used by DOS ...?" → "Msdos is the filesystem used by DOS ...": the one new word, the
        # subject, is the name asked for (capitalised only as the sentence's first word)
        first = words(said)[:1]
        if first and asks_which(q) and new == {stem(first[0])} and re.match(r"\W*\S+\s+(?:is|are|was|were)\b", said):
            names.add(first[0])
        # "Black is included in the tox environments.", "… use the chars method.": what fills the question's gap
        names |= slot_fillers(q, said)
        # a name with a capital inside ("ctrl-C", "macOS", "eBPF"), which the capitalised-name pattern does not see
        names |= {w.lower() for w in re.findall(r"\b[a-z][a-z0-9]*-?[A-Z][\w-]*", said) if w.lower() not in q.lower()}
        # a dotted name in code ("obj.name", "f.seek"), which no capital marks
        names |= {w.lower() for w in _DOTTED_NAME.findall(said) if len(w) > 4 and w.lower() not in q.lower()}
        if not yes_no and not names and (len(new) < p.min_new_words or (similar and len(new) < p.min_new_words + 1)):
            return self.fail(reasons.RESTATES_QUESTION, topic,
                             f"{len(new)} new content words; the answer restates the question", sorted(new))
        if (_ASKS_REASON.search(q) and (not gives_reason(a, q)
                                        or _ASKS_PURPOSE.search(q) and _ADVISES_AGAINST.search(a))
                or _USED_FOR.search(q) and _RESTRICTION.search(a) and not gives_reason(a, q)):
            return self.fail(reasons.REASON_NOT_GIVEN, topic, "the question asks for a reason or purpose; the answer "
                             "gives none")
        if problem := definition_problem(q, a, names):
            return self.fail(reasons.DEFINITION_NOT_GIVEN, topic, problem)
        if problem := action_problem(q, a):
            return self.fail(reasons.ACTION_NOT_GIVEN, topic, problem)
        if problem := difference_problem(q, a):
            return self.fail(reasons.DIFFERENCE_NOT_GIVEN, topic, problem)
        if problem := count_problem(q, a):
            return self.fail(reasons.NUMBER_NOT_GIVEN, topic, problem)
        if problem := superlative_problem(q, a):
            return self.fail(reasons.SUPERLATIVE_NOT_GIVEN, topic, problem)
        if era := condition_dropped(q, a):
            return self.fail(reasons.CONDITION_DROPPED, topic, f"the answer holds only {era!r}; the question asks in "
                             "general")
        if topic < p.min_topic_share:
            missing = sorted(q_keys - a_content)
            return self.fail(reasons.OFF_TOPIC, topic,
                             f"the answer mentions {topic:.0%} of the question's key words "
                             f"(minimum {p.min_topic_share:.0%})", missing)
        return self.ok(topic)


_PURPOSE_IS_TO = re.compile(r"\b(?:purpose|aim|goal|reason)s?\b[^.;]*?\b(?:is|are|was|were)\s+to\s+\w+",
                            re.IGNORECASE)


def gives_reason(answer: str, question: str) -> bool:
    """Whether ``answer`` gives a reason or purpose in words of its own: a reason word
    ("because", "so that", "used to", "allows" …) whose phrase — the word and the two after
    it — the question does not already hold ("What is the purpose of the temporary database
    file used to store TEMP tables?" is not answered by "The temporary database file used to
    store TEMP tables is deleted …"). "The purpose of X is to …" gives one, and so does any
    reason word for "What caused X?", whose answer names the cause as its subject; so does,
    for a function, command or option, what it does in the present ("The json_patch()
    function runs …") or "Use X to …" for the X asked about. The purpose of X is not given
    by an answer that ends with X, the object of what it says."""
    asked = " ".join(words(question))
    if _PURPOSE_IS_TO.search(answer) or option_purpose(question, answer):  # "The purpose of X is to ...", "Use X to"
        return True
    if (m := _PURPOSE_OF.search(question)) and ends_answer(answer, m.group("x")):
        return False  # "... allows you to set your own Dispatcher in the EventSource constructor.": X allows nothing
    if m and ((code := _CODE_THING.search(m.group("x"))) or _COMPONENT.search(m.group("x"))):
        # "The json_patch() function runs ...": what a function does is what it is for; what a function or a module
        # supports or provides, too
        after = after_phrase(answer, m.group("x"), whole=True)
        if after is not None and (code and _DOES.match(after) or _SERVES.match(after)):
            return True
    if re.match(r"\s*(?:what|which)\s+(?:\w+\s+)?caus(?:es|ed)\b", question, re.IGNORECASE):
        return _GIVES_REASON.search(answer) is not None  # "What caused X?": the answer's subject is the cause
    for m in _GIVES_REASON.finditer(answer):
        if _NOTHING_BEFORE.search(answer[:m.start()]):  # "Nothing in Python makes it possible to enforce data hiding"
            continue
        phrase = " ".join(words(answer[m.start():])[:len(words(m.group(0))) + 2])
        if f" {phrase} " not in f" {asked} ":
            return True
    return False


# words that only link a name to what it names: "FFI stands for Foreign Function Interface." says nothing new to
# "What is the foreign function interface (FFI)?"
_NAMING = frozenset(stem(w) for w in
                    "stand stands refer refers mean means denote denotes abbreviation acronym short".split())


def kind_not_given(question: str, answer: str) -> str | None:
    """The noun of a "What N does the ... N V?" question when the answer mentions N no more than
    the question's subject does: "What command does the ".read" command take?" is answered by "takes
    a single argument" (an argument, not a command); "What class does the Foo class inherit from?"
    answered by "... from the Bar class" names a second one and passes."""
    m = _WH_NOUN_REPEATED.match(question)
    if m is None:
        return None
    noun = re.compile(rf"(?<![\w.-]){re.escape(m.group(1))}s?(?![\w(-]|\.\w)", re.IGNORECASE)
    return m.group(1).lower() if len(noun.findall(answer)) <= 1 else None


def dangling_reference(answer: str, question: str = "") -> str | None:
    """What an answer (or any sentence) points at without naming: an opening "This ..."/"Such ...", a
    "this" standing alone before a comma ("To support this, ..."), as a verb's object ("see this by ...") or
    after "like" ("leaks like this can ..."), a pronoun subject after an opening phrase ("On macOS, this
    uses ...") or a subordinator ("If this does not result ...", "If that work is ...", "Once approved, they
    are ..."), a subordinate clause without its subject ("When set to yes, ...", "If not present ..."), a
    section reference or "above"/"below", or "this <noun>" for a noun neither the
    question nor the answer before it has named. ("..., though this might change" points
    back inside its own sentence and passes.)"""
    if m := _ANSWER_POINTING.match(answer):
        return m.group(0).strip()
    if m := _BARE_DEMONSTRATIVE.search(answer):  # "To support this, Python has ...": this what?
        return m.group(0).strip()
    if m := _DEMONSTRATIVE_OBJECT.search(answer):  # "One can easily see this by ...": see what?
        return m.group(0)
    if m := _LIKE_DEMONSTRATIVE.search(answer):  # "Programs that have leaks like this can ...": like what?
        return m.group(0)
    if m := _CLAUSE_DEMONSTRATIVE.match(answer):  # "If this does not result in ...": this what?
        return m.group(0).strip()
    if m := _BARE_CLAUSE_PRONOUN.match(answer):  # "Once approved, they are given ...": who?
        return m.group(0).strip()
    if m := _ELLIPTICAL_CLAUSE.match(answer):  # "When set to yes, Memcheck ...": what is set?
        return m.group(0).strip()
    if m := _INTRO_PRONOUN.match(answer):  # "On macOS, this uses kqueue(2) ...": this what?
        return m.group(0).split()[-1]
    for m in _POINTING.finditer(answer):
        if not re.match(r"(?:this|these|those)\b", m.group(0), re.IGNORECASE):
            return m.group(0)
    for m in _DEMONSTRATIVE.finditer(answer):
        noun = m.group(1).lower()
        if noun in STOPWORDS or noun.endswith(("ed", "ly")) or noun in _VERB_AFTER_DEMONSTRATIVE:
            continue
        named = {stem(w) for w in words(question + " " + answer[:m.start()])}
        if stem(noun) not in named:
            return m.group(0)
    return None


_VERB_AFTER_DEMONSTRATIVE = frozenset("might may can could will would should must means mean allows allow makes make "
                                      "happens happen works work gives give causes cause has have had is are was were "
                                      "does do did".split())
