"""A recruiter corrects a parsed field: screening re-runs, the application follows, all of it audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from screenroom.audit.models import AuditEntry
from screenroom.candidates.models import ApplicationStatus, StageResult, StageResultStatus
from screenroom.resumes.corrections import CorrectionError
from screenroom.resumes.models import Resume, ResumeCorrection
from screenroom.resumes.services import resume_correct
from screenroom.resumes.tests.conftest import PASSING, resume_job, samples, started, upload

pytestmark = pytest.mark.django_db


def _submitted(team, client, config, enforce=True):
    job, stage = resume_job(team, config, enforce=enforce)
    application = started(job, client)
    upload(client, application, stage, samples()[0].data)
    result = StageResult.objects.get(application=application, stage=stage)
    return application, stage, result, Resume.objects.get(pk=result.answers["resume_id"])


def test_correcting_years_turns_a_fail_into_a_pass_and_reinstates(team, candidate_client):
    application, _stage, result, resume = _submitted(team, candidate_client, {"min_total_years": 10})
    assert result.status == StageResultStatus.FAILED
    outcome = resume_correct(
        resume=resume,
        actor=team.recruiter,
        field="total_years",
        value="12",
        reason="Left out a decade in Poland",
    )
    result.refresh_from_db()
    application.refresh_from_db()
    assert result.status == StageResultStatus.PASSED
    assert "recruiter correction" in result.engine
    assert outcome.changed == [(result, "failed", "passed")] or outcome.changed[0][1:] == ("failed", "passed")
    assert application.status == ApplicationStatus.IN_PROGRESS and application.current_stage.position == 1
    correction = ResumeCorrection.objects.get()
    assert (correction.field, correction.new_value, correction.actor) == ("total_years", "12", team.recruiter)
    assert float(correction.old_value) > 4
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"resume.corrected", "stage.rescreened", "resume.status_changed"} <= actions
    change = AuditEntry.objects.get(action="resume.status_changed")
    assert change.actor == team.recruiter and change.output["application"] == {
        "from": "disqualified",
        "to": "in_progress",
    }
    answer = next(d for d in result.evaluation["dealbreakers"] if d["label"] == "Minimum total experience")
    assert answer["passed"] and "after a recruiter's correction" in answer["answer"]


def test_correcting_skills_turns_a_pass_into_a_fail_and_disqualifies(team, candidate_client):
    application, _stage, result, resume = _submitted(team, candidate_client, PASSING)
    assert result.status == StageResultStatus.PASSED
    old_score = result.score
    resume_correct(
        resume=resume, actor=team.owner, field="skills", value="Azure, GraphQL", reason="Java was a typo"
    )
    result.refresh_from_db()
    application.refresh_from_db()
    assert result.status == StageResultStatus.FAILED
    assert application.status == ApplicationStatus.DISQUALIFIED
    assert result.score < old_score and application.overall_score == result.score
    assert AuditEntry.objects.filter(action="resume.status_changed", application=application).exists()


def test_a_correction_does_not_undo_a_recruiters_advance(team, candidate_client):
    from screenroom.candidates.services import application_decide

    application, _stage, result, resume = _submitted(team, candidate_client, PASSING)
    application_decide(application=application, actor=team.recruiter, decision="advanced", reason="Strong")
    resume_correct(
        resume=resume, actor=team.owner, field="skills", value="Azure, GraphQL", reason="Java was a typo"
    )
    result.refresh_from_db()
    application.refresh_from_db()
    assert result.status == StageResultStatus.FAILED  # the report shows the new result to revisit
    assert application.status == ApplicationStatus.ADVANCED
    assert not AuditEntry.objects.filter(action="resume.status_changed").exists()


def test_a_correction_that_changes_no_outcome_updates_the_score_only(team, candidate_client):
    _application, _stage, result, resume = _submitted(
        team, candidate_client, {**PASSING, "preferred_skills": ["Kubernetes"]}, enforce=False
    )
    before = result.score
    resume_correct(
        resume=resume,
        actor=team.recruiter,
        field="skills",
        value="Azure, GraphQL, Java, JavaScript, k8s",
        reason="Listed in the cover letter",
    )
    result.refresh_from_db()
    assert result.score > before and result.status == StageResultStatus.PASSED
    assert not AuditEntry.objects.filter(action="resume.status_changed").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("total_years", "lots", "number"),
        ("degree", "wizard", "degree level"),
        ("nope", "x", "Choose a field"),
    ],
)
def test_bad_corrections_are_refused_with_a_reason(team, candidate_client, field, value, message):
    _application, _stage, _result, resume = _submitted(team, candidate_client, PASSING)
    with pytest.raises(CorrectionError, match=message):
        resume_correct(resume=resume, actor=team.recruiter, field=field, value=value, reason="because")
    assert not ResumeCorrection.objects.exists()


def test_correct_view_recruiter_viewer_outsider(
    team, candidate_client, recruiter_client, viewer_client, outsider_client
):
    _application, _stage, _result, resume = _submitted(team, candidate_client, {"min_total_years": 10})
    url = reverse("resumes:correct", args=[resume.pk])
    body = {"field": "total_years", "value": "11", "reason": "Verified on a call"}
    assert viewer_client.post(url, body).status_code == 403
    assert outsider_client.post(url, body).status_code == 404
    assert not ResumeCorrection.objects.exists()
    response = recruiter_client.post(url, body, follow=True)
    assert response.status_code == 200
    assert "screening re-ran and the result changed (failed → passed)" in response.content.decode()
    assert ResumeCorrection.objects.count() == 1
    missing_reason = recruiter_client.post(url, {"field": "total_years", "value": "3"}, follow=True)
    assert "This field is required." in missing_reason.content.decode()
    assert ResumeCorrection.objects.count() == 1


def test_report_shows_profile_evidence_flags_and_the_correction_form(
    team, candidate_client, recruiter_client, viewer_client, django_assert_max_num_queries
):
    application, _stage, _result, resume = _submitted(
        team, candidate_client, {**PASSING, "min_degree": "bachelor"}
    )
    resume_correct(resume=resume, actor=team.recruiter, field="phone", value="+1 512 555 0100", reason="Typo")
    url = reverse("dashboard:report", args=[application.pk])
    with django_assert_max_num_queries(40):
        page = recruiter_client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert '<mark class="evidence"' in html and "Austin, TX</mark>" in html
    assert "Required skills (all of)" in html and "Met" in html
    assert f'src="{reverse("resumes:file", args=[resume.pk])}?inline=1"' in html  # the PDF beside the profile
    assert (
        "jane.kowalski@example.com" in html
        and "Resume score" in html
        and "produced by screenroom-resume-rules/" in html
    )
    assert "Correct a parsed field" in html and "Typo" in html
    assert "Correct a parsed field" not in viewer_client.get(url).content.decode()


def test_report_shows_hidden_text_beside_the_visible_text(team, candidate_client, recruiter_client):
    from screenroom.resumes.tests.conftest import attacked_pdf

    job, stage = resume_job(team, {"min_total_years": 1})
    application = started(job, candidate_client)
    upload(candidate_client, application, stage, attacked_pdf())
    html = recruiter_client.get(reverse("dashboard:report", args=[application.pk])).content.decode()
    assert "Needs a person’s review" in html
    assert "Hidden text and instructions to an AI" in html and "same colour as background" in html
    assert "Ignore all previous instructions" in html and 'href="#hidden-0"' in html
