"""Request and response shapes of API v1 (they become the OpenAPI schema)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from screenroom.core.urls import absolute_url

JobStatusLiteral = Literal["draft", "live", "closed"]
EmploymentTypeLiteral = Literal["full_time", "part_time", "contract", "temporary", "internship"]
DisqualifiedBehaviorLiteral = Literal["show_message", "silent"]
ApplicationStatusLiteral = Literal[
    "invited", "opened", "in_progress", "completed", "advanced", "disqualified", "rejected", "withdrawn"
]


class ErrorDetail(Schema):
    field: str = ""
    loc: list[str | int] = []
    message: str
    type: str = ""


class ErrorBody(Schema):
    code: str = Field(examples=["not_found"])
    message: str
    details: list[ErrorDetail] = []


class ErrorOut(Schema):
    error: ErrorBody


# --- Jobs -----------------------------------------------------------------------------------------


class StageIn(Schema):
    id: int | None = Field(None, description="An existing stage's id (update); leave out for a new stage.")
    kind: str = Field("form", description="A stage type from the registry, e.g. `form`.")
    name: str = Field("", max_length=200)
    enforce_criteria: bool = Field(
        True, description="Off: failed dealbreakers are flagged, not disqualifying."
    )
    config: dict[str, Any] | None = Field(
        None, description="The stage type's settings (for `form`: `intro` and `questions`)."
    )


class StageOut(Schema):
    id: int
    position: int
    kind: str
    name: str
    enforce_criteria: bool
    config: dict[str, Any]


class JobFields(Schema):
    location: str = Field("", max_length=200)
    remote: bool = False
    description: str = ""
    employment_type: EmploymentTypeLiteral = "full_time"
    salary_min: int | None = Field(None, ge=0)
    salary_max: int | None = Field(None, ge=0)
    salary_currency: str = Field("USD", max_length=3)
    welcome_message: str = ""
    disqualified_behavior: DisqualifiedBehaviorLiteral = "show_message"
    disqualified_message: str | None = None
    link_expiry_days: int = Field(14, ge=1, le=365)
    reminder_after_days: int = Field(3, ge=0, le=365)
    reminder_max: int = Field(2, ge=0, le=20)


class JobIn(JobFields):
    title: str = Field(min_length=1, max_length=200)
    stages: list[StageIn] = Field(default_factory=list, max_length=20)


class JobPatch(Schema):
    """Only the fields sent change. `stages`, when sent, is the whole pipeline in order."""

    title: str | None = Field(None, min_length=1, max_length=200)
    location: str | None = Field(None, max_length=200)
    remote: bool | None = None
    description: str | None = None
    employment_type: EmploymentTypeLiteral | None = None
    salary_min: int | None = Field(None, ge=0)
    salary_max: int | None = Field(None, ge=0)
    salary_currency: str | None = Field(None, max_length=3)
    welcome_message: str | None = None
    disqualified_behavior: DisqualifiedBehaviorLiteral | None = None
    disqualified_message: str | None = None
    link_expiry_days: int | None = Field(None, ge=1, le=365)
    reminder_after_days: int | None = Field(None, ge=0, le=365)
    reminder_max: int | None = Field(None, ge=0, le=20)
    stages: list[StageIn] | None = Field(None, max_length=20)


class JobStatusIn(Schema):
    status: JobStatusLiteral


class JobOut(Schema):
    id: int
    title: str
    status: JobStatusLiteral
    location: str
    remote: bool
    description: str
    employment_type: str
    salary_min: int | None
    salary_max: int | None
    salary_currency: str
    welcome_message: str
    disqualified_behavior: str
    disqualified_message: str
    link_expiry_days: int
    reminder_after_days: int
    reminder_max: int
    created_at: dt.datetime
    updated_at: dt.datetime
    stages: list[StageOut]


class JobPage(Schema):
    items: list[JobOut]
    count: int
    limit: int
    offset: int


# --- Applications ---------------------------------------------------------------------------------


class ApplicationIn(Schema):
    job_id: int
    name: str = Field(max_length=200)
    email: str = Field(max_length=254)
    phone: str = Field("", max_length=40)


class CandidateOut(Schema):
    id: int
    name: str
    email: str
    phone: str


class ApplicationOut(Schema):
    id: int
    job_id: int
    candidate: CandidateOut
    status: ApplicationStatusLiteral
    source: str
    overall_score: int | None
    flagged: bool
    current_stage_id: int | None
    email_status: str
    email_error: str
    invited_at: dt.datetime
    email_sent_at: dt.datetime | None
    opened_at: dt.datetime | None
    consented_at: dt.datetime | None
    completed_at: dt.datetime | None
    disqualified_at: dt.datetime | None
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    report_url: str

    @staticmethod
    def resolve_report_url(obj: Any) -> str:
        if isinstance(obj, dict):  # an idempotent replay of an already serialised response
            return str(obj["report_url"])
        return absolute_url("dashboard:report", obj.pk)


class ApplicationPage(Schema):
    items: list[ApplicationOut]
    count: int
    limit: int
    offset: int


class DealbreakerOut(Schema):
    rule_id: str
    label: str
    rule: str
    answer: str
    passed: bool


class StageReportOut(Schema):
    stage_id: int
    name: str
    kind: str
    position: int
    status: str
    score: int | None
    engine: str
    answers: dict[str, Any]
    dealbreakers: list[DealbreakerOut]
    details: dict[str, Any]
    started_at: dt.datetime
    finished_at: dt.datetime | None


class EventOut(Schema):
    kind: str
    data: dict[str, Any]
    created_at: dt.datetime


class ReportOut(Schema):
    application: ApplicationOut
    job: dict[str, Any]
    stages: list[StageReportOut]
    events: list[EventOut]
