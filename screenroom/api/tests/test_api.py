import json
from typing import Any

import pytest
from django.test import Client, RequestFactory

from screenroom.api.auth import ApiTokenAuth, api_actor
from screenroom.api.models import IdempotencyKey
from screenroom.api.tests.conftest import ApiClient
from screenroom.candidates.contact import clean_contact
from screenroom.candidates.models import Application
from screenroom.candidates.services import (
    application_consent,
    application_invite,
    application_preview_start,
    stage_submit,
)
from screenroom.core.testing.factories import ApplicationFactory, JobFactory, StageFactory
from screenroom.jobs.models import Job, JobStatus
from screenroom.orgs.models import ApiToken
from screenroom.orgs.services import api_token_create, api_token_revoke

QUESTIONS = [
    {
        "id": "q_auth",
        "type": "yes_no",
        "label": "Authorized to work here?",
        "dealbreaker_required_answer": "yes",
    },
    {
        "id": "q_shift",
        "type": "single_choice",
        "label": "Shift",
        "options": [{"label": "Day", "points": 10}, {"label": "Night", "points": 5}],
    },
]


def _error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"}
    assert error["message"]
    if code:
        assert error["code"] == code
    return error


def _invite(team: Any, email: str) -> Application:
    return application_invite(job=team.job, contact=clean_contact("Ann Lee", email), send_email=False)


# --- Authentication and the error shape ------------------------------------------------------------


def test_missing_invalid_and_revoked_tokens_are_401(team: Any) -> None:
    assert "sr_" in _error(ApiClient(None).get("/jobs"), 401, "unauthorized")["message"]
    _error(ApiClient("sr_not-a-real-token").get("/jobs"), 401, "unauthorized")
    token, raw = api_token_create(organization=team.org, name="old")
    api_token_revoke(token=token)
    assert "revoked" in _error(ApiClient(raw).get("/jobs"), 401)["message"]
    response = Client().get("/api/v1/jobs", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    _error(response, 401)
    # A logged-in browser session is not an API credential.
    _error(team.client_for(team.owner).get("/api/v1/jobs"), 401)


def test_auth_is_checked_before_the_body(team: Any) -> None:
    _error(ApiClient(None).post("/applications", {"bad": 1}), 401)


def test_token_use_is_recorded(api: ApiClient, team: Any) -> None:
    api.get("/jobs")
    assert ApiToken.objects.get(organization=team.org).last_used_at is not None


def test_errors_share_one_shape(api: ApiClient) -> None:
    _error(api.get("/nothing-here"), 404, "not_found")
    _error(api.get("/jobs/999999"), 404, "not_found")
    _error(api._call("delete", "/jobs"), 405, "method_not_allowed")
    bad_json = api.client.post(
        "/api/v1/jobs", data="{not json", content_type="application/json", headers=api.headers
    )
    assert "not valid JSON" in _error(bad_json, 400, "bad_request")["message"]
    _error(api.get("/applications?limit=0"), 422, "validation_error")
    _error(api.get("/applications?status=nonsense"), 422, "validation_error")


def test_validation_errors_name_each_field(api: ApiClient) -> None:
    error = _error(api.post("/jobs", {"title": "", "link_expiry_days": 0}), 422, "validation_error")
    fields = {d["field"] for d in error["details"]}
    assert fields == {"body.title", "body.link_expiry_days"}
    assert all(d["message"] for d in error["details"])


# --- Jobs -----------------------------------------------------------------------------------------


def test_create_a_job_with_a_form_stage_then_go_live(api: ApiClient, team: Any) -> None:
    response = api.post(
        "/jobs",
        {
            "title": "Forklift Operator",
            "location": "Reno, NV",
            "salary_min": 40000,
            "stages": [{"kind": "form", "name": "Basics", "config": {"questions": QUESTIONS}}],
        },
    )
    assert response.status_code == 201, response.content
    job = response.json()
    assert job["status"] == "draft"
    assert job["stages"][0]["name"] == "Basics"
    assert [q["id"] for q in job["stages"][0]["config"]["questions"]] == ["q_auth", "q_shift"]
    assert Job.objects.get(pk=job["id"]).organization == team.org

    live = api.post(f"/jobs/{job['id']}/status", {"status": "live"})
    assert live.status_code == 200 and live.json()["status"] == "live"
    assert api.get(f"/jobs/{job['id']}").json()["status"] == "live"


def test_a_job_without_questions_cannot_go_live(api: ApiClient) -> None:
    empty = api.post("/jobs", {"title": "Empty"}).json()
    error = _error(api.post(f"/jobs/{empty['id']}/status", {"status": "live"}), 409)
    assert "stage" in error["message"]
    no_questions = api.post("/jobs", {"title": "No questions", "stages": [{"kind": "form"}]}).json()
    error = _error(api.post(f"/jobs/{no_questions['id']}/status", {"status": "live"}), 409)
    assert "no questions" in error["message"]
    _error(api.post(f"/jobs/{empty['id']}/status", {"status": "archived"}), 422)


def test_invalid_stage_config_is_422_with_the_path(api: ApiClient) -> None:
    bad = [{"id": "q1", "type": "single_choice", "label": "Pick", "options": [{"label": "Only"}]}]
    error = _error(
        api.post("/jobs", {"title": "X", "stages": [{"kind": "form", "config": {"questions": bad}}]}), 422
    )
    assert error["details"][0]["loc"][:5] == ["body", "stages", 0, "config", "questions"]
    error = _error(api.post("/jobs", {"title": "X", "stages": [{"kind": "telepathy"}]}), 422)
    assert error["details"][0]["field"] == "body.stages.0.kind"
    assert not Job.objects.filter(title="X").exists()


def test_update_fields_and_replace_the_pipeline(api: ApiClient, team: Any) -> None:
    stage = team.job.stages.get()
    response = api.patch(
        f"/jobs/{team.job.pk}",
        {
            "title": "Senior Associate",
            "stages": [
                {"kind": "form", "name": "Second", "config": {"questions": QUESTIONS}},
                {"id": stage.pk, "kind": "form", "name": "First, renamed", "enforce_criteria": False},
            ],
        },
    )
    assert response.status_code == 200, response.content
    job = response.json()
    assert job["title"] == "Senior Associate"
    assert [s["name"] for s in job["stages"]] == ["Second", "First, renamed"]
    assert job["stages"][1]["id"] == stage.pk and job["stages"][1]["enforce_criteria"] is False
    # The untouched stage kept its questions.
    assert len(job["stages"][1]["config"]["questions"]) == 4

    # A stage with candidate results cannot be removed; nothing changes.
    application = _invite(team, "ann@example.org")
    application_consent(
        application=application, notice_version="v1", notice_sha256="0" * 64, ip=None, user_agent=""
    )
    stage_submit(
        application=application,
        stage=team.job.stages.get(pk=job["stages"][0]["id"]),
        answers={"q_auth": "yes", "q_shift": "Day"},
    )
    error = _error(api.patch(f"/jobs/{team.job.pk}", {"title": "Changed", "stages": []}), 409)
    assert "cannot be deleted" in error["message"]
    team.job.refresh_from_db()
    assert team.job.title == "Senior Associate"
    assert team.job.stages.count() == 2


def test_jobs_list_filters_and_paginates(
    api: ApiClient, team: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(5):
        StageFactory(job=JobFactory(organization=team.org, status=JobStatus.DRAFT))
    with django_assert_max_num_queries(6):
        page = api.get("/jobs?status=draft&limit=2&offset=1").json()
    assert page["count"] == 5 and len(page["items"]) == 2 and page["offset"] == 1
    assert all(job["status"] == "draft" and job["stages"] for job in page["items"])


# --- Tenant isolation -----------------------------------------------------------------------------


def test_another_organizations_token_sees_nothing(outsider_api: ApiClient, team: Any) -> None:
    application = _invite(team, "ann@example.org")
    job_id, app_id = team.job.pk, application.pk
    _error(outsider_api.get(f"/jobs/{job_id}"), 404)
    _error(outsider_api.patch(f"/jobs/{job_id}", {"title": "Hacked"}), 404)
    _error(outsider_api.post(f"/jobs/{job_id}/status", {"status": "closed"}), 404)
    _error(outsider_api.get(f"/applications/{app_id}"), 404)
    _error(outsider_api.get(f"/applications/{app_id}/report"), 404)
    _error(
        outsider_api.post("/applications", {"job_id": job_id, "name": "Eve", "email": "eve@example.org"}), 404
    )
    assert outsider_api.get("/jobs").json()["count"] == 0
    assert outsider_api.get(f"/applications?job_id={job_id}").json()["count"] == 0
    assert outsider_api.get("/applications").json()["items"] == []
    team.job.refresh_from_db()
    assert team.job.title != "Hacked" and team.job.status == JobStatus.LIVE
    assert Application.objects.filter(job=team.job).count() == 1


# --- Applications ---------------------------------------------------------------------------------


def test_invite_via_api_sends_an_email(
    api: ApiClient, team: Any, smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/applications",
            {"job_id": team.job.pk, "name": "Ann Lee", "email": "Ann@Example.org", "phone": ""},
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["source"] == "api"
    assert body["candidate"]["email"] == "ann@example.org"
    (message,) = smtp_server.wait_for(1)
    assert message.rcpt_tos == ["ann@example.org"]
    token = Application.objects.get(pk=body["id"]).token
    assert token in message.text


def test_duplicate_invite_is_409_and_bad_contact_is_422(api: ApiClient, team: Any) -> None:
    payload = {"job_id": team.job.pk, "name": "Ann Lee", "email": "ann@example.org"}
    assert api.post("/applications", payload).status_code == 201
    _error(api.post("/applications", payload), 409, "duplicate_application")
    error = _error(api.post("/applications", {**payload, "email": "nope", "phone": "12"}), 422)
    assert {d["field"] for d in error["details"]} == {"body.email", "body.phone"}
    _error(api.post("/applications", {**payload, "job_id": 999999}), 404)
    draft = Job.objects.create(organization=team.org, title="Draft", status=JobStatus.DRAFT)
    _error(api.post("/applications", {**payload, "job_id": draft.pk}), 409, "job_not_live")
    assert Application.objects.count() == 1


def test_idempotency_key_replays_and_never_duplicates(api: ApiClient, team: Any) -> None:
    payload = {"job_id": team.job.pk, "name": "Ann Lee", "email": "ann@example.org"}
    first = api.post("/applications", payload, **{"Idempotency-Key": "abc-1"})
    again = api.post("/applications", payload, **{"Idempotency-Key": "abc-1"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Application.objects.count() == 1

    other = api.post("/applications", {**payload, "email": "bo@example.org"}, **{"Idempotency-Key": "abc-1"})
    _error(other, 409, "idempotency_key_reused")
    assert Application.objects.count() == 1

    job_a = api.post("/jobs", {"title": "Idem"}, **{"Idempotency-Key": "job-1"})
    job_b = api.post("/jobs", {"title": "Idem"}, **{"Idempotency-Key": "job-1"})
    assert job_a.json()["id"] == job_b.json()["id"]
    assert Job.objects.filter(title="Idem").count() == 1


def test_idempotency_keys_are_per_organization(api: ApiClient, outsider_api: ApiClient, team: Any) -> None:
    api.post("/jobs", {"title": "Ours"}, **{"Idempotency-Key": "shared"})
    theirs = outsider_api.post("/jobs", {"title": "Ours"}, **{"Idempotency-Key": "shared"})
    assert theirs.status_code == 201
    assert Job.objects.get(pk=theirs.json()["id"]).organization == team.other_org
    assert IdempotencyKey.objects.count() == 2


def test_failed_requests_do_not_burn_the_key(api: ApiClient, team: Any) -> None:
    payload = {"job_id": team.job.pk, "name": "Ann Lee", "email": "bad"}
    _error(api.post("/applications", payload, **{"Idempotency-Key": "k"}), 422)
    fixed = api.post("/applications", {**payload, "email": "ann@example.org"}, **{"Idempotency-Key": "k"})
    assert fixed.status_code == 201


def test_applications_list_excludes_previews_and_filters(
    api: ApiClient, team: Any, django_assert_max_num_queries: Any
) -> None:
    other_job = JobFactory(organization=team.org)
    for n in range(6):
        ApplicationFactory(job=team.job if n % 2 else other_job, status="completed" if n < 2 else "invited")
    application_preview_start(job=team.job, user=team.recruiter)
    with django_assert_max_num_queries(5):
        everything = api.get("/applications?limit=200").json()
    assert everything["count"] == 6
    assert all(item["source"] != "preview" for item in everything["items"])
    by_job = api.get(f"/applications?job_id={team.job.pk}").json()
    assert by_job["count"] == 3 and {i["job_id"] for i in by_job["items"]} == {team.job.pk}
    completed = api.get("/applications?status=completed").json()
    assert completed["count"] == 2
    page = api.get("/applications?limit=4&offset=4").json()
    assert len(page["items"]) == 2
    with django_assert_max_num_queries(5):
        api.get("/applications?limit=2")


def test_previews_are_404(api: ApiClient, team: Any) -> None:
    preview = application_preview_start(job=team.job, user=team.recruiter)
    _error(api.get(f"/applications/{preview.pk}"), 404)
    _error(api.get(f"/applications/{preview.pk}/report"), 404)


def test_report_has_answers_scores_dealbreakers_and_timeline(api: ApiClient, team: Any) -> None:
    application = _invite(team, "bo@example.org")
    application = application_consent(
        application=application, notice_version="v1", notice_sha256="0" * 64, ip=None, user_agent=""
    )
    stage = team.job.stages.get()
    stage_submit(
        application=application, stage=stage, answers={"q_auth": "no", "q_years": 3.0, "q_shift": "Day"}
    )

    report = api.get(f"/applications/{application.pk}/report").json()
    assert report["application"]["status"] == "disqualified"
    assert report["job"]["id"] == team.job.pk
    (stage_report,) = report["stages"]
    assert stage_report["status"] == "failed"
    assert stage_report["answers"]["q_auth"] == "no"
    assert stage_report["engine"]
    failed = [d for d in stage_report["dealbreakers"] if not d["passed"]]
    assert failed and failed[0]["rule_id"] == "q_auth" and failed[0]["answer"]
    kinds = [e["kind"] for e in report["events"]]
    assert kinds[0] == "invited" and "consented" in kinds and "disqualified" in kinds


# --- Schema ---------------------------------------------------------------------------------------


def test_openapi_schema_is_json_with_every_path(api: ApiClient) -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= {
        "/api/v1/jobs",
        "/api/v1/jobs/{job_id}",
        "/api/v1/jobs/{job_id}/status",
        "/api/v1/applications",
        "/api/v1/applications/{application_id}",
        "/api/v1/applications/{application_id}/report",
    }
    assert "bearer" in json.dumps(schema["components"]["securitySchemes"]).lower()
    assert "ErrorOut" in schema["components"]["schemas"]


def test_no_docs_page_that_would_load_a_cdn(api: ApiClient) -> None:
    assert Client().get("/api/v1/docs").status_code == 404


@pytest.mark.parametrize("path", ["/jobs", "/applications"])
def test_lists_answer_json(api: ApiClient, path: str) -> None:
    response = api.get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")


def test_resend_and_revoke(
    api: ApiClient,
    outsider_api: ApiClient,
    team: Any,
    smtp_server: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    application = _invite(team, "ann@example.org")
    _error(outsider_api.post(f"/applications/{application.pk}/resend"), 404)
    _error(outsider_api.post(f"/applications/{application.pk}/revoke"), 404)
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post(f"/applications/{application.pk}/resend").status_code == 200
    smtp_server.wait_for(1)
    revoked = api.post(f"/applications/{application.pk}/revoke")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    _error(api.post(f"/applications/{application.pk}/resend"), 409, "not_allowed")
    assert len(smtp_server.messages) == 1


def test_the_actor_comes_from_the_token_authentication_loaded(
    team: Any, django_assert_num_queries: Any
) -> None:
    _, raw = api_token_create(organization=team.org, name="actor", created_by=team.owner)
    request = RequestFactory().get("/api/v1/jobs")
    with django_assert_num_queries(2):  # the token with its organization and creator, then last_used_at
        assert ApiTokenAuth().authenticate(request, raw) == team.org
    with django_assert_num_queries(0):
        assert api_actor(request) == team.owner
