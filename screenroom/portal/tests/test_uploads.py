"""File answers: size limit, type sniffed from content, and nothing the candidate gave is lost."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from screenroom.candidates.models import ApplicationStatus, StageResult
from screenroom.portal.tests.conftest import consent_through, make_application, make_job, make_stage

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 8


@pytest.fixture
def file_application(team):  # type: ignore[no-untyped-def]
    job = make_job(organization=team.org)
    make_stage(
        job=job,
        position=0,
        config={
            "questions": [
                {"id": "q_cv", "type": "file", "label": "Your resume"},
                {"id": "q_years", "type": "number", "label": "Years of experience"},
            ]
        },
    )
    return make_application(job=job)


def test_upload_too_big_is_rejected_clearly_and_answers_kept(settings, file_application) -> None:
    settings.MAX_ANSWER_FILE_BYTES = 1024 * 1024
    client = Client()
    stage_url = consent_through(client, file_application)
    big = SimpleUploadedFile("cv.pdf", PDF + b"0" * (1024 * 1024 + 1), content_type="application/pdf")
    response = client.post(stage_url, {"answer_q_cv": big, "answer_q_years": "7"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The file is too large; the limit is 1 MB." in html
    assert 'value="7"' in html
    assert "up to 1 MB" in html  # the limit is told before uploading too
    assert not StageResult.objects.filter(application=file_application, finished_at__isnull=False).exists()


def test_wrong_type_is_sniffed_from_content_not_the_name(file_application) -> None:
    client = Client()
    stage_url = consent_through(client, file_application)
    disguised = SimpleUploadedFile("resume.pdf", EXE, content_type="application/pdf")
    response = client.post(stage_url, {"answer_q_cv": disguised, "answer_q_years": "7"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "This file type is not accepted." in html
    assert 'value="7"' in html
    assert 'accept=".pdf,.docx' in html


def test_accepted_upload_survives_an_error_elsewhere(file_application) -> None:
    client = Client()
    stage_url = consent_through(client, file_application)
    cv = SimpleUploadedFile("my cv.pdf", PDF, content_type="application/pdf")
    response = client.post(stage_url, {"answer_q_cv": cv, "answer_q_years": "lots"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Uploaded: <strong>my_cv.pdf</strong>" in html
    kept = re.search(r'name="kept_q_cv" value="([^"]+)"', html)
    assert kept

    # Sent again without choosing the file again: the kept upload is the answer.
    done = client.post(stage_url, {"kept_q_cv": kept.group(1), "answer_q_years": "4"})
    assert done.status_code == 302
    result = StageResult.objects.get(application=file_application)
    assert result.answers["q_cv"]["name"] == "my_cv.pdf" and result.answers["q_cv"]["type"] == "pdf"
    file_application.refresh_from_db()
    assert file_application.status == ApplicationStatus.COMPLETED


def test_a_kept_upload_cannot_be_forged_or_moved_to_another_candidate(team, file_application) -> None:
    client = Client()
    stage_url = consent_through(client, file_application)
    cv = SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf")
    html = client.post(stage_url, {"answer_q_cv": cv, "answer_q_years": "x"}).content.decode()
    match = re.search(r'name="kept_q_cv" value="([^"]+)"', html)
    assert match
    kept = match.group(1)

    other = make_application(job=file_application.job)
    other_client = Client()
    other_url = consent_through(other_client, other)
    response = other_client.post(other_url, {"kept_q_cv": kept, "answer_q_years": "3"})
    assert response.status_code == 400  # another candidate's upload is not theirs to claim
    forged = client.post(stage_url, {"kept_q_cv": kept[:-2] + "xx", "answer_q_years": "3"})
    assert forged.status_code == 400
