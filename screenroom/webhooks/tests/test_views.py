from typing import Any

import pytest
from django.urls import reverse

from screenroom.webhooks.models import WebhookDelivery, WebhookEndpoint
from screenroom.webhooks.services import webhook_emit, webhook_endpoint_create
from screenroom.webhooks.tests.receiver import running_receiver


@pytest.fixture
def endpoint(team: Any) -> WebhookEndpoint:
    return webhook_endpoint_create(organization=team.org, url="https://hooks.example.com/in", events=[])


@pytest.fixture
def other_endpoint(team: Any) -> WebhookEndpoint:
    return webhook_endpoint_create(organization=team.other_org, url="https://rival.example.com/in", events=[])


def test_owner_adds_an_endpoint_and_sees_the_secret_once(owner_client: Any, team: Any) -> None:
    response = owner_client.post(
        reverse("webhooks:endpoints"),
        {"url": "https://ats.example.com/screenroom", "events": ["report.ready", "candidate.disqualified"]},
    )
    assert response.status_code == 200
    endpoint = WebhookEndpoint.objects.get(organization=team.org)
    assert endpoint.events == ["candidate.disqualified", "report.ready"]
    assert endpoint.secret.startswith("whsec_")
    assert endpoint.secret in response.content.decode()


def test_all_events_ticked_means_all(owner_client: Any, team: Any) -> None:
    owner_client.post(
        reverse("webhooks:endpoints"),
        {
            "url": "https://ats.example.com/x",
            "events": ["invitation.sent", "stage.completed", "candidate.disqualified", "report.ready"],
        },
    )
    assert WebhookEndpoint.objects.get(organization=team.org).events == []


@pytest.mark.parametrize("url", ["ftp://example.com/x", "not a url", "javascript:alert(1)"])
def test_bad_urls_are_refused_with_a_message(owner_client: Any, team: Any, url: str) -> None:
    response = owner_client.post(reverse("webhooks:endpoints"), {"url": url})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_members_read_the_list_without_change_buttons(viewer_client: Any, endpoint: Any) -> None:
    response = viewer_client.get(reverse("webhooks:endpoints"))
    assert response.status_code == 200
    html = response.content.decode()
    assert endpoint.url in html
    assert "Rotate secret" not in html
    assert "Add an endpoint" not in html


@pytest.mark.parametrize("client_name", ["viewer_client", "recruiter_client"])
def test_non_owners_cannot_change_anything(request: Any, client_name: str, endpoint: Any, team: Any) -> None:
    client = request.getfixturevalue(client_name)
    (delivery,) = webhook_emit(organization_id=team.org.pk, event_type="report.ready", payload={})
    secret = endpoint.secret
    assert client.post(reverse("webhooks:endpoints"), {"url": "https://x.example.com"}).status_code == 403
    for name in ("rotate", "toggle", "delete"):
        assert client.post(reverse(f"webhooks:{name}", args=[endpoint.pk])).status_code == 403
    assert client.post(reverse("webhooks:redeliver", args=[delivery.pk])).status_code == 403
    endpoint.refresh_from_db()
    assert endpoint.secret == secret and endpoint.is_active
    assert WebhookEndpoint.objects.filter(organization=team.org).count() == 1
    # Reading the log is fine, but the secret is for owners only.
    response = client.get(reverse("webhooks:deliveries", args=[endpoint.pk]))
    assert response.status_code == 200
    assert secret not in response.content.decode()


def test_outsiders_get_404(outsider_client: Any, endpoint: Any, team: Any) -> None:
    (delivery,) = webhook_emit(organization_id=team.org.pk, event_type="report.ready", payload={})
    assert outsider_client.get(reverse("webhooks:deliveries", args=[endpoint.pk])).status_code == 404
    for name in ("rotate", "toggle", "delete"):
        assert outsider_client.post(reverse(f"webhooks:{name}", args=[endpoint.pk])).status_code == 404
    assert outsider_client.post(reverse("webhooks:redeliver", args=[delivery.pk])).status_code == 404
    listing = outsider_client.get(reverse("webhooks:endpoints")).content.decode()
    assert endpoint.url not in listing
    endpoint.refresh_from_db()
    assert endpoint.is_active


def test_rotate_toggle_delete(owner_client: Any, endpoint: Any) -> None:
    old = endpoint.secret
    response = owner_client.post(reverse("webhooks:rotate", args=[endpoint.pk]))
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.secret in response.content.decode()

    owner_client.post(reverse("webhooks:toggle", args=[endpoint.pk]))
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    owner_client.post(reverse("webhooks:toggle", args=[endpoint.pk]))
    endpoint.refresh_from_db()
    assert endpoint.is_active

    assert owner_client.get(reverse("webhooks:rotate", args=[endpoint.pk])).status_code == 405
    owner_client.post(reverse("webhooks:delete", args=[endpoint.pk]))
    assert not WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()


def test_delivery_log_and_redeliver(
    owner_client: Any, team: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with running_receiver() as receiver:
        endpoint = webhook_endpoint_create(organization=team.org, url=receiver.url, events=[])
        receiver.secret = endpoint.secret
        receiver.statuses = [500] * 10
        (delivery,) = webhook_emit(organization_id=team.org.pk, event_type="report.ready", payload={"n": 1})
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.FAILED, attempts=6
        )

        page = owner_client.get(reverse("webhooks:deliveries", args=[endpoint.pk])).content.decode()
        assert "report.ready" in page and "Failed (gave up)" in page and "Redeliver" in page

        receiver.statuses = []
        with django_capture_on_commit_callbacks(execute=True):
            response = owner_client.post(reverse("webhooks:redeliver", args=[delivery.pk]))
        assert response.status_code == 302
        delivery.refresh_from_db()
        assert delivery.status == WebhookDelivery.Status.SUCCEEDED
        assert len(receiver.requests) == 1 and receiver.requests[0].signature_ok

        page = owner_client.get(reverse("webhooks:deliveries", args=[endpoint.pk]) + "?status=succeeded")
        assert "HTTP 200" in page.content.decode()


def test_delivery_log_query_count_does_not_grow(
    viewer_client: Any, endpoint: Any, team: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        webhook_emit(organization_id=team.org.pk, event_type="report.ready", payload={"n": n})
    with django_assert_max_num_queries(10):
        assert viewer_client.get(reverse("webhooks:deliveries", args=[endpoint.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        assert viewer_client.get(reverse("webhooks:endpoints")).status_code == 200
