"""A cheap check that a simulated user message is a user's message.

A small model asked to play the user drifts into the assistant's voice: it greets and
offers help ("Hello there! How can I assist you with saving money on groceries?"), praises
the question, interviews the assistant about itself ("How do you usually start your
day?"), agrees and chats without asking anything ("Great! Let's dive in and try some
recipes together."), interviews the user it is meant to be ("Could you tell me more about
how you plan to proceed?"), or copies the assistant's reply. Each pattern below was written by a
1.5B simulator in a real run of ``recipes/dialogue.yaml``. A message passes when it asks
something (a question mark or a request: "Tell me ...", "I'd like ...", "Can you ..."),
or answers a question the assistant just asked ("I have about $50 a week.").
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from datarefinery.gates import reasons
from datarefinery.gates.qa_form import dangling_reference

# the assistant's voice: offering help, praising the question, inviting topics, speaking as an AI
_ASSISTANT_VOICE = re.compile(
    r"\bhow (?:can|may) I (?:help|assist) you\b|\b(?:anything|something) else I can (?:help|do|assist)\b"
    r"|\bI(?:'d| would) be (?:happy|glad) to (?:help|assist|explain)\b|\bI can help you\b"
    r"|\b(?:that'?s|what) a (?:great|good|wonderful|excellent) question\b|\bgreat question\b|\bI'?m here to help\b"
    r"|\bI'?m glad you(?:'re| are)? (?:found|find|liked|like|asked|interested)\b"
    r"|\bdo you have any specific (?:concerns|preferences|questions|goals)\b"
    r"|\btell me more about (?:your|how you|what you)\b|\bhow you plan to\b"
    r"|\byou(?:'re| are) (?:planning|looking for|trying to|interested in)\b|\bthe next thing you need\b"
    r"|\b(?:topics|questions) you'?d like to (?:discuss|talk about|ask)\b|\bfeel free to ask\b"
    r"|\bas an AI\b|^\W*(?:certainly|of course)\b|\bhelps? you\b",
    re.IGNORECASE)
# questions about the assistant itself: its habits, wishes and tastes
_ABOUT_ASSISTANT = re.compile(
    r"\bhow do you (?:usually|normally|personally)\b|\bdo you (?:usually|ever|personally|enjoy|prefer)\b"
    r"|\b(?:do|would) you (?:want|like) to\b|\bif you (?:want|would like) to\b|\bhave you (?:ever|tried)\b"
    r"|\byour (?:favou?rite|own experience|day|budget|trip|plans?)\b|\bwhat about you\b"
    r"|\bwhat(?:'s| is) the budget\b|\b(?:do|will|would) you (?:plan|expect|intend|need)\b"
    r"|\bdo you (?:typically|usually)\b|\bare you (?!able\b|sure\b)\w+ing\b"
    # "What are some of your monthly expenses?": the assistant's own things (its advice is the user's to ask)
    r"|\b(?:what|which|how)\s+(?:are|is|were|was)\s+(?:some\s+of\s+)?your\s+(?!(?:recommendations?|suggestions?|"
    r"advice|thoughts|opinions?|views?|tips|ideas|take|answer)\b)\w+"
    # "What categories of monthly expenses do you have?" ("What do you have to do …?" asks how one does a thing)
    r"|\bwhat\s+(?:\w+\s+){0,5}do you (?:have|own|spend|pay|earn)\b(?!\s+to\b)",
    re.IGNORECASE)
# the user's own things, asked of the assistant, which cannot know them: "What is the sentence I want to analyze?" (a
# goal to count the words of a sentence), "What is my budget?"
_OWN_FACTS = re.compile(r"^\W*(?:what|which)\s+(?:is|are|was|were)\s+(?:the\s+)?(?:[\w-]+\s+){1,3}?(?:that\s+)?I\s+"
                        r"(?:want|wanted|am\s+going|plan)\s+to\s+\w+\s*\?\s*$"
                        r"|^\W*(?:what|which)\s+(?:is|are|was|were)\s+my\s+(?!(?:best|next|options?|choices?|mistakes?|"
                        r"errors?|problem|issue)\b)(?:own\s+)?\w+", re.IGNORECASE)
# the prompt's words in the message: the simulator describing the message instead of writing it
_PROMPT_ECHO = re.compile(r"\bbuilds on (?:its|the assistant's|your) last answer\b|\b(?:my|your) next message\b"
                          r"|\bas the user\b", re.IGNORECASE)
# a request without a question mark
_REQUEST = re.compile(
    r"^\W*(?:please\s+)?(?:tell|explain|show|give|help|suggest|recommend|list|describe|walk|teach|compare)\b"
    r"|\b(?:can|could|would|will) you\b|\bI(?:'d| would) (?:like|love) (?:to know|to learn|some|a|an|help|advice|tips)\b"
    r"|\bI (?:want|need) (?:to|some|a|an|help|advice|tips|ideas)\b|\bI(?:'m| am) (?:trying|looking|hoping) (?:to|for)\b"
    r"|\bhelp me\b|\bI(?:'m| am) (?:curious|wondering)\b|\bI wonder\b",
    re.IGNORECASE)
# a first-person statement: what a user writes when it answers the assistant's question
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|my|we|our)\b", re.IGNORECASE)

_WORD = re.compile(r"[a-z][a-z'-]{3,}")
_COMMON = frozenset("""what which when where how does have that this with your about from they them there their would could
should will into more most some other than then also just like make want need know help tips ways
best good really thing things much many very each every using used able sure okay please thanks
thank""".split())


def _content(text: str) -> set[str]:
    return {w.rstrip("s") for w in _WORD.findall(text.lower()) if w not in _COMMON}


def _same_word(a: str, b: str) -> bool:
    """Whether two content words are one word in two forms ("tomato", "tomatoe" from "tomatoes")."""
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short[:-1]) and len(long_) - len(short) <= 2


def asks(reply: str) -> bool:
    """Whether an assistant reply asks the user something (a question mark in its last sentence)."""
    tail = reply.strip().rsplit(".", 1)[-1]
    return "?" in tail or reply.strip().endswith("?")


def check_user_turn(msg: str, last_reply: str = "", asked: list[str] | None = None, *, max_echo: float = 80.0,
                    max_repeat: float = 97.0, examples: list[str] | None = None,
                    subject: str = "") -> tuple[str, str] | None:
    """Why ``msg`` is not a user's message, or ``None`` when it is one.

    Args:
        msg: the simulator's message, cleaned (no speaker label).
        last_reply: the assistant's last reply ("" on the first turn).
        asked: the user's earlier messages in this dialogue.
        max_echo: rapidfuzz partial ratio (0–100) with the last reply at or above which
            the message is an echo of it.
        max_repeat: token-set ratio (0–100) with an earlier user message at or above which
            a message of six words or more asks again what was asked.
        examples: the simulator prompt's example questions; a message whose partial ratio
            with one is at least ``max_echo`` copies the prompt.
        subject: what the dialogue is about (topic and goal); when given, the first
            message (no ``last_reply``) must share a content word with it (four letters or
            more, plural ``s`` ignored). Follow-ups are not held to it ("Will that rewrite the
            history for my teammates?" follows a reply on ``git revert`` in no word), unless
            it shares none with the dialogue either and takes one from the prompt's
            ``examples`` ("How can I cut a tomato into quarters?" after a reply on monthly
            expenses).

    Returns:
        ``(reason code, explanation)``: ``user_as_assistant`` (offers help, praises the
        question, opens with "Certainly"), ``user_asks_about_assistant`` (its habits,
        wishes, tastes — or the user's own things, which it cannot know: "What is the
        sentence I want to analyze?"), ``user_echo`` (copies the last reply, an earlier question or the
        simulator's instructions), ``user_off_topic`` (a first message off the subject, a
        follow-up on the examples' subjects),
        ``not_standalone`` (a first message pointing at what was never shown: "to write this
        function"), or ``user_not_a_request`` (asks nothing and answers no question the assistant
        asked).
    """
    if _ASSISTANT_VOICE.search(msg):
        return reasons.USER_AS_ASSISTANT, f"speaks as the assistant: {_ASSISTANT_VOICE.search(msg).group(0)!r}"
    if _ABOUT_ASSISTANT.search(msg):
        return reasons.USER_ASKS_ABOUT_ASSISTANT, f"asks about the assistant: {_ABOUT_ASSISTANT.search(msg).group(0)!r}"
    if _OWN_FACTS.search(msg):
        return reasons.USER_ASKS_ABOUT_ASSISTANT, "asks the assistant for what only the user knows"
    if _PROMPT_ECHO.search(msg):
        return reasons.USER_ECHO, f"repeats the simulator's instructions: {_PROMPT_ECHO.search(msg).group(0)!r}"
    for example in examples or []:
        if fuzz.partial_ratio(msg, example, processor=default_process) >= max_echo:
            return reasons.USER_ECHO, f"copies the prompt's example {example[:60]!r}"
    if last_reply and fuzz.partial_ratio(msg, last_reply) >= max_echo:
        return reasons.USER_ECHO, "copies the assistant's last reply"
    if len(msg.split()) >= 6:
        for q in asked or []:
            if fuzz.token_set_ratio(msg, q, processor=default_process) >= max_repeat:
                return reasons.USER_ECHO, f"asks again what it asked before: {q[:80]!r}"
    if subject and not last_reply and not _content(msg) & _content(subject):
        return reasons.USER_OFF_TOPIC, "the first message shares no content word with the subject"
    if not last_reply and (pointing := dangling_reference(msg)):
        return reasons.NOT_STANDALONE, f"the first message points at what nobody has shown: {pointing!r}"
    if last_reply and examples:
        said = _content(subject) | _content(last_reply) | {w for q in asked or [] for w in _content(q)}
        words = _content(msg)
        if not words & said and (leaked := sorted(w for w in words if any(_same_word(w, e) for x in examples
                                                                           for e in _content(x)))):
            return reasons.USER_OFF_TOPIC, (f"takes {', '.join(leaked)!r} from the prompt's examples, and nothing "
                                            "from the subject or this dialogue")
    if "?" in msg or _REQUEST.search(msg):
        return None
    if last_reply and asks(last_reply) and _FIRST_PERSON.search(msg) and len(msg.split()) >= 4:
        return None
    return reasons.USER_NOT_A_REQUEST, "asks nothing and answers no question of the assistant"
