import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from screenroom.candidates.models import Application, EmailStatus, EventKind
from screenroom.core.testing.factories import ApplicationFactory
from screenroom.invitations.models import EmailKind, OutboundEmail
from screenroom.invitations.sending import MAX_ATTEMPTS, outbound_emails_send, outbound_emails_send_due
from screenroom.invitations.tests.conftest import invite, make_due
from screenroom.webhooks.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db


def test_invitation_email_arrives_branded_with_both_parts_and_personal_link(
    branded, smtp_server, django_capture_on_commit_callbacks
):
    team = branded
    with django_capture_on_commit_callbacks(execute=True):
        application = invite(team, name="Ada Lovelace", email="ada@example.org")
    message = smtp_server.wait_for(1)[0]
    link = f"{settings.SITE_URL}/c/{application.token}/"
    assert message.rcpt_tos == ["ada@example.org"]
    assert message.from_header.startswith("Acme Talent Team <")
    assert team.job.title in message.subject and "Acme Logistics" in message.subject
    for part in (message.text, message.html):
        assert link in part
        assert team.job.title in part
        assert "Ada Lovelace" in part
        assert application.expires_at.strftime("%B") in part
        assert "accommodation" in part
        assert "We move things that matter." in part
    assert f"{settings.SITE_URL}/media/logos/acme.png" in message.html
    assert "#7a1f5c" in message.html
    assert "https://acme.example/privacy" in message.html
    assert message.message["Reply-To"] == "access@acme.example"

    application.refresh_from_db()
    assert application.email_status == EmailStatus.SENT
    assert application.email_sent_at is not None
    email = OutboundEmail.objects.get(application=application)
    assert (email.status, email.attempts, email.next_attempt_at) == (OutboundEmail.Status.SENT, 1, None)
    assert application.events.filter(kind=EventKind.EMAIL_SENT).count() == 1


def test_html_escapes_names_and_text_part_keeps_them_verbatim(team, smtp_server):
    invite(team, name='=HYPERLINK("http://evil") <b>', email="x@example.org")
    outbound_emails_send()
    message = smtp_server.wait_for(1)[0]
    assert '=HYPERLINK("http://evil") <b>' in message.text
    assert "<b>" not in message.html.split("Hello", 1)[1].split(",", 1)[0]


def test_a_batch_shares_one_connection_and_emits_invitation_sent(team, smtp_server):
    WebhookEndpoint.objects.create(organization=team.org, url="http://127.0.0.1:9/hook", secret="s")
    for n in range(30):
        invite(team, name=f"Person {n}", email=f"p{n}@example.org")
    report = outbound_emails_send(limit=100)
    assert report.sent == 30
    smtp_server.wait_for(30)
    assert smtp_server.connection_count == 1
    deliveries = WebhookDelivery.objects.filter(event_type="invitation.sent")
    assert deliveries.count() == 30
    assert {d.payload["data"]["candidate"]["email"] for d in deliveries} == {
        f"p{n}@example.org" for n in range(30)
    }


def test_server_down_fails_with_reason_then_retry_sends(team, smtp_server):
    application = invite(team)
    smtp_server.stop()
    report = outbound_emails_send()
    assert (report.sent, report.retrying) == (0, 1)
    application.refresh_from_db()
    email = OutboundEmail.objects.get(application=application)
    assert application.email_status == EmailStatus.FAILED
    assert "Cannot connect to the mail server" in application.email_error
    assert email.status == OutboundEmail.Status.FAILED
    assert email.next_attempt_at and email.next_attempt_at > timezone.now()
    assert application.events.filter(kind=EventKind.EMAIL_FAILED).count() == 1

    assert outbound_emails_send_due().claimed == 0  # not due yet: backoff
    smtp_server.start()
    make_due(application)
    assert outbound_emails_send_due().sent == 1
    assert smtp_server.wait_for(1)[0].rcpt_tos == ["ada@example.org"]
    application.refresh_from_db()
    assert (application.email_status, application.email_error) == (EmailStatus.SENT, "")
    assert OutboundEmail.objects.get(application=application).attempts == 2


def test_temporary_refusal_is_retried_permanent_refusal_is_not(team, smtp_server):
    busy = invite(team, email="busy@example.org")
    gone = invite(team, name="Gone", email="gone@example.org")
    smtp_server.refuse("busy@example.org", 451, "4.2.1 Mailbox busy")
    smtp_server.refuse("gone@example.org", 550, "5.1.1 No such user")
    report = outbound_emails_send()
    assert (report.sent, report.retrying, report.failed) == (0, 1, 1)
    gone_email = OutboundEmail.objects.get(application=gone)
    assert gone_email.next_attempt_at is None and "550" in gone_email.last_error
    gone.refresh_from_db()
    assert gone.email_status == EmailStatus.FAILED and "No such user" in gone.email_error

    smtp_server.recover()
    make_due(busy)
    make_due(gone)
    assert outbound_emails_send_due().sent == 1
    assert [m.rcpt_tos for m in smtp_server.messages] == [["busy@example.org"]]
    assert OutboundEmail.objects.get(application=gone).status == OutboundEmail.Status.FAILED


def test_gives_up_after_the_last_attempt(team, smtp_server):
    application = invite(team)
    smtp_server.outage(421)
    for _ in range(MAX_ATTEMPTS):
        make_due(application)
        outbound_emails_send_due()
    email = OutboundEmail.objects.get(application=application)
    assert email.attempts == MAX_ATTEMPTS
    assert email.status == OutboundEmail.Status.FAILED and email.next_attempt_at is None
    application.refresh_from_db()
    assert "Will retry" not in application.email_error


def test_an_email_is_claimed_once(team, smtp_server):
    application = invite(team)
    email = OutboundEmail.objects.get(application=application)
    assert outbound_emails_send(email_ids=[email.pk]).sent == 1
    assert outbound_emails_send(email_ids=[email.pk]).claimed == 0
    assert outbound_emails_send_due().claimed == 0
    assert len(smtp_server.wait_for(1)) == 1


def test_revoked_expired_and_preview_are_not_emailed(team, smtp_server):
    revoked = invite(team, email="r@example.org")
    Application.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    expired = invite(team, email="e@example.org")
    Application.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    preview: Application = ApplicationFactory(job=team.job, is_preview=True)  # type: ignore[assignment]
    OutboundEmail.objects.create(
        application=preview, kind=EmailKind.INVITATION, next_attempt_at=timezone.now()
    )
    report = outbound_emails_send()
    assert (report.sent, report.failed) == (0, 3)
    assert smtp_server.messages == []
    revoked.refresh_from_db()
    assert revoked.email_error == "Not sent: the link was revoked."


def test_non_ascii_names_and_long_subjects_are_encoded_and_read_back(team, smtp_server):
    team.org.sender_name = "Équipe Recrutement Ölmez"
    team.org.save()
    team.job.title = "Senior Logistics Coordinator — Night Shift, Distribution Centre North (Full-time)"
    team.job.save()
    invite(team, name="Zoë Ångström", email="zoe@example.org")
    outbound_emails_send()
    message = smtp_server.wait_for(1)[0]
    assert message.from_header.startswith("Équipe Recrutement Ölmez <")
    assert message.to_header == "Zoë Ångström <zoe@example.org>"
    assert team.job.title in message.subject
    assert "Zoë Ångström" in message.text and "Zoë Ångström" in message.html
    assert all(len(line) <= 998 for line in message.data.split(b"\r\n"))


def test_periodic_tasks_run_through_the_task_api(team, smtp_server):
    from django_tasks import TaskResultStatus

    from screenroom.invitations.tasks import retry_due_emails, send_due_reminders

    invite(team)
    result = retry_due_emails.enqueue()
    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, 1)
    assert send_due_reminders.enqueue().status == TaskResultStatus.SUCCESSFUL


def test_locmem_backend_gets_the_same_email(team, mailoutbox):
    invite(team)
    assert outbound_emails_send().sent == 1
    (message,) = mailoutbox
    assert message.to == ["Ada Lovelace <ada@example.org>"]
    assert message.alternatives[0][1] == "text/html"


def _queries_to_send(team, smtp_server, n: int, start: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(start, start + n):
        invite(team, name=f"Person {i}", email=f"p{i}@example.org")
    with CaptureQueriesContext(connection) as ctx:
        assert outbound_emails_send(limit=100).sent == n
    smtp_server.wait_for(start + n)
    return len(ctx.captured_queries)


def test_webhook_deliveries_for_a_batch_do_not_add_queries_per_email(team, smtp_server):
    WebhookEndpoint.objects.create(organization=team.org, url="http://127.0.0.1:9/hook", secret="s")
    WebhookEndpoint.objects.create(organization=team.org, url="http://127.0.0.1:9/other", secret="s")
    small = _queries_to_send(team, smtp_server, 2, start=0)
    large = _queries_to_send(team, smtp_server, 12, start=2)
    assert large == small
    assert WebhookDelivery.objects.filter(event_type="invitation.sent").count() == 2 * 14
