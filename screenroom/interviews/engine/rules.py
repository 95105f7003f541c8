"""The offline interviewer's rules: what a candidate message is, and what to say back."""

from __future__ import annotations

import re
from functools import lru_cache

from screenroom.interviews.engine.decisions import Decision, DecisionKind, EndReason, FollowUpReason
from screenroom.interviews.engine.plan import FAQEntry, Plan, Question
from screenroom.interviews.engine.safety import is_abusive
from screenroom.interviews.engine.state import ConversationState
from screenroom.interviews.engine.text import AnswerFeatures, content_stems, similarity, words

MAX_STEER_BACKS = 2
MAX_ABUSE = 3
MIN_ANSWER_WORDS = 12
FAQ_THRESHOLD = 0.5

_BOT_RE = re.compile(
    r"\b(are|r)\s+(you|u)\s+(an?\s+)?(real|human|person|bot|robot|ai|a\.i\.|machine|computer|chatbot|"
    r"automated|program|artificial)\b|\b(am i|i'?m)\s+(talking|speaking|chatting)\s+(to|with)\s+(an?\s+)?"
    r"(bot|robot|ai|machine|computer|real person|human|person)\b|\bis\s+this\s+(an?\s+)?(bot|ai|automated|"
    r"real person|human|robot)\b",
    re.IGNORECASE,
)
_HUMAN_RE = re.compile(
    r"\b(speak|talk|chat)\s+(to|with)\s+(a|an|the)?\s*(human|person|real person|recruiter|someone)\b|"
    r"\baccommodations?\b|\balternative (format|process)\b",
    re.IGNORECASE,
)
_REPEAT_RE = re.compile(
    r"\b(repeat (the|that|your) question|say that again|rephrase|what was the question|"
    r"can you repeat|didn'?t (get|understand) the question)\b",
    re.IGNORECASE,
)
_QUESTION_START = frozenset(
    [
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "whose",
        "why",
        "how",
        "is",
        "are",
        "do",
        "does",
        "did",
        "can",
        "could",
        "will",
        "would",
        "should",
        "may",
        "might",
        "shall",
        "am",
        "was",
        "were",
        "have",
        "has",
    ]
)
_FIRST_PERSON = frozenset(["i", "i'm", "i've", "i'd", "i'll", "me", "my", "we", "we're", "we've", "our"])
_YES_NO = frozenset(["yes", "no", "yeah", "yep", "nope", "sure", "correct", "absolutely", "definitely"])

_ACKS = ("Thank you.", "Thanks, that's helpful.", "Got it, thanks.", "Thanks for explaining.")
_FOLLOW_UPS: dict[FollowUpReason, str] = {
    FollowUpReason.TOO_SHORT: "Could you tell me a bit more about that?",
    FollowUpReason.OFF_POINT: "I may not have been clear. I was asking: {question}",
    FollowUpReason.NO_EXAMPLE: "Can you walk me through a specific example, a time you actually did this?",
    FollowUpReason.NO_RESULT: "What was the outcome? What changed because of what you did?",
    FollowUpReason.NO_NUMBERS: "Can you put a number on it: how much, how many, or how long?",
}
_PROBE_REASON = {
    "example": FollowUpReason.NO_EXAMPLE,
    "result": FollowUpReason.NO_RESULT,
    "numbers": FollowUpReason.NO_NUMBERS,
}


def topic_stems(question: Question) -> frozenset[str]:
    return _topic(" ".join([question.text, question.seeks, *question.anchors.values()]))


@lru_cache(maxsize=4096)
def _topic(blob: str) -> frozenset[str]:
    return content_stems(blob)


@lru_cache(maxsize=4096)
def _faq_stems(entry: FAQEntry) -> frozenset[str]:
    return content_stems(entry.question)


def is_bot_question(text: str) -> bool:
    return bool(_BOT_RE.search(text))


def is_candidate_question(text: str) -> bool:
    toks = words(text)
    if not toks or toks[0] in _YES_NO:
        return False
    if "?" in text and len(toks) <= 40:
        return True
    return toks[0] in _QUESTION_START and len(toks) <= 15


def match_faq(plan: Plan, text: str) -> int | None:
    asked = content_stems(text)
    best, best_score = None, 0.0
    for i, entry in enumerate(plan.faq):
        score = similarity(asked, _faq_stems(entry))
        if score > best_score:
            best, best_score = i, score
    return best if best_score >= FAQ_THRESHOLD else None


def current_question(plan: Plan, state: ConversationState) -> Question:
    return plan.questions[min(state.question_index, len(plan.questions) - 1)]


def ask_again(plan: Plan, state: ConversationState) -> str:
    return f"Back to the question: {current_question(plan, state).text}"


def time_is_up(plan: Plan, state: ConversationState, now: float) -> bool:
    return state.started_at is not None and now - state.started_at >= plan.time_budget_s


def closing(plan: Plan, state: ConversationState, lead: str) -> str:
    parts = [lead, plan.closing]
    if state.pending_questions:
        parts.append("I've passed your questions on to the hiring team.")
    return " ".join(p for p in parts if p)


def greeting(plan: Plan) -> str:
    minutes = max(1, round(plan.time_budget_s / 60))
    n = len(plan.questions)
    return (
        f"{plan.greeting} I'm {plan.interviewer_name}, an AI interviewer for {plan.organization}. "
        f"I'll ask you {n} question{'s' if n != 1 else ''}; it should take about {minutes} minutes, and "
        f"people on the hiring team review everything. First question: {plan.questions[0].text}"
    )


def bot_disclosure(plan: Plan, state: ConversationState) -> str:
    return (
        f"Yes, I'm an AI interviewer ({plan.interviewer_name}) working for {plan.organization}, "
        "not a person. "
        "I ask every candidate the same questions, and people on the hiring team review the conversation; "
        "I don't make the decision. If you'd prefer another format or need an accommodation, say so and "
        f"I'll pass it on. {ask_again(plan, state)}"
    )


def prechecks(plan: Plan, state: ConversationState, text: str, now: float) -> Decision | None:
    """Rules every engine obeys before any model is asked: time, honesty about being an AI, abuse."""
    if time_is_up(plan, state, now):
        return Decision(
            DecisionKind.END,
            closing(plan, state, "We've reached the time for this interview."),
            counts_as_answer=bool(text.strip()),
            end_reason=EndReason.TIME_UP,
        )
    if is_abusive(text):
        if state.abuse_count + 1 >= MAX_ABUSE:
            return Decision(
                DecisionKind.END,
                "I'm going to end the interview here. The hiring team will see the conversation so far.",
                end_reason=EndReason.ABUSE,
            )
        return Decision(
            DecisionKind.ABUSE_WARNING,
            "I'd like to keep this respectful. If something about the process is frustrating, tell me and "
            f"I'll pass it on. {ask_again(plan, state)}",
        )
    if is_bot_question(text):
        return Decision(DecisionKind.BOT_DISCLOSURE, bot_disclosure(plan, state))
    return None


def _asked_reasons(plan: Plan, state: ConversationState) -> set[str]:
    qid = current_question(plan, state).id
    return {
        e.reason
        for e in state.transcript
        if e.role == "interviewer" and e.kind == DecisionKind.FOLLOW_UP and e.question_id == qid and e.reason
    }


def thin_reason(question: Question, answer_text: str, already_asked: set[str]) -> FollowUpReason | None:
    """The first thing a (combined) answer lacks that has not been asked for yet."""
    f = AnswerFeatures.of(answer_text, topic_stems(question))
    lacking: list[FollowUpReason] = []
    if f.word_count < MIN_ANSWER_WORDS and question.probe_for:
        lacking.append(FollowUpReason.TOO_SHORT)
    if f.relevance == 0 and f.word_count >= MIN_ANSWER_WORDS:
        lacking.append(FollowUpReason.OFF_POINT)
    present = {"example": f.example, "result": f.result, "numbers": f.number}
    lacking.extend(_PROBE_REASON[p] for p in question.probe_for if not present[p])
    for reason in lacking:
        if reason.value not in already_asked:
            return reason
    return None


def advance(plan: Plan, state: ConversationState, now: float) -> Decision:
    next_index = state.question_index + 1
    ack = _ACKS[state.question_index % len(_ACKS)]
    if next_index >= len(plan.questions):
        return Decision(
            DecisionKind.END, closing(plan, state, ack), counts_as_answer=True, end_reason=EndReason.PLAN_DONE
        )
    return Decision(DecisionKind.ASK_NEXT, f"{ack} {plan.questions[next_index].text}", counts_as_answer=True)


def _is_off_topic(question: Question, text: str) -> bool:
    f = AnswerFeatures.of(text, topic_stems(question))
    toks = words(text)
    # A first-person statement ("I stay calm") is a thin answer to probe, not chit-chat to steer from.
    first_person = any(t in _FIRST_PERSON for t in toks)
    looks_like_answer = f.example or f.number or first_person or (toks and toks[0] in _YES_NO)
    return f.relevance == 0 and not looks_like_answer and f.word_count < 40


def decide(plan: Plan, state: ConversationState, text: str, now: float) -> Decision:
    pre = prechecks(plan, state, text, now)
    if pre is not None:
        return pre
    question = current_question(plan, state)
    if _REPEAT_RE.search(text):
        return Decision(DecisionKind.STEER_BACK, f"Of course. {question.text}")
    if _HUMAN_RE.search(text):
        return Decision(
            DecisionKind.FAQ_PASS_ON,
            "Of course. I've passed that request on to the hiring team, and asking never counts against "
            "you. You can also stop here and they will contact you. "
            f"If you'd like to continue: {question.text}",
        )
    if is_candidate_question(text):
        idx = match_faq(plan, text)
        if idx is not None:
            return Decision(
                DecisionKind.FAQ_ANSWER, f"{plan.faq[idx].answer} {ask_again(plan, state)}", faq_index=idx
            )
        return Decision(
            DecisionKind.FAQ_PASS_ON,
            f"I don't have that information, but I'll pass your question on to the hiring team. "
            f"{ask_again(plan, state)}",
        )
    previous = " ".join(e.text for e in state.answers_for(question.id))
    # Judged on the whole answer so far: a reply to a follow-up elaborates, it is not a new topic.
    if state.steer_backs < MAX_STEER_BACKS and _is_off_topic(question, f"{previous} {text}"):
        return Decision(
            DecisionKind.STEER_BACK,
            f"Let's keep to the interview for now; I can pass other questions on. {question.text}",
        )
    if state.follow_ups_used < question.max_follow_ups:
        reason = thin_reason(question, f"{previous} {text}".strip(), _asked_reasons(plan, state))
        if reason is not None:
            reply = _FOLLOW_UPS[reason].format(question=question.text)
            return Decision(DecisionKind.FOLLOW_UP, reply, reason=reason, counts_as_answer=True)
    return advance(plan, state, now)
