"""Recruiter corrections applied to a parsed profile before screening.

The engine re-parses the stored visible text every time (it is deterministic and takes milliseconds),
then these corrections overwrite what the recruiter fixed. Evidence for a corrected value is an empty
span whose text says who corrected it, so a report never highlights resume text that did not decide it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from screenroom.resumes.engine import (
    Credential,
    Education,
    ExtractedDocument,
    FieldValue,
    JobRequirements,
    MatchScore,
    Profile,
    ResumeAnalyzer,
    Skill,
    Span,
    WorkAuthorization,
)
from screenroom.resumes.engine.facts import LEVELS
from screenroom.resumes.engine.vocab import vocabulary

FIELDS: dict[str, str] = {
    "name": "Name",
    "email": "Email",
    "phone": "Phone",
    "location": "Location",
    "total_years": "Total years of experience",
    "skills": "Skills (comma-separated)",
    "skill_years": "Years per skill (e.g. Python: 5, SQL: 2)",
    "degree": "Highest degree",
    "credentials": "Certifications and licences (comma-separated)",
    "work_authorization": "Work authorization",
}
AUTHORIZATION_CHOICES = {
    "authorized": "States they are authorized to work",
    "needs_sponsorship": "States they need sponsorship",
    "none": "No statement",
}
DEGREE_CHOICES = {"none": "No degree", **{k: k.replace("_", " ").title() for k in LEVELS}}
_SKILL_YEARS_RE = re.compile(r"^\s*(?P<name>[^:=]+?)\s*[:=]\s*(?P<years>\d+(?:\.\d+)?)\s*$")


class CorrectionError(ValueError):
    pass


class CorrectionLike(Protocol):
    field: str
    new_value: str


@dataclass
class Applied:
    field: str
    value: str


def _evidence(value: str) -> Span:
    return Span(0, 0, f"corrected by a recruiter: {value}")


def _terms(value: str) -> list[str]:
    return [t for t in (" ".join(p.split()) for p in value.split(",")) if t]


def normalise(field: str, value: str) -> str:
    """Check a correction before it is stored; returns the value as it will be applied."""
    value = value.strip()
    if field not in FIELDS:
        raise CorrectionError("Choose a field to correct.")
    if len(value) > 2000:
        raise CorrectionError("The new value is too long.")
    if field == "total_years":
        try:
            years = float(value.replace(",", "."))
        except ValueError:
            raise CorrectionError("Enter the years as a number, such as 4 or 6.5.") from None
        if not 0 <= years <= 60:
            raise CorrectionError("Enter between 0 and 60 years.")
        return f"{years:g}"
    if field == "skill_years":
        pairs = []
        for part in _terms(value):
            m = _SKILL_YEARS_RE.match(part)
            if m is None:
                raise CorrectionError(f"“{part}” is not in the form Skill: years.")
            pairs.append(f"{m['name']}: {float(m['years']):g}")
        if not pairs:
            raise CorrectionError("Enter at least one Skill: years pair.")
        return ", ".join(pairs)
    if field == "degree" and value not in DEGREE_CHOICES:
        raise CorrectionError("Choose a degree level from the list.")
    if field == "work_authorization" and value not in AUTHORIZATION_CHOICES:
        raise CorrectionError("Choose a work authorization statement from the list.")
    if field in ("name", "email") and not value:
        raise CorrectionError("Enter the corrected value.")
    return value


def current_value(profile: Profile, field: str) -> str:
    """The profile's value of a correctable field, as the correction form shows it."""
    c = profile.contact
    simple = {"name": c.name, "email": c.email, "phone": c.phone, "location": c.location}
    if field in simple:
        fv = simple[field]
        return fv.value if fv else ""
    if field == "total_years":
        return f"{profile.total_years:g}"
    if field == "skills":
        return ", ".join(s.name for s in profile.skills)
    if field == "skill_years":
        return ", ".join(f"{s.name}: {s.years:g}" for s in profile.skills if s.years is not None)
    if field == "degree":
        best = profile.highest_education
        return best.level if best else "none"
    if field == "credentials":
        return ", ".join(c.name for c in profile.credentials)
    if field == "work_authorization":
        kinds = {w.kind for w in profile.work_authorization}
        if "needs_sponsorship" in kinds:
            return "needs_sponsorship"
        return "authorized" if kinds else "none"
    return ""


def apply(profile: Profile, corrections: Iterable[CorrectionLike], job: JobRequirements | None) -> Profile:
    canon: Callable[[str], str] = vocabulary(job.skill_terms() if job else ()).canonical_name
    for correction in corrections:
        _APPLY[correction.field](profile, correction.new_value, canon)
    return profile


def _contact(field: str) -> Callable[[Profile, str, Callable[[str], str]], None]:
    def set_value(p: Profile, value: str, canon: Callable[[str], str]) -> None:
        setattr(p.contact, field, FieldValue(value, _evidence(value)) if value else None)

    return set_value


def _total_years(p: Profile, value: str, canon: Callable[[str], str]) -> None:
    p.total_years = float(value)
    p.stated_years = FieldValue(value, _evidence(f"{value} years"))


def _skills(p: Profile, value: str, canon: Callable[[str], str]) -> None:
    wanted = [canon(t) for t in _terms(value)]
    have = {s.name.lower(): s for s in p.skills}
    p.skills = [have.get(n.lower()) or Skill(n, _evidence(n)) for n in wanted]


def _skill_years(p: Profile, value: str, canon: Callable[[str], str]) -> None:
    for part in _terms(value):
        m = _SKILL_YEARS_RE.match(part)
        if m is None:
            continue
        name, years = canon(m["name"]), float(m["years"])
        skill = p.skill(name)
        if skill is None:
            skill = Skill(name, _evidence(name))
            p.skills.append(skill)
        skill.years, skill.years_source = years, "recruiter"
        skill.years_evidence = [_evidence(f"{name}: {years:g} years")]


def _degree(p: Profile, value: str, canon: Callable[[str], str]) -> None:
    if value == "none":
        p.education = []
        return
    rank = LEVELS[value]
    kept = [e for e in p.education if e.rank < rank]
    same = [e for e in p.education if e.rank == rank]
    p.education = kept + (
        same or [Education(value, rank, DEGREE_CHOICES[value], None, None, None, _evidence(value))]
    )


def _credentials(p: Profile, value: str, canon: Callable[[str], str]) -> None:
    have = {c.name.lower(): c for c in p.credentials}
    p.credentials = [
        have.get(n.lower()) or Credential(n, "certification", _evidence(n)) for n in _terms(value)
    ]


def _authorization(p: Profile, value: str, canon: Callable[[str], str]) -> None:
    p.work_authorization = [] if value == "none" else [WorkAuthorization(value, None, _evidence(value))]


_APPLY: dict[str, Callable[[Profile, str, Callable[[str], str]], None]] = {
    "name": _contact("name"),
    "email": _contact("email"),
    "phone": _contact("phone"),
    "location": _contact("location"),
    "total_years": _total_years,
    "skills": _skills,
    "skill_years": _skill_years,
    "degree": _degree,
    "credentials": _credentials,
    "work_authorization": _authorization,
}


class CorrectedAnalyzer:
    """The engine's analyzer with the recruiter's corrections laid over what it parsed."""

    def __init__(self, base: ResumeAnalyzer, corrections: Sequence[CorrectionLike]) -> None:
        self.base = base
        self.corrections = corrections
        self.name = base.name
        self.version = base.version

    def parse(
        self, doc: ExtractedDocument, job: JobRequirements | None, *, as_of: date, mask: list[tuple[int, int]]
    ) -> Profile:
        return apply(self.base.parse(doc, job, as_of=as_of, mask=mask), self.corrections, job)

    def score(self, profile: Profile, job: JobRequirements) -> MatchScore:
        return self.base.score(profile, job)
