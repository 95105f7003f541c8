"""Many realistic applications at once, for list tests and the 100,000-row benchmark.

Rows go in with bulk_create (no services, no events): this is about the shape of the tables the
dashboard reads, not the flow, which has its own tests.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets

from django.utils import timezone

from screenroom.candidates.models import (
    Application,
    ApplicationStatus,
    Candidate,
    EmailStatus,
    StageResult,
    StageResultStatus,
)
from screenroom.jobs.models import Job, Stage

FIRST = ["Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Radia"]
LAST = ["Lovelace", "Hopper", "Turing", "Johnson", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson"]


def bulk_applications(
    *, job: Job, count: int, seed: int = 7, batch_size: int = 5000, previews: int = 0
) -> int:
    """Create `count` applications (plus `previews` preview runs) spread over every status and stage."""
    rng = random.Random(seed)
    stages: list[Stage] = list(job.stages.order_by("position", "id"))
    now = timezone.now()
    created = 0
    total = count + previews
    for start in range(0, total, batch_size):
        size = min(batch_size, total - start)
        tag = secrets.token_hex(4)
        candidates = Candidate.objects.bulk_create(
            [
                Candidate(
                    organization_id=job.organization_id,
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {start + i}",
                    email=f"c{start + i}.{tag}@example.org",
                )
                for i in range(size)
            ],
            batch_size=1000,
        )
        applications = []
        plans: list[tuple[int, str]] = []  # how many stages each reached, and the last one's outcome
        for i, candidate in enumerate(candidates):
            is_preview = start + i >= count
            status = rng.choices(list(ApplicationStatus.values), weights=[20, 10, 20, 25, 5, 12, 5, 3], k=1)[
                0
            ]
            reached, outcome = _plan(status, len(stages), rng)
            plans.append((reached, outcome))
            invited = now - dt.timedelta(minutes=start + i)
            current = stages[reached - 1] if reached and status in ("in_progress", "disqualified") else None
            applications.append(
                Application(
                    organization_id=job.organization_id,
                    job_id=job.pk,
                    candidate=candidate,
                    status=status,
                    is_preview=is_preview,
                    source="preview" if is_preview else "csv",
                    token=secrets.token_urlsafe(24),
                    expires_at=now + dt.timedelta(days=14),
                    email_status=rng.choices(list(EmailStatus.values), weights=[5, 90, 5], k=1)[0],
                    email_error="",
                    current_stage=current,
                    overall_score=rng.randint(0, 100) if reached and outcome != "in_progress" else None,
                    flagged=outcome == StageResultStatus.FLAGGED,
                    accommodation_requested=rng.random() < 0.02,
                    opened_at=invited if status != "invited" else None,
                )
            )
        Application.objects.bulk_create(applications, batch_size=1000)
        results = []
        for application, (reached, outcome) in zip(applications, plans, strict=True):
            for index in range(reached):
                last = index == reached - 1
                status = outcome if last else StageResultStatus.PASSED
                results.append(
                    StageResult(
                        application=application,
                        stage=stages[index],
                        status=status,
                        score=None if status == StageResultStatus.IN_PROGRESS else rng.randint(0, 100),
                        evaluation=_evaluation(status),
                        engine="form-rules/1",
                    )
                )
        StageResult.objects.bulk_create(results, batch_size=1000)
        created += size
    return created


def _plan(status: str, stages: int, rng: random.Random) -> tuple[int, str]:
    if stages == 0 or status in ("invited", "opened"):
        return 0, ""
    if status == "in_progress":
        return rng.randint(1, stages), StageResultStatus.IN_PROGRESS
    if status == "disqualified":
        return rng.randint(1, stages), StageResultStatus.FAILED
    if status == "withdrawn":
        return rng.randint(0, stages), StageResultStatus.IN_PROGRESS
    return stages, rng.choice([StageResultStatus.PASSED, StageResultStatus.PASSED, StageResultStatus.FLAGGED])


def _evaluation(status: str) -> dict[str, object]:
    if status in (StageResultStatus.FAILED, StageResultStatus.FLAGGED):
        return {
            "dealbreakers": [
                {
                    "rule_id": "q_auth",
                    "label": "Are you authorized to work in the United States?",
                    "rule": "answer must be “yes”",
                    "answer": "no",
                    "passed": False,
                }
            ]
        }
    return {"dealbreakers": []}
