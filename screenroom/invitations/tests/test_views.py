import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from screenroom.audit.models import AuditEntry
from screenroom.candidates.models import Application, ApplicationStatus, EmailStatus, EventKind
from screenroom.core.testing.factories import ApplicationFactory
from screenroom.invitations.models import CsvImport, OutboundEmail
from screenroom.invitations.tests.conftest import invite
from screenroom.jobs.models import JobStatus

pytestmark = pytest.mark.django_db


def _invite_url(team):
    return reverse("invitations:invite", args=[team.job.pk])


def test_recruiter_invites_one_and_the_email_arrives(
    team, recruiter_client, smtp_server, django_capture_on_commit_callbacks
):
    page = recruiter_client.get(_invite_url(team))
    assert page.status_code == 200
    assert b'<label for="id_name">' in page.content and b'<label for="id_file">' in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = recruiter_client.post(
            _invite_url(team),
            {"name": "Grace Hopper", "email": "Grace@Example.org", "phone": "(512) 555-0134"},
        )
    assert response.status_code == 302
    application = Application.objects.get(job=team.job)
    assert (application.candidate.email, application.candidate.phone) == ("grace@example.org", "+15125550134")
    message = smtp_server.wait_for(1)[0]
    assert f"{settings.SITE_URL}/c/{application.token}/" in message.text
    application.refresh_from_db()
    assert application.email_status == EmailStatus.SENT


def test_invite_errors_are_shown_per_field_and_duplicates_explained(team, recruiter_client):
    response = recruiter_client.post(_invite_url(team), {"name": " ", "email": "nope", "phone": "12"})
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"name", "email", "phone"}
    invite(team, email="dup@example.org")
    response = recruiter_client.post(_invite_url(team), {"name": "Dup", "email": "DUP@example.org"})
    assert response.status_code == 400
    assert "dup@example.org is already invited to this job." in response.context["form"].errors["email"]
    assert Application.objects.count() == 1


def test_draft_job_explains_and_closed_job_refuses(team, recruiter_client):
    team.job.status = JobStatus.DRAFT
    team.job.save()
    page = recruiter_client.get(_invite_url(team))
    assert b"This job is a draft" in page.content and b"Invite and send the email" not in page.content
    response = recruiter_client.post(_invite_url(team), {"name": "A", "email": "a@example.org"})
    assert response.status_code == 409
    team.job.status = JobStatus.CLOSED
    team.job.save()
    response = recruiter_client.post(_invite_url(team), {"name": "A", "email": "a@example.org"})
    assert response.status_code == 409 and b"This job is closed" in response.content
    response = recruiter_client.post(reverse("invitations:import", args=[team.job.pk]), {})
    assert response.status_code == 409
    assert Application.objects.count() == 0


def test_viewer_is_refused_and_outsider_sees_nothing(team, viewer_client, outsider_client):
    application = invite(team)
    csv_import = CsvImport.objects.create(organization=team.org, job=team.job, filename="x.csv", content="")
    assert viewer_client.get(_invite_url(team)).status_code == 403
    assert viewer_client.post(_invite_url(team), {"name": "A", "email": "a@example.org"}).status_code == 403
    assert viewer_client.post(reverse("invitations:import", args=[team.job.pk])).status_code == 403
    for name in ("resend", "revoke"):
        assert viewer_client.post(reverse(f"invitations:{name}", args=[application.pk])).status_code == 403
    assert viewer_client.get(reverse("invitations:import_status", args=[csv_import.pk])).status_code == 200

    for url in (
        _invite_url(team),
        reverse("invitations:import", args=[team.job.pk]),
        reverse("invitations:resend", args=[application.pk]),
        reverse("invitations:revoke", args=[application.pk]),
    ):
        assert outsider_client.post(url, {"name": "A", "email": "a@example.org"}).status_code == 404
    assert outsider_client.get(_invite_url(team)).status_code == 404
    assert outsider_client.get(reverse("invitations:import_status", args=[csv_import.pk])).status_code == 404
    application.refresh_from_db()
    assert application.revoked_at is None and Application.objects.count() == 1


def test_resend_extends_an_expired_link_and_sends_a_new_email(
    team, recruiter_client, smtp_server, django_capture_on_commit_callbacks
):
    application = invite(team)
    Application.objects.filter(pk=application.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        response = recruiter_client.post(reverse("invitations:resend", args=[application.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:report", args=[application.pk])
    application.refresh_from_db()
    assert application.expires_at > timezone.now() + dt.timedelta(days=team.job.link_expiry_days - 1)
    assert smtp_server.wait_for(1)[0].rcpt_tos == ["ada@example.org"]
    assert application.events.filter(kind=EventKind.RESENT).exists()
    assert OutboundEmail.objects.filter(application=application).count() == 2
    assert AuditEntry.objects.filter(action="invitation.resend", application=application).exists()


def test_revoke_stops_the_link_and_blocks_resend(team, recruiter_client, smtp_server):
    application = invite(team)
    response = recruiter_client.post(
        reverse("invitations:revoke", args=[application.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("dashboard:report", args=[application.pk])  # no open redirect
    application.refresh_from_db()
    assert application.revoked_at is not None
    assert application.events.filter(kind=EventKind.REVOKED).exists()
    assert AuditEntry.objects.filter(action="invitation.revoke", application=application).exists()
    landing = recruiter_client.get(f"/c/{application.token}/")
    assert landing.status_code in (404, 410) and b"ada@example.org" not in landing.content

    response = recruiter_client.post(
        reverse("invitations:resend", args=[application.pk]), HTTP_HX_REQUEST="true"
    )
    assert b"Link revoked" in response.content
    from screenroom.invitations.sending import outbound_emails_send

    outbound_emails_send()
    assert smtp_server.messages == []  # the queued invitation is not sent after the revoke


def test_preview_applications_are_not_found(team, recruiter_client):
    preview: Application = ApplicationFactory(job=team.job, is_preview=True)  # type: ignore[assignment]
    assert recruiter_client.post(reverse("invitations:resend", args=[preview.pk])).status_code == 404


def test_state_partial_shows_each_invitation_state(team):
    from django.template.loader import render_to_string

    application = invite(team)
    assert "Email queued" in render_to_string("invitations/_state.html", {"application": application})
    application.email_status, application.email_error = (
        EmailStatus.FAILED,
        "Recipient refused: 550 No such user",
    )
    html = render_to_string("invitations/_state.html", {"application": application})
    assert "Email failed" in html and "550 No such user" in html
    application.email_status, application.email_sent_at = EmailStatus.SENT, timezone.now()
    assert "Email sent" in render_to_string("invitations/_state.html", {"application": application})
    application.opened_at, application.status = timezone.now(), ApplicationStatus.OPENED
    assert "Opened" in render_to_string("invitations/_state.html", {"application": application})


def test_pages_cost_a_fixed_number_of_queries(team, recruiter_client, django_assert_max_num_queries):
    for n in range(8):
        CsvImport.objects.create(organization=team.org, job=team.job, filename=f"{n}.csv", content="")
    csv_import = CsvImport.objects.first()
    assert csv_import is not None
    with django_assert_max_num_queries(8):
        assert recruiter_client.get(_invite_url(team)).status_code == 200
    with django_assert_max_num_queries(6):
        url = reverse("invitations:import_status", args=[csv_import.pk])
        assert recruiter_client.get(url, HTTP_HX_REQUEST="true").status_code == 200
