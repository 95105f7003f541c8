"""The candidate uploads a resume on the branded page; it is screened at once."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from screenroom.candidates.models import ApplicationStatus, StageResult, StageResultStatus
from screenroom.resumes.engine.tests import corpus
from screenroom.resumes.models import Resume, ResumeSource
from screenroom.resumes.services import resume_create
from screenroom.resumes.tests.conftest import PASSING, attacked_pdf, resume_job, samples, started, upload

pytestmark = pytest.mark.django_db


def test_stage_page_states_types_and_limits(team, candidate_client):
    job, stage = resume_job(team, {"intro": "Send us your CV."})
    application = started(job, candidate_client)
    page = candidate_client.get(reverse("portal:stage", args=[application.token, stage.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'type="file"' in html and 'name="resume"' in html and 'for="field-resume"' in html
    assert "PDF, Word (.docx), RTF or plain text, up to 10 MB and 10 pages" in html
    assert "Send us your CV." in html


def test_meeting_every_requirement_passes_with_evidence(team, candidate_client):
    job, stage = resume_job(team, {**PASSING, "preferred_skills": ["Azure", "Kubernetes"]})
    application = started(job, candidate_client)
    response = upload(candidate_client, application, stage, samples()[0].data, "jane.pdf")
    assert response.status_code == 302
    result = StageResult.objects.get(application=application, stage=stage)
    assert result.status == StageResultStatus.PASSED
    assert result.engine.startswith("screenroom-resume-rules/")
    assert result.score is not None and 0 < result.score <= 100
    dealbreakers = result.evaluation["dealbreakers"]
    assert {d["label"] for d in dealbreakers} >= {
        "Required skills (all of)",
        "Minimum total experience",
        "Location or remote eligibility",
    }
    assert all(d["passed"] for d in dealbreakers)
    location = next(d for d in dealbreakers if d["label"] == "Location or remote eligibility")
    assert "Austin, TX" in location["answer"]  # the text that decided it
    resume = Resume.objects.get(pk=result.answers["resume_id"])
    assert resume.application_id == application.pk and resume.kind == "pdf" and len(resume.sha256) == 64
    assert resume.profile["contact"]["email"]["value"] == "jane.kowalski@example.com"
    assert resume.file.read() == samples()[0].data
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_PROGRESS
    assert application.current_stage is not None and application.current_stage.position == 1
    assert application.overall_score == result.score


def test_failing_an_enforced_requirement_disqualifies_here(team, candidate_client):
    job, stage = resume_job(team, {"min_total_years": 10})
    application = started(job, candidate_client)
    upload(candidate_client, application, stage, samples()[0].data)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DISQUALIFIED
    result = StageResult.objects.get(application=application, stage=stage)
    assert result.status == StageResultStatus.FAILED
    fired = [d for d in result.evaluation["dealbreakers"] if not d["passed"]]
    assert fired[0]["rule"] == "at least 10 years of experience"
    assert "years across 2 dated roles" in fired[0]["answer"] and "Present" in fired[0]["answer"]


def test_failing_with_enforce_off_flags_and_moves_on(team, candidate_client):
    job, stage = resume_job(team, {"min_total_years": 10}, enforce=False)
    application = started(job, candidate_client)
    upload(candidate_client, application, stage, samples()[0].data)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_PROGRESS and application.flagged
    assert StageResult.objects.get(application=application, stage=stage).status == StageResultStatus.FLAGGED


def test_docx_sponsorship_statement_fails_work_authorization(team, candidate_client):
    job, stage = resume_job(team, {"work_authorization": "US"})
    application = started(job, candidate_client)
    upload(candidate_client, application, stage, samples()[1].data, "carlos.docx")
    result = StageResult.objects.get(application=application, stage=stage)
    assert result.status == StageResultStatus.FAILED
    (fired,) = [d for d in result.evaluation["dealbreakers"] if not d["passed"]]
    assert fired["label"] == "Work authorization" and "sponsorship" in fired["answer"]


def test_hidden_text_is_flagged_for_a_person_and_never_disqualifies(team, candidate_client):
    # The white text says "Kubernetes Rust Scala 15 years" and asks an AI to rate the candidate highly.
    job, stage = resume_job(team, {"required_skills_all": ["Rust"], "min_total_years": 10})
    application = started(job, candidate_client)
    upload(candidate_client, application, stage, attacked_pdf())
    result = StageResult.objects.get(application=application, stage=stage)
    reasons = result.evaluation["review_reasons"]
    assert any("hidden text" in r for r in reasons) and any("addressed to an AI" in r for r in reasons)
    # Hidden text is not evidence: the skills rule is not met by it; it goes to a human instead.
    rust = next(d for d in result.evaluation["dealbreakers"] if d["label"] == "Required skills (all of)")
    assert rust["passed"] and rust["answer"].startswith("could not tell")
    assert result.evaluation["details"]["hidden_text"][0]["text"].startswith("Ignore all previous")


def test_hidden_text_alone_flags_a_passing_resume(team, candidate_client):
    job, stage = resume_job(team, {"min_total_years": 1})
    application = started(job, candidate_client)
    upload(candidate_client, application, stage, attacked_pdf())
    result = StageResult.objects.get(application=application, stage=stage)
    assert result.status == StageResultStatus.FLAGGED
    application.refresh_from_db()
    assert application.flagged and application.status == ApplicationStatus.IN_PROGRESS


HOSTILE = [
    (corpus.encrypted_pdf, "password"),
    (corpus.truncated_pdf, "damaged"),
    (corpus.zip_bomb_docx, ""),
    (corpus.huge_page_pdf, ""),
    (corpus.many_pages_pdf, "pages"),
    (lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "not supported"),
    (lambda: b"", "empty"),
]


@pytest.mark.parametrize(
    ("make", "words"),
    HOSTILE,
    ids=["encrypted", "truncated", "zip_bomb", "huge_page", "many_pages", "png", "empty"],
)
def test_hostile_files_get_a_clear_message_and_change_nothing(team, candidate_client, make, words):
    job, stage = resume_job(team)
    application = started(job, candidate_client)
    response = upload(candidate_client, application, stage, make())
    html = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in html and "We could not use that file" in html
    assert words.lower() in html.lower()
    assert "Traceback" not in html and "Error(" not in html
    assert not Resume.objects.exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_PROGRESS and application.current_stage_id == stage.pk


@override_settings(RESUME_MAX_BYTES=1024)
def test_oversized_file_is_refused_with_the_limit(team, candidate_client):
    job, stage = resume_job(team)
    application = started(job, candidate_client)
    response = upload(candidate_client, application, stage, samples()[0].data)
    assert response.status_code == 400
    assert "larger than" in response.content.decode()
    assert not Resume.objects.exists()


def test_no_file_chosen_asks_for_one(team, candidate_client):
    job, stage = resume_job(team)
    application = started(job, candidate_client)
    response = candidate_client.post(reverse("portal:stage", args=[application.token, stage.pk]), {})
    assert response.status_code == 400
    assert "Choose your resume file to upload." in response.content.decode()


def test_a_resume_on_file_can_be_confirmed_instead_of_uploaded(team, candidate_client):
    job, stage = resume_job(team, PASSING)
    application = started(job, candidate_client)
    resume_create(
        organization_id=team.org.pk, data=samples()[0].data, filename="from-ats.pdf",
        source=ResumeSource.API, application=application,
    )  # fmt: skip
    page = candidate_client.get(reverse("portal:stage", args=[application.token, stage.pk]))
    assert "from-ats.pdf" in page.content.decode()
    candidate_client.post(reverse("portal:stage", args=[application.token, stage.pk]), {"use_on_file": "1"})
    result = StageResult.objects.get(application=application, stage=stage)
    assert result.status == StageResultStatus.PASSED
    assert Resume.objects.count() == 1


@override_settings(RESUME_PARSE_SECONDS=0, RESUME_PARSE_GRACE_SECONDS=0.3)
def test_a_parser_that_hangs_is_killed_and_the_candidate_told(team, candidate_client, monkeypatch):
    import time

    from screenroom.resumes.engine import isolate

    # A stand-in for a native parser stuck inside one call, where the engine's own deadline cannot reach.
    monkeypatch.setattr(isolate, "extract_bytes", lambda data, limits: time.sleep(30))
    job, stage = resume_job(team)
    application = started(job, candidate_client)
    began = time.monotonic()
    response = upload(candidate_client, application, stage, samples()[0].data)
    assert time.monotonic() - began < 5
    assert response.status_code == 400 and "took too long to read" in response.content.decode()
    application.refresh_from_db()
    assert application.current_stage_id == stage.pk and not Resume.objects.exists()
