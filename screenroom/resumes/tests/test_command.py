"""manage.py screen_resume PATH [--job ID] [--json]."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from screenroom.resumes.engine.tests import corpus
from screenroom.resumes.tests.conftest import PASSING, resume_job, samples


def _run(*args: str) -> str:
    out = StringIO()
    call_command("screen_resume", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def pdf(tmp_path):
    path = tmp_path / "jane.pdf"
    path.write_bytes(samples()[0].data)
    return path


@pytest.mark.django_db
def test_json_with_a_job(team, pdf):
    job, _ = resume_job(team, {**PASSING, "min_degree": "bachelor"})
    data = json.loads(_run(str(pdf), "--job", str(job.pk), "--json"))
    assert set(data) >= {
        "profile",
        "hidden_text",
        "injections",
        "qualifications",
        "score",
        "review_reasons",
        "outcome",
    }
    assert data["profile"]["contact"]["name"]["value"] == "Jane Kowalski"
    span = data["profile"]["contact"]["name"]["span"]
    assert set(span) == {"start", "end", "text"}
    assert {q["rule"] for q in data["qualifications"]} >= {
        "required_skills_all",
        "min_total_years",
        "location",
        "min_degree",
    }
    assert all(q["status"] == "pass" and q["evidence"] for q in data["qualifications"])
    assert 0 <= data["score"]["score"] <= 100 and data["score"]["produced_by"].startswith(
        "screenroom-resume-rules/"
    )
    assert data["outcome"] == "pass"


def test_json_without_a_job_has_no_rules(pdf):
    data = json.loads(_run(str(pdf), "--json"))
    assert data["qualifications"] == [] and data["score"] is None and data["stage"] is None


def test_human_output_flags_hidden_text(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(corpus.attacked(0, "pdf", "white").data)
    out = _run(str(path))
    assert "Name:" in out and "Hidden text (1), left out of screening" in out and "Needs review" in out


@pytest.mark.django_db
def test_errors(team, pdf, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        _run(str(tmp_path / "missing.pdf"))
    with pytest.raises(CommandError, match="No job with id 999999"):
        _run(str(pdf), "--job", "999999")
    with pytest.raises(CommandError, match="has no Resume stage"):
        _run(str(pdf), "--job", str(team.job.pk))
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(corpus.encrypted_pdf())
    with pytest.raises(CommandError, match=r"password-protected.*\[encrypted\]"):
        _run(str(locked))
