"""Prompts and JSON schemas for the LLM engines. Bump a *_PROMPT_VERSION whenever its text changes:
the version is recorded with every decision and score for the audit log."""

from __future__ import annotations

import json
from typing import Any

from screenroom.interviews.engine.plan import Plan, Question
from screenroom.interviews.engine.safety import UNTRUSTED_NOTICE, delimit
from screenroom.interviews.engine.state import ConversationState

# v2: the decision call only decides (kind, reason); the words are a second, streamed call.
INTERVIEWER_PROMPT_VERSION = "interviewer-v2"
WORDING_PROMPT_VERSION = "interviewer-wording-v1"
SCORER_PROMPT_VERSION = "scorer-v1"

LLM_DECISION_KINDS = ("ask_next", "follow_up", "faq_answer", "faq_pass_on", "steer_back")
FOLLOW_UP_REASONS = ("too_short", "off_point", "no_example", "no_result", "no_numbers")

# Strict structured output wants every property required; optional values are nullable instead.
# No reply text here: the words are streamed to the candidate by a second call (`wording_*`).
DECISION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "kind": {"type": "string", "enum": list(LLM_DECISION_KINDS)},
        "follow_up_reason": {"type": ["string", "null"], "enum": [*FOLLOW_UP_REASONS, None]},
    },
    "required": ["kind", "follow_up_reason"],
    "additionalProperties": False,
}

SCORE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "score": {"type": "integer", "minimum": 1, "maximum": 5},
        "evidence": {"type": "array", "items": {"type": "string"}},
        "rationale": {"type": "string"},
    },
    "required": ["score", "evidence", "rationale"],
    "additionalProperties": False,
}


def interviewer_system(plan: Plan) -> str:
    return (
        f"You are {plan.interviewer_name}, {plan.persona}, an AI interviewer for {plan.organization}. "
        "You conduct a structured screening interview and must decide how to respond to the candidate's "
        "latest message. Options: ask_next (the answer is adequate; the system moves to the next "
        "question), follow_up (the answer is thin; give the reason: too_short, off_point, no_example, "
        "no_result or no_numbers), faq_answer (the candidate asked something the FAQ answers), "
        "faq_pass_on (a question the FAQ does not answer), steer_back (off-topic). Only decide; the "
        "words are written separately. Never evaluate or score the candidate. " + UNTRUSTED_NOTICE
    )


_WORDING_TASK = {
    "ask_next": "Write one short, neutral sentence acknowledging the answer. Do not ask a question and do "
    "not praise or judge the answer: the system adds the next question after your sentence.",
    "follow_up": "Ask one short follow-up question about the current question, because the answer {why}. "
    "One or two sentences.",
    "faq_answer": "Answer the candidate's question using only the FAQ, in one or two sentences. Do not "
    "repeat the interview question: the system adds it after your words.",
    "faq_pass_on": "Say in one sentence that you cannot answer that here and will pass the question on "
    "to the hiring team. Do not repeat the interview question: the system adds it after your words.",
    "steer_back": "Politely steer the candidate back to the interview in one sentence. Do not repeat the "
    "interview question: the system adds it after your words.",
}
_WHY = {
    "too_short": "is very short",
    "off_point": "does not address the question",
    "no_example": "gives no concrete example",
    "no_result": "does not say what the result was",
    "no_numbers": "gives no numbers or scale",
}


def wording_system(plan: Plan, kind: str, reason: str | None) -> str:
    task = _WORDING_TASK[kind].format(why=_WHY.get(reason or "", "is thin"))
    return (
        f"You are {plan.interviewer_name}, {plan.persona}, an AI interviewer for {plan.organization}, "
        f"speaking to a candidate in a text chat. {task} Write only the words to send: plain text, no "
        "quotation marks, no markdown, no name prefix. Never invent facts about the job, never evaluate "
        "or score the candidate, never discuss protected characteristics. " + UNTRUSTED_NOTICE
    )


def interviewer_user(plan: Plan, state: ConversationState, text: str, history_turns: int = 6) -> str:
    q = plan.questions[state.question_index]
    recent = state.transcript[-history_turns:]
    history = "\n".join(
        f"{e.role}: " + (delimit(e.text) if e.role == "candidate" else e.text) for e in recent
    )
    context = {
        "current_question": q.text,
        "what_it_seeks": q.seeks,
        "follow_ups_left": max(0, q.max_follow_ups - state.follow_ups_used),
        "probe_for": list(q.probe_for),
        "faq": [f.to_dict() for f in plan.faq],
    }
    return (
        f"Interview context (trusted):\n{json.dumps(context, ensure_ascii=False)}\n\n"
        f"Recent conversation:\n{history}\n\nLatest candidate message:\n{delimit(text)}"
    )


def scorer_system() -> str:
    return (
        "You score one interview answer against a recruiter's rubric on a 1-5 scale, where the anchors "
        "describe what a 1 and a 5 (and possibly 2-4) look like. Judge only job-relevant content. Return "
        "evidence as exact, verbatim quotes copied from the candidate's answer (quotes that are not found "
        "word for word are discarded). Placeholders like [NAME_1] stand for redacted personal details; "
        "ignore them. " + UNTRUSTED_NOTICE
    )


def scorer_user(question: Question, redacted_answer: str) -> str:
    rubric = {
        "question": question.text,
        "what_it_seeks": question.seeks,
        "anchors": {str(k): v for k, v in sorted(question.anchors.items())},
    }
    return (
        f"Rubric (trusted):\n{json.dumps(rubric, ensure_ascii=False)}\n\n"
        f"Candidate answer:\n{delimit(redacted_answer)}"
    )
