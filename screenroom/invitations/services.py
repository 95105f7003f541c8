"""Invitation emails: queued in the database, sent by the background worker."""

from django.db import transaction
from django.utils import timezone

from screenroom.candidates.models import Application
from screenroom.invitations.models import EmailKind, OutboundEmail


def invitation_email_queue(*, application: Application, kind: str = EmailKind.INVITATION) -> OutboundEmail:
    email = OutboundEmail.objects.create(application=application, kind=kind, next_attempt_at=timezone.now())
    from screenroom.invitations.tasks import send_outbound_email

    transaction.on_commit(lambda: send_outbound_email.enqueue(email.pk))
    return email
