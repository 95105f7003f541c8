"""Score result objects, JSON-serialisable for the report and the audit log."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class QuestionScore:
    question_id: str
    score: int  # 1-5 against the recruiter's anchors
    evidence: tuple[str, ...]  # verbatim quotes from the candidate's turns
    rationale: str
    engine: str
    model: str | None
    prompt_version: str | None
    rubric_version: str
    weight: float = 1.0
    answered: bool = True
    # Quotes an engine offered that are not in the transcript; never shown as evidence.
    rejected_quotes: tuple[str, ...] = ()
    fallback: dict[str, Any] | None = None
    features: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["evidence"] = list(self.evidence)
        data["rejected_quotes"] = list(self.rejected_quotes)
        return data


@dataclass(frozen=True)
class DealbreakerResult:
    kind: Literal["must_pass", "min_stage_score"]
    fired: bool
    enforced: bool  # "enforce" mode: a fired dealbreaker fails the stage (a human can still override)
    detail: str
    question_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class StageScore:
    score: float  # 0-100
    questions: tuple[QuestionScore, ...]
    dealbreakers: tuple[DealbreakerResult, ...]
    passed: bool
    engine: str
    model: str | None
    prompt_version: str | None
    rubric_version: str
    flags: tuple[dict[str, Any], ...] = ()
    fallback: dict[str, Any] | None = None
    call_logs: tuple[dict[str, Any], ...] = ()

    @property
    def fired(self) -> list[DealbreakerResult]:
        return [d for d in self.dealbreakers if d.fired]

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "questions": [q.to_dict() for q in self.questions],
            "dealbreakers": [d.to_dict() for d in self.dealbreakers],
            "passed": self.passed,
            "engine": self.engine,
            "model": self.model,
            "prompt_version": self.prompt_version,
            "rubric_version": self.rubric_version,
            "flags": list(self.flags),
            "fallback": self.fallback,
            "call_logs": list(self.call_logs),
        }
