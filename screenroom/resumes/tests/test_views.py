"""The original file, the Resume stage builder: who may see and change what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from screenroom.resumes.models import ResumeSource
from screenroom.resumes.services import resume_create
from screenroom.resumes.tests.conftest import resume_job, samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdf_resume(team):
    return resume_create(
        organization_id=team.org.pk, data=samples()[0].data, filename="Jane <x>.pdf", source=ResumeSource.API
    )


def test_download_is_an_attachment_with_nosniff(pdf_resume, viewer_client):
    response = viewer_client.get(reverse("resumes:file", args=[pdf_resume.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == samples()[0].data


def test_inline_pdf_may_be_framed_by_the_report_only(pdf_resume, recruiter_client):
    response = recruiter_client.get(reverse("resumes:file", args=[pdf_resume.pk]) + "?inline=1")
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_docx_is_never_inline(team, recruiter_client):
    resume = resume_create(organization_id=team.org.pk, data=samples()[1].data, filename="c.docx")
    response = recruiter_client.get(reverse("resumes:file", args=[resume.pk]) + "?inline=1")
    assert response["Content-Disposition"].startswith("attachment;")


def test_outsider_gets_404_for_the_file(pdf_resume, outsider_client):
    assert outsider_client.get(reverse("resumes:file", args=[pdf_resume.pk])).status_code == 404


def test_builder_page_shows_the_settings_form(team, recruiter_client, viewer_client):
    job, stage = resume_job(team, {"required_skills_all": ["Python"]})
    url = reverse("jobs:stage", args=[job.pk, stage.pk])
    html = recruiter_client.get(url).content.decode()
    assert 'name="required_skills_all"' in html and 'value="Python"' in html
    assert reverse("resumes:import", args=[job.pk]) in html
    viewer_html = viewer_client.get(url).content.decode()
    assert 'name="required_skills_all"' not in viewer_html and "All of: Python" in viewer_html


def test_saving_settings(team, recruiter_client):
    job, stage = resume_job(team)
    url = reverse("resumes:settings", args=[job.pk, stage.pk])
    response = recruiter_client.post(
        url,
        {"required_skills_all": "Python, JS, python", "min_skill_years": "Python: 3", "min_degree": "master",
         "locations": "Austin, TX", "remote_ok": "on", "work_authorization": "US", "min_score": "40"},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert response.status_code == 200 and "Resume settings saved." in response.content.decode()
    stage.refresh_from_db()
    assert stage.config["required_skills_all"] == ["Python", "JS"]
    assert stage.config["min_skill_years"] == {"Python": 3.0}
    assert stage.config["locations"] == ["Austin", "TX"]
    assert stage.config["remote_ok"] and stage.config["min_score"] == 40


def test_invalid_settings_say_what_to_fix_and_keep_the_old_ones(team, recruiter_client):
    job, stage = resume_job(team, {"min_score": 10})
    url = reverse("resumes:settings", args=[job.pk, stage.pk])
    response = recruiter_client.post(url, {"sponsorship_available": "on", "min_skill_years": "Python three"})
    assert response.status_code == 400
    assert "is not in the form Skill: years" in response.content.decode()
    response = recruiter_client.post(url, {"sponsorship_available": "on"})
    assert response.status_code == 400 and "sponsorship only applies" in response.content.decode().lower()
    stage.refresh_from_db()
    assert stage.config == {"min_score": 10}


def test_settings_viewer_403_outsider_404_and_form_stage_404(
    team, viewer_client, outsider_client, recruiter_client
):
    job, stage = resume_job(team)
    url = reverse("resumes:settings", args=[job.pk, stage.pk])
    assert viewer_client.post(url, {"min_score": "5"}).status_code == 403
    assert outsider_client.post(url, {"min_score": "5"}).status_code == 404
    form_stage = job.stages.get(kind="form")
    assert (
        recruiter_client.post(reverse("resumes:settings", args=[job.pk, form_stage.pk]), {}).status_code
        == 404
    )


def test_consent_notice_describes_resume_screening_as_rules_not_ai(team):
    from screenroom.jobs.models import Stage
    from screenroom.portal.notices import stage_notice

    stage = Stage.objects.create(job=team.job, position=5, kind="resume", name="Resume", config={})
    notice = stage_notice(stage)
    assert notice.uses_ai is False
    assert "no AI model" in notice.evaluates
