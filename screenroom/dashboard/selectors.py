"""Reads for the recruiter dashboard. Every function takes the organization or an org-scoped object.

The candidate list must stay fast with 100,000 applications, so every read here costs a fixed number
of queries whatever the page size: one count, one page of rows, one query for the page's stage
results, and two aggregates for the funnel. Preview runs are left out of all of them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import connection
from django.db.models import F, Field, Func, IntegerField, Model, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import OrderBy
from django.utils import timezone

from screenroom.audit.models import AuditEntry
from screenroom.candidates.models import (
    Application,
    ApplicationStatus,
    Candidate,
    EmailStatus,
    StageResult,
    StageResultStatus,
)
from screenroom.jobs.models import Job, Stage
from screenroom.orgs.models import Organization

PAGE_SIZES = (25, 50, 100, 200)
DEFAULT_PAGE_SIZE = 50

# Sort keys offered in the list; each ends with a unique column so pages never overlap.
SORTS: dict[str, tuple[str, list[OrderBy]]] = {
    "newest": ("Invited (newest first)", [F("invited_at").desc(), F("id").desc()]),
    "oldest": ("Invited (oldest first)", [F("invited_at").asc(), F("id").asc()]),
    "score": ("Overall score (highest first)", [F("overall_score").desc(nulls_last=True), F("id").desc()]),
    "score_asc": ("Overall score (lowest first)", [F("overall_score").asc(nulls_last=True), F("id").asc()]),
    # A candidate has one application per job, so the candidate id breaks ties; with the organization
    # filter below, the (organization, name) index then yields the page without sorting every row.
    "name": ("Name (A–Z)", [F("candidate__name").asc(), F("candidate_id").asc()]),
    "name_desc": ("Name (Z–A)", [F("candidate__name").desc(), F("candidate_id").desc()]),
    "status": ("Status", [F("status").asc(), F("id").desc()]),
}
DEFAULT_SORT = "newest"

# `is_preview=False` compiles to `NOT is_preview`, which SQLite cannot match against the
# (job, is_preview, …) indexes; `IN (false)` is an equality to both SQLite and PostgreSQL, so the
# page comes straight off the index in order instead of sorting 100,000 rows.
NOT_PREVIEW = Q(is_preview__in=[False])


class _CountAll(Func):
    """COUNT(*) without GROUP BY, for a correlated count subquery.

    A count of one equality range of an index is SQLite's fastest path (no column is decoded), about
    four times faster than GROUP BY over the same rows; PostgreSQL answers it with an index-only scan.
    """

    template = "COUNT(*)"
    output_field = IntegerField()


def _count_of(queryset: QuerySet[Any]) -> Subquery:
    return Subquery(queryset.order_by().annotate(n=_CountAll()).values("n"), output_field=IntegerField())


def _range_counts(ranges: list[tuple[type[Model], dict[str, Any]]]) -> list[int]:
    """Row counts of several index ranges in one round trip: SELECT (SELECT COUNT(*) …), (…).

    Written as SQL because the ORM spends longer compiling a dozen correlated subqueries than the
    database spends answering them; every value is a parameter.
    """
    qn = connection.ops.quote_name
    parts: list[str] = []
    params: list[Any] = []
    for model, where in ranges:
        meta = model._meta
        columns = [cast(Field[Any, Any], meta.get_field(name)).column for name in where]
        conditions = " AND ".join(f"{qn(column)} = %s" for column in columns)
        # Table and column names come from the models, never from input; values are parameters.
        parts.append(f"(SELECT COUNT(*) FROM {qn(meta.db_table)} WHERE {conditions})")  # noqa: S608
        params.extend(where.values())
    if not parts:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return [int(n) for n in row] if row else []


def _status_counts(prefix: str = "n_") -> dict[str, Subquery]:
    """One count per application status, correlated to the outer Job row."""
    return {
        f"{prefix}{status}": _count_of(
            Application.objects.filter(NOT_PREVIEW, job_id=OuterRef("pk"), status=status)
        )
        for status in ApplicationStatus.values
    }


# --- Jobs list ---------------------------------------------------------------------------------------


@dataclass
class JobSummary:
    job: Job
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def by_status(self) -> list[tuple[str, str, int]]:
        """(value, label, count) for the statuses this job has candidates in, in lifecycle order."""
        return [
            (value, label, self.counts[value])
            for value, label in ApplicationStatus.choices
            if self.counts.get(value)
        ]


def job_summaries(*, organization: Organization) -> list[JobSummary]:
    """The organization's jobs with candidate counts by status, in one query whatever the job count."""
    jobs = (
        Job.objects.filter(organization=organization)
        .annotate(**_status_counts())
        .order_by("-created_at", "-id")
    )
    return [
        JobSummary(
            job=job,
            counts={s: n for s in ApplicationStatus.values if (n := getattr(job, f"n_{s}"))},
        )
        for job in jobs
    ]


# --- One job's candidates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateFilters:
    status: str = ""
    stage_id: int | None = None
    search: str = ""
    sort: str = DEFAULT_SORT
    page: int = 1
    per_page: int = DEFAULT_PAGE_SIZE

    @property
    def is_filtered(self) -> bool:
        return bool(self.status or self.stage_id or self.search)


_STATUS_LABELS = dict(ApplicationStatus.choices)
_EMAIL_LABELS = {value: label.lower() for value, label in EmailStatus.choices}
_RESULT_LABELS = dict(StageResultStatus.choices)


def _short_date(value: dt.datetime | None, with_year: bool = False) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%b} {local.day}, {local.year}" if with_year else f"{local:%b} {local.day}"


@dataclass
class StageCell:
    status: str
    label: str
    score: int | None


@dataclass
class CandidateRow:
    """One line of the list, with its labels worked out here: the page renders 50–200 of them, and
    plain values cost the template a fraction of what model lookups and filters do."""

    application: Application
    # One entry per stage of the job, in pipeline order; None where the candidate has not started it.
    results: list[StageResult | None]
    current_stage_name: str = ""
    status_label: str = ""
    email_label: str = ""
    invited: str = ""
    opened: str = ""
    cells: list[StageCell | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        a = self.application
        self.status_label = _STATUS_LABELS.get(a.status, a.status)
        self.email_label = _EMAIL_LABELS.get(a.email_status, a.email_status)
        self.invited = _short_date(a.invited_at, with_year=True)
        self.opened = _short_date(a.opened_at)
        self.cells = [
            StageCell(status=r.status, label=_RESULT_LABELS.get(r.status, r.status), score=r.score)
            if r
            else None
            for r in self.results
        ]


@dataclass
class FunnelStep:
    stage: Stage
    reached: int = 0
    passed: int = 0
    flagged: int = 0
    disqualified: int = 0
    in_progress: int = 0


@dataclass
class Funnel:
    total: int
    status_counts: dict[str, int]
    steps: list[FunnelStep]

    @property
    def opened(self) -> int:
        not_opened = self.status_counts.get(ApplicationStatus.INVITED, 0)
        return self.total - not_opened

    @property
    def completed(self) -> int:
        return self.status_counts.get(ApplicationStatus.COMPLETED, 0)

    @property
    def advanced(self) -> int:
        return self.status_counts.get(ApplicationStatus.ADVANCED, 0)


@dataclass
class CandidatePage:
    rows: list[CandidateRow]
    total: int
    page: int
    per_page: int
    stages: list[Stage] = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def end_index(self) -> int:
        return min(self.page * self.per_page, self.total)


def job_stages(*, job: Job) -> list[Stage]:
    return list(job.stages.order_by("position", "id"))


def _job_applications(job: Job) -> QuerySet[Application]:
    return Application.objects.filter(NOT_PREVIEW, job=job)


# A search first fetches the ids of matching candidates, up to this many: a rare term then costs one
# pass over the candidate table, and a common one stops early (and is paged by walking the index).
SEARCH_ID_LIMIT = 2000


def _matching_candidates(job: Job, search: str) -> QuerySet[Candidate]:
    return Candidate.objects.filter(organization_id=job.organization_id).filter(
        Q(name__icontains=search) | Q(email__icontains=search)
    )


def _filtered(
    job: Job,
    filters: CandidateFilters,
    *,
    candidate_ids: list[int] | None = None,
    search_by_join: bool = False,
) -> QuerySet[Application]:
    qs = _job_applications(job)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.stage_id:
        qs = qs.filter(current_stage_id=filters.stage_id)
    if filters.search and candidate_ids is not None:
        qs = qs.filter(candidate_id__in=candidate_ids)
    elif filters.search and search_by_join:
        qs = qs.filter(
            Q(candidate__name__icontains=filters.search) | Q(candidate__email__icontains=filters.search)
        )
    elif filters.search:
        # Matching candidates first, then their applications: one pass over the candidate table
        # instead of a join per application (5x faster on SQLite with 100,000 rows).
        qs = qs.filter(candidate_id__in=_matching_candidates(job, filters.search).values("id"))
    if filters.sort.startswith("name"):
        qs = qs.filter(candidate__organization_id=job.organization_id)
    return qs


def _search_by_join(filters: CandidateFilters, offset: int, matches: int, job_total: int | None) -> bool:
    """Whether the page of a search is cheaper found by walking the sort index than by sorting matches.

    Walking the job's applications in sort order and testing each candidate stops after about
    (offset + page) / density rows; sorting reads every match. Common words are found by walking,
    rare ones by sorting. Either way the rows are the same; only the query plan differs.
    """
    if not filters.search or not job_total or not matches:
        return False
    rows_walked = (offset + filters.per_page) * job_total / matches
    return rows_walked < matches


def job_funnel(*, job: Job, stages: list[Stage]) -> Funnel:
    """Counts per status and, per stage, how many reached, passed and were disqualified: two queries.

    "Opened" counts everyone past the invited status (opening the link is the first step of the flow).
    """
    ranges: list[tuple[type[Model], dict[str, Any]]] = [
        (Application, {"job": job.pk, "is_preview": False, "status": status})
        for status in ApplicationStatus.values
    ]
    ranges += [
        (StageResult, {"stage": stage.pk, "status": status})
        for stage in stages
        for status in StageResultStatus.values
    ]
    numbers = iter(_range_counts(ranges))
    status_counts = {s: n for s in ApplicationStatus.values if (n := next(numbers))}
    steps = {stage.pk: FunnelStep(stage=stage) for stage in stages}
    # Every result of the job's stages is counted from the (stage, status) index alone; the few
    # preview results are then subtracted, rather than joining every result to its application.
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for stage in stages:
        for status in StageResultStatus.values:
            counts[(stage.pk, status)] += next(numbers)
    previews = Application.objects.filter(job=job, is_preview__in=[True]).values("id")
    preview_results = StageResult.objects.filter(application_id__in=previews).only("stage_id", "status")
    for result in preview_results:
        counts[(result.stage_id, result.status)] -= 1
    for (stage_id, status), n in counts.items():
        step = steps.get(stage_id)
        if step is None:
            continue
        # A StageResult exists from the moment the candidate starts the stage, so every row "reached" it.
        step.reached += n
        if status == StageResultStatus.PASSED:
            step.passed += n
        elif status == StageResultStatus.FLAGGED:
            step.passed += n
            step.flagged += n
        elif status == StageResultStatus.FAILED:
            step.disqualified += n
        else:
            step.in_progress += n
    return Funnel(
        total=sum(status_counts.values()),
        status_counts=status_counts,
        steps=[steps[stage.pk] for stage in stages],
    )


def candidate_page(
    *, job: Job, stages: list[Stage], filters: CandidateFilters, known_total: int | None = None
) -> CandidatePage:
    """One page of a job's candidates with their stage results.

    `known_total` is the job's unfiltered count, which the caller already has from the funnel: it
    saves the count query on the default view and tells a search which query plan to use.
    """
    candidate_ids: list[int] | None = None
    if filters.search:
        found = list(
            _matching_candidates(job, filters.search)
            .order_by()
            .values_list("id", flat=True)[: SEARCH_ID_LIMIT + 1]
        )
        candidate_ids = found if len(found) <= SEARCH_ID_LIMIT else None
    qs = _filtered(job, filters, candidate_ids=candidate_ids)
    total = known_total if known_total is not None and not filters.is_filtered else qs.count()
    per_page = filters.per_page
    num_pages = max(1, -(-total // per_page))
    page = min(max(1, filters.page), num_pages)
    _label, ordering = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    offset = (page - 1) * per_page
    if candidate_ids is None and _search_by_join(filters, offset, total, known_total):
        qs = _filtered(job, filters, search_by_join=True)
    applications = list(
        qs.select_related("candidate")
        .only(
            "id",
            "status",
            "email_status",
            "email_error",
            "opened_at",
            "invited_at",
            "completed_at",
            "current_stage_id",
            "overall_score",
            "flagged",
            "accommodation_requested",
            "revoked_at",
            "expires_at",
            "candidate__id",
            "candidate__name",
            "candidate__email",
        )
        .order_by(*ordering)[offset : offset + per_page]
    )
    results = _stage_results_by_application([a.pk for a in applications])
    names = {stage.pk: stage.name for stage in stages}
    rows = []
    for application in applications:
        mine = results.get(application.pk, {})
        rows.append(
            CandidateRow(
                application=application,
                results=[mine.get(stage.pk) for stage in stages],
                current_stage_name=names.get(application.current_stage_id or 0, ""),
            )
        )
    return CandidatePage(rows=rows, total=total, page=page, per_page=per_page, stages=stages)


def _stage_results_by_application(application_ids: list[int]) -> dict[int, dict[int, StageResult]]:
    if not application_ids:
        return {}
    by_application: dict[int, dict[int, StageResult]] = defaultdict(dict)
    for result in StageResult.objects.filter(application_id__in=application_ids).only(
        "id", "application_id", "stage_id", "status", "score"
    ):
        by_application[result.application_id][result.stage_id] = result
    return by_application


# --- The report -----------------------------------------------------------------------------------------


def application_for_report(*, organization: Organization, application_id: int) -> Application | None:
    return (
        Application.objects.select_related("job", "candidate", "current_stage")
        .filter(organization=organization, pk=application_id)
        .first()
    )


@dataclass
class AnswerRow:
    question_id: str
    label: str
    answer: str
    points: int | None = None
    max_points: int | None = None
    dealbreaker: dict[str, Any] | None = None

    @property
    def failed(self) -> bool:
        return bool(self.dealbreaker) and not self.dealbreaker.get("passed", True)  # type: ignore[union-attr]


@dataclass
class StageReport:
    stage: Stage
    result: StageResult | None
    answers: list[AnswerRow]
    fired: list[dict[str, Any]]
    type_template: str = ""


def _display(answer: Any) -> str:
    if answer is None:
        return "(no answer)"
    if isinstance(answer, list):
        return ", ".join(str(a) for a in answer) or "(no answer)"
    if isinstance(answer, dict):
        return str(answer.get("name") or answer)
    if isinstance(answer, float) and answer.is_integer():
        return str(int(answer))
    return str(answer)


def _answer_rows(stage: Stage, result: StageResult) -> list[AnswerRow]:
    """Answers in the stage's question order, with points and dealbreaker outcome where known.

    Generic over stage types: it reads `config["questions"]` when the type has them and falls back
    to the raw answer keys, so a new stage type's answers still show before it ships a report template.
    """
    evaluation = result.evaluation or {}
    points = {q.get("id"): q for q in (evaluation.get("details") or {}).get("questions", [])}
    dealbreakers = {d.get("rule_id"): d for d in evaluation.get("dealbreakers", [])}
    questions = [q for q in (stage.config or {}).get("questions", []) if isinstance(q, dict)]
    rows: list[AnswerRow] = []
    seen: set[str] = set()
    for question in questions:
        qid = str(question.get("id", ""))
        seen.add(qid)
        scored = points.get(qid) or {}
        rows.append(
            AnswerRow(
                question_id=qid,
                label=str(question.get("label", qid)),
                answer=_display(result.answers.get(qid)),
                points=scored.get("points") if scored.get("max_points") else None,
                max_points=scored.get("max_points") or None,
                dealbreaker=dealbreakers.get(qid),
            )
        )
    for qid, answer in result.answers.items():
        if qid not in seen:
            rows.append(AnswerRow(question_id=qid, label=qid, answer=_display(answer)))
    return rows


def stage_reports(*, application: Application, stages: list[Stage]) -> list[StageReport]:
    results = {r.stage_id: r for r in application.stage_results.all()}
    reports = []
    for stage in stages:
        result = results.get(stage.pk)
        if result is None:
            reports.append(StageReport(stage=stage, result=None, answers=[], fired=[]))
            continue
        fired = [d for d in (result.evaluation or {}).get("dealbreakers", []) if not d.get("passed", True)]
        reports.append(
            StageReport(stage=stage, result=result, answers=_answer_rows(stage, result), fired=fired)
        )
    return reports


# --- Audit log ------------------------------------------------------------------------------------------


def audit_entries(
    *,
    organization: Organization,
    job_id: int | None = None,
    action: str = "",
    application_id: int | None = None,
) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.filter(organization=organization).select_related(
        "actor", "job", "stage", "application__candidate"
    )
    if job_id:
        qs = qs.filter(job_id=job_id)
    if action:
        qs = qs.filter(action=action)
    if application_id:
        qs = qs.filter(application_id=application_id)
    return qs.order_by("-created_at", "-id")


def audit_actions(*, organization: Organization) -> list[str]:
    return list(
        AuditEntry.objects.filter(organization=organization)
        .order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )


# --- Export ---------------------------------------------------------------------------------------------


def export_applications(*, job: Job, chunk_size: int = 2000) -> Iterator[Application]:
    """Every non-preview application of the job, read in chunks so 100,000 rows never sit in memory."""
    from django.db.models import Prefetch

    results = StageResult.objects.only("id", "application_id", "stage_id", "status", "score", "evaluation")
    return (
        _job_applications(job)
        .select_related("candidate")
        .prefetch_related(Prefetch("stage_results", queryset=results))
        .order_by("id")
        .iterator(chunk_size=chunk_size)
    )
