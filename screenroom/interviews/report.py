"""What the chat stage's report block shows: transcript with evidence marked, scores, anchors, flags."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from screenroom.interviews.config import ChatConfig
from screenroom.interviews.models import InterviewSession


@dataclass
class Segment:
    text: str
    evidence_for: int | None = None  # question number (1-based) this quote is evidence for


REASON_LABELS = {
    "too_short": "the answer was short",
    "off_point": "the answer was off the point",
    "no_example": "asked for an example",
    "no_result": "asked for the result",
    "no_numbers": "asked for numbers",
}


@dataclass
class Message:
    role: str
    speaker: str
    at: dt.datetime
    segments: list[Segment]
    kind: str | None = None
    reason: str | None = None
    question_number: int | None = None

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason or "", "")


@dataclass
class QuestionRow:
    number: int
    text: str
    score: int | None
    weight: float
    must_pass: bool
    anchors: list[tuple[int, str]]
    evidence: list[str]
    rationale: str
    engine: str
    fallback: dict[str, Any] | None
    answered: bool


@dataclass
class ChatReport:
    score: float | None
    summary: str
    scorer_engine: str
    scorer_model: str | None
    prompt_version: str | None
    rubric_version: str
    interviewer_engine: str
    questions: list[QuestionRow]
    messages: list[Message]
    flags: list[dict[str, Any]]
    turn_fallbacks: list[dict[str, Any]]
    scoring_fallback: dict[str, Any] | None
    pending_questions: list[str]
    ended: str
    offline: bool
    in_progress: bool = False
    notes: list[str] = field(default_factory=list)


def highlight(text: str, quotes: list[tuple[str, int]]) -> list[Segment]:
    """Split a message into plain text and evidence quotes (first occurrence of each, no overlaps)."""
    spans: list[tuple[int, int, int]] = []
    for quote, number in quotes:
        quote = quote.strip()
        if not quote:
            continue
        start = text.find(quote)
        if start < 0:
            continue
        end = start + len(quote)
        if any(s < end and start < e for s, e, _ in spans):
            continue
        spans.append((start, end, number))
    spans.sort()
    segments: list[Segment] = []
    cursor = 0
    for start, end, number in spans:
        if start > cursor:
            segments.append(Segment(text[cursor:start]))
        segments.append(Segment(text[start:end], number))
        cursor = end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments


def chat_report(stage: Any, result: Any) -> ChatReport | None:
    """Build the report block for one StageResult of a chat stage (None when nothing to show)."""
    evaluation = (result.evaluation or {}) if result is not None else {}
    details = evaluation.get("details") or {}
    if result is None:
        return None
    session = InterviewSession.objects.filter(stage_id=stage.pk, application_id=result.application_id).first()
    if session is None:
        return None
    config = ChatConfig.model_validate(stage.config)
    scoring: dict[str, Any] = details.get("scoring") or session.scoring or {}
    numbers = {q.id: i for i, q in enumerate(config.questions, start=1)}
    by_id = {q.id: q for q in config.questions}
    questions: list[QuestionRow] = []
    quotes: list[tuple[str, int]] = []
    for scored in scoring.get("questions", []):
        qid = scored["question_id"]
        cq = by_id.get(qid)
        number = numbers.get(qid, len(numbers) + 1)
        anchors = sorted(cq.anchors().items()) if cq else []
        evidence = list(scored.get("evidence", []))
        quotes.extend((q, number) for q in evidence)
        questions.append(
            QuestionRow(
                number=number,
                text=cq.text if cq else qid,
                score=scored.get("score"),
                weight=scored.get("weight", 1.0),
                must_pass=bool(cq and cq.must_pass),
                anchors=anchors,
                evidence=evidence,
                rationale=scored.get("rationale", ""),
                engine=scored.get("engine", ""),
                fallback=scored.get("fallback"),
                answered=scored.get("answered", True),
            )
        )
    name = config.interviewer_name
    messages = [
        Message(
            role=e["role"],
            speaker=name if e["role"] == "interviewer" else "Candidate",
            at=dt.datetime.fromtimestamp(float(e["ts"]), tz=dt.UTC),
            segments=highlight(e["text"], quotes) if e["role"] == "candidate" else [Segment(e["text"])],
            kind=e.get("kind"),
            reason=e.get("reason"),
            question_number=numbers.get(e.get("question_id") or ""),
        )
        for e in session.transcript
    ]
    state = session.state
    engine = str(scoring.get("engine", ""))
    return ChatReport(
        score=scoring.get("score"),
        summary=str(details.get("summary", "")),
        scorer_engine=engine,
        scorer_model=scoring.get("model"),
        prompt_version=scoring.get("prompt_version"),
        rubric_version=str(scoring.get("rubric_version", "")),
        interviewer_engine=session.engine,
        questions=questions,
        messages=messages,
        flags=list(scoring.get("flags") or state.get("flags", [])),
        turn_fallbacks=list(state.get("fallbacks", [])),
        scoring_fallback=scoring.get("fallback"),
        pending_questions=list(state.get("pending_questions", [])),
        ended=str(details.get("ended", "")),
        offline=engine.startswith("offline"),
        in_progress=not scoring,
    )
