import pytest
from django.urls import reverse

from screenroom.audit.models import AuditEntry
from screenroom.candidates.models import ApplicationStatus, EventKind
from screenroom.candidates.services import accommodation_request
from screenroom.dashboard.tests.flows import BAD, GOOD, take_flow

pytestmark = pytest.mark.django_db


@pytest.fixture
def disqualified(team):
    return take_flow(team.job, "Bob Builder", "bob@example.org", BAD)


def test_report_shows_fired_dealbreaker_with_the_answer_scores_and_timeline(
    team, viewer_client, disqualified
):
    accommodation_request(application=disqualified, message="Please allow extra time; I use a screen reader.")
    response = viewer_client.get(reverse("dashboard:report", args=[disqualified.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dealbreaker fired" in html
    assert "Are you authorized to work in the United States?" in html
    assert "answer must be “yes”" in html
    fired = response.context["stage_reports"][0].fired
    assert [(f["rule_id"], f["answer"]) for f in fired] == [("q_auth", "no")]
    # The answers table: the failed question is marked, scored questions show their points.
    rows = {r.question_id: r for r in response.context["stage_reports"][0].answers}
    assert rows["q_auth"].failed and rows["q_auth"].answer == "no"
    assert (rows["q_shift"].points, rows["q_shift"].max_points) == (5, 10)
    # The Form type's own answers partial is used, showing every question.
    assert response.context["stage_reports"][0].type_template == "stages/form/report.html"
    assert "Which shift do you prefer?" in html and "Night" in html
    assert "form-rules/1" in html  # the engine that produced the score
    for label in (
        "Invited",
        "Opened the link",
        "Consented",
        "Stage started",
        "Stage finished",
        "Disqualified",
    ):
        assert label in html
    assert "Please allow extra time; I use a screen reader." in html
    assert "Consented" in html and "v1" in html
    assert "stage.failed" in html  # the automated decision's audit entry
    assert "Decision" not in html  # viewers see no decision form


def test_override_with_reason_reinstates_and_is_logged(team, recruiter_client, disqualified):
    url = reverse("dashboard:decide", args=[disqualified.pk])
    response = recruiter_client.post(url, {"action": "override", "reason": "Has a visa sponsorship letter."})
    assert response.status_code == 302
    disqualified.refresh_from_db()
    assert disqualified.status == ApplicationStatus.COMPLETED  # single-stage job: nothing left to do
    entry = AuditEntry.objects.get(application=disqualified, action="override.reinstate")
    assert entry.actor == team.recruiter and entry.reason == "Has a visa sponsorship letter."
    html = recruiter_client.get(reverse("dashboard:report", args=[disqualified.pk])).content.decode()
    assert "Decision overridden" in html
    assert html.count("Has a visa sponsorship letter.") >= 2  # in the timeline and the audit table


@pytest.mark.parametrize(
    ("action", "status", "kind"),
    [("reject", "rejected", EventKind.REJECTED), ("advance", "advanced", EventKind.ADVANCED)],
)
def test_reject_or_advance_with_reason(team, recruiter_client, action, status, kind):
    application = take_flow(team.job, "Ada Lovelace", "ada@example.org", GOOD)
    response = recruiter_client.post(
        reverse("dashboard:decide", args=[application.pk]), {"action": action, "reason": "Panel agreed."}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == status
    assert application.events.filter(kind=kind, data__reason="Panel agreed.").exists()
    assert AuditEntry.objects.filter(
        application=application, action=f"decision.{status}", automated=False
    ).exists()


def test_a_decision_without_a_reason_is_refused_and_changes_nothing(team, recruiter_client, disqualified):
    events_before = disqualified.events.count()
    response = recruiter_client.post(
        reverse("dashboard:decide", args=[disqualified.pk]), {"action": "override", "reason": "   "}
    )
    assert response.status_code == 400
    assert "Give a reason" in response.content.decode()
    disqualified.refresh_from_db()
    assert disqualified.status == ApplicationStatus.DISQUALIFIED
    assert disqualified.events.count() == events_before
    assert not AuditEntry.objects.filter(application=disqualified, automated=False).exists()


def test_override_of_a_candidate_who_is_not_disqualified_is_a_clear_error(team, recruiter_client):
    application = take_flow(team.job, "Ada Lovelace", "ada@example.org", GOOD)
    response = recruiter_client.post(
        reverse("dashboard:decide", args=[application.pk]), {"action": "override", "reason": "Typo"}
    )
    assert response.status_code == 400
    assert "Only a disqualified candidate can be reinstated." in response.content.decode()
    # The reason typed is kept in the form.
    assert ">Typo</textarea>" in response.content.decode()


def test_report_of_a_candidate_who_has_not_started(team, viewer_client):
    from screenroom.dashboard.tests.flows import invite_only

    application = invite_only(team.job, "Dan Brown", "dan@example.org")
    response = viewer_client.get(reverse("dashboard:report", args=[application.pk]))
    assert response.status_code == 200
    assert "Not reached" in response.content.decode()
    assert "Has not opened the link" in response.content.decode()
