"""What the interviewer decided to do with a candidate message."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class DecisionKind(StrEnum):
    GREET = "greet"
    ASK_NEXT = "ask_next"
    FOLLOW_UP = "follow_up"
    FAQ_ANSWER = "faq_answer"
    FAQ_PASS_ON = "faq_pass_on"
    BOT_DISCLOSURE = "bot_disclosure"
    STEER_BACK = "steer_back"
    ABUSE_WARNING = "abuse_warning"
    END = "end"


class FollowUpReason(StrEnum):
    TOO_SHORT = "too_short"
    OFF_POINT = "off_point"
    NO_EXAMPLE = "no_example"
    NO_RESULT = "no_result"
    NO_NUMBERS = "no_numbers"


class EndReason(StrEnum):
    PLAN_DONE = "plan_done"
    TIME_UP = "time_up"
    ABUSE = "abuse"


@dataclass(frozen=True)
class Decision:
    kind: DecisionKind
    reply: str
    reason: FollowUpReason | None = None
    # Whether the candidate message is an answer to the current question (kept for scoring).
    counts_as_answer: bool = False
    end_reason: EndReason | None = None
    faq_index: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "reply": self.reply,
            "reason": self.reason.value if self.reason else None,
            "counts_as_answer": self.counts_as_answer,
            "end_reason": self.end_reason.value if self.end_reason else None,
            "faq_index": self.faq_index,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Decision:
        reason = data.get("reason")
        end_reason = data.get("end_reason")
        return cls(
            kind=DecisionKind(data["kind"]),
            reply=str(data["reply"]),
            reason=FollowUpReason(reason) if reason else None,
            counts_as_answer=bool(data.get("counts_as_answer", False)),
            end_reason=EndReason(end_reason) if end_reason else None,
            faq_index=data.get("faq_index"),
        )
