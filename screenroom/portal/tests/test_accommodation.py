"""Accommodation requests: reachable from every candidate page, recorded once, confirmed."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from screenroom.candidates.models import AccommodationRequest, Event, EventKind
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
