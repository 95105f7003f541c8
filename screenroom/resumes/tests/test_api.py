"""POST /api/v1/applications/{id}/resume: a resume arrives with an application."""

from __future__ import annotations

from typing import cast

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from screenroom.api.tests.conftest import api, outsider_api  # noqa: F401 (fixtures)
from screenroom.candidates.models import Application
from screenroom.core.testing.factories import ApplicationFactory
from screenroom.resumes.engine.tests import corpus
from screenroom.resumes.models import Resume
from screenroom.resumes.tests.conftest import samples

pytestmark = pytest.mark.django_db


def _upload(client, application_id, data, name="cv.pdf"):
    return client.client.post(
        f"/api/v1/applications/{application_id}/resume",
        {"file": SimpleUploadedFile(name, data)},
        headers=client.headers,
    )


def test_upload_parses_and_attaches(team, api):  # noqa: F811
    application = cast(Application, ApplicationFactory(job=team.job))
    response = _upload(api, application.pk, samples()[0].data)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "pdf" and body["application_id"] == application.pk
    assert body["profile"]["contact"]["email"]["value"] == "jane.kowalski@example.com"
    assert body["profile"]["contact"]["email"]["span"]["text"] == "jane.kowalski@example.com"
    assert Resume.objects.get().source == "api"
    got = api.get(f"/applications/{application.pk}/resume")
    assert got.status_code == 200 and got.json()["id"] == body["id"]


def test_hidden_text_is_reported(team, api):  # noqa: F811
    application = cast(Application, ApplicationFactory(job=team.job))
    body = _upload(api, application.pk, corpus.attacked(0, "pdf", "white").data).json()
    assert body["hidden_text"][0]["reasons"] and "Ignore all previous" in body["hidden_text"][0]["text"]


def test_unreadable_file_has_the_api_error_shape(team, api):  # noqa: F811
    application = cast(Application, ApplicationFactory(job=team.job))
    response = _upload(api, application.pk, corpus.encrypted_pdf())
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "resume_encrypted" and "password" in error["message"]
    assert error["details"][0]["field"] == "body.file"
    assert not Resume.objects.exists()


def test_missing_file_is_a_validation_error(team, api):  # noqa: F811
    application = cast(Application, ApplicationFactory(job=team.job))
    response = api.client.post(f"/api/v1/applications/{application.pk}/resume", {}, headers=api.headers)
    assert response.status_code == 422 and response.json()["error"]["code"] == "validation_error"


def test_other_organizations_application_is_404(team, outsider_api):  # noqa: F811
    application = cast(Application, ApplicationFactory(job=team.job))
    assert _upload(outsider_api, application.pk, samples()[0].data).status_code == 404
    assert outsider_api.get(f"/applications/{application.pk}/resume").status_code == 404
    assert not Resume.objects.exists()


def test_openapi_lists_the_route(api):  # noqa: F811
    schema = api.get("/openapi.json").json()
    assert "/api/v1/applications/{application_id}/resume" in schema["paths"]
