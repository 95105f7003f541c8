"""The parsed profile. Every field carries the span of visible text it was read from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    """Characters ``[start, end)`` of ``ExtractedDocument.text`` and the text found there."""

    start: int
    end: int
    text: str


@dataclass
class FieldValue:
    value: str
    span: Span


@dataclass
class Contact:
    name: FieldValue | None = None
    email: FieldValue | None = None
    phone: FieldValue | None = None  # value is E.164
    location: FieldValue | None = None
    links: list[FieldValue] = field(default_factory=list)


@dataclass
class Job:
    title: str | None
    employer: str | None
    start: str  # YYYY-MM
    end: str | None  # None while current
    current: bool
    months: int
    dates: Span
    header: Span
    skills: list[str] = field(default_factory=list)


@dataclass
class Skill:
    name: str
    span: Span  # first mention
    mentions: int = 1
    years: float | None = None
    years_source: str | None = None  # "jobs": from dated jobs that mention it; "stated": "5 years of X"
    years_evidence: list[Span] = field(default_factory=list)


@dataclass
class Education:
    level: str  # high_school | associate | bachelor | master | doctorate
    rank: int
    degree: str
    field: str | None
    institution: str | None
    year: int | None
    span: Span


@dataclass
class Credential:
    name: str
    kind: str  # certification | licence
    span: Span


@dataclass
class Language:
    name: str
    level: str | None
    span: Span


@dataclass
class WorkAuthorization:
    kind: str  # authorized | needs_sponsorship | no_sponsorship_needed
    country: str | None
    span: Span


@dataclass
class Section:
    name: str
    span: Span


@dataclass
class Profile:
    contact: Contact
    jobs: list[Job]
    total_years: float
    stated_years: FieldValue | None
    skills: list[Skill]
    education: list[Education]
    credentials: list[Credential]
    languages: list[Language]
    work_authorization: list[WorkAuthorization]
    sections: list[Section]
    as_of: str

    @property
    def highest_education(self) -> Education | None:
        return max(self.education, key=lambda e: e.rank, default=None)

    def skill(self, name: str) -> Skill | None:
        low = name.lower()
        return next((s for s in self.skills if s.name.lower() == low), None)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
