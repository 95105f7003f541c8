import datetime as dt
import json
import time
from typing import Any

import pytest
from django.utils import timezone

from screenroom.candidates.contact import clean_contact
from screenroom.candidates.services import (
    application_consent,
    application_invite,
    application_preview_start,
    stage_submit,
)
from screenroom.webhooks import delivery as delivery_module
from screenroom.webhooks.delivery import MAX_ATTEMPTS, body_bytes, sign, webhook_deliver
from screenroom.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from screenroom.webhooks.services import webhook_emit, webhook_endpoint_create
from screenroom.webhooks.tasks import retry_due_webhooks
from screenroom.webhooks.tests.receiver import running_receiver, verify_signature

PASSING = {"q_auth": "yes", "q_years": 3.0, "q_shift": "Day"}
FAILING = {"q_auth": "no", "q_years": 3.0, "q_shift": "Day"}


@pytest.fixture
def receiver(team: Any) -> Any:
    with running_receiver() as receiver:
        yield receiver


@pytest.fixture
def endpoint(team: Any, receiver: Any) -> WebhookEndpoint:
    endpoint = webhook_endpoint_create(organization=team.org, url=receiver.url, events=[])
    receiver.secret = endpoint.secret
    return endpoint


def _emit(team: Any, event: str = "report.ready") -> WebhookDelivery:
    (delivery,) = webhook_emit(organization_id=team.org.pk, event_type=event, payload={"application_id": 7})
    return delivery


def _make_due(delivery: WebhookDelivery) -> None:
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())


def test_success_posts_signed_json_with_documented_headers(team: Any, endpoint: Any, receiver: Any) -> None:
    delivery = _emit(team)
    webhook_deliver(delivery_id=delivery.pk)

    (request,) = receiver.requests
    assert request.signature_ok
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Screenroom-Event"] == "report.ready"
    assert request.headers["Screenroom-Delivery"] == str(delivery.event_id)
    body = json.loads(request.body)
    assert body["type"] == "report.ready"
    assert body["id"] == str(delivery.event_id)
    assert body["data"] == {"application_id": 7}
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    assert delivery.attempts == 1
    assert delivery.last_status_code == 200
    assert delivery.delivered_at is not None
    attempt = WebhookAttempt.objects.get(delivery=delivery)
    assert attempt.status_code == 200 and attempt.error == ""


def test_a_delivered_webhook_is_not_sent_again(team: Any, endpoint: Any, receiver: Any) -> None:
    delivery = _emit(team)
    webhook_deliver(delivery_id=delivery.pk)
    assert webhook_deliver(delivery_id=delivery.pk) is None
    retry_due_webhooks.enqueue()
    assert len(receiver.requests) == 1


def test_500_then_success_after_backoff(team: Any, endpoint: Any, receiver: Any) -> None:
    receiver.statuses = [500]
    delivery = _emit(team)
    before = timezone.now()
    webhook_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.last_status_code == 500
    assert "HTTP 500" in delivery.last_error
    # First retry waits about 30 s; not due yet, so the periodic task leaves it alone.
    assert delivery.next_attempt_at is not None
    assert dt.timedelta(seconds=29) <= delivery.next_attempt_at - before <= dt.timedelta(seconds=35)
    retry_due_webhooks.enqueue()
    assert len(receiver.requests) == 1

    _make_due(delivery)
    retry_due_webhooks.enqueue()
    delivery.refresh_from_db()
    assert len(receiver.requests) == 2
    assert all(r.signature_ok for r in receiver.requests)
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    assert delivery.attempts == 2
    assert list(delivery.attempt_log.values_list("status_code", flat=True)) == [500, 200]
    # The same event id on the retry, so receivers can drop duplicates.
    assert {r.headers["Screenroom-Delivery"] for r in receiver.requests} == {str(delivery.event_id)}


def test_gives_up_after_max_attempts_with_growing_backoff(team: Any, endpoint: Any, receiver: Any) -> None:
    receiver.statuses = [503] * 10
    delivery = _emit(team)
    waits = []
    for _ in range(MAX_ATTEMPTS):
        _make_due(delivery)
        now = timezone.now()
        webhook_deliver(delivery_id=delivery.pk)
        delivery.refresh_from_db()
        if delivery.next_attempt_at:
            waits.append((delivery.next_attempt_at - now).total_seconds())
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.attempts == MAX_ATTEMPTS == 6
    assert delivery.next_attempt_at is None
    assert len(receiver.requests) == MAX_ATTEMPTS
    assert WebhookAttempt.objects.filter(delivery=delivery).count() == MAX_ATTEMPTS
    assert waits == sorted(waits) and waits[0] < 60 and waits[-1] > 5 * 3600
    _make_due(delivery)
    assert webhook_deliver(delivery_id=delivery.pk) is None  # failed stays failed


def test_timeout_is_recorded_and_retried(
    team: Any, endpoint: Any, receiver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery_module, "TIMEOUT_SECONDS", 0.3)
    receiver.delay = 1.5
    delivery = _emit(team)
    started = time.monotonic()
    webhook_deliver(delivery_id=delivery.pk)
    assert time.monotonic() - started < 1.4
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.last_status_code is None
    assert "Timed out" in delivery.last_error
    assert delivery.next_attempt_at is not None


def test_connection_refused_is_retried(team: Any) -> None:
    with running_receiver() as gone:
        url = gone.url
    endpoint = webhook_endpoint_create(organization=team.org, url=url, events=[])
    assert endpoint.pk
    delivery = _emit(team)
    webhook_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert "Connection failed" in delivery.last_error


def test_non_http_urls_and_disabled_endpoints_fail_without_sending(team: Any) -> None:
    endpoint = WebhookEndpoint.objects.create(organization=team.org, url="file:///etc/passwd", secret="s")
    delivery = _emit(team)
    webhook_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert "http" in delivery.last_error
    endpoint.delete()


def test_private_addresses_can_be_blocked(team: Any, endpoint: Any, receiver: Any, settings: Any) -> None:
    settings.WEBHOOK_BLOCK_PRIVATE_ADDRESSES = True
    delivery = _emit(team)
    webhook_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert "private" in delivery.last_error
    assert receiver.requests == []


def test_redirects_are_not_followed(team: Any, receiver: Any) -> None:
    receiver.statuses = [302]
    endpoint = webhook_endpoint_create(organization=team.org, url=receiver.url, events=[])
    receiver.secret = endpoint.secret
    delivery = _emit(team)
    webhook_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.last_status_code == 302


def test_signature_verification_as_documented() -> None:
    body = body_bytes({"id": "e1", "type": "report.ready", "data": {"x": "ü"}})
    now = int(time.time())
    header = sign(secret="whsec_abc", timestamp=now, body=body)
    assert verify_signature("whsec_abc", header, body)
    assert not verify_signature("whsec_other", header, body)
    assert not verify_signature("whsec_abc", header, body + b" ")
    old = sign(secret="whsec_abc", timestamp=now - 301, body=body)
    assert not verify_signature("whsec_abc", old, body)  # replay older than 5 minutes
    assert not verify_signature("whsec_abc", "garbage", body)


def test_endpoint_subscriptions_filter_events(team: Any, receiver: Any) -> None:
    webhook_endpoint_create(organization=team.org, url=receiver.url, events=["report.ready"])
    assert webhook_emit(organization_id=team.org.pk, event_type="stage.completed", payload={}) == []
    assert len(webhook_emit(organization_id=team.org.pk, event_type="report.ready", payload={})) == 1
    assert webhook_emit(organization_id=team.other_org.pk, event_type="report.ready", payload={}) == []


def _run_flow(team: Any, application: Any, answers: dict[str, Any]) -> None:
    application = application_consent(
        application=application, notice_version="v1", notice_sha256="0" * 64, ip=None, user_agent="test"
    )
    stage = team.job.stages.get()
    stage_submit(application=application, stage=stage, answers=answers)


def test_the_flow_emits_and_delivers_signed_events(
    team: Any, endpoint: Any, receiver: Any, django_capture_on_commit_callbacks: Any
) -> None:
    passing = application_invite(
        job=team.job, contact=clean_contact("Ann Lee", "ann@example.org"), send_email=False
    )
    failing = application_invite(
        job=team.job, contact=clean_contact("Bo Diaz", "bo@example.org"), send_email=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        _run_flow(team, passing, PASSING)
        _run_flow(team, failing, FAILING)

    types = [json.loads(r.body)["type"] for r in receiver.requests]
    assert sorted(types) == sorted(
        ["stage.completed", "report.ready", "stage.completed", "candidate.disqualified", "report.ready"]
    )
    assert all(r.signature_ok for r in receiver.requests)
    disqualified = next(
        json.loads(r.body)
        for r in receiver.requests
        if r.headers["Screenroom-Event"] == "candidate.disqualified"
    )
    assert disqualified["data"]["application_id"] == failing.pk
    assert disqualified["data"]["stage"]["dealbreakers"]
    assert WebhookDelivery.objects.filter(status=WebhookDelivery.Status.SUCCEEDED).count() == 5


def test_previews_never_emit(
    team: Any, endpoint: Any, receiver: Any, django_capture_on_commit_callbacks: Any
) -> None:
    preview = application_preview_start(job=team.job, user=team.recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        _run_flow(team, preview, FAILING)
    preview.refresh_from_db()
    assert preview.status == "disqualified"
    assert WebhookDelivery.objects.count() == 0
    assert receiver.requests == []
