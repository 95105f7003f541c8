"""Settings of a Resume stage: the required qualifications (dealbreakers) and what scores points."""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from pydantic import BaseModel, Field, field_validator, model_validator

from screenroom.resumes.engine import DEFAULT_LIMITS, JobRequirements, Limits

DegreeLevel = Literal["", "high_school", "associate", "bachelor", "master", "doctorate"]
DEGREE_LABELS: dict[str, str] = {
    "": "No minimum",
    "high_school": "High school",
    "associate": "Associate degree",
    "bachelor": "Bachelor's degree",
    "master": "Master's degree",
    "doctorate": "Doctorate",
}
MAX_TERMS = 50


def _clean_terms(value: object) -> object:
    """Accept a list or a comma-separated string; drop blanks and repeats, keep the recruiter's order."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return value
    seen: dict[str, str] = {}
    for item in value:
        term = " ".join(str(item).split())
        if term and term.lower() not in seen:
            seen[term.lower()] = term
    return list(seen.values())


class ResumeConfig(BaseModel):
    intro: str = Field(default="", max_length=2000)
    min_total_years: float | None = Field(default=None, ge=0, le=60, allow_inf_nan=False)
    min_skill_years: dict[str, float] = Field(default_factory=dict, max_length=MAX_TERMS)
    required_skills_all: list[str] = Field(default_factory=list, max_length=MAX_TERMS)
    required_skills_any: list[str] = Field(default_factory=list, max_length=MAX_TERMS)
    preferred_skills: list[str] = Field(default_factory=list, max_length=MAX_TERMS)
    min_degree: DegreeLevel = ""
    credentials_any: list[str] = Field(default_factory=list, max_length=MAX_TERMS)
    locations: list[str] = Field(default_factory=list, max_length=MAX_TERMS)
    remote_ok: bool = False
    remote_regions: list[str] = Field(default_factory=list, max_length=MAX_TERMS)
    work_authorization: str = Field(
        default="", max_length=60, description="Country the candidate must be able to work in"
    )
    sponsorship_available: bool = False
    min_score: int | None = Field(default=None, ge=0, le=100)

    @field_validator(
        "required_skills_all", "required_skills_any", "preferred_skills", "credentials_any", "locations",
        "remote_regions", mode="before",
    )  # fmt: skip
    @classmethod
    def terms(cls, value: object) -> object:
        return _clean_terms(value)

    @field_validator("intro", "work_authorization", mode="before")
    @classmethod
    def strip(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value

    @field_validator("min_skill_years")
    @classmethod
    def skill_years(cls, value: dict[str, float]) -> dict[str, float]:
        out: dict[str, float] = {}
        for name, years in value.items():
            term = " ".join(name.split())
            if not term:
                continue
            if not 0 <= years <= 60 or years != years:
                raise ValueError(f"years of {term} must be between 0 and 60")
            out[term] = float(years)
        return out

    @model_validator(mode="after")
    def consistent(self) -> ResumeConfig:
        if self.remote_regions and not self.remote_ok:
            raise ValueError("remote regions only apply when remote work is allowed")
        if self.sponsorship_available and not self.work_authorization:
            raise ValueError("sponsorship only applies with a work authorization country")
        return self

    def requirements(self) -> JobRequirements:
        return JobRequirements(
            min_total_years=self.min_total_years,
            min_skill_years=dict(self.min_skill_years),
            required_skills_all=list(self.required_skills_all),
            required_skills_any=list(self.required_skills_any),
            preferred_skills=list(self.preferred_skills),
            min_degree=self.min_degree or None,
            credentials_any=list(self.credentials_any),
            locations=list(self.locations),
            remote_ok=self.remote_ok,
            remote_regions=list(self.remote_regions),
            work_authorization=self.work_authorization or None,
            sponsorship_available=self.sponsorship_available,
            min_score=self.min_score,
        )

    @property
    def has_dealbreakers(self) -> bool:
        r = self.requirements()
        return bool(
            r.min_total_years is not None or r.min_skill_years or r.required_skills_all
            or r.required_skills_any
            or r.min_degree or r.credentials_any or r.locations or r.remote_ok or r.work_authorization
            or r.min_score is not None
        )  # fmt: skip


def upload_limits() -> Limits:
    """The engine's limits with this installation's size, page and time settings."""
    return Limits(
        max_bytes=getattr(settings, "RESUME_MAX_BYTES", DEFAULT_LIMITS.max_bytes),
        max_pages=getattr(settings, "RESUME_MAX_PAGES", DEFAULT_LIMITS.max_pages),
        time_limit_s=float(getattr(settings, "RESUME_PARSE_SECONDS", DEFAULT_LIMITS.time_limit_s)),
    )
