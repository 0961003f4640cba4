"""Statement selection by rule: the sentences of a chunk that can stand alone as a training
answer, with no model call.

Instruction backtranslation (Li et al. 2023) makes the document's own sentence the answer
and has the model write only the question; which sentences are worth a question is decided
here. A sentence is kept when it is declarative and points at nothing the reader lacks (no
"described above", no narration of the page or its worked example, nothing leaning on
another sentence, no first person, no one-letter placeholder, no garbled words), and ranked
by how much it states about a named subject. No token is spent quoting, nor on a sentence
the form gates would reject later.
"""

from __future__ import annotations

import re

from datarefinery.gates import reasons
from datarefinery.gates.clauses import has_auxiliary, is_instruction, no_main_clause, word_lost_at_end
from datarefinery.gates.lexicon import STOPWORDS
from datarefinery.gates.provenance import entities
from datarefinery.gates.qa_form import dangling_reference
from datarefinery.gates.text_stats import words
from datarefinery.generators.statements import _DEICTIC, _with_antecedent, is_statement
from datarefinery.generators.templates import extractive_answer
from datarefinery.graph.base import Reject
from datarefinery.records import Record, Span
from datarefinery.sources.sentences import Sentence, split_sentences

# narration of a tutorial or page, not knowledge: "you will soon learn", "as we saw", "line 22", "here"
_NARRATION = re.compile(
    r"\b(?:you|we)\s+(?:will|'ll|shall|may\s+want\s+to|are\s+going\s+to)\s+(?:soon\s+|now\s+|later\s+)?"
    r"(?:learn|see|discuss|look|cover|need|find)\b|\bas\s+(?:we|you)\s+(?:saw|have\s+seen|mentioned|noted)\b"
    r"|\blet'?s\b|\blet\s+us\b|\bnext\s+(?:section|chapter)\b"
    r"|\b(?:this|the)\s+(?:rest\s+of\s+the\s+)?(?:tutorial|document|article|page|chapter|section|manual|guide|paper|"
    r"note|essay|book)\b"
    # a figure's talk: "The blue color represents ...", "in the diagram"
    r"|\b(?:figure|diagram|picture|illustration|image|drawing|chart)s?\b"
    r"|\b(?:blue|red|green|yellow|gr[ae]y|orange|purple|pink)\b(?!\s*-)"
    # a worked example's program: "the script sets args.lines to 5", "the program executes ..."
    r"|\bthe\s+(?:script|program|example|snippet|listing|sample)\b(?!\s+(?:of|that|which|named|called)\b)"
    r"|\bhere\b|\bline\s+\d+|\b(?:below|above|previous(?:ly)?|following)\b"
    r"|\b(?:see|seen|shown|described|discussed|explained|covered|mentioned|introduced|saw)\s+(?:\w+\s+)?(?:later|earlier)\b"
    r"|\b(?:later|earlier)\s+(?:in|on)\s+(?:this|the)\b",
    re.IGNORECASE)
# words whose referent lies in another sentence: "..., too", "the same" (not "the same ... as"),
# "both" (not "both ... and"), "such" (not "such as"), "(Yet) another ...", "The difference is ...",
# "One possibility is ..."
_CONTEXT = re.compile(r",\s*too\b|\bas\s+well\b(?!\s+as)|\bthe\s+same\b(?![^.;]*\bas\b)|\bthe\s+(?:\w+\s+)?other\b"
                      r"|\bsuch\b(?!\s+as\b)|\bboth\b(?![^.;]*\band\b)|\beither\b(?![^.;]*\bor\b)|\bformer\b"
                      r"|\blatter\b|\botherwise\b|\binstead\b(?!\s+of)"
                      # "All other functions in the node:dns module ...": other than the one just named
                      r"|^\s*(?:all|any|every|each|most|many|some)\s+other\b"
                      # "When false, IPv4 addresses are placed ...": a condition on an option the sentence does not name
                      r"|^\s*(?:if|when|unless)\s+(?:true|false|set|unset|enabled|disabled|omitted|specified|present|"
                      r"given|null|undefined|non-?zero|zero)\s*,"
                      # "The second column ...", "The next transaction ...": the second of what, next after what
                      r"|^\s*the\s+(?:next|first|second|third|fourth|last|final|previous|remaining)\s+(?!\d)\w+"
                      # "then" with no "if"/"when" before it: a step after one the reader has not seen
                      # ("and then only if ..." is a condition, not a step)
                      r"|^(?:(?!\b(?:if|when|once|first|after|until)\b).)*\bthen\b(?!\s+only\b)"
                      r"|\banother\s+of\b|^\s*(?:(?:yet|still)\s+another|another|other|further|more|similarly|likewise|"
                      r"in\s+(?:contrast|addition|particular|other\s+words))\b"
                      # "The difference is ...", "One solution is ...": of what, the sentence does not say
                      r"|^\s*(?:the|a|one|another|the\s+main|the\s+only)\s+(?:difference|advantage|disadvantage|benefit|"
                      r"downside|reason|problem|solution|answer|result|idea|point|trick|catch|fix|workaround|exception|"
                      r"consequence|effect|goal|purpose|possibilit(?:y|ie)|alternative|option|approach)s?\s+"
                      r"(?:is|are|was|were)\b", re.IGNORECASE)
# two function words that never follow each other in a sound sentence ("the ability of to do"):
# a typo or a word lost in extraction
_GARBLED = re.compile(r"\b(?:of|to|for|with|from|by|at|the|a|an)\s+(?:of|to|for|with|from|by|at)\b"
                      r"|\b(the|a|an|to|of|is|and)\s+\1\b", re.IGNORECASE)
# what passing something does, with nothing it is passed to: the method the page documents ("Passing
# Bound::Included(x) will return a cursor pointing to …", rustdoc's BTreeMap page; "Passing an unsupported variant will
# cause an unconditional panic …")
_PASSED_TO_WHAT = re.compile(r"^\W*Passing\s+(?:(?!\b(?:to|into|as|through|via)\b)[^,;.])+?\s+"
                             r"(?:will|would|can|may|returns?|causes?|makes?|results?|means?)\b")
# a web address: a sentence that is little more than one is a link (the Edition Guide's redirect pages)
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
# a code line or comment, a shell prompt, a parenthetical aside
# (a command's usage line too: "Usage: main.py [OPTIONS] COMMAND [ARGS]...", typer's README, sqlite3's --help)
_CODE_LINE = re.compile(r"^\s*(?:--|/\*|//|#|>>>|\.\.\.|\$\s|sqlite>|\(|\"\"\"|'''|[A-Z]{2,}\s+[A-Z]{2,}\b.*[(;]"
                        r"|(?:[Uu]sage|USAGE):\s)")
# a code block the sentence splitter ran into a sentence: a body opened after a signature ("fn main() { let x = 5;"),
# a statement after a semicolon, a declaration at the start or after a brace (listings the HTML reader keeps in place)
_CODE_BLOCK = re.compile(r"\)\s+(?:->\s*[\w<>&:]+\s+)?\{"
                         r"|\{\s*(?:let|return|if|for|while|match|println!|this\.|self\.)\s"
                         r"|;\s*(?:let|fn|return|println!|const|var)\s"
                         r"|(?:^\W*|[};]\s*)(?:fn|let(?:\s+mut)?|const|var)\s+\w+\s*[=(:]|^[\s)\]]*\}")
_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Uu]s|[Oo]urs?|[Mm]y|[Mm]e|I)\b")
# a one-letter name from a worked example ("X starts a read transaction") — not one a signature
# in the same sentence declares ("json_patch(T,P) ... input T"), nor a letter's case ("f or F")
_PLACEHOLDER = re.compile(r"(?<![\w.$'\"-])[B-HJ-Z](?![\w'\"(.-])")
# a template's stand-in for a name the reader chooses: "DerivedClassName() creates a new instance of the class." (the
# Python tutorial's classes.html), "ProjectName"
_PLACEHOLDER_NAME = re.compile(r"\b(?:[A-Z][a-z]+)+Name\b(?!:)")
_SIGNATURE = re.compile(r"\w\(([^()]*)\)")
_DEFINES = re.compile(
    r"\b(?:is|are|means|refers\s+to|provides?|returns?|allows?|lets?|supports?|contains?|stores?|uses?|creates?|"
    r"raises?|defines?|determines?|causes?|prevents?|requires?|consists?|holds?|records?|specif(?:y|ies)|enables?|"
    r"ensures?|guarantees?|computes?|converts?|generates?|writes?|reads?)\b", re.IGNORECASE)
# an API reference's fragments: a parameter entry ("timeout {integer} Query timeout in milliseconds", "signal
# <AbortSignal> allows cancelling ...", "Returns: <Promise> a promise ...", "'der' (default): ..."), a description
# with no subject ("Always returns a value greater than zero.", "Emitted after ...")
_REFERENCE_ENTRY = re.compile(r"^(?:(?:returns:\s*|[\w.$]+\s*)(?:\{[^{}]+\}|<[A-Za-z][\w.|\[\]]*>)"
                              r"|['\"][\w.-]+['\"]\s*(?:\([^)]*\))?\s*:)", re.IGNORECASE)
_THIRD_PERSON_VERB = (r"(?:(?:always|also|only|usually|often|never|optionally)\s+)?(?:returns|contains|creates|"
                      r"sets|gets|adds|removes|reads|writes|specifies|indicates|determines|emits|provides|"
                      r"represents|defines|enables|disables|allows|causes|forces|controls|checks|converts|"
                      r"computes|starts|stops|opens|"
                      r"closes|sends|receives|throws|raises|changes|prints|displays|shows|generates|accepts|takes)\s+"
                      r"(?!(?:is|are|was|were|can|could|may|might|will|would|should|must|have|has|do|does)\b)")
_NO_SUBJECT = re.compile(
    rf"^{_THIRD_PERSON_VERB}"
    # the same after an opening phrase ("With --stop, specifies that start-stop-daemon is to check ...")
    rf"|^(?:with|without|for|in|on|by|when|if)\s+[^,]{{1,40}},\s+{_THIRD_PERSON_VERB}"
    # a man page's entry: a name, a spaced dash and a description ("DEV/PORT_INDEX - specifies the devlink port ...")
    rf"|^[\w./$<>\[\]-]+\s+[-–—]\s+(?:{_THIRD_PERSON_VERB}|(?-i:[a-z]+ed)\s)"
    # an event's or callback's description: "Emitted after the worker IPC channel has disconnected."
    r"|^(?:emitted|called|invoked|fired|thrown|raised|returned)\s+(?:when|whenever|after|before|if|once|for|on)\b",
    re.IGNORECASE)
# a cross-reference: "clearTimeout is described in the timers section.", "The processes are documented in Node.js Social
# Amplification Request Guidelines.": where something is written, not what it is (a clause after it may say more)
_CROSS_REFERENCE = re.compile(r"\b(?:is|are|was|were)\s+(?:\w+ly\s+)?(?:documented|described|explained|covered|detailed|"
                              r"discussed|outlined)\s+(?:\w+ly\s+)?(?:in|at|on|under)\s+"
                              r"(?!.*(?:,\s*(?:and|but|which)\b|;|\band\s+(?:it|they|has|have|is|are|uses?)\b))",
                              re.IGNORECASE)
# a bibliography's entry: authors as "Surname, I." ("Barbaresi, A. Trafilatura: A Web Scraping Library …,
# Proceedings of ACL/IJCNLP 2021 …", trafilatura's README; "Cho, J., Garcia-Molina, H., & Page, L. (1998).")
_CITATION = re.compile(r"^[A-Z][\w'-]+,\s+(?:[A-Z]\.\s*)+(?:[,.(]|$|(?:and|&)\s|[A-Z\"“])"
                       r"(?=.*(?:\b(?:1[89]|20)\d\d\b|\b(?:Proceedings|Journal|Conference|Workshop|arXiv|doi)\b))")
# a change log's entry: a bullet and a change with no subject ("- Enforce annotation delayed loading for …",
# charset_normalizer's README; "- Fix incorrect code emitted for doubleword CAS.", Valgrind's NEWS)
# or, with no bullet, a past form first and an issue's number last ("Defined UTF-8 encoding for Windows (#998).",
# dateparser's history)
_CHANGE_ENTRY = re.compile(r"^\s*[-*•+]\s+(?:Fix(?:ed)?|Bump(?:ed)?|Enforced?|Improved?|Added|Removed|Dropped|"
                           r"Implement(?:ed)?|Refactor(?:ed)?|Upgraded?|Updated|Extended|Reworked|Renamed)\s+"
                           r"(?!(?:by|in|with|to|as|is|are|was|were)\b)"
                           r"|^\W*[A-Z][a-z]+ed\s+(?!(?:by|in|with|to|as|is|are|was|were)\b)[^.]*"
                           r"\((?:#|gh-|GH-|issue\s+#?)\d+\)\W*$")
# or sends the reader elsewhere: "See Functions, for user-defined functions." (an Info manual's @xref), "Refer to ..."
_SEE_ELSEWHERE = re.compile(r"^(?:see|refer\s+to|consult)\b(?!\s+(?:that|whether|if|how)\b)", re.IGNORECASE)
# the page's own subject by its kind, as the subject of the sentence: "The library requires Python 3.10 or newer.", "The
# tool works for any program that uses the POSIX threading primitives ...", "The project is hosted on GitHub.": which
# one, only the page's title said, whatever else the sentence names ("The application" is the reader's program, not it)
_PAGE_SUBJECT = re.compile(
    r"^\W*the\s+(?:library|package|project|framework|toolkit|tool|software|plugin|extension|codebase|module)\s+"
    r"(?:(?:also|now|currently|still|only|itself|then|already|automatically|fully|generally|normally|usually)\s+)?"
    r"(?:is|are|was|were|will|can|could|may|might|must|should|has|have|does|do|did|supports?|requires?|provides?|"
    r"uses?|offers?|includes?|contains?|works?|runs?|comes?|ships?|allows?|lets|depends|needs?|implements?|exports?|"
    r"defines?|exposes?|handles?|creates?|returns?|relies|aims?|tries|makes?)\b", re.IGNORECASE)
# a role with no name: "The default value is 100 milliseconds.", "The parameter arg can be used to ...", "The caller
# must ensure ...": of which function or option, the page's heading said (see :func:`unnamed_role`)
_ROLE_SUBJECT = re.compile(
    r"^\W*(?:the|each)\s+(?:(?:default|minimum|maximum|given|supplied|actual|optional|input|output|sole|first|second|"
    r"last|new|current|original|two|three)\s+)?(?:caller|function|method|parameter|argument|result|"
    r"value|record|entry|field|object|routine|call|callback|handler|option|flag|structure|struct|buffer|pointer|"
    r"variable|program|command)s?"
    # "the result of the expression": a role of a role
    r"(?:\s+[a-z]\w*|\s+of\s+(?:the|an?|this|that)\s+(?:\w+\s+)?(?:expression|operation|statement|query|request|"
    r"function|call|command|option|argument|parameter)s?)?"
    r"\s+(?:is|are|was|were|will|can|may|must|should|has|have|does|do|contains?|returns?|holds?|gets?|indicates?|"
    r"describes?|controls?|specifies|causes?)\b", re.IGNORECASE)
# what an unnamed call returned or a step produced: "The returned iterator keeps a mutable borrow on the map …" (which
# method's?), "The resulting binaries are in ELF format." (of which build?) — rustdoc's and pydoc's method entries, the
# rustc book; a role of any kind, whatever else the sentence names (checked before the roles above)
_PRODUCED_SUBJECT = re.compile(r"^\W*the\s+(?:returned|resulting)\s+(?:[\w-]+\s+){0,2}?(?!from\b|by\b)[\w-]+\s+"
                               r"(?!from\b|by\b)[a-z]", re.IGNORECASE)
_CODE_MARK = re.compile(r"\w\(|[_`<>=|]|\w\.\w|(?<!\w)--?\w")


def unnamed_role(sentence: str) -> str | None:
    """The subject of ``sentence`` when it is a role ("the default value", "the parameter
    arg", "each record") and the sentence names nothing — no identifier, capitalised name,
    option or code — to say whose; ``None`` otherwise."""
    m = _ROLE_SUBJECT.match(sentence)
    if m is None or entities(sentence) or _CODE_MARK.search(sentence):
        return None
    return " ".join(m.group(0).split()[:-1])


# a labelled entry: a field of an API reference set in emphasis ("*Returns:* 'ASN1_SUCCESS' if successful", "*Since:*
# 1.6", Texinfo's @deftypefun tables) — of which function, only the heading said — or a name in capitals and a colon
# ("TAG: Output variable containing the decoded tag", "ERROR: is an error returned by a libtasn1 function"), judged by
# what follows the label; a note ("WARNING: ...") is prose
_EMPHASISED_LABEL = re.compile(r"^\W{0,2}\*[^*\s][^*]{0,30}:\*\s")
_CAPS_LABEL = re.compile(r"^\W{0,2}(?!(?:NOTE|NOTES|WARNING|IMPORTANT|TIP|CAUTION|HINT|FIXME|TODO|TRANSLATORS)\b)"
                         r"[A-Z][A-Z0-9_]+(?: [A-Z][A-Z0-9_]+)?:\s+(?P<rest>.+)$", re.DOTALL)
# an API reference's parameter: a name, a colon, a type and a dash ("opts: Dispatch.DispatchOptions & RetryOptions -
# Options passed to the retry handler.", undici's docs), or a setting's name and a dash ("duration_seconds - The
# duration, in seconds, of the role session.", the AWS CLI's topics)
_PARAMETER_ENTRY = re.compile(r"^\W{0,2}(?!(?i:notes?|warning|important|tip|caution|hint)\b)[\w.$]+"
                              r"(?::\s+[^\n]{1,80}?)?\s[-–—]\s+(?P<rest>.+)$", re.DOTALL)
# a parameter's name in code and a colon ("close_fds: Controls closing or inheriting of file descriptors.", the
# docstrings of Python's subprocess module)
_IDENTIFIER_LABEL = re.compile(r"^\W{0,2}[a-z][a-z0-9]*(?:[_.][a-z0-9]+)+:\s+(?P<rest>.+)$", re.DOTALL)
# what may open the sentence after a label: a determiner, or a name (in capitals, quoted or with code marks)
_SENTENCE_OPENING = re.compile(r"^(?:(?:A|An|The|This|These|Each|Every|All|Some|Any|No|Its|Their|If|When|Unless)\b|"
                               r"[A-Z][A-Z0-9_]+\b|['\"`])")


def labelled_entry(sentence: str) -> str | None:
    """The label of ``sentence`` when it is a reference entry rather than a sentence: an
    emphasised field label ("*Returns:* ..."), or a name in capitals or in code and a colon
    (or a parameter's name, a colon, its type and a dash, or a name and a dash) followed by
    no sentence of its own — not opening with a determiner or a name ("TAG: Output variable
    containing ...", "ERROR: is an error returned by ..."), or with no verb; ``None``
    otherwise ("CASCADE: A "CASCADE" action propagates the delete ...")."""
    if m := _EMPHASISED_LABEL.match(sentence):
        return m.group(0).strip()
    m = _CAPS_LABEL.match(sentence) or _PARAMETER_ENTRY.match(sentence) or _IDENTIFIER_LABEL.match(sentence)
    if m is None:
        return None
    rest = m.group("rest")
    # after a name and a dash a description is the rule, a sentence the exception: it needs an auxiliary ("- true -
    # This is the default value.", "- warn - When a case conflict is detected, the AWS CLI will display a warning.")
    dash_only = m.re is _PARAMETER_ENTRY and ":" not in sentence[:m.start("rest")]
    if not _SENTENCE_OPENING.match(rest) or no_main_clause(rest) or (dash_only and not has_auxiliary(rest)):
        return sentence[:m.start("rest")].strip()
    return None


_HEDGE = re.compile(r"\b(?:usually|probably|perhaps|maybe|might|sometimes|likely)\b", re.IGNORECASE)
_CODE_CHARS = re.compile(r"[=;{}<>|\\]")


# a name a code example of the chunk declares ("let s1 = String::from(...)", "fn first_word(s: &String)", ">>> f = ...",
# "some_number = 5"), at a line's start
_DECLARATION = re.compile(r"^[ \t]*(?:>>>[ \t]*)?(?:(?:let(?:[ \t]+mut)?|fn|def|class|struct|enum|const|var|function)"
                          r"[ \t]+([A-Za-z_]\w*)|([A-Za-z_]\w*)[ \t]*=(?![=>]))", re.MULTILINE)


def example_names(text: str) -> frozenset[str]:
    """The names the code examples of ``text`` (a chunk) declare and that no reader would
    know without them: a variable or function of the example with an underscore or a digit
    in it, or of one or two letters (``s1``, ``first_word``, ``some_number``, ``s``) — not
    a stop word, not in capitals (an environment variable), not ``main``/``self``. A
    sentence about them ("The type of some_number is Option<i32>.") explains the example,
    not the language (the Rust Book, the Python tutorial)."""
    names = {a or b for a, b in _DECLARATION.findall(text)}
    return frozenset(n for n in names if n.lower() not in STOPWORDS and not n.isupper() and n not in ("main", "self")
                     and ("_" in n.strip("_") or any(c.isdigit() for c in n) or len(n.strip("_")) in (1, 2)))


def _names_example(sentence: str, names: frozenset[str]) -> str | None:
    """The first of ``names`` that ``sentence`` uses as a word of its own (not a method's
    object, "f.write()", nor the "s" of "it's")."""
    return next((n for n in sorted(names) if re.search(rf"(?<![\w.$@%'’-]){re.escape(n)}(?![\w.(’'-])", sentence)),
                None)


def unfit_statement(sentence: str, examples: frozenset[str] = frozenset()) -> str | None:
    """Why a sentence cannot be a standalone training answer, or ``None``: it points at
    what it does not name (:func:`dangling_reference`), narrates the tutorial or page
    ("you will soon learn", "here", "line 22", "below"), leans on another sentence ("...,
    too", "the same", "both", "Another ...", "When false, ..."), only says where something is
    written ("... is described in the timers section"), has the page's subject by its kind for
    its own ("The library requires Python 3.10 or newer.") or a role for its subject and names
    nothing ("The default value is 100 milliseconds."), is an instruction ("Prefix all
    Caml names ..."), a table's row, a phrase with no main clause, an API reference's
    parameter entry or subjectless description ("Always returns ..."), lost a word before its
    period, is little more than a web address, is set in capitals (a licence's disclaimer), is
    a change log's or a bibliography's entry, speaks in the first person, or uses a one-letter
    placeholder of a worked example ("If X were allowed to write ...") or a template's
    ("DerivedClassName() creates …"), or a name the chunk's code example declares
    (``examples``, from :func:`example_names`). The sentence is judged as its answer will
    read: bullet and leading connective dropped."""
    # judged as the answer will read, with typographic apostrophes as typed ones ("Let’s" is "Let's")
    if _CHANGE_ENTRY.match(sentence):
        return "a change log's entry, not a statement"
    s = extractive_answer(sentence.replace("’", "'"))  # bullet and leading connective dropped
    if pointing := dangling_reference(s):
        return f"points at missing context: {pointing!r}"
    if word_lost_at_end(s):
        return "garbled: a word lost before the final period"
    if no_main_clause(s):
        return "no verb: a noun phrase, not a statement"
    if _URL.search(s) and len(words(_URL.sub(" ", s))) < 5:  # "Redirecting to... https://blog.rust-lang.org/…"
        return "a link, not a statement"
    if len(re.findall(r"(?:^|\s)\|(?=\s|$)", s)) >= 2:  # "| ctxt: | the XSLT transformation context | Returns: |"
        return "a table's row, not a sentence"
    lettered = [w for w in re.findall(r"[^\W\d_]+", s) if len(w) > 1]
    if len(lettered) >= 6 and sum(w.isupper() for w in lettered) > 0.8 * len(lettered):
        return "in capitals: a licence notice or a heading, not prose"
    if is_instruction(s, known_verbs=False):  # by shape: "Return without ... returns None." is a statement
        return "an instruction, not a statement"
    if label := labelled_entry(s):
        return f"a reference entry, not a sentence: {label!r}"
    for pattern, what in ((_CODE_LINE, "code or an aside"), (_CODE_BLOCK, "code"), (_GARBLED, "garbled"),
                          (_NARRATION, "narration"), (_CONTEXT, "leans on another sentence"),
                          (_PASSED_TO_WHAT, "missing context: passed to what?"),
                          (_CROSS_REFERENCE, "a cross-reference"), (_SEE_ELSEWHERE, "a cross-reference"),
                          (_CITATION, "a citation"),
                          (_PAGE_SUBJECT, "missing context: the page's subject, unnamed"),
                          (_FIRST_PERSON, "first person"), (_REFERENCE_ENTRY, "a reference entry, not a sentence"),
                          (_NO_SUBJECT, "no subject: a reference description")):
        if m := pattern.search(s):
            return f"{what}: {m.group(0).strip()!r}"
    if m := _PRODUCED_SUBJECT.match(s):
        return f"missing context: {' '.join(m.group(0).split()[:3])!r} by what?"
    if role := unnamed_role(s):
        return f"missing context: {role!r} of what?"
    if name := _names_example(s, examples):
        return f"an example's name: {name!r}"
    if m := _PLACEHOLDER_NAME.search(s):
        return f"example placeholder: {m.group(0)!r}"
    declared = {w for args in _SIGNATURE.findall(s) for w in re.findall(r"\w+", args)}
    for m in _PLACEHOLDER.finditer(s):
        letter = m.group(0)
        if letter not in declared and not re.search(rf"\b{letter.lower()}\s+(?:or|and)\s+{letter}\b", s):
            return f"example placeholder: {letter!r}"
    return None


def selection_problem(evidence: str, min_words: int = 6, max_words: int = 45) -> str | None:
    """Why :func:`select_statements` would never pick ``evidence`` (one sentence, or a
    sentence joined with its antecedent), or ``None``; used to replay selection on labelled
    records."""
    flat = " ".join(evidence.split())
    if not is_statement(flat, min_words, max_words * 2, allow_deictic=True):
        return "not a declarative sentence of reasonable length"
    return unfit_statement(flat)


def statement_score(sentence: str) -> float:
    """How much a standalone sentence states, for ranking (higher first): +2 when a name
    or identifier appears in its first 40 % (a named subject), +1.5 for a defining verb
    ("is", "returns", "allows" ...), +1 for 10–35 words; −1 for a second-person
    instruction, −1 for code-like punctuation, −0.5 for a hedge ("usually", "might")."""
    tokens = sentence.split()
    head = " ".join(tokens[: max(3, int(len(tokens) * 0.4))])
    score = 2.0 if entities(head) else 0.0
    score += 1.5 if _DEFINES.search(sentence) else 0.0
    score += 1.0 if 10 <= len(words(sentence)) <= 35 else 0.0
    score -= 1.0 if re.search(r"\byou(?:r)?\b", sentence, re.IGNORECASE) else 0.0
    score -= 1.0 if len(_CODE_CHARS.findall(sentence)) > 2 else 0.0
    score -= 0.5 if _HEDGE.search(sentence) else 0.0
    return score


# the vocabulary of a licence's text (the GNU FDL and GPL that close most GNU manuals, a BSD or MIT notice): a chunk
# with two of these is the licence, whose sentences teach nothing about the documented software
_LICENCE_TERMS = re.compile(
    r"\b(?:this License|Invariant Sections?|(?:Front|Back)-Cover Texts?|Modified Versions?|Secondary Sections?|"
    r"(?i:copyright holders?|without (?:any )?warranty|terms and conditions|free software(?!\s+foundation))|"
    r"Our General Public Licenses|"
    r"(?:GNU )?(?:Free Documentation|(?:Lesser |Library |Affero )?General Public) Licen[cs]es?|"
    r"Transparent|Opaque|the (?:Document|Program|Library)(?!\s+[A-Z])|sublicense|[Ll]icensees?|MERCHANTABILITY|"
    r"Permission is hereby granted|work based on the|verbatim cop(?:y|ies)|copyright notices?|copyrightable|"
    r"derivative works?|(?:NO|no|without|disclaimer of) warranty|Massive Multiauthor Collaboration)\b")


def _licence_terms(text: str) -> set[str]:
    # a licence's names count once: "dual licenced under the GNU General Public License ... and the GNU Lesser General
    # Public License" says which licence applies, and is a fact worth a question
    return {"a licence's name" if re.search(r"(?<!Our )(?:Public|Documentation) Licen", m.group(0))
            else m.group(0).lower() for m in _LICENCE_TERMS.finditer(text)}


def licence_text(text: str) -> bool:
    """Whether ``text`` (a chunk) is a licence's text: two or more distinct terms of a
    licence's vocabulary ("this License", "Invariant Sections", "copyright holder",
    "verbatim copies", "MERCHANTABILITY", ...), the licences' names counting as one."""
    return len(_licence_terms(text)) >= 2


# a licence's title on a line of its own ("Appendix A GNU Free Documentation License", "C.2 GNU LESSER GENERAL PUBLIC
# LICENSE"): where a manual's last section runs into its licence, the text above the title is still the manual
_LICENCE_TITLE = re.compile(r"^[ \t]*(?:Appendix [A-Z]:?\s+|[A-Z]?\.?\d+(?:\.\d+)*\.?\s+)?(?:GNU )?"
                            r"(?:Free Documentation|(?:Lesser |Library |Affero )?General Public) Licen[cs]e[ \t]*$",
                            re.MULTILINE | re.IGNORECASE)


def manual_before_licence(text: str) -> str | None:
    """The part of a chunk that is not a licence's text: ``text`` itself when it is none
    (:func:`licence_text`), the text above the licence's title line when the licence starts
    inside the chunk and the text above it uses none of a licence's terms but its names (a
    menu, a table of contents), else ``None`` (the chunk is the licence)."""
    if not licence_text(text):
        return text
    title = _LICENCE_TITLE.search(text)
    above = text[:title.start()] if title else ""
    return above if title and _licence_terms(above) <= {"a licence's name"} else None


_PROMPT_LINE = re.compile(r"^[ \t]*(?:>>>|\.\.\.)[ \t]")


def printed_output(text: str, sentence: Sentence) -> bool:
    """Whether ``sentence`` is what an interactive example printed: it opens its line, and
    its first four words stand in one of the three prompt lines (``>>>``/``...``) before it
    (``>>> print(f'The value of pi is approximately {math.pi:.3f}.')`` then "The value of pi is
    approximately 3.142.", the Python tutorial's inputoutput.html) — an example's output,
    not a fact."""
    start = text.rfind("\n", 0, sentence.start) + 1
    head = " ".join(sentence.text.split()[:4])
    if text[start:sentence.start].strip() or len(head.split()) < 4:
        return False
    before = text[:start].splitlines()[-3:]
    return any(_PROMPT_LINE.match(line) and head in " ".join(line.split()) for line in before)


def select_statements(record: Record, max_statements: int = 3, min_words: int = 6, max_words: int = 45,
                      min_score: float = 1.0) -> list[Record]:
    """Python node: fan a chunk record out into one record per selected statement, with no
    model call.

    Candidates are the chunk's sentences that pass :func:`is_statement` (a sentence opening
    with a pointing word is joined with the sentence before it, as in
    :func:`locate_statements`, or left out) and :func:`unfit_statement`; the
    ``max_statements`` with the highest :func:`statement_score` (at least ``min_score``, a
    joined pair one less; ties: earlier first; spans never overlap) become children, in
    document order, each with ``statement``, ``statement_score`` and a provenance span in
    *document* offsets.

    Raises:
        Reject: ``no_statement`` when no sentence of the chunk qualifies, or the chunk is a
            licence's text (:func:`licence_text`).
    """
    text: str = record.data["text"]
    offset: int = record.data["chunk_start"]
    manual = manual_before_licence(text)
    if manual is None:
        raise Reject(reasons.NO_STATEMENT, "the chunk is a licence's text (GNU FDL/GPL, BSD, MIT terms)")
    text = manual
    every = split_sentences(text)
    examples = example_names(text)
    ranked: list[tuple[float, int, Sentence]] = []
    for i, sentence in enumerate(every):
        if not is_statement(sentence.text, min_words, max_words, allow_deictic=True) or printed_output(text, sentence):
            continue
        # "Nonetheless, it supports ...": the pointing word after a connective points back all the same
        if _DEICTIC.match(sentence.text) or _DEICTIC.match(extractive_answer(sentence.text)):
            joined = _with_antecedent(text, every, i, max_words)
            if joined is None:
                continue
            sentence = joined
        flat = " ".join(sentence.text.split())
        if unfit_statement(flat, examples) is None and (score := statement_score(flat)) >= min_score:
            ranked.append((score - (1.0 if sentence.start < every[i].start else 0.0), i, sentence))
    if not ranked:
        raise Reject(reasons.NO_STATEMENT, f"none of the chunk's {len(every)} sentences can stand alone as a "
                     f"statement (declarative, {min_words}-{max_words} words, no pointing or narration)")
    picked: list[tuple[float, int, Sentence]] = []
    for candidate in sorted(ranked, key=lambda r: (-r[0], r[1])):  # best first; spans never overlap
        s = candidate[2]
        if len(picked) < max_statements and all(s.end <= p.start or s.start >= p.end for _, _, p in picked):
            picked.append(candidate)
    picked.sort(key=lambda r: r[1])
    children = []
    for n, (score, _, s) in enumerate(picked):
        span = Span(record.data["document"], record.id, offset + s.start, offset + s.end, s.text)
        children.append(record.child("select", n, {"statement": " ".join(s.text.split()),
                                                   "statement_score": score}, provenance=span))
    return children
