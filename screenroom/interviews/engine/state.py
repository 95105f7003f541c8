"""Conversation state, persisted by the caller after every turn (``to_dict``/``from_dict``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any, Literal

Role = Literal["interviewer", "candidate"]


@dataclass(frozen=True)
class TranscriptEntry:
    turn_id: str
    role: Role
    text: str
    ts: float  # Unix epoch seconds, UTC
    question_id: str | None = None
    # For interviewer entries: the decision kind and follow-up reason, shown on the report.
    kind: str | None = None
    reason: str | None = None
    # For candidate entries: True when the text is (part of) an answer to question_id.
    is_answer: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "turn_id": self.turn_id,
            "role": self.role,
            "text": self.text,
            "ts": self.ts,
            "question_id": self.question_id,
            "kind": self.kind,
            "reason": self.reason,
            "is_answer": self.is_answer,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TranscriptEntry:
        return cls(
            turn_id=str(data["turn_id"]),
            role=data["role"],
            text=str(data["text"]),
            ts=float(data["ts"]),
            question_id=data.get("question_id"),
            kind=data.get("kind"),
            reason=data.get("reason"),
            is_answer=bool(data.get("is_answer", False)),
        )


@dataclass(frozen=True)
class ProcessedTurn:
    """What a client turn id produced, so a resubmitted turn gets the same reply."""

    reply: str
    kind: str
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"reply": self.reply, "kind": self.kind, "reason": self.reason}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProcessedTurn:
        return cls(reply=str(data["reply"]), kind=str(data["kind"]), reason=data.get("reason"))


@dataclass
class ConversationState:
    question_index: int = 0
    follow_ups_used: int = 0
    transcript: list[TranscriptEntry] = field(default_factory=list)
    started_at: float | None = None
    finished: bool = False
    end_reason: str | None = None
    processed: dict[str, ProcessedTurn] = field(default_factory=dict)
    # Consecutive non-answers on the current question, so the interviewer cannot loop forever.
    steer_backs: int = 0
    abuse_count: int = 0
    # Candidate questions the FAQ could not answer: passed on to the hiring team.
    pending_questions: list[str] = field(default_factory=list)
    # Safety flags (instruction attempts ...) for the report; they never change a score.
    flags: list[dict[str, Any]] = field(default_factory=list)
    # Which engine produced each reply when an LLM fell back; shown on the report.
    fallbacks: list[dict[str, Any]] = field(default_factory=list)

    def copy(self) -> ConversationState:
        # Entries are frozen, so copying the containers is enough for a pure turn function.
        return replace(
            self,
            transcript=list(self.transcript),
            processed=dict(self.processed),
            pending_questions=list(self.pending_questions),
            flags=list(self.flags),
            fallbacks=list(self.fallbacks),
        )

    def answers_for(self, question_id: str) -> list[TranscriptEntry]:
        return [
            e
            for e in self.transcript
            if e.role == "candidate" and e.is_answer and e.question_id == question_id
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "question_index": self.question_index,
            "follow_ups_used": self.follow_ups_used,
            "transcript": [e.to_dict() for e in self.transcript],
            "started_at": self.started_at,
            "finished": self.finished,
            "end_reason": self.end_reason,
            "processed": {k: v.to_dict() for k, v in self.processed.items()},
            "steer_backs": self.steer_backs,
            "abuse_count": self.abuse_count,
            "pending_questions": list(self.pending_questions),
            "flags": list(self.flags),
            "fallbacks": list(self.fallbacks),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ConversationState:
        return cls(
            question_index=int(data.get("question_index", 0)),
            follow_ups_used=int(data.get("follow_ups_used", 0)),
            transcript=[TranscriptEntry.from_dict(e) for e in data.get("transcript", [])],
            started_at=data.get("started_at"),
            finished=bool(data.get("finished", False)),
            end_reason=data.get("end_reason"),
            processed={k: ProcessedTurn.from_dict(v) for k, v in data.get("processed", {}).items()},
            steer_backs=int(data.get("steer_backs", 0)),
            abuse_count=int(data.get("abuse_count", 0)),
            pending_questions=list(data.get("pending_questions", [])),
            flags=list(data.get("flags", [])),
            fallbacks=list(data.get("fallbacks", [])),
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict())

    @classmethod
    def from_json(cls, raw: str) -> ConversationState:
        return cls.from_dict(json.loads(raw))
