from django.db.models import Count, Q, QuerySet

from screenroom.orgs.models import Organization
from screenroom.webhooks.models import WebhookDelivery, WebhookEndpoint


def webhook_endpoints_for(organization: Organization) -> QuerySet[WebhookEndpoint]:
    return (
        WebhookEndpoint.objects.filter(organization=organization)
        .annotate(
            pending_count=Count("deliveries", filter=Q(deliveries__status=WebhookDelivery.Status.PENDING)),
            failed_count=Count("deliveries", filter=Q(deliveries__status=WebhookDelivery.Status.FAILED)),
        )
        .order_by("created_at", "id")
    )


def webhook_deliveries_for(endpoint: WebhookEndpoint, status: str = "") -> QuerySet[WebhookDelivery]:
    deliveries = endpoint.deliveries.prefetch_related("attempt_log").order_by("-created_at", "-id")
    if status in WebhookDelivery.Status.values:
        deliveries = deliveries.filter(status=status)
    return deliveries
