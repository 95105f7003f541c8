"""Job details and lifecycle: create, edit, validation, status changes, preview."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from screenroom.audit.models import AuditEntry
from screenroom.candidates.models import Application
from screenroom.jobs.models import DisqualifiedBehavior, Job, JobStatus
from screenroom.jobs.tests.helpers import make_job, make_stage

pytestmark = pytest.mark.django_db


def job_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Forklift Operator",
        "location": "Reno, NV",
        "description": "Move pallets safely.",
        "employment_type": "full_time",
        "salary_min": "40000",
        "salary_max": "52000",
        "salary_currency": "usd",
        "welcome_message": "",
        "disqualified_behavior": DisqualifiedBehavior.SHOW_MESSAGE,
        "disqualified_message": "Thanks — this role needs a forklift licence.",
        "link_expiry_days": "10",
        "reminder_after_days": "2",
        "reminder_max": "3",
    }
    data.update(overrides)
    return data


def test_create_job_starts_as_draft_and_is_audited(team, recruiter_client: Client) -> None:
    response = recruiter_client.post(reverse("jobs:create"), job_data())
    job = Job.objects.get(title="Forklift Operator")
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:pipeline", args=[job.pk])
    assert job.organization == team.org
    assert job.status == JobStatus.DRAFT
    assert (job.salary_min, job.salary_max, job.salary_currency) == (40000, 52000, "USD")
    assert (job.link_expiry_days, job.reminder_after_days, job.reminder_max) == (10, 2, 3)
    entry = AuditEntry.objects.get(action="job.created", job=job)
    assert entry.actor == team.recruiter and not entry.automated


def test_create_form_page_has_labelled_fields(recruiter_client: Client) -> None:
    html = recruiter_client.get(reverse("jobs:create")).content.decode()
    for name in ("title", "location", "salary_min", "salary_max", "link_expiry_days", "reminder_max"):
        assert f'for="id_{name}"' in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"salary_min": "60000", "salary_max": "50000"}, "salary_max", "below its bottom"),
        ({"title": ""}, "title", "This field is required"),
        ({"location": "", "remote": ""}, "location", "tick “Remote work possible”"),
        ({"disqualified_message": "  "}, "disqualified_message", "Write the message"),
        ({"link_expiry_days": "0"}, "link_expiry_days", "greater than or equal to 1"),
        ({"reminder_max": "50"}, "reminder_max", "less than or equal to 10"),
        ({"salary_currency": "us1"}, "salary_currency", "three-letter currency code"),
    ],
)
def test_create_job_validation(recruiter_client: Client, overrides, field: str, message: str) -> None:
    response = recruiter_client.post(reverse("jobs:create"), job_data(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Job.objects.filter(title="Forklift Operator").exists()


def test_remote_job_needs_no_location_and_silent_needs_no_message(recruiter_client: Client) -> None:
    data = job_data(
        location="",
        remote="on",
        disqualified_behavior=DisqualifiedBehavior.SILENT,
        disqualified_message="",
        salary_min="",
        salary_max="",
    )
    assert recruiter_client.post(reverse("jobs:create"), data).status_code == 302
    job = Job.objects.get(title="Forklift Operator")
    assert job.location_label == "Remote"
    assert job.salary_min is None
    assert job.disqualified_message  # the default is kept for later


def test_edit_job(team, recruiter_client: Client) -> None:
    url = reverse("jobs:edit", args=[team.job.pk])
    assert recruiter_client.get(url).status_code == 200
    response = recruiter_client.post(url, job_data(title="Senior Forklift Operator", welcome_message="Hi!"))
    assert response.status_code == 302
    team.job.refresh_from_db()
    assert team.job.title == "Senior Forklift Operator"
    assert team.job.welcome_message == "Hi!"


def test_edit_job_invalid_keeps_old_values(team, recruiter_client: Client) -> None:
    old_title = team.job.title
    response = recruiter_client.post(
        reverse("jobs:edit", args=[team.job.pk]), job_data(title="New", salary_min="9", salary_max="1")
    )
    assert response.status_code == 200
    assert "below its bottom" in response.content.decode()
    team.job.refresh_from_db()
    assert team.job.title == old_title


def test_viewer_sees_job_read_only(team, viewer_client: Client) -> None:
    response = viewer_client.get(reverse("jobs:edit", args=[team.job.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "your role does not allow changes" in html
    assert "Save changes" not in html
    assert all(f.field.disabled for f in response.context["form"])
    response = viewer_client.post(reverse("jobs:edit", args=[team.job.pk]), job_data(title="Hacked"))
    assert response.status_code == 403
    team.job.refresh_from_db()
    assert team.job.title != "Hacked"


# --- Lifecycle ------------------------------------------------------------------------------------


def set_status(client: Client, job: Job, status: str):
    return client.post(reverse("jobs:status", args=[job.pk]), {"status": status}, follow=True)


def test_lifecycle_draft_live_closed_reopen(team, recruiter_client: Client) -> None:
    job = make_job(organization=team.org, status=JobStatus.DRAFT)
    make_stage(job=job, position=0)
    set_status(recruiter_client, job, "live")
    job.refresh_from_db()
    assert job.status == JobStatus.LIVE
    set_status(recruiter_client, job, "closed")
    job.refresh_from_db()
    assert job.status == JobStatus.CLOSED
    set_status(recruiter_client, job, "live")
    job.refresh_from_db()
    assert job.status == JobStatus.LIVE
    changes = list(
        AuditEntry.objects.filter(job=job, action="job.status")
        .order_by("id")
        .values_list("output", flat=True)
    )
    assert changes == [
        {"from": "draft", "to": "live"},
        {"from": "live", "to": "closed"},
        {"from": "closed", "to": "live"},
    ]
    assert all(e.actor == team.recruiter for e in AuditEntry.objects.filter(job=job, action="job.status"))


@pytest.mark.parametrize("start", [JobStatus.LIVE, JobStatus.CLOSED])
def test_cannot_go_back_to_draft(team, recruiter_client: Client, start: str) -> None:
    job = make_job(organization=team.org, status=start)
    make_stage(job=job, position=0)
    response = set_status(recruiter_client, job, "draft")
    assert "cannot become draft" in response.content.decode()
    job.refresh_from_db()
    assert job.status == start


def test_going_live_needs_a_stage(team, recruiter_client: Client) -> None:
    job = make_job(organization=team.org, status=JobStatus.DRAFT)
    response = set_status(recruiter_client, job, "live")
    assert "Add at least one stage" in response.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.DRAFT
    assert not AuditEntry.objects.filter(job=job, action="job.status").exists()


def test_going_live_needs_questions_in_every_form_stage(team, recruiter_client: Client) -> None:
    job = make_job(organization=team.org, status=JobStatus.DRAFT)
    make_stage(job=job, position=0)
    make_stage(job=job, position=1, name="Empty form", config={"intro": "", "questions": []})
    response = set_status(recruiter_client, job, "live")
    assert "“Empty form” has no questions yet" in response.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.DRAFT


def test_unknown_status_is_refused(team, recruiter_client: Client) -> None:
    response = set_status(recruiter_client, team.job, "archived")
    assert "Unknown status" in response.content.decode()


def test_status_redirects_back_to_same_site_page_only(team, recruiter_client: Client) -> None:
    url = reverse("jobs:status", args=[team.job.pk])
    pipeline = reverse("jobs:pipeline", args=[team.job.pk])
    response = recruiter_client.post(url, {"status": "closed", "next": pipeline})
    assert response["Location"] == pipeline
    response = recruiter_client.post(url, {"status": "live", "next": "https://evil.example/app/"})
    assert response["Location"] == reverse("jobs:edit", args=[team.job.pk])


# --- Preview --------------------------------------------------------------------------------------


def test_preview_creates_a_marked_application_and_opens_the_candidate_link(
    team, recruiter_client: Client
) -> None:
    response = recruiter_client.post(reverse("jobs:preview", args=[team.job.pk]))
    application = Application.objects.get(job=team.job)
    assert application.is_preview
    assert response.status_code == 302
    assert response["Location"] == f"/c/{application.token}/"


def test_preview_works_on_a_draft_job(team, recruiter_client: Client) -> None:
    job = make_job(organization=team.org, status=JobStatus.DRAFT)
    response = recruiter_client.post(reverse("jobs:preview", args=[job.pk]), HTTP_HX_REQUEST="true")
    application = Application.objects.get(job=job)
    assert application.is_preview
    assert response["HX-Redirect"] == f"/c/{application.token}/"


def test_job_pages_offer_new_job(team, recruiter_client: Client) -> None:
    html = recruiter_client.get(reverse("jobs:pipeline", args=[team.job.pk])).content.decode()
    assert reverse("jobs:create") in html


def test_new_job_form_starts_with_the_default_link_and_reminder_settings(recruiter_client):
    from django.urls import reverse

    body = recruiter_client.get(reverse("jobs:create")).content.decode()
    assert 'name="link_expiry_days" value="14"' in body
    assert 'name="reminder_after_days" value="3"' in body
    assert 'name="reminder_max" value="2"' in body
