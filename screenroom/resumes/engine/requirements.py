"""What a job's Resume stage asks for, and the result of checking one rule."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from .model import Span

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"


@dataclass
class JobRequirements:
    """Required qualifications (dealbreakers) and scoring inputs for one Resume stage."""

    min_total_years: float | None = None
    min_skill_years: dict[str, float] = field(default_factory=dict)
    required_skills_all: list[str] = field(default_factory=list)
    required_skills_any: list[str] = field(default_factory=list)
    preferred_skills: list[str] = field(default_factory=list)
    min_degree: str | None = None  # high_school | associate | bachelor | master | doctorate
    credentials_any: list[str] = field(default_factory=list)  # certification or licence names
    locations: list[str] = field(default_factory=list)  # "Austin, TX", "TX", "US", "Berlin"
    remote_ok: bool = False
    remote_regions: list[str] = field(default_factory=list)  # empty with remote_ok: anywhere
    work_authorization: str | None = None  # country code the candidate must be able to work in
    sponsorship_available: bool = False
    min_score: int | None = None

    def skill_terms(self) -> tuple[str, ...]:
        return tuple(
            {
                *self.min_skill_years,
                *self.required_skills_all,
                *self.required_skills_any,
                *self.preferred_skills,
            }
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> JobRequirements:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown requirement keys: {sorted(unknown)}")
        return cls(**data)


@dataclass
class QualificationResult:
    rule: str
    requirement: str
    status: str  # pass | fail | unknown
    detail: str
    evidence: list[Span] = field(default_factory=list)
    needs_review: bool = False
