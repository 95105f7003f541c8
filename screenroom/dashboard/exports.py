"""Streamed CSV and JSON exports of a job's applications (previews left out)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import Any

from screenroom.candidates.models import Application, StageResult
from screenroom.core.csv_safety import safe_cell
from screenroom.dashboard.selectors import export_applications
from screenroom.jobs.models import Job, Stage


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _results(application: Application) -> dict[int, StageResult]:
    # Prefetched by the selector: no query here.
    return {r.stage_id: r for r in application.stage_results.all()}


def _failures(stages: list[Stage], results: dict[int, StageResult]) -> list[dict[str, Any]]:
    failures = []
    for stage in stages:
        result = results.get(stage.pk)
        if result is None:
            continue
        for rule in (result.evaluation or {}).get("dealbreakers", []):
            if not rule.get("passed", True):
                failures.append(
                    {
                        "stage": stage.name,
                        "question": rule.get("label", ""),
                        "rule": rule.get("rule", ""),
                        "answer": rule.get("answer", ""),
                    }
                )
    return failures


def application_record(application: Application, stages: list[Stage]) -> dict[str, Any]:
    results = _results(application)
    return {
        "application_id": application.pk,
        "candidate": {
            "id": application.candidate_id,
            "name": application.candidate.name,
            "email": application.candidate.email,
            "phone": application.candidate.phone,
        },
        "status": application.status,
        "overall_score": application.overall_score,
        "flagged": application.flagged,
        "stages": [
            {
                "id": stage.pk,
                "name": stage.name,
                "kind": stage.kind,
                "status": results[stage.pk].status if stage.pk in results else None,
                "score": results[stage.pk].score if stage.pk in results else None,
            }
            for stage in stages
        ],
        "dealbreaker_failures": _failures(stages, results),
        "invited_at": _iso(application.invited_at),
        "opened_at": _iso(application.opened_at),
        "completed_at": _iso(application.completed_at),
        "disqualified_at": _iso(application.disqualified_at),
    }


class _Echo:
    """csv.writer wants a file; this one hands each written line straight back."""

    def write(self, value: str) -> str:
        return value


def csv_rows(job: Job, stages: list[Stage]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    header = ["application_id", "name", "email", "phone", "status", "overall_score", "flagged"]
    for stage in stages:
        header += [f"{stage.name} score", f"{stage.name} status"]
    header += ["dealbreaker_failures", "invited_at", "opened_at", "completed_at", "disqualified_at"]
    yield writer.writerow([safe_cell(h) for h in header])
    for application in export_applications(job=job):
        record = application_record(application, stages)
        cells: list[Any] = [
            record["application_id"],
            record["candidate"]["name"],
            record["candidate"]["email"],
            record["candidate"]["phone"],
            record["status"],
            record["overall_score"],
            "yes" if record["flagged"] else "no",
        ]
        for stage_record in record["stages"]:
            cells += [stage_record["score"], stage_record["status"]]
        cells.append(
            "; ".join(
                f"{f['stage']}: {f['question']} ({f['rule']}) answered {f['answer']}"
                for f in record["dealbreaker_failures"]
            )
        )
        cells += [
            record["invited_at"],
            record["opened_at"],
            record["completed_at"],
            record["disqualified_at"],
        ]
        yield writer.writerow([safe_cell(c) for c in cells])


def json_chunks(job: Job, stages: list[Stage]) -> Iterable[str]:
    """One JSON document, written piece by piece: {"job": …, "stages": […], "applications": […]}."""
    head = {
        "job": {"id": job.pk, "title": job.title, "status": job.status},
        "stages": [{"id": s.pk, "name": s.name, "kind": s.kind, "position": s.position} for s in stages],
    }
    yield json.dumps(head)[:-1] + ', "applications": ['
    first = True
    for application in export_applications(job=job):
        yield ("" if first else ",") + "\n" + json.dumps(application_record(application, stages))
        first = False
    yield "\n]}\n"
