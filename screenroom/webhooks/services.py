"""Outgoing webhooks: record one delivery per subscribed endpoint, sent by the worker after commit."""

import secrets
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from screenroom.orgs.models import Organization
from screenroom.webhooks.models import WEBHOOK_EVENTS, WebhookDelivery, WebhookEndpoint


def webhook_emit(*, organization_id: int, event_type: str, payload: dict[str, Any]) -> list[WebhookDelivery]:
    return webhook_emit_many(organization_id=organization_id, event_type=event_type, payloads=[payload])


def webhook_emit_many(
    *, organization_id: int, event_type: str, payloads: list[dict[str, Any]]
) -> list[WebhookDelivery]:
    """One event per payload, all of one type: reads the organization's endpoints once and inserts in bulk."""
    if not payloads:
        return []
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(organization_id=organization_id, is_active=True)
        if endpoint.wants(event_type)
    ]
    if not endpoints:
        return []
    now = timezone.now()
    deliveries = []
    for payload in payloads:
        event_id = uuid.uuid4()
        body = {"id": str(event_id), "type": event_type, "created_at": now.isoformat(), "data": payload}
        deliveries += [
            WebhookDelivery(
                endpoint=endpoint, event_id=event_id, event_type=event_type, payload=body, next_attempt_at=now
            )
            for endpoint in endpoints
        ]
    deliveries = WebhookDelivery.objects.bulk_create(deliveries, batch_size=500)
    from screenroom.webhooks.tasks import deliver_webhook

    ids = [d.pk for d in deliveries]
    transaction.on_commit(lambda: [deliver_webhook.enqueue(pk) for pk in ids])
    return deliveries


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def _clean_events(events: list[str]) -> list[str]:
    unknown = set(events) - set(WEBHOOK_EVENTS)
    if unknown:
        raise ValueError(f"Unknown event types: {', '.join(sorted(unknown))}")
    # Every event chosen is the same as "all", which also picks up event types added later.
    return [] if set(events) == set(WEBHOOK_EVENTS) else [e for e in WEBHOOK_EVENTS if e in events]


@transaction.atomic
def webhook_endpoint_create(*, organization: Organization, url: str, events: list[str]) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(
        organization=organization, url=url, events=_clean_events(events), secret=new_secret()
    )


@transaction.atomic
def webhook_endpoint_rotate_secret(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret"])
    return endpoint


@transaction.atomic
def webhook_endpoint_set_active(*, endpoint: WebhookEndpoint, active: bool) -> WebhookEndpoint:
    endpoint.is_active = active
    endpoint.save(update_fields=["is_active"])
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    endpoint.delete()


@transaction.atomic
def webhook_redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send the same event again now with a fresh retry budget; earlier attempts stay in the log."""
    if not delivery.endpoint.is_active:
        raise ValueError("Enable the endpoint before redelivering.")
    delivery.status = WebhookDelivery.Status.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    from screenroom.webhooks.tasks import deliver_webhook

    pk = delivery.pk
    transaction.on_commit(lambda: deliver_webhook.enqueue(pk))
    return delivery
