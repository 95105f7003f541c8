from typing import cast

import pytest
from django.urls import reverse

from screenroom.audit.models import AuditEntry
from screenroom.audit.services import audit_record
from screenroom.candidates.models import ApplicationStatus
from screenroom.core.testing.factories import JobFactory
from screenroom.dashboard.tests.flows import BAD, GOOD, take_flow
from screenroom.jobs.models import Job

pytestmark = pytest.mark.django_db


def test_audit_log_lists_and_filters_by_job_and_action(team, viewer_client):
    other_job = cast(Job, JobFactory(organization=team.org, title="Forklift Driver"))
    take_flow(team.job, "Ada Lovelace", "ada@example.org", GOOD)
    take_flow(team.job, "Bob Builder", "bob@example.org", BAD)
    audit_record(
        organization_id=team.org.pk,
        action="job.closed",
        job_id=other_job.pk,
        actor=team.owner,
        reason="Filled",
    )
    audit_record(organization_id=team.other_org.pk, action="rival.secret", reason="Rival secret reason")
    url = reverse("dashboard:audit")

    response = viewer_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["page"].paginator.count == 3
    assert "stage.passed" in html and "stage.failed" in html and "job.closed" in html
    assert "Rival secret reason" not in html and "rival.secret" not in html

    by_job = viewer_client.get(url, {"job": other_job.pk})
    assert [e.action for e in by_job.context["page"]] == ["job.closed"]
    by_action = viewer_client.get(url, {"action": "stage.failed"})
    assert [e.action for e in by_action.context["page"]] == ["stage.failed"]
    # Another organization's job or an unknown action is ignored, not an error.
    rival_job = cast(Job, JobFactory(organization=team.other_org))
    assert (
        viewer_client.get(url, {"job": rival_job.pk, "action": "rival.secret"})
        .context["page"]
        .paginator.count
        == 3
    )


def test_audit_log_is_paginated(team, viewer_client, django_assert_max_num_queries):
    AuditEntry.objects.bulk_create(
        [AuditEntry(organization=team.org, action="stage.passed", job=team.job) for _ in range(120)]
    )
    url = reverse("dashboard:audit")
    viewer_client.get(url)
    with django_assert_max_num_queries(9):
        response = viewer_client.get(url, {"page": 3})
    assert len(response.context["page"].object_list) == 20
    assert "Page 3 of 3" in response.content.decode()


@pytest.fixture
def victim(team):
    return take_flow(team.job, "Secret Candidate", "secret.candidate@example.org", BAD)


def _routes(team, application):
    job = team.job.pk
    return {
        "job": reverse("dashboard:job", args=[job]),
        "report": reverse("dashboard:report", args=[application.pk]),
        "export_csv": reverse("dashboard:export", args=[job, "csv"]),
        "export_json": reverse("dashboard:export", args=[job, "json"]),
        "decide": reverse("dashboard:decide", args=[application.pk]),
    }


def test_outsider_gets_404_on_every_route_about_another_orgs_objects(team, outsider_client, victim):
    for name, url in _routes(team, victim).items():
        method = outsider_client.post if name == "decide" else outsider_client.get
        response = method(url, {"action": "override", "reason": "x"})
        assert response.status_code == 404, name
        assert b"Secret Candidate" not in response.content
    victim.refresh_from_db()
    assert victim.status == ApplicationStatus.DISQUALIFIED


def test_outsider_sees_only_their_own_org_on_org_wide_pages(team, outsider_client, victim):
    for name in ("dashboard:home", "dashboard:audit", "dashboard:settings"):
        response = outsider_client.get(reverse(name))
        assert response.status_code == 200
        assert team.job.title.encode() not in response.content
        assert b"Secret Candidate" not in response.content


def test_viewer_gets_403_on_every_post(team, viewer_client, victim):
    urls = [
        *_routes(team, victim).values(),
        reverse("dashboard:home"),
        reverse("dashboard:audit"),
        reverse("dashboard:settings"),
    ]
    for url in urls:
        response = viewer_client.post(url, {"action": "override", "reason": "I am only a viewer"})
        assert response.status_code == 403, url
    victim.refresh_from_db()
    assert victim.status == ApplicationStatus.DISQUALIFIED
    assert not AuditEntry.objects.filter(automated=False).exists()


def test_signed_out_visitors_are_sent_to_log_in(team, client, victim):
    for url in _routes(team, victim).values():
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login" in response["Location"]
