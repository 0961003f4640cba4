"""The documented reason codes a failed :class:`~datarefinery.records.Verdict` may carry.

Recovery (and anything else downstream) keys on these codes, never on message text.
"""

OK = "ok"
TOO_SHORT = "too_short"                      # below a length bound (characters or words)
TOO_LONG = "too_long"                        # above a length bound
LOW_LEXICAL_DIVERSITY = "low_lexical_diversity"  # TTR or MTLD below its threshold
REPETITION = "repetition"                    # duplicate n-grams or repeated lines
UNSUPPORTED_CLAIM = "unsupported_claim"      # content words not found in the evidence
NUMBER_MISMATCH = "number_mismatch"          # a number absent from the evidence
ENTITY_MISMATCH = "entity_mismatch"          # a name or identifier absent from the evidence
NEGATION_MISMATCH = "negation_mismatch"      # negation the evidence does not state
UNDERSPECIFIED = "underspecified"            # too few content words to stand on its own ("What is the answer?")
NOT_STANDALONE = "not_standalone"            # refers to context the reader lacks ("this statement", "the passage")
RESTATES_QUESTION = "restates_question"      # the answer adds (almost) nothing beyond its question
MALFORMED_QUESTION = "malformed_question"    # prompt text left in, a quoted sentence asked about, nested, "What if"
FRAGMENT = "fragment"                        # not a complete sentence, or itself a question
YES_NO_MISMATCH = "yes_no_mismatch"          # a yes/no question answered without yes or no, or the reverse
REASON_NOT_GIVEN = "reason_not_given"        # a why/purpose/reason question answered with no reason or purpose
DEFINITION_NOT_GIVEN = "definition_not_given"  # "What is X?" answered by a sentence that does not say what X is
ACTION_NOT_GIVEN = "action_not_given"        # "What does X do?" answered by what is done to X (a passive)
DIFFERENCE_NOT_GIVEN = "difference_not_given"  # "What is the difference between X and Y?" answered with no contrast
SUPERLATIVE_NOT_GIVEN = "superlative_not_given"  # "What is the main X?" answered with one X of several
CONDITION_DROPPED = "condition_dropped"      # the answer holds for an era ("In older versions, ...") the question leaves out
OFF_TOPIC = "off_topic"                      # the answer mentions too few of the question's key words
SWAPPED_TERM = "swapped_term"                # aligned with its evidence, the answer puts one term in another's place
NOT_ENTAILED = "not_entailed"                # a verifier model judges the answer unsupported or not an answer
SELF_INCONSISTENT = "self_inconsistent"      # the model's own further samples do not support a sentence (SelfCheckGPT)
BAD_FORMAT = "bad_format"                    # the text does not match the required pattern (e.g. a question mark)
TRUNCATED = "truncated"                      # the text stops mid-sentence
WRONG_LANGUAGE = "wrong_language"            # detected language not in the expected set
HIGH_PERPLEXITY = "high_perplexity"          # the reference model finds the text implausible
LOW_JUDGE_SCORE = "low_judge_score"          # an LLM judge scored a rubric criterion or the total too low
LOW_REWARD = "low_reward"                    # a reward model scored the sample below threshold
DUPLICATE = "duplicate"                      # the same content was already accepted
CONTAMINATED = "contaminated"                # contains (or paraphrases) an evaluation-benchmark item
MISSING_FIELD = "missing_field"              # the field the gate checks is absent or empty
NO_EVIDENCE = "no_evidence"                  # a provenance check on a record without a span
NO_STATEMENT = "no_statement"                # no statement could be located in a chunk
NO_PAIR = "no_pair"                          # no preference pair could be made (no confirmed defect, margin too small)
NO_OUTPUT = "no_output"                      # a node produced nothing for this record
LOW_AGREEMENT = "low_agreement"              # too few of k sampled answers agree (answer voting)
TOO_FEW_STEPS = "too_few_steps"              # reasoning with fewer steps than the recipe's bound
TOO_MANY_STEPS = "too_many_steps"            # reasoning with more steps than the recipe's bound
UNGROUNDED_STEP = "ungrounded_step"          # a reasoning step its located evidence does not support
SINGLE_FACT = "single_fact"                  # the steps rest on fewer distinct facts (evidence spans) than required
CIRCULAR_STEP = "circular_step"              # a reasoning step restates the question or the answer
ANSWER_NOT_COVERED = "answer_not_covered"    # the answer says what the steps do not lead to
ANSWER_CHANGED = "answer_changed"            # an enhanced record's answer differs from the original
TOO_EASY = "too_easy"                        # the student solves it (band solved): rewrite it harder
TOO_HARD = "too_hard"                        # the student never solves it (band unsolved): rewrite it easier

# tool use (datarefinery.tools): format, execution and semantic verification (APIGen)
NO_TOOL_CALL = "no_tool_call"                # no tool call could be read from the reply
UNKNOWN_TOOL = "unknown_tool"                # a call names a tool the API does not have
UNKNOWN_ARGUMENT = "unknown_argument"        # a call passes an argument the tool does not take
MISSING_ARGUMENT = "missing_argument"        # a call lacks a required argument
INVALID_ARGUMENT = "invalid_argument"        # an argument violates its JSON schema (type, enum, pattern, range)
BAD_REFERENCE = "bad_reference"              # an argument refers to a later call, or to what an earlier result lacks
CALL_ERROR = "call_error"                    # the API answered with an error status (4xx/5xx) not meant to be shown
CALL_TIMEOUT = "call_timeout"                # the API did not answer within the timeout
CALL_UNREACHABLE = "call_unreachable"        # the API could not be reached (connection refused or closed)
EXPECTED_ERROR_MISSING = "expected_error_missing"  # an error-handling example whose calls all succeeded
EMPTY_RESULT = "empty_result"                # the last call found nothing (a search whose lists are all empty)
RESULTS_NOT_USED = "results_not_used"        # the final answer contains none of the values the calls returned
ARGUMENT_NOT_GIVEN = "argument_not_given"    # a call passes a value the request never gave (an ISBN the model made up)
# dialogue (datarefinery.dialogue): turn-level filtering (ToolMind)
TOO_FEW_GOOD_TURNS = "too_few_good_turns"    # a turn failed and fewer good turns than the minimum came before it
USER_AS_ASSISTANT = "user_as_assistant"      # a simulated user message in the assistant's voice (offers help, praises the question)
USER_ASKS_ABOUT_ASSISTANT = "user_asks_about_assistant"  # a simulated user asks the assistant about itself ("How do you usually ...?")
USER_ECHO = "user_echo"                      # a simulated user copies the assistant's reply or its instructions, or asks again
USER_NOT_A_REQUEST = "user_not_a_request"    # a simulated user message that asks nothing and answers no question
USER_OFF_TOPIC = "user_off_topic"            # a simulated user's first message shares no content word with the topic and goal
AI_DISCLAIMER = "ai_disclaimer"              # an assistant turn about itself as an AI ("As an AI language model, I don't have ...")
ASSISTANT_AS_PERSON = "assistant_as_person"  # an assistant turn that answers as a person ("My monthly expenses include rent")
# steered questions (datarefinery.generators.question_type)
QUESTION_TYPE_MISMATCH = "question_type_mismatch"  # a steered question not of the type drawn (application: how to use; analysis: how things relate)
EXAMPLES_NOT_GIVEN = "examples_not_given"    # a question asking for examples or kinds, answered without any
# grounded dialogue turns (datarefinery.dialogue.grounded)
NUMBER_NOT_GIVEN = "number_not_given"        # a question asking for an amount, limit or size, answered with no number

ALL = frozenset(v for k, v in dict(globals()).items() if k.isupper() and isinstance(v, str))
