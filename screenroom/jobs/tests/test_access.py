"""Who may do what: another organization's member gets 404 everywhere; a viewer reads but never changes."""

import pytest
from django.test import Client
from django.urls import reverse

from screenroom.candidates.models import Application
from screenroom.jobs.models import Job

pytestmark = pytest.mark.django_db


def job_routes(job: Job) -> list[tuple[str, str, dict]]:
    """(method, url, data) for every jobs route about one job."""
    stage = job.stages.get()
    s = [job.pk, stage.pk]
    q = [*s, "q_auth"]
    return [
        ("get", reverse("jobs:edit", args=[job.pk]), {}),
        ("post", reverse("jobs:edit", args=[job.pk]), {"title": "Changed"}),
        ("post", reverse("jobs:status", args=[job.pk]), {"status": "closed"}),
        ("post", reverse("jobs:preview", args=[job.pk]), {}),
        ("get", reverse("jobs:pipeline", args=[job.pk]), {}),
        ("post", reverse("jobs:stage_add", args=[job.pk]), {"kind": "form"}),
        ("post", reverse("jobs:stage_reorder", args=[job.pk]), {"order": str(stage.pk)}),
        ("get", reverse("jobs:stage", args=s), {}),
        ("post", reverse("jobs:stage_update", args=s), {"name": "Changed"}),
        ("post", reverse("jobs:stage_move", args=s), {"direction": "down"}),
        ("get", reverse("jobs:stage_delete", args=s), {}),
        ("post", reverse("jobs:stage_delete", args=s), {}),
        ("post", reverse("jobs:stage_intro", args=s), {"intro": "Changed"}),
        ("post", reverse("jobs:question_create", args=s), {"type": "short_text", "label": "Changed"}),
        ("post", reverse("jobs:question_reorder", args=s), {"order": "q_years,q_auth,q_shift,q_about"}),
        ("post", reverse("jobs:question_update", args=q), {"type": "yes_no", "label": "Changed"}),
        ("get", reverse("jobs:question_delete", args=q), {}),
        ("post", reverse("jobs:question_delete", args=q), {}),
        ("post", reverse("jobs:question_move", args=q), {"direction": "down"}),
    ]


def snapshot(job: Job) -> tuple:
    job.refresh_from_db()
    stages = list(job.stages.values_list("pk", "name", "position", "enforce_criteria", "config"))
    return (job.title, job.status, stages, Application.objects.filter(job=job).count())


def test_outsider_gets_404_on_every_route(team, outsider_client: Client) -> None:
    before = snapshot(team.job)
    for method, url, data in job_routes(team.job):
        response = getattr(outsider_client, method)(url, data)
        assert response.status_code == 404, (method, url)
        assert team.job.title not in response.content.decode()
    assert snapshot(team.job) == before


def test_viewer_gets_403_on_every_post(team, viewer_client: Client) -> None:
    before = snapshot(team.job)
    posts = [(url, data) for method, url, data in job_routes(team.job) if method == "post"]
    posts.append((reverse("jobs:create"), {"title": "New"}))
    for url, data in posts:
        assert viewer_client.post(url, data).status_code == 403, url
        assert viewer_client.post(url, data, HTTP_HX_REQUEST="true").status_code == 403, url
    assert snapshot(team.job) == before


def test_viewer_can_read(team, viewer_client: Client) -> None:
    for method, url, _ in job_routes(team.job):
        if method == "get" and "delete" not in url:
            assert viewer_client.get(url).status_code == 200, url


def test_anonymous_is_sent_to_log_in(team, client: Client) -> None:
    for method, url, data in job_routes(team.job):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
