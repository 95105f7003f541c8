"""A conversational stage's plan: who interviews, what is asked, how it is judged."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

DealbreakerMode = Literal["enforce", "flag"]
PROBES: tuple[str, ...] = ("example", "result", "numbers")


class PlanError(ValueError):
    """A plan that cannot be run (missing anchors, duplicate ids, ...)."""


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    seeks: str = ""
    # Keys 1..5; 1 and 5 are required because the scorer contrasts the two ends of the scale.
    anchors: dict[int, str] = field(default_factory=dict)
    weight: float = 1.0
    max_follow_ups: int = 1
    must_pass: bool = False
    # A must-pass question "passes" at or above this 1-5 score.
    pass_score: int = 3
    # What a thin answer may be probed for; "why this company?" should not be asked for numbers.
    probe_for: tuple[str, ...] = PROBES

    def validate(self) -> None:
        if not self.id or not self.text.strip():
            raise PlanError("every question needs an id and text")
        if not self.anchors.get(1) or not self.anchors.get(5):
            raise PlanError(f"question {self.id!r} needs anchor_1 and anchor_5")
        if set(self.anchors) - {1, 2, 3, 4, 5}:
            raise PlanError(f"question {self.id!r}: anchors must be keyed 1-5")
        if self.weight < 0 or self.max_follow_ups < 0:
            raise PlanError(f"question {self.id!r}: weight and max_follow_ups must be >= 0")
        if not 1 <= self.pass_score <= 5:
            raise PlanError(f"question {self.id!r}: pass_score must be 1-5")
        unknown = set(self.probe_for) - set(PROBES)
        if unknown:
            raise PlanError(f"question {self.id!r}: unknown probes {sorted(unknown)}")

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "text": self.text, "seeks": self.seeks}
        for level in sorted(self.anchors):
            data[f"anchor_{level}"] = self.anchors[level]
        data.update(
            weight=self.weight,
            max_follow_ups=self.max_follow_ups,
            must_pass=self.must_pass,
            pass_score=self.pass_score,
            probe_for=list(self.probe_for),
        )
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Question:
        anchors = {lvl: str(data[f"anchor_{lvl}"]) for lvl in range(1, 6) if data.get(f"anchor_{lvl}")}
        q = cls(
            id=str(data["id"]),
            text=str(data["text"]),
            seeks=str(data.get("seeks", "")),
            anchors=anchors,
            weight=float(data.get("weight", 1.0)),
            max_follow_ups=int(data.get("max_follow_ups", 1)),
            must_pass=bool(data.get("must_pass", False)),
            pass_score=int(data.get("pass_score", 3)),
            probe_for=tuple(data.get("probe_for", PROBES)),
        )
        q.validate()
        return q


@dataclass(frozen=True)
class FAQEntry:
    question: str
    answer: str

    def to_dict(self) -> dict[str, str]:
        return {"question": self.question, "answer": self.answer}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FAQEntry:
        return cls(question=str(data["question"]), answer=str(data["answer"]))


@dataclass(frozen=True)
class Plan:
    questions: tuple[Question, ...]
    interviewer_name: str = "Sam"
    persona: str = "a friendly, concise recruiting assistant"
    greeting: str = "Hi, thanks for making time today."
    closing: str = "Thank you, that's everything from me. The hiring team will be in touch."
    time_budget_s: int = 1200
    faq: tuple[FAQEntry, ...] = ()
    organization: str = "the hiring team"
    min_stage_score: float | None = None
    dealbreaker_mode: DealbreakerMode = "flag"

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        if not self.questions:
            raise PlanError("a plan needs at least one question")
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise PlanError("question ids must be unique")
        for q in self.questions:
            q.validate()
        if self.time_budget_s <= 0:
            raise PlanError("time_budget_s must be positive")
        if self.min_stage_score is not None and not 0 <= self.min_stage_score <= 100:
            raise PlanError("min_stage_score must be 0-100")
        if self.dealbreaker_mode not in ("enforce", "flag"):
            raise PlanError("dealbreaker_mode must be 'enforce' or 'flag'")

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def rubric_version(self) -> str:
        """Content hash of what scoring depends on, so a report can say which rubric was applied."""
        rubric = [
            {k: v for k, v in q.to_dict().items() if k not in ("max_follow_ups", "probe_for")}
            for q in self.questions
        ]
        blob = json.dumps(
            {"questions": rubric, "min": self.min_stage_score, "mode": self.dealbreaker_mode},
            sort_keys=True,
        )
        return "rubric-" + hashlib.sha256(blob.encode()).hexdigest()[:12]

    def to_dict(self) -> dict[str, Any]:
        return {
            "interviewer_name": self.interviewer_name,
            "persona": self.persona,
            "greeting": self.greeting,
            "closing": self.closing,
            "time_budget_s": self.time_budget_s,
            "organization": self.organization,
            "questions": [q.to_dict() for q in self.questions],
            "faq": [f.to_dict() for f in self.faq],
            "min_stage_score": self.min_stage_score,
            "dealbreaker_mode": self.dealbreaker_mode,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Plan:
        defaults = cls.__dataclass_fields__
        kwargs: dict[str, Any] = {
            key: data[key]
            for key in ("interviewer_name", "persona", "greeting", "closing", "organization")
            if key in data
        }
        mode = data.get("dealbreaker_mode", defaults["dealbreaker_mode"].default)
        min_score = data.get("min_stage_score")
        return cls(
            questions=tuple(Question.from_dict(q) for q in data["questions"]),
            faq=tuple(FAQEntry.from_dict(f) for f in data.get("faq", [])),
            time_budget_s=int(data.get("time_budget_s", defaults["time_budget_s"].default)),
            min_stage_score=None if min_score is None else float(min_score),
            dealbreaker_mode=mode,
            **kwargs,
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict())

    @classmethod
    def from_json(cls, raw: str) -> Plan:
        return cls.from_dict(json.loads(raw))
