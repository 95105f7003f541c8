"""Send queued candidate emails in batches over one connection, and record every outcome.

The OutboundEmail rows are the queue (as healthchecks does it): a sender claims due rows by pushing
their `next_attempt_at` past a lease in one short transaction, sends without holding any lock, then
records the results in one more transaction. A worker that dies mid-batch leaves rows that become due
again when the lease ends, so nothing is lost; a row is never sent twice by two workers at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from screenroom.candidates.models import Application, ApplicationStatus, EmailStatus, Event, EventKind
from screenroom.invitations.models import EmailKind, OutboundEmail
from screenroom.invitations.rendering import EmailRenderer
from screenroom.invitations.transport import SendError, open_transport
from screenroom.webhooks.models import WebhookEndpoint
from screenroom.webhooks.services import webhook_emit_many

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# Delay before attempt n+1 after n failed attempts: about 9.5 hours of trying in all.
RETRY_DELAYS = [
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=7),
]
CLAIM_LEASE = dt.timedelta(minutes=10)
REMINDABLE = {ApplicationStatus.INVITED, ApplicationStatus.OPENED, ApplicationStatus.IN_PROGRESS}


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0  # given up (permanent, or out of attempts)
    retrying: int = 0

    def __iadd__(self, other: SendReport) -> SendReport:
        self.sent += other.sent
        self.failed += other.failed
        self.retrying += other.retrying
        return self

    @property
    def claimed(self) -> int:
        return self.sent + self.failed + self.retrying


def retry_delay(attempts: int) -> dt.timedelta:
    return RETRY_DELAYS[min(max(attempts, 1), len(RETRY_DELAYS)) - 1]


def _claim(*, email_ids: list[int] | None, limit: int, now: dt.datetime) -> list[int]:
    due = Q(next_attempt_at__lte=now, status__in=[OutboundEmail.Status.QUEUED, OutboundEmail.Status.FAILED])
    with transaction.atomic():
        rows = OutboundEmail.objects.select_for_update(skip_locked=True).filter(due)
        if email_ids is not None:
            rows = rows.filter(pk__in=email_ids)
        ids = list(rows.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
        if ids:
            OutboundEmail.objects.filter(pk__in=ids).update(
                next_attempt_at=now + CLAIM_LEASE, attempts=F("attempts") + 1
            )
    return ids


def _not_sendable(email: OutboundEmail, now: dt.datetime) -> str:
    application = email.application
    if application.is_preview:
        return "Preview runs are not emailed."
    if application.revoked_at is not None:
        return "Not sent: the link was revoked."
    if application.expires_at <= now:
        return "Not sent: the link had expired."
    if email.kind == EmailKind.REMINDER and application.status not in REMINDABLE:
        return "Not sent: the candidate had already finished."
    return ""


def outbound_emails_send(*, email_ids: list[int] | None = None, limit: int | None = None) -> SendReport:
    """Send the given emails (or any that are due) that are still due, over one connection."""
    now = timezone.now()
    ids = _claim(email_ids=email_ids, limit=limit or settings.EMAIL_BATCH_SIZE, now=now)
    if not ids:
        return SendReport()
    emails = list(
        OutboundEmail.objects.filter(pk__in=ids)
        .select_related("application__candidate", "application__job__organization")
        .order_by("pk")
    )
    outcomes: list[tuple[OutboundEmail, SendError | None]] = []
    to_send: list[OutboundEmail] = []
    for email in emails:
        reason = _not_sendable(email, now)
        if reason:
            outcomes.append((email, SendError(reason, permanent=True)))
        else:
            to_send.append(email)
    if to_send:
        renderer = EmailRenderer()
        with open_transport() as transport:
            for index, email in enumerate(to_send):
                try:
                    transport.send(renderer.render(application=email.application, kind=email.kind))
                except SendError as exc:
                    outcomes.append((email, exc))
                    if exc.server_unavailable:
                        outcomes.extend((rest, exc) for rest in to_send[index + 1 :])
                        break
                else:
                    outcomes.append((email, None))
    return _record(outcomes, now=timezone.now())


def outbound_email_send(*, email_id: int) -> None:
    outbound_emails_send(email_ids=[email_id], limit=1)


def outbound_emails_send_due(*, max_batches: int = 50) -> SendReport:
    """Retries and anything a lost task left behind; bounded so one periodic run stays short."""
    report = SendReport()
    for _ in range(max_batches):
        batch = outbound_emails_send()
        report += batch
        if batch.claimed == 0:
            break
    return report


@transaction.atomic
def _record(outcomes: list[tuple[OutboundEmail, SendError | None]], *, now: dt.datetime) -> SendReport:
    report = SendReport()
    sent = [email for email, error in outcomes if error is None]
    events: list[Event] = []
    if sent:
        OutboundEmail.objects.filter(pk__in=[e.pk for e in sent]).update(
            status=OutboundEmail.Status.SENT, sent_at=now, last_error="", next_attempt_at=None
        )
        Application.objects.filter(pk__in=[e.application_id for e in sent]).update(
            email_status=EmailStatus.SENT, email_error="", email_sent_at=now, updated_at=now
        )
        for email in sent:
            kind = EventKind.REMINDER_SENT if email.kind == EmailKind.REMINDER else EventKind.EMAIL_SENT
            events.append(Event(application_id=email.application_id, kind=kind, data={"email_id": email.pk}))
        _emit_invitation_sent([e for e in sent if e.kind == EmailKind.INVITATION], now=now)
        report.sent = len(sent)

    # Failures grouped by (reason, next attempt) so a server outage costs two queries, not one per email.
    groups: dict[tuple[str, dt.datetime | None], list[OutboundEmail]] = defaultdict(list)
    for email, error in outcomes:
        if error is None:
            continue
        give_up = error.permanent or email.attempts >= MAX_ATTEMPTS
        next_at = None if give_up else now + retry_delay(email.attempts)
        groups[(error.reason, next_at)].append(email)
        if give_up:
            report.failed += 1
        else:
            report.retrying += 1
        events.append(
            Event(
                application_id=email.application_id,
                kind=EventKind.EMAIL_FAILED,
                data={
                    "email_id": email.pk,
                    "email_kind": email.kind,
                    "reason": error.reason,
                    "attempt": email.attempts,
                    "retry_at": next_at.isoformat() if next_at else None,
                },
            )
        )
    for (reason, next_at), failed in groups.items():
        OutboundEmail.objects.filter(pk__in=[e.pk for e in failed]).update(
            status=OutboundEmail.Status.FAILED, last_error=reason, next_attempt_at=next_at
        )
        shown = reason if next_at is None else f"{reason} Will retry."
        Application.objects.filter(pk__in=[e.application_id for e in failed]).update(
            email_status=EmailStatus.FAILED, email_error=shown[:500], updated_at=now
        )
    Event.objects.bulk_create(events, batch_size=500)
    if report.failed or report.retrying:
        logger.warning("emails: %s sent, %s failed, %s to retry", report.sent, report.failed, report.retrying)
    return report


def _emit_invitation_sent(emails: list[OutboundEmail], *, now: dt.datetime) -> None:
    org_ids = {e.application.organization_id for e in emails}
    if not org_ids:
        return
    # One query tells which organizations listen at all, so a 10,000-row import pays nothing otherwise.
    listening = set(
        WebhookEndpoint.objects.filter(organization_id__in=org_ids, is_active=True).values_list(
            "organization_id", flat=True
        )
    )
    payloads: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for email in emails:
        application = email.application
        if application.organization_id not in listening or application.is_preview:
            continue
        payloads[application.organization_id].append(
            {
                "application_id": application.pk,
                "job_id": application.job_id,
                "candidate": {
                    "id": application.candidate_id,
                    "name": application.candidate.name,
                    "email": application.candidate.email,
                },
                "email_id": email.pk,
                "sent_at": now.isoformat(),
                "expires_at": application.expires_at.isoformat(),
            }
        )
    for org_id, org_payloads in payloads.items():
        webhook_emit_many(organization_id=org_id, event_type="invitation.sent", payloads=org_payloads)
