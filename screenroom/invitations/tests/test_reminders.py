import datetime as dt

import pytest
from django.utils import timezone

from screenroom.candidates.models import Application, ApplicationStatus, EventKind
from screenroom.core.testing.factories import ApplicationFactory
from screenroom.invitations.models import EmailKind, OutboundEmail
from screenroom.invitations.sending import outbound_emails_send
from screenroom.invitations.services import reminders_queue_due
from screenroom.invitations.tests.conftest import invite
from screenroom.jobs.models import JobStatus

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def _sent_invite(team, email: str, days_ago: float, **fields) -> Application:
    application = invite(team, name=email.split("@")[0], email=email)
    invited = timezone.now() - days_ago * DAY
    Application.objects.filter(pk=application.pk).update(
        **{"invited_at": invited, "email_sent_at": invited, **fields}
    )
    OutboundEmail.objects.filter(application=application).update(
        status=OutboundEmail.Status.SENT, next_attempt_at=None
    )
    application.refresh_from_db()
    return application


def test_reminders_follow_the_schedule_and_stop_at_the_maximum(team, smtp_server):
    team.job.reminder_after_days, team.job.reminder_max = 3, 2
    team.job.save()
    waiting = _sent_invite(team, "waiting@example.org", days_ago=4)
    _sent_invite(team, "recent@example.org", days_ago=2)
    now = timezone.now()

    assert reminders_queue_due(now=now) == 1
    assert reminders_queue_due(now=now) == 0  # just reminded
    assert outbound_emails_send().sent == 1
    message = smtp_server.wait_for(1)[0]
    assert message.rcpt_tos == ["waiting@example.org"] and message.subject.startswith("Reminder:")
    assert "Continue your screening" in message.html
    waiting.refresh_from_db()
    assert waiting.reminders_sent == 1 and waiting.events.filter(kind=EventKind.REMINDER_SENT).exists()

    assert reminders_queue_due(now=now + 2 * DAY) == 1  # "recent" is now 4 days old; waiting only 2 since
    assert reminders_queue_due(now=now + 3.1 * DAY) == 1  # waiting's second reminder
    assert reminders_queue_due(now=now + 7 * DAY) == 1  # recent's second; waiting has had its two
    assert reminders_queue_due(now=now + 11 * DAY) == 0
    waiting.refresh_from_db()
    assert waiting.reminders_sent == 2
    assert OutboundEmail.objects.filter(kind=EmailKind.REMINDER).count() == 4


def test_no_reminders_for_finished_revoked_expired_unsent_preview_or_closed(team):
    now = timezone.now()
    _sent_invite(team, "done@example.org", 5, status=ApplicationStatus.COMPLETED)
    _sent_invite(team, "dq@example.org", 5, status=ApplicationStatus.DISQUALIFIED)
    _sent_invite(team, "revoked@example.org", 5, revoked_at=now)
    _sent_invite(team, "expired@example.org", 5, expires_at=now - DAY)
    _sent_invite(team, "bounced@example.org", 5, email_sent_at=None)
    preview: Application = ApplicationFactory(job=team.job, is_preview=True, email_sent_at=now - 5 * DAY)  # type: ignore[assignment]
    Application.objects.filter(pk=preview.pk).update(invited_at=now - 5 * DAY)
    assert reminders_queue_due(now=now) == 0

    started = _sent_invite(team, "started@example.org", 5, status=ApplicationStatus.IN_PROGRESS)
    team.job.status = JobStatus.CLOSED
    team.job.save()
    assert reminders_queue_due(now=now) == 0
    team.job.status = JobStatus.LIVE
    team.job.save()
    assert reminders_queue_due(now=now) == 1
    assert OutboundEmail.objects.get(kind=EmailKind.REMINDER).application_id == started.pk


def test_a_reminder_for_someone_who_finished_meanwhile_is_not_sent(team, smtp_server):
    application = _sent_invite(team, "quick@example.org", 5)
    reminders_queue_due()
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.COMPLETED)
    report = outbound_emails_send()
    assert (report.sent, report.failed) == (0, 1)
    assert smtp_server.messages == []
