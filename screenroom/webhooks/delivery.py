"""Send one webhook delivery: signed with HMAC-SHA256, retried with exponential backoff.

The database row is the queue: a sender first claims the row with one conditional UPDATE (pushing
`next_attempt_at` past the HTTP timeout), so the immediate task and the periodic retry never post the
same attempt twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from screenroom.webhooks.models import WebhookAttempt, WebhookDelivery

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
# Delay before attempt 2, 3, …; after MAX_ATTEMPTS failures the delivery is given up.
BACKOFF = [
    dt.timedelta(seconds=30),
    dt.timedelta(minutes=2),
    dt.timedelta(minutes=10),
    dt.timedelta(hours=1),
    dt.timedelta(hours=6),
]
MAX_ATTEMPTS = len(BACKOFF) + 1
# Longer than the HTTP timeout, so a claimed row is not picked up again while it is being sent.
CLAIM_LEASE = dt.timedelta(seconds=TIMEOUT_SECONDS * 6)
USER_AGENT = "Screenroom-Webhooks/1"


def body_bytes(payload: dict[str, Any]) -> bytes:
    """The exact bytes that are signed and sent; stable across retries of the same delivery."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False, sort_keys=True).encode()


def sign(*, secret: str, timestamp: int, body: bytes) -> str:
    """`Screenroom-Signature` value: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect could turn the POST into a GET or send the signed body to another host.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


@dataclass
class AttemptOutcome:
    status_code: int | None
    error: str
    response_excerpt: str
    permanent: bool = False  # retrying cannot help (bad URL, blocked address)

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def url_problem(url: str) -> str:
    """Why this URL must not be posted to, or "" when it may."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "Only http:// and https:// URLs can receive webhooks."
    if not getattr(settings, "WEBHOOK_BLOCK_PRIVATE_ADDRESSES", False):
        return ""
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        return f"Cannot resolve {parts.hostname}: {exc}"
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            return f"{parts.hostname} resolves to a private address ({address}); private targets are blocked."
    return ""


def _post(url: str, body: bytes, headers: dict[str, str]) -> AttemptOutcome:
    problem = url_problem(url)
    if problem:
        return AttemptOutcome(None, problem, "", permanent=True)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            excerpt = response.read(500).decode("utf-8", "replace")
            return AttemptOutcome(response.status, "", excerpt)
    except urllib.error.HTTPError as exc:
        excerpt = exc.read(500).decode("utf-8", "replace") if exc.fp else ""
        return AttemptOutcome(exc.code, f"HTTP {exc.code} {exc.reason}", excerpt)
    except TimeoutError:
        return AttemptOutcome(None, f"Timed out after {TIMEOUT_SECONDS} s", "")
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            return AttemptOutcome(None, f"Timed out after {TIMEOUT_SECONDS} s", "")
        return AttemptOutcome(None, f"Connection failed: {reason}", "")
    except (OSError, ValueError) as exc:
        return AttemptOutcome(None, f"Connection failed: {exc}", "")


def _claim(delivery_id: int) -> bool:
    now = timezone.now()
    return bool(
        WebhookDelivery.objects.filter(
            pk=delivery_id, status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
        ).update(next_attempt_at=now + CLAIM_LEASE)
    )


def webhook_deliver(*, delivery_id: int) -> WebhookDelivery | None:
    """Make one attempt at a due delivery and record it; returns None if it was not due or taken."""
    if not _claim(delivery_id):
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    started = timezone.now()
    if not endpoint.is_active:
        outcome = AttemptOutcome(None, "The endpoint is disabled.", "", permanent=True)
        duration_ms = 0
    else:
        body = body_bytes(delivery.payload)
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "Screenroom-Event": delivery.event_type,
            "Screenroom-Delivery": str(delivery.event_id),
            "Screenroom-Signature": sign(secret=endpoint.secret, timestamp=timestamp, body=body),
        }
        clock = time.monotonic()
        outcome = _post(endpoint.url, body, headers)
        duration_ms = int((time.monotonic() - clock) * 1000)
    _record(delivery, outcome, started=started, duration_ms=duration_ms)
    return delivery


@transaction.atomic
def _record(
    delivery: WebhookDelivery, outcome: AttemptOutcome, *, started: dt.datetime, duration_ms: int
) -> None:
    WebhookAttempt.objects.create(
        delivery=delivery,
        attempted_at=started,
        status_code=outcome.status_code,
        error=outcome.error[:500],
        duration_ms=duration_ms,
        response_excerpt=outcome.response_excerpt[:500],
    )
    delivery.attempts += 1
    delivery.last_status_code = outcome.status_code
    delivery.last_error = outcome.error[:500]
    if outcome.ok:
        delivery.status = WebhookDelivery.Status.SUCCEEDED
        delivery.delivered_at = timezone.now()
        delivery.next_attempt_at = None
    elif outcome.permanent or delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
        logger.warning("webhook delivery %s gave up: %s", delivery.pk, outcome.error)
    else:
        delivery.next_attempt_at = timezone.now() + BACKOFF[delivery.attempts - 1]
    delivery.save(
        update_fields=[
            "attempts",
            "last_status_code",
            "last_error",
            "status",
            "delivered_at",
            "next_attempt_at",
        ]
    )


def due_delivery_ids(*, limit: int = 200) -> list[int]:
    return list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
