"""Invitation emails (queued in the database, sent by the worker), resend, revoke and reminders."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from screenroom.audit.services import audit_record
from screenroom.candidates.models import Application, EmailStatus, Event, EventKind
from screenroom.candidates.services import FINISHED_STATUSES, ActionNotAllowed, expiry_for
from screenroom.invitations.models import EmailKind, OutboundEmail
from screenroom.invitations.sending import REMINDABLE
from screenroom.jobs.models import Job, JobStatus


def enqueue_email_batches(email_ids: list[int]) -> None:
    """After commit, hand the worker the emails in batches that each share one SMTP connection."""
    if not email_ids:
        return
    from screenroom.invitations.tasks import send_outbound_emails

    size = settings.EMAIL_BATCH_SIZE
    batches = [email_ids[i : i + size] for i in range(0, len(email_ids), size)]
    transaction.on_commit(lambda: [send_outbound_emails.enqueue(batch) for batch in batches])


def invitation_email_queue(*, application: Application, kind: str = EmailKind.INVITATION) -> OutboundEmail:
    email = OutboundEmail.objects.create(application=application, kind=kind, next_attempt_at=timezone.now())
    if application.email_status != EmailStatus.QUEUED or application.email_error:
        Application.objects.filter(pk=application.pk).update(email_status=EmailStatus.QUEUED, email_error="")
        application.email_status, application.email_error = EmailStatus.QUEUED, ""
    from screenroom.invitations.tasks import send_outbound_email

    transaction.on_commit(lambda: send_outbound_email.enqueue(email.pk))
    return email


@transaction.atomic
def invitation_resend(*, application: Application, actor: User) -> Application:
    """Send the invitation again; an expired link gets a fresh expiry from the job's setting."""
    locked = Application.objects.select_for_update(of=("self",)).select_related("job").get(pk=application.pk)
    if locked.is_preview:
        raise ActionNotAllowed("Preview runs are not emailed.")
    if locked.revoked_at is not None:
        raise ActionNotAllowed("This link was revoked. Invite the candidate again to give them a new link.")
    if locked.status in FINISHED_STATUSES:
        raise ActionNotAllowed("This candidate has already finished; there is nothing to resend.")
    if locked.job.status == JobStatus.CLOSED:
        raise ActionNotAllowed("This job is closed.")
    now = timezone.now()
    update_fields = ["last_reminded_at", "updated_at"]
    extended = locked.expires_at <= now
    if extended:
        locked.expires_at = expiry_for(locked.job, now)
        update_fields.append("expires_at")
    # Reminders count from the latest email the candidate got.
    locked.last_reminded_at = now
    locked.save(update_fields=update_fields)
    Event.objects.create(
        application=locked,
        kind=EventKind.RESENT,
        data={"by": actor.username, "expires_at": locked.expires_at.isoformat(), "extended": extended},
    )
    audit_record(
        organization_id=locked.organization_id,
        application=locked,
        job_id=locked.job_id,
        actor=actor,
        action="invitation.resend",
        output={"expires_at": locked.expires_at.isoformat(), "extended": extended},
    )
    invitation_email_queue(application=locked)
    return locked


@transaction.atomic
def invitation_revoke(*, application: Application, actor: User) -> Application:
    """The personal link stops working at once; emails not yet sent are not sent."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.revoked_at is not None:
        return locked
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at", "updated_at"])
    Event.objects.create(application=locked, kind=EventKind.REVOKED, data={"by": actor.username})
    audit_record(
        organization_id=locked.organization_id,
        application=locked,
        job_id=locked.job_id,
        actor=actor,
        action="invitation.revoke",
        output={"revoked_at": locked.revoked_at.isoformat()},
    )
    return locked


def _due_for_reminder(job: Job, now: dt.datetime) -> Q:
    cutoff = now - dt.timedelta(days=job.reminder_after_days)
    return Q(
        job=job,
        is_preview=False,
        status__in=REMINDABLE,
        revoked_at__isnull=True,
        expires_at__gt=now,
        email_sent_at__isnull=False,  # never remind someone whose invitation did not go out
        reminders_sent__lt=job.reminder_max,
    ) & (Q(last_reminded_at__isnull=True, invited_at__lte=cutoff) | Q(last_reminded_at__lte=cutoff))


def reminders_queue_due(*, now: dt.datetime | None = None) -> int:
    """Queue a reminder for every candidate who has not started or finished and is due one."""
    now = now or timezone.now()
    queued = 0
    jobs = Job.objects.filter(status=JobStatus.LIVE, reminder_max__gt=0, reminder_after_days__gt=0)
    for job in jobs:
        with transaction.atomic():
            # skip_locked: two overlapping runs never remind the same candidate twice.
            ids = list(
                Application.objects.select_for_update(skip_locked=True)
                .filter(_due_for_reminder(job, now))
                .values_list("pk", flat=True)
            )
            if not ids:
                continue
            Application.objects.filter(pk__in=ids).update(
                reminders_sent=F("reminders_sent") + 1,
                last_reminded_at=now,
                email_status=EmailStatus.QUEUED,
                email_error="",
                updated_at=now,
            )
            emails = OutboundEmail.objects.bulk_create(
                [OutboundEmail(application_id=pk, kind=EmailKind.REMINDER, next_attempt_at=now) for pk in ids]
            )
            enqueue_email_batches([e.pk for e in emails])
            queued += len(ids)
    return queued
