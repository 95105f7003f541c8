"""Unknown, revoked and expired links, closed jobs, preview runs and the landing page's cost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from screenroom.candidates.models import ApplicationStatus
from screenroom.candidates.services import application_preview_start
from screenroom.jobs.models import JobStatus
from screenroom.portal import views
from screenroom.portal.tests.conftest import GOOD_ANSWERS, consent_through, make_application

pytestmark = pytest.mark.django_db

PAGES = ("portal:landing", "portal:consent", "portal:declined", "portal:accommodation", "portal:done")


@pytest.mark.parametrize("name", PAGES)
def test_unknown_token_is_404_and_reveals_nothing(team, name) -> None:
    response = Client().get(reverse(name, args=["not-a-real-token-at-all"]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "This link does not work" in html
    assert team.org.name not in html and team.job.title not in html


def test_overlong_token_is_404(team) -> None:
    assert Client().get(reverse("portal:landing", args=["x" * 300])).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_revoked_link_is_410_without_candidate_data(application, name) -> None:
    application.revoked_at = timezone.now()
    application.save()
    response = Client().get(reverse(name, args=[application.token]))
    assert response.status_code == 410
    html = response.content.decode()
    assert "no longer active" in html
    assert application.candidate.name not in html and application.candidate.email not in html
    assert application.job.title not in html


def test_expired_link_is_410_and_nothing_is_recorded(application) -> None:
    application.expires_at = timezone.now() - dt.timedelta(minutes=1)
    application.save()
    client = Client()
    response = client.get(reverse("portal:landing", args=[application.token]))
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert (
        client.post(reverse("portal:accommodation", args=[application.token]), {"message": "hi"}).status_code
        == 410
    )
    application.refresh_from_db()
    assert application.opened_at is None and not application.accommodations.exists()


def test_finished_candidate_still_sees_thank_you_after_expiry(application) -> None:
    client = Client()
    client.post(consent_through(client, application), GOOD_ANSWERS)
    application.refresh_from_db()
    application.expires_at = timezone.now() - dt.timedelta(days=1)
    application.save()
    response = client.get(reverse("portal:landing", args=[application.token]), follow=True)
    assert response.status_code == 200 and "Thank you" in response.content.decode()


def test_closed_job_says_no_longer_accepting(team, application) -> None:
    team.job.status = JobStatus.CLOSED
    team.job.save()
    response = Client().get(reverse("portal:landing", args=[application.token]))
    assert response.status_code == 410
    assert "no longer accepting applications" in response.content.decode()


def test_preview_run_shows_banner_on_every_page(team) -> None:
    team.job.status = JobStatus.DRAFT  # previews work before a job goes live
    team.job.save()
    preview = application_preview_start(job=team.job, user=team.recruiter)
    client = Client()
    landing = client.get(reverse("portal:landing", args=[preview.token])).content.decode()
    assert "Preview — not a real application" in landing
    stage_url = consent_through(client, preview)
    assert "Preview — not a real application" in client.get(stage_url).content.decode()
    done = client.post(stage_url, GOOD_ANSWERS, follow=True).content.decode()
    assert "Preview — not a real application" in done


def test_real_application_has_no_preview_banner(application) -> None:
    html = Client().get(reverse("portal:landing", args=[application.token])).content.decode()
    assert "Preview" not in html


def test_landing_is_one_query_after_the_first_visit(application, django_assert_num_queries) -> None:
    client = Client()
    client.get(reverse("portal:landing", args=[application.token]))  # records the opening
    with django_assert_num_queries(1):
        response = client.get(reverse("portal:landing", args=[application.token]))
    assert response.status_code == 200
    cache.clear()
    views._landing_memo.clear()
    with django_assert_num_queries(2):  # a cold cache reads the role details once to render them
        assert client.get(reverse("portal:landing", args=[application.token])).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(reverse("portal:landing", args=[application.token])).status_code == 200


def test_landing_does_not_set_cookies_and_is_never_stored(application) -> None:
    response = Client().get(reverse("portal:landing", args=[application.token]))
    assert not response.cookies
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_landing_shows_edits_at_once(team, application) -> None:
    client = Client()
    url = reverse("portal:landing", args=[application.token])
    client.get(url)
    team.job.title = "Senior Picker"
    team.job.save()
    assert "Senior Picker" in client.get(url).content.decode()
    team.org.welcome_message = "Hello from the new welcome"
    team.org.save()
    assert "Hello from the new welcome" in client.get(url).content.decode()


def test_landing_shows_role_details_branding_and_job_welcome_override(team, application) -> None:
    team.org.primary_color = "#ffd400"  # light yellow: text on it must be dark
    team.org.save()
    team.job.remote = True
    team.job.salary_min, team.job.salary_max = 40000, 50000
    team.job.welcome_message = "Welcome, warehouse heroes."
    team.job.save()
    html = Client().get(reverse("portal:landing", args=[application.token])).content.decode()
    assert "Austin, TX or remote" in html and "Full-time" in html and "40,000–50,000 USD" in html
    assert "Welcome, warehouse heroes." in html and team.org.welcome_message not in html
    assert "--brand-primary:#ffd400" in html and "--brand-on-primary:#111418" in html
    assert '<html lang="en"' in html and 'name="viewport"' in html


def test_landing_rejects_post(application) -> None:
    assert Client().post(reverse("portal:landing", args=[application.token])).status_code == 405


def test_pages_load_nothing_from_other_sites(team, application) -> None:
    import re

    client = Client()
    pages = [client.get(reverse("portal:landing", args=[application.token])).content.decode()]
    stage_url = consent_through(client, application)
    pages.append(client.get(stage_url).content.decode())
    for html in pages:
        for url in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html):
            assert url.startswith("/static/") or url.startswith("/media/"), url


def test_status_is_opened_only_for_invited(application) -> None:
    application.status = ApplicationStatus.INVITED
    application.save()
    Client().get(reverse("portal:landing", args=[application.token]))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.OPENED


def test_other_candidates_tokens_are_separate(team, application) -> None:
    other = make_application(job=team.job)
    client = Client()
    consent_through(client, application)
    other.refresh_from_db()
    assert other.consented_at is None
