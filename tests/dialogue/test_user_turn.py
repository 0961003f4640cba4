"""The user-turn check on messages a 1.5B user simulator wrote in real runs of
recipes/dialogue.yaml (and dialogue_grounded.yaml): each rejected with its reason code,
and the user messages of the same runs that a curator kept, passing."""

from __future__ import annotations

import pytest

from datarefinery.dialogue.nodes import add_user, finish
from datarefinery.dialogue.user_turn import check_user_turn
from datarefinery.gates import reasons
from datarefinery.graph.base import Reject
from datarefinery.records import Record

RICE = ("To cook brown rice, you should rinse it thoroughly under cold water to remove excess starch, then add it "
        "to a pot with enough water to cover it by about an inch.")

REJECTED = [
    ("Hello there! How can I assist you with saving money on groceries?", reasons.USER_AS_ASSISTANT),
    (("That's a great question! I'm glad you're interested in saving money on groceries. Can you tell me more about "
     "your budget?"), reasons.USER_AS_ASSISTANT),
    ("Sure! Could you please provide me with some questions or topics you'd like to discuss?",
     reasons.USER_AS_ASSISTANT),
    ("Is there anything else I can help you with?", reasons.USER_AS_ASSISTANT),
    # smollm2-135m as the simulator (real run)
    (("What a wonderful question, and I'm here to help answer it. How about a small business owner wants to "
     "understand when to use a list and when to use a dictionary?"), reasons.USER_AS_ASSISTANT),
    ("Certainly! Let's discuss the next thing you need for your ten-day trip to Japan on a small budget.",
     reasons.USER_AS_ASSISTANT),
    (("I see you're looking for a way to cook rice and vegetables without burning them. Could you tell me more about "
     "how you plan to proceed?"), reasons.USER_AS_ASSISTANT),
    ("Great, thank you for providing more details about the food storage containers. What's the next thing you need?",
     reasons.USER_AS_ASSISTANT),
    ("How do you usually start your day?", reasons.USER_ASKS_ABOUT_ASSISTANT),
    # the user's own sentence, asked of the assistant (qwen2.5-coder-1.5b, dialogue.yaml, a goal to count its words)
    ("What is the sentence I want to analyze?", reasons.USER_ASKS_ABOUT_ASSISTANT),
    ("I need to know if you want to add any flavorings or spices to the rice.", reasons.USER_ASKS_ABOUT_ASSISTANT),
    ("Sure, I'm definitely going to try meal planning. Thanks for the tip!", reasons.USER_NOT_A_REQUEST),
    ("Great! Let's dive in and try some recipes together.", reasons.USER_NOT_A_REQUEST),
    ("Okay.", reasons.USER_NOT_A_REQUEST),
]

KEPT = [
    "Can you recommend some recipes or cooking tips for beginners?",
    "Hey AI assistant! I'm trying to save some money on groceries, but I'm a bit overwhelmed. Do you have any tips?",
    "I'm having trouble sticking to my meal plan. Do you have any advice?",
    "How long should I cook brown rice, and how much water does it need?",
    "What does it mean for SQLite to be self-contained?",
    "Could you please explain how to use the ROWID column in SQLite when inserting a new record?",
    "I need help cooking rice and vegetables without burning them.",
    "Hi! I need to plan a ten-day trip to Japan on a small budget.",
    # dialogue_grounded.yaml on the SQLite limits page (real run)
    "I'm curious about how to adjust the maximum string or BLOB length in SQLite to support larger data.",
    # what the assistant knows, asked with "I" and "my"
    "What is the library I need to install to read Excel files in Python?",
    "What is my best option for undoing the last commit?",
]


@pytest.mark.parametrize(("msg", "code"), REJECTED)
def test_messages_out_of_the_users_role_are_rejected_with_their_code(msg, code):
    found = check_user_turn(msg, RICE)
    assert found is not None and found[0] == code, found


@pytest.mark.parametrize("msg", KEPT)
def test_user_messages_a_curator_kept_pass(msg):
    assert check_user_turn(msg, RICE) is None


def test_echoes_and_repeats_are_user_echo():
    assert check_user_turn(RICE[:120], RICE)[0] == reasons.USER_ECHO  # the simulator pasted the reply (real run)
    asked = ["Could you please explain how to use the ROWID column in SQLite when inserting a new record?"]
    again = "Sure, could you please explain how to use the ROWID column in SQLite when inserting a new record?"
    assert check_user_turn(again, "Specify it in the INSERT statement.", asked)[0] == reasons.USER_ECHO


def test_a_statement_answering_the_assistants_question_is_a_user_turn():
    asked_back = "Meal plans help most. What is your weekly budget for food?"
    assert check_user_turn("I have about 50 dollars a week for the two of us.", asked_back) is None
    assert check_user_turn("I have about 50 dollars a week for the two of us.", RICE)[0] == reasons.USER_NOT_A_REQUEST


def _dialogue(n: int) -> list[dict[str, str]]:
    out = []
    for k in range(n):
        out += [{"role": "user", "content": f"How long should I cook rice, part {k}?"},
                {"role": "assistant", "content": RICE}]
    return out


def _record(dialogue, msg, reasks=0):
    return Record("d", data={"dialogue": dialogue, "user_msg": msg, "cuts": [], "reasks": reasks,
                             "persona": "a student", "topic": "cooking", "style": "brief"})


def test_a_bad_user_message_is_asked_again_then_ends_the_dialogue_at_its_last_good_turn():
    bad = "Is there anything else I can help you with?"
    rec = _record(_dialogue(2), bad)
    assert add_user(rec, reasks=2) == {"reask": True, "reasks": 1}  # asked again: nothing recorded but the lineage
    assert rec.verdicts == [] and rec.lineage[-1].event == "simulator_user_as_assistant"
    rec = _record(_dialogue(2), bad, reasks=2)
    out = add_user(rec, reasks=2)
    assert out["done"] and out["cuts"] == [{"turn": 3, "reasons": [reasons.USER_AS_ASSISTANT], "user": bad,
                                            "assistant": None}]
    rec.data.update(out)
    assert [v.reason for v in rec.verdicts] == [reasons.USER_AS_ASSISTANT]
    done = finish(rec, min_good_turns=2)  # two good turns remain: accepted, the cut kept in cuts
    assert done["assistant_turns"] == 2 and rec.verdicts == []


def test_a_bad_first_user_message_rejects_the_dialogue_with_both_codes():
    rec = _record([], "How do you usually start your day?", reasks=2)
    rec.data.update(add_user(rec, reasks=2))
    with pytest.raises(Reject) as exc:
        finish(rec, min_good_turns=2)
    assert exc.value.reason == reasons.TOO_FEW_GOOD_TURNS
    assert [v.reason for v in rec.failed_verdicts()] == [reasons.USER_ASKS_ABOUT_ASSISTANT]


def test_a_reply_about_being_an_ai_is_cut():
    from datarefinery.dialogue.nodes import turn_filter

    # the 1.5B assistant's reply to "What's your budget for the trip?" (real run)
    reply = ("As an AI language model, I don't have a personal budget, but I can provide you with some general tips on "
             "how to manage your budget for a trip.")
    rec = Record("d", data={"dialogue": [*_dialogue(2), {"role": "user", "content": "How much should I save?"},
                                         {"role": "assistant", "content": reply}],
                            "cuts": [], "turn_provenance": [], "verdict_mark": 0})
    out = turn_filter(rec, min_good_turns=2)
    assert out["done"] and out["cuts"][0]["reasons"] == [reasons.AI_DISCLAIMER] and len(out["dialogue"]) == 4


def test_a_reply_as_a_person_with_expenses_is_cut():
    from datarefinery.dialogue.nodes import turn_filter

    # the 1.5B assistant's reply to "What categories of monthly expenses do you have?" (real run, seed 12)
    def exchange(reply: str) -> Record:
        return Record("d", data={"dialogue": [*_dialogue(2), {"role": "user", "content": "What should I track?"},
                                              {"role": "assistant", "content": reply}],
                                 "cuts": [], "turn_provenance": [], "verdict_mark": 0})

    out = turn_filter(exchange("I have various monthly expenses including housing, utilities, transportation, food, "
                               "and entertainment."), min_good_turns=2)
    assert out["done"] and out["cuts"][0]["reasons"] == [reasons.ASSISTANT_AS_PERSON]
    # advice about the user's own things is no persona
    out = turn_filter(exchange("Track your housing, utilities, food and transport costs in one sheet, one row per "
                               "month."), min_good_turns=2)
    assert "cuts" not in out


def test_asking_what_the_assistant_has_is_not_the_users_question():
    # a 1.5B simulator's first message (real run, seed 12: "working with spreadsheets")
    assert check_user_turn("What categories of monthly expenses do you have?")[0] == reasons.USER_ASKS_ABOUT_ASSISTANT
    assert check_user_turn("What do you have to do to remove duplicate rows in Excel?") is None
    assert check_user_turn("What tools do you recommend for tracking monthly expenses?") is None


def test_asking_about_the_budget_of_the_trip_is_not_the_users_question():
    # first messages of a 1.5B simulator (real run); the assistant then invented "The budget for the trip is $5,000."
    for msg in ("What's the budget for the trip?", "What's your budget for the trip?"):
        assert check_user_turn(msg)[0] == reasons.USER_ASKS_ABOUT_ASSISTANT


def test_the_same_tips_said_again_in_one_sentence_are_a_repeat():
    from datarefinery.dialogue.nodes import turn_filter

    # turns 3 and 4 of a 1.5B dialogue (real run): the same tips, the second time as one long sentence
    tips = ("Certainly! To stay organized while sorting out documents and money, you can start by using a physical "
            "folder system to categorize your files by type and date. You can also use a digital file management "
            "system such as Google Drive or Dropbox to keep track of all your documents and files.")
    again = ("To stay organized while sorting out documents and money, you can use a physical folder system to "
             "categorize your files by type and date, use a digital file management system such as Google Drive or "
             "Dropbox to keep track of all your documents and files.")
    dialogue = [*_dialogue(1), {"role": "user", "content": "Any tips for staying organized?"},
                {"role": "assistant", "content": tips}, {"role": "user", "content": "What are some other tips?"},
                {"role": "assistant", "content": again}]
    rec = Record("d", data={"dialogue": dialogue, "cuts": [], "turn_provenance": [], "verdict_mark": 0})
    out = turn_filter(rec, min_good_turns=2)
    assert out["cuts"][0]["reasons"] == [reasons.REPETITION] and len(out["dialogue"]) == 4


def test_asking_the_assistant_about_its_plans_is_not_the_users_question():
    assert check_user_turn("How many days do you plan to stay in Japan?")[0] == reasons.USER_ASKS_ABOUT_ASSISTANT


@pytest.mark.parametrize(("msg", "last", "code"), [
    # a 1.5B simulator (real run), drawn topic "learning Python", goal "understand when to use a list and a dictionary"
    ("What type of inventory management system would be most suitable for my small business?", "",
     reasons.USER_OFF_TOPIC),
    ("Do you need a pencil or a pen to write down the categories and the amounts spent?", "",
     reasons.USER_ASKS_ABOUT_ASSISTANT),
    ("What kind of expenses are you tracking each month?", "", reasons.USER_ASKS_ABOUT_ASSISTANT),
    ("How much do you typically spend on groceries each month?", "", reasons.USER_ASKS_ABOUT_ASSISTANT),
])
def test_questions_off_the_subject_or_about_the_assistant(msg, last, code):
    found = check_user_turn(msg, last, subject="learning Python understand when to use a list and when a dictionary")
    assert found is not None and found[0] == code


def test_a_question_on_the_subject_passes():
    subject = "using git undo a commit that was pushed by mistake"
    assert check_user_turn("How do I undo my last commit if I already pushed it?", subject=subject) is None
    assert check_user_turn("Will that rewrite the history for my teammates?", "Use git revert to undo a pushed commit.",
                           ["How do I undo my last commit if I already pushed it?"], subject=subject) is None


def test_the_prompts_bike_in_a_grounded_first_question_is_off_topic():
    # dialogue_grounded.yaml, the chunk titled "SQLite Is Serverless" (real run)
    msg = "I'd like to know more about Neo-Serverless and how it can help me keep my bike running smoothly."
    assert check_user_turn(msg, subject="SQLite Is Serverless ")[0] == reasons.USER_OFF_TOPIC
    assert check_user_turn("What are the key components of a serverless database engine like SQLite?",
                           subject="SQLite Is Serverless ") is None


EXAMPLES = ["Would two smaller pots work instead of one 20-litre pot on my balcony?",
            "How often should I oil the chain if I ride to class every day?",
            "I'd like to grow tomatoes on my balcony this summer. What do I need?",
            "My bike chain squeaks and looks rusty. How should I look after it?"]


def test_a_follow_up_on_the_prompts_example_and_the_assistants_own_things_are_not_the_users():
    # a 1.5B simulator (real run), topic "working with spreadsheets", goal "add up monthly expenses by category"
    subject = "working with spreadsheets add up monthly expenses by category"
    assert check_user_turn("What are some of your monthly expenses?", subject=subject)[0] == \
        reasons.USER_ASKS_ABOUT_ASSISTANT
    found = check_user_turn("How can I cut a tomato into quarters?",
                            "My monthly expenses include rent, utilities, groceries, transportation, and savings.",
                            ["What should I track in my budget spreadsheet?"], examples=EXAMPLES, subject=subject)
    assert found is not None and found[0] == reasons.USER_OFF_TOPIC and "tomato" in found[1]
    # a follow-up in other words than the reply, on the dialogue's subject, passes; so does asking for advice
    assert check_user_turn("Will that rewrite the history for my teammates?", "Use git revert to undo a pushed commit.",
                           ["How do I undo my last commit if I already pushed it?"], examples=EXAMPLES,
                           subject="using git undo a commit that was pushed by mistake") is None
    assert check_user_turn("What is your recommendation for backing up my laptop?",
                           subject="backing up a computer back up a laptop automatically every week") is None


def test_a_first_message_that_points_at_what_was_never_shown_is_asked_again():
    # a 1.5B simulator's first message (real run, seed 17, goal "write a Python function that counts how often each
    # word occurs in a sentence"): which function?
    subject = "learning Python write a Python function that counts how often each word occurs in a sentence"
    found = check_user_turn("What programming language should I learn to write this function?", subject=subject)
    assert found is not None and found[0] == reasons.NOT_STANDALONE
    # "this" inside the message's own request, and a follow-up on the reply's function, are fine
    assert check_user_turn("I'd like to write a Python function to count each word in a sentence. How can I achieve "
                           "this?", subject=subject) is None
    assert check_user_turn("How do I call this function on a whole file?", "Here is a word_count function: ...",
                           ["I'd like to write a Python function to count each word."], subject=subject) is None
