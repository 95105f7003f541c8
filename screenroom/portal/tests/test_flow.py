"""The whole candidate flow through the Django test client: landing → consent → form → thank-you."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from screenroom.candidates.models import (
    ApplicationStatus,
    ConsentRecord,
    Event,
    EventKind,
    StageResult,
    StageResultStatus,
)
from screenroom.core.tokens import sha256_hex
from screenroom.jobs.models import DisqualifiedBehavior
from screenroom.portal.notices import NOTICE_VERSION
from screenroom.portal.tests.conftest import (
    FAILING_ANSWERS,
    GOOD_ANSWERS,
    consent_through,
    make_application,
    make_stage,
    notice_hash,
)

pytestmark = pytest.mark.django_db


def test_whole_flow_landing_consent_form_thank_you(team, application) -> None:
    client = Client()
    landing = client.get(reverse("portal:landing", args=[application.token]))
    assert landing.status_code == 200
    html = landing.content.decode()
    assert team.job.title in html and team.org.name in html
    assert 'href="consent/"' in html  # the Start button
    application.refresh_from_db()
    assert application.status == ApplicationStatus.OPENED and application.opened_at is not None

    stage = team.job.stages.get()
    location = consent_through(client, application)
    assert location == reverse("portal:stage", args=[application.token, stage.pk])

    form = client.get(location)
    assert form.status_code == 200
    assert "Are you authorized to work in the United States?" in form.content.decode()

    done = client.post(location, GOOD_ANSWERS)
    assert done["Location"] == reverse("portal:done", args=[application.token])
    thanks = client.get(done["Location"]).content.decode()
    assert "Thank you" in thanks and "has been sent to" in thanks

    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETED
    result = StageResult.objects.get(application=application)
    assert result.status == StageResultStatus.PASSED
    assert result.answers["q_years"] == 3.0 and result.answers["q_shift"] == "Day"


def test_opening_is_recorded_once(application) -> None:
    client = Client()
    for _ in range(3):
        client.get(reverse("portal:landing", args=[application.token]))
    assert Event.objects.filter(application=application, kind=EventKind.OPENED).count() == 1


def test_consent_record_keeps_version_hash_ip_and_browser(team, application) -> None:
    client = Client()
    client.get(reverse("portal:landing", args=[application.token]))
    page = client.get(reverse("portal:consent", args=[application.token])).content.decode()
    shown_hash = notice_hash(page)
    consent_through(client, application)

    record = ConsentRecord.objects.get(application=application)
    assert record.notice_version == NOTICE_VERSION
    assert record.notice_sha256 == shown_hash
    assert record.ip_address == "203.0.113.7"
    assert record.user_agent == "Mozilla/5.0 (Phone) TestBrowser"
    # The hash is of the exact notice fragment on the page, so the text can be proved later.
    start = page.index('<div class="notice">') + len('<div class="notice">')
    fragment = page[start : page.index("</div>\n<form", start)]
    assert sha256_hex(fragment) == shown_hash


def test_notice_says_what_this_job_evaluates_retention_and_privacy(team, application) -> None:
    team.org.retention_days = 180
    team.org.privacy_policy_url = "https://acme.example/privacy"
    team.org.save()
    make_stage(job=team.job, position=1, name="Availability check", config={"questions": []})
    page = Client().get(reverse("portal:consent", args=[application.token])).content.decode()
    assert "Screening questions" in page and "Availability check" in page
    assert "your answers to 4 questions" in page
    assert "an answer that does not meet one ends the application" in page
    assert "hiring team review the results" in page
    assert "180 days" in page
    assert 'href="https://acme.example/privacy"' in page
    assert reverse("portal:accommodation", args=[application.token]) in page


def test_a_changed_notice_must_be_read_again(team, application) -> None:
    client = Client()
    page = client.get(reverse("portal:consent", args=[application.token])).content.decode()
    team.org.retention_days = 30
    team.org.save()
    response = client.post(
        reverse("portal:consent", args=[application.token]),
        {"choice": "agree", "acknowledge": "yes", "notice_sha256": notice_hash(page)},
    )
    assert response.status_code == 409
    assert "updated since you opened it" in response.content.decode()
    assert not ConsentRecord.objects.filter(application=application).exists()


def test_agreeing_needs_the_box_ticked(application) -> None:
    client = Client()
    page = client.get(reverse("portal:consent", args=[application.token])).content.decode()
    response = client.post(
        reverse("portal:consent", args=[application.token]),
        {"choice": "agree", "notice_sha256": notice_hash(page)},
    )
    assert response.status_code == 409
    assert "Tick the box" in response.content.decode()
    assert not ConsentRecord.objects.filter(application=application).exists()


def test_declining_explains_the_non_ai_path(application) -> None:
    client = Client()
    page = client.get(reverse("portal:consent", args=[application.token])).content.decode()
    response = client.post(
        reverse("portal:consent", args=[application.token]),
        {"choice": "decline", "notice_sha256": notice_hash(page)},
    )
    assert response["Location"] == reverse("portal:declined", args=[application.token])
    declined = client.get(response["Location"]).content.decode()
    assert "without automated screening" in declined
    assert reverse("portal:accommodation", args=[application.token]) in declined
    application.refresh_from_db()
    assert application.consented_at is None


def test_disqualified_sees_the_jobs_message(team, application) -> None:
    team.job.disqualified_message = "Sorry, this role needs US work authorization."
    team.job.save()
    client = Client()
    stage_url = consent_through(client, application)
    response = client.post(stage_url, FAILING_ANSWERS, follow=True)
    html = response.content.decode()
    assert "Sorry, this role needs US work authorization." in html
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DISQUALIFIED


def test_silent_disqualification_reads_like_a_normal_finish(team, application) -> None:
    team.job.disqualified_behavior = DisqualifiedBehavior.SILENT
    team.job.disqualified_message = "You do not meet the requirements."
    team.job.save()
    client = Client()
    stage_url = consent_through(client, application)
    silent = client.post(stage_url, FAILING_ANSWERS, follow=True).content.decode()
    assert "You do not meet the requirements." not in silent
    assert "not meet" not in silent

    passed = make_application(job=team.job)
    other = Client()
    finished = other.post(consent_through(other, passed), GOOD_ANSWERS, follow=True).content.decode()
    # The candidate cannot tell a silent disqualification from passing.
    assert finished.replace(passed.token, "TOKEN") == silent.replace(application.token, "TOKEN")


def test_next_stage_follows_a_passed_one(team, application) -> None:
    second = make_stage(
        job=team.job,
        position=1,
        name="A little more",
        config={"questions": [{"id": "q_more", "type": "short_text", "label": "Favourite tool"}]},
    )
    client = Client()
    stage_url = consent_through(client, application)
    response = client.post(stage_url, GOOD_ANSWERS)
    assert response["Location"] == reverse("portal:stage", args=[application.token, second.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Step 2 of 2" in page and "Submit and finish" in page


def test_coming_back_continues_where_the_candidate_stopped(team, application) -> None:
    second = make_stage(
        job=team.job,
        position=1,
        name="A little more",
        config={"questions": [{"id": "q_more", "type": "short_text", "label": "Favourite tool"}]},
    )
    first_visit = Client()
    first_visit.get(reverse("portal:landing", args=[application.token]))
    # Opened but not consented: the link shows the landing page again.
    assert Client().get(reverse("portal:landing", args=[application.token])).status_code == 200

    stage_url = consent_through(first_visit, application)
    first_visit.post(stage_url, GOOD_ANSWERS)

    later = Client()  # another device, no cookies
    response = later.get(reverse("portal:landing", args=[application.token]))
    assert response["Location"] == reverse("portal:stage", args=[application.token, second.pk])
    # Old pages of the flow also lead to the current step.
    for name in ("portal:consent", "portal:declined", "portal:done"):
        assert later.get(reverse(name, args=[application.token]))["Location"] == response["Location"]

    later.post(response["Location"], {"answer_q_more": "Pallet jack"})
    final = later.get(reverse("portal:landing", args=[application.token]))
    assert final["Location"] == reverse("portal:done", args=[application.token])


def test_double_submit_and_stale_tab_change_nothing_twice(team, application) -> None:
    client = Client()
    stage_url = consent_through(client, application)
    first = client.post(stage_url, GOOD_ANSWERS)
    events_after_first = Event.objects.filter(application=application).count()
    finished_at = StageResult.objects.get(application=application).finished_at

    second = client.post(stage_url, FAILING_ANSWERS)  # the same form sent again, other answers
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert Event.objects.filter(application=application).count() == events_after_first
    result = StageResult.objects.get(application=application)
    assert result.finished_at == finished_at and result.answers["q_auth"] == "yes"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETED

    # Consent posted again from an old tab: one record only.
    page_hash = "0" * 64
    again = client.post(
        reverse("portal:consent", args=[application.token]), {"choice": "agree", "notice_sha256": page_hash}
    )
    assert again.status_code == 302
    assert ConsentRecord.objects.filter(application=application).count() == 1


def test_stage_of_another_job_is_not_reachable(team, application) -> None:
    foreign = make_stage()  # another organization's job
    client = Client()
    consent_through(client, application)
    response = client.post(reverse("portal:stage", args=[application.token, foreign.pk]), GOOD_ANSWERS)
    assert response.status_code == 302
    assert not StageResult.objects.filter(stage=foreign).exists()


def test_missing_answers_are_shown_next_to_fields_and_typed_answers_kept(team, application) -> None:
    client = Client()
    stage_url = consent_through(client, application)
    response = client.post(
        stage_url,
        {"answer_q_years": "three", "answer_q_shift": "Night", "answer_q_about": "Forklift <b>pro</b>"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'href="#field-q_auth"' in html and 'href="#field-q_years"' in html
    assert "This question needs an answer." in html and "Enter a number" in html
    assert 'value="three"' in html  # what they typed, even when wrong
    assert 'value="Night" checked' in html
    assert "Forklift &lt;b&gt;pro&lt;/b&gt;</textarea>" in html
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_PROGRESS
