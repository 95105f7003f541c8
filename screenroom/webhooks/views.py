"""Owners register webhook endpoints; every member can read the delivery log."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from screenroom.orgs.models import Role
from screenroom.orgs.permissions import owner_required, viewer_required
from screenroom.webhooks.forms import EndpointForm
from screenroom.webhooks.models import WebhookDelivery, WebhookEndpoint
from screenroom.webhooks.selectors import webhook_deliveries_for, webhook_endpoints_for
from screenroom.webhooks.services import (
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_rotate_secret,
    webhook_endpoint_set_active,
    webhook_redeliver,
)

DELIVERIES_PER_PAGE = 50


def _is_owner(request: HttpRequest) -> bool:
    return bool(request.membership and request.membership.has_role(Role.OWNER))  # type: ignore[attr-defined]


def _endpoint(request: HttpRequest, endpoint_id: int) -> WebhookEndpoint:
    return get_object_or_404(WebhookEndpoint, pk=endpoint_id, organization=request.org)  # type: ignore[attr-defined]


@viewer_required
def endpoints(request: HttpRequest) -> HttpResponse:
    form = EndpointForm()
    if request.method == "POST":
        if not _is_owner(request):
            raise PermissionDenied("Only owners can add webhook endpoints.")
        form = EndpointForm(request.POST)
        if form.is_valid():
            endpoint = webhook_endpoint_create(
                organization=request.org,  # type: ignore[attr-defined]
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
            )
            # Shown on this response only; no redirect, so the secret never sits in a cookie.
            return render(request, "webhooks/secret.html", {"endpoint": endpoint, "created": True})
    context = {
        "endpoints": webhook_endpoints_for(request.org),  # type: ignore[attr-defined]
        "form": form,
        "is_owner": _is_owner(request),
    }
    return render(request, "webhooks/endpoints.html", context, status=400 if form.errors else 200)


@owner_required
@require_POST
def rotate_secret(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    endpoint = webhook_endpoint_rotate_secret(endpoint=_endpoint(request, endpoint_id))
    return render(request, "webhooks/secret.html", {"endpoint": endpoint, "created": False})


@owner_required
@require_POST
def toggle(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    endpoint = _endpoint(request, endpoint_id)
    webhook_endpoint_set_active(endpoint=endpoint, active=not endpoint.is_active)
    state = "enabled" if endpoint.is_active else "disabled"
    messages.success(request, f"{endpoint.url} is {state}.")
    return redirect("webhooks:endpoints")


@owner_required
@require_POST
def delete(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    endpoint = _endpoint(request, endpoint_id)
    url = endpoint.url
    webhook_endpoint_delete(endpoint=endpoint)
    messages.success(request, f"Deleted the endpoint {url} and its delivery log.")
    return redirect("webhooks:endpoints")


@viewer_required
def deliveries(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    endpoint = _endpoint(request, endpoint_id)
    status = request.GET.get("status", "")
    page = Paginator(webhook_deliveries_for(endpoint, status), DELIVERIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "endpoint": endpoint,
        "page": page,
        "status": status,
        "statuses": WebhookDelivery.Status.choices,
        "is_owner": _is_owner(request),
    }
    return render(request, "webhooks/deliveries.html", context)


@owner_required
@require_POST
def redeliver(request: HttpRequest, delivery_id: int) -> HttpResponse:
    delivery = get_object_or_404(
        WebhookDelivery.objects.select_related("endpoint"),
        pk=delivery_id,
        endpoint__organization=request.org,  # type: ignore[attr-defined]
    )
    try:
        webhook_redeliver(delivery=delivery)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Delivery {delivery.event_id} is queued to be sent again.")
    return redirect("webhooks:deliveries", endpoint_id=delivery.endpoint_id)
