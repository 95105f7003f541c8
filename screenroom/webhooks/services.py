"""Outgoing webhooks: record one delivery per subscribed endpoint, sent by the worker after commit."""

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from screenroom.webhooks.models import WebhookDelivery, WebhookEndpoint


def webhook_emit(*, organization_id: int, event_type: str, payload: dict[str, Any]) -> list[WebhookDelivery]:
    event_id = uuid.uuid4()
    body = {
        "id": str(event_id),
        "type": event_type,
        "created_at": timezone.now().isoformat(),
        "data": payload,
    }
    deliveries = [
        WebhookDelivery.objects.create(
            endpoint=endpoint,
            event_id=event_id,
            event_type=event_type,
            payload=body,
            next_attempt_at=timezone.now(),
        )
        for endpoint in WebhookEndpoint.objects.filter(organization_id=organization_id, is_active=True)
        if endpoint.wants(event_type)
    ]
    if deliveries:
        from screenroom.webhooks.tasks import deliver_webhook

        ids = [d.pk for d in deliveries]
        transaction.on_commit(lambda: [deliver_webhook.enqueue(pk) for pk in ids])
    return deliveries
