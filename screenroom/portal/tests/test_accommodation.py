"""Accommodation requests: reachable from every candidate page, recorded once, confirmed."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from screenroom.candidates.models import AccommodationRequest, Event, EventKind
from screenroom.candidates.services import ACCOMMODATION_MAX_CHARS, accommodation_request
from screenroom.portal.tests.conftest import consent_through

pytestmark = pytest.mark.django_db


def test_request_is_recorded_and_confirmed(application) -> None:
    client = Client()
    url = reverse("portal:accommodation", args=[application.token])
    form = client.get(url).content.decode()
    assert '<label for="message">' in form
    response = client.post(url, {"message": "I use a screen reader; please send the questions by email."})
    assert response["Location"] == reverse("portal:accommodation_sent", args=[application.token])
    assert "Your request was sent" in client.get(response["Location"]).content.decode()
    request = AccommodationRequest.objects.get(application=application)
    assert request.message.startswith("I use a screen reader")
    application.refresh_from_db()
    assert application.accommodation_requested
    assert Event.objects.filter(application=application, kind=EventKind.ACCOMMODATION).count() == 1


def test_double_post_records_once(application) -> None:
    client = Client()
    url = reverse("portal:accommodation", args=[application.token])
    for _ in range(2):
        client.post(url, {"message": "Extra time, please."})
    assert AccommodationRequest.objects.filter(application=application).count() == 1


def test_empty_or_too_long_request_is_refused_and_text_kept(application) -> None:
    client = Client()
    url = reverse("portal:accommodation", args=[application.token])
    empty = client.post(url, {"message": "   "})
    assert empty.status_code == 400 and "Tell us what you need" in empty.content.decode()
    long = client.post(url, {"message": "a" * 5001})
    assert long.status_code == 400 and "a" * 5001 in long.content.decode()
    assert not AccommodationRequest.objects.exists()


def test_link_is_on_every_candidate_page(application) -> None:
    client = Client()
    link = reverse("portal:accommodation", args=[application.token])
    assert (
        'href="accommodation/"'
        in client.get(reverse("portal:landing", args=[application.token])).content.decode()
    )
    assert link in client.get(reverse("portal:consent", args=[application.token])).content.decode()
    assert link in client.get(reverse("portal:declined", args=[application.token])).content.decode()
    stage_url = consent_through(client, application)
    assert link in client.get(stage_url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_posts_record_once(application) -> None:
    """A second post waits on the application row the first has locked, then sees its request."""
    if connection.vendor != "postgresql":
        pytest.skip("needs row locks held across connections")
    outcome: list[BaseException] = []

    def second_post() -> None:
        try:
            accommodation_request(application=application, message="Extra time, please.")
        except BaseException as exc:  # pragma: no cover - reported by the assertion below
            outcome.append(exc)
        finally:
            connections.close_all()

    with transaction.atomic():
        accommodation_request(application=application, message="Extra time, please.")
        thread = threading.Thread(target=second_post)
        thread.start()
        thread.join(timeout=0.5)
        assert thread.is_alive(), "the second post should wait for the first to commit"
    thread.join(timeout=10)
    assert not thread.is_alive() and not outcome
    assert AccommodationRequest.objects.filter(application=application).count() == 1
    assert Event.objects.filter(application=application, kind=EventKind.ACCOMMODATION).count() == 1


def test_the_view_and_the_service_share_one_limit(application) -> None:
    kept = accommodation_request(application=application, message="b" * (ACCOMMODATION_MAX_CHARS + 10))
    assert len(kept.message) == ACCOMMODATION_MAX_CHARS
    url = reverse("portal:accommodation", args=[application.token])
    response = Client().post(url, {"message": "c" * (ACCOMMODATION_MAX_CHARS + 1)})
    assert (
        response.status_code == 400
        and f"under {ACCOMMODATION_MAX_CHARS} characters" in response.content.decode()
    )
