"""Reads for the candidate pages: the application behind a personal link, and where its candidate is."""

from __future__ import annotations

import datetime as dt
import enum
import threading
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from screenroom.candidates.models import Application, ApplicationStatus
from screenroom.candidates.services import FINISHED_STATUSES
from screenroom.jobs.models import JobStatus, Stage

# Every column a candidate page reads, so one indexed query serves a page (the landing page's speed
# depends on it). Deferred columns would each cost another query.
APPLICATION_COLUMNS = (
    "id",
    "organization_id",
    "job_id",
    "candidate_id",
    "status",
    "is_preview",
    "token",
    "expires_at",
    "revoked_at",
    "opened_at",
    "consented_at",
    "current_stage_id",
    "job__id",
    "job__organization_id",
    "job__title",
    "job__location",
    "job__remote",
    "job__description",
    "job__employment_type",
    "job__salary_min",
    "job__salary_max",
    "job__salary_currency",
    "job__status",
    "job__welcome_message",
    "job__disqualified_behavior",
    "job__disqualified_message",
    "job__updated_at",
    "job__organization__id",
    "job__organization__name",
    "job__organization__updated_at",
    "job__organization__logo",
    "job__organization__primary_color",
    "job__organization__accent_color",
    "job__organization__welcome_message",
    "job__organization__privacy_policy_url",
    "job__organization__accommodation_email",
    "job__organization__retention_days",
)


# The landing page's cache-hit path needs only the link's state and the versions of the cached HTML;
# a shorter SELECT is measurably cheaper there (the driver rewrites every placeholder in the SQL text).
LANDING_COLUMNS = (
    "id",
    "job_id",
    "status",
    "is_preview",
    "token",
    "expires_at",
    "revoked_at",
    "opened_at",
    "consented_at",
    "current_stage_id",
    "job__id",
    "job__organization_id",
    "job__status",
    "job__updated_at",
    "job__organization__id",
    "job__organization__updated_at",
)


class LinkState(enum.Enum):
    OK = "ok"
    EXPIRED = "expired"
    REVOKED = "revoked"
    JOB_CLOSED = "job_closed"


_TOKEN_PLACEHOLDER = "\x00token\x00"


@dataclass(frozen=True)
class _CompiledTokenQuery:
    """The token lookup compiled to SQL once per database, plus what the ORM needs to build objects.

    Compiling this select_related()/only() query costs several times more than running it against the
    unique index, and the landing page runs it on every request; so it is compiled once and replayed,
    and rows become model instances through the ORM's own converters and related populators.
    """

    sql: str
    params: tuple[Any, ...]
    compiler: SQLCompiler
    converters: dict[int, Any]
    init_list: list[str]
    cols: slice
    related_populators: list[Any]


# Per thread, as Django's connections are: the compiler and its converters hold this thread's connection.
_compiled = threading.local()


def _compile_token_query(alias: str, columns: tuple[str, ...]) -> _CompiledTokenQuery:
    queryset = (
        Application.objects.using(alias)
        .select_related("job__organization")
        .only(*columns)
        .filter(token=_TOKEN_PLACEHOLDER)
    )[:1]
    compiler = queryset.query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    select, klass_info = compiler.select, compiler.klass_info
    assert klass_info is not None
    fields = klass_info["select_fields"]
    cols = slice(fields[0], fields[-1] + 1)
    return _CompiledTokenQuery(
        sql=sql,
        params=tuple(params),
        compiler=compiler,
        converters=compiler.get_converters([col for col, _, _ in select]),
        init_list=[col.target.attname for col, _, _ in select[cols]],
        cols=cols,
        related_populators=get_related_populators(klass_info, select, alias),
    )


def application_for_token(
    *, token: str, columns: tuple[str, ...] = APPLICATION_COLUMNS, using: str = "default"
) -> Application | None:
    """The application behind a personal link, with its job and organization, in one indexed query.

    `columns` is APPLICATION_COLUMNS (what every candidate page reads) or LANDING_COLUMNS.
    """
    if not token or len(token) > 64:
        return None
    queries: dict[tuple[str, tuple[str, ...]], _CompiledTokenQuery] = _compiled.__dict__.setdefault(
        "queries", {}
    )
    compiled = queries.get((using, columns))
    if compiled is None:
        compiled = queries[using, columns] = _compile_token_query(using, columns)
    params = [token if p == _TOKEN_PLACEHOLDER else p for p in compiled.params]
    with connections[using].cursor() as cursor:
        cursor.execute(compiled.sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    if compiled.converters:
        row = next(iter(compiled.compiler.apply_converters([row], compiled.converters)))
    application = Application.from_db(using, compiled.init_list, row[compiled.cols])
    for populator in compiled.related_populators:
        populator.populate(row, application)
    return application


def is_finished(application: Application) -> bool:
    return application.status in FINISHED_STATUSES


def link_state(application: Application, now: dt.datetime | None = None) -> LinkState:
    """Whether the link may be used. A finished candidate can still read their thank-you page."""
    if application.revoked_at is not None:
        return LinkState.REVOKED
    if is_finished(application):
        return LinkState.OK
    if application.expires_at <= (now or timezone.now()):
        return LinkState.EXPIRED
    if application.job.status == JobStatus.CLOSED and not application.is_preview:
        return LinkState.JOB_CLOSED
    return LinkState.OK


def candidate_location(application: Application) -> tuple[str, tuple[object, ...]]:
    """The URL name (and arguments besides the token) of the page the candidate should be on."""
    if is_finished(application):
        return "portal:done", ()
    if application.consented_at is None:
        return "portal:landing", ()
    if application.status == ApplicationStatus.IN_PROGRESS and application.current_stage_id:
        return "portal:stage", (application.current_stage_id,)
    return "portal:done", ()


def job_stages(*, job_id: int) -> list[Stage]:
    return list(Stage.objects.filter(job_id=job_id).order_by("position", "id"))


def stage_for_application(*, application: Application, stage_id: int) -> Stage | None:
    return Stage.objects.filter(pk=stage_id, job_id=application.job_id).first()
