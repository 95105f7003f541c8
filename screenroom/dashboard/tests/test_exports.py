import csv
import io
import json
from collections.abc import Iterator
from typing import cast

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from screenroom.candidates.models import Candidate
from screenroom.dashboard.tests.flows import BAD, GOOD, preview_run, take_flow

pytestmark = pytest.mark.django_db

INJECTION = "=cmd|' /C calc'!A0"


def _body(response) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(cast(Iterator[bytes], response.streaming_content)).decode()


@pytest.fixture
def exported(team):
    ada = take_flow(team.job, "Ada Lovelace", "ada@example.org", GOOD)
    bob = take_flow(team.job, "Bob Builder", "bob@example.org", BAD)
    Candidate.objects.filter(pk=bob.candidate_id).update(name=INJECTION)
    preview_run(team.job, team.recruiter, GOOD)
    return {"ada": ada, "bob": bob}


def test_csv_export_escapes_formulas_and_leaves_out_previews(team, viewer_client, exported):
    response = viewer_client.get(reverse("dashboard:export", args=[team.job.pk, "csv"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(_body(response))))
    assert len(rows) == 2
    by_id = {int(r["application_id"]): r for r in rows}
    bob = by_id[exported["bob"].pk]
    assert bob["name"] == "'" + INJECTION
    assert bob["status"] == "disqualified"
    assert "Are you authorized to work in the United States?" in bob["dealbreaker_failures"]
    assert "answered no" in bob["dealbreaker_failures"]
    ada = by_id[exported["ada"].pk]
    assert ada["overall_score"] == "100"
    assert ada["Screening questions score"] == "100"
    assert ada["Screening questions status"] == "passed"
    assert ada["invited_at"] and ada["completed_at"]
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


def test_json_export_shape(team, viewer_client, exported):
    response = viewer_client.get(reverse("dashboard:export", args=[team.job.pk, "json"]))
    assert response["Content-Type"] == "application/json"
    data = json.loads(_body(response))
    assert data["job"] == {"id": team.job.pk, "title": team.job.title, "status": team.job.status}
    assert [s["name"] for s in data["stages"]] == ["Screening questions"]
    assert {a["application_id"] for a in data["applications"]} == {exported["ada"].pk, exported["bob"].pk}
    bob = next(a for a in data["applications"] if a["application_id"] == exported["bob"].pk)
    assert bob["candidate"]["name"] == INJECTION  # JSON is data, not a spreadsheet: kept as is
    assert bob["status"] == "disqualified"
    assert bob["stages"][0]["status"] == "failed"
    assert bob["dealbreaker_failures"] == [
        {
            "stage": "Screening questions",
            "question": "Are you authorized to work in the United States?",
            "rule": "answer must be “yes”",
            "answer": "no",
        }
    ]
    assert set(bob) >= {"overall_score", "invited_at", "completed_at", "disqualified_at", "flagged"}


def test_empty_job_exports_a_valid_document(team, viewer_client):
    data = json.loads(_body(viewer_client.get(reverse("dashboard:export", args=[team.job.pk, "json"]))))
    assert data["applications"] == []
    lines = _body(viewer_client.get(reverse("dashboard:export", args=[team.job.pk, "csv"]))).splitlines()
    assert len(lines) == 1 and lines[0].startswith("application_id,")


def test_export_reads_in_chunks_with_a_fixed_number_of_queries(
    team, viewer_client, django_assert_max_num_queries
):
    from screenroom.dashboard.sample_data import bulk_applications

    bulk_applications(job=team.job, count=300)
    response = viewer_client.get(reverse("dashboard:export", args=[team.job.pk, "csv"]))
    # Rows are read in chunks of 2000 with their stage results prefetched: no query per row.
    with django_assert_max_num_queries(4):
        rows = _body(response).splitlines()
    assert len(rows) == 301


def test_unknown_format_is_404(team, viewer_client):
    assert viewer_client.get(reverse("dashboard:export", args=[team.job.pk, "xlsx"])).status_code == 404
