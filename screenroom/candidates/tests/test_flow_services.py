import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from screenroom.candidates.contact import ContactError, clean_contact
from screenroom.candidates.models import ApplicationStatus, EventKind, StageResultStatus
from screenroom.candidates.services import (
    DuplicateApplication,
    StageSubmitOutcome,
    accommodation_request,
    application_consent,
    application_invite,
    application_override_disqualification,
    stage_submit,
)
from screenroom.core.testing.factories import StageFactory

pytestmark = pytest.mark.django_db

GOOD = {"q_auth": "yes", "q_years": 3.0, "q_shift": "Night"}


def _consented(team):
    application = application_invite(job=team.job, contact=clean_contact("Ada Lovelace", "ada@example.org"))
    return application_consent(
        application=application, notice_version="v1", notice_sha256="x", ip=None, user_agent=""
    )


def test_contact_is_normalised_and_bad_values_named():
    contact = clean_contact("  Ada   Lovelace ", "Ada@Example.org", "(512) 555-0134")
    assert (contact.name, contact.email, contact.phone) == ("Ada Lovelace", "ada@example.org", "+15125550134")
    with pytest.raises(ContactError) as err:
        clean_contact("", "not-an-email", "123")
    assert set(err.value.errors) == {"name", "email", "phone"}


def test_duplicate_invitation_is_refused(team):
    application_invite(job=team.job, contact=clean_contact("Ada", "ada@example.org"))
    with pytest.raises(DuplicateApplication):
        application_invite(job=team.job, contact=clean_contact("Ada", "ADA@example.org"))


def test_passing_the_last_stage_completes_with_score(team):
    application = _consented(team)
    assert application.status == ApplicationStatus.IN_PROGRESS
    outcome = stage_submit(application=application, stage=application.current_stage, answers=GOOD)
    assert outcome == StageSubmitOutcome.COMPLETED
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETED
    assert application.overall_score == 50  # "Night" earns 5 of the shift question's 10 points
    kinds = list(application.events.values_list("kind", flat=True))
    assert kinds[-1] == EventKind.COMPLETED


def test_failing_a_dealbreaker_disqualifies_at_that_stage_and_double_submit_is_stale(team):
    StageFactory(job=team.job, position=1, name="Second")
    application = _consented(team)
    first = application.current_stage
    bad = {**GOOD, "q_years": 0.5}
    assert stage_submit(application=application, stage=first, answers=bad) == StageSubmitOutcome.DISQUALIFIED
    assert stage_submit(application=application, stage=first, answers=GOOD) == StageSubmitOutcome.STALE
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DISQUALIFIED
    result = application.stage_results.get(stage=first)
    assert result.status == StageResultStatus.FAILED
    fired = [d for d in result.evaluation["dealbreakers"] if not d["passed"]]
    assert [(d["rule_id"], d["answer"]) for d in fired] == [("q_years", "0.5")]
    assert application.audit_entries.filter(action="stage.failed").exists()


def test_flag_only_stage_lets_candidate_through(team):
    stage = team.job.stages.get()
    stage.enforce_criteria = False
    stage.save()
    application = _consented(team)
    outcome = stage_submit(application=application, stage=stage, answers={**GOOD, "q_auth": "no"})
    assert outcome == StageSubmitOutcome.COMPLETED
    application.refresh_from_db()
    assert application.flagged
    assert application.stage_results.get().status == StageResultStatus.FLAGGED


def test_override_reinstates_to_next_stage_and_is_audited(team):
    StageFactory(job=team.job, position=1, name="Second")
    application = _consented(team)
    stage_submit(application=application, stage=application.current_stage, answers={**GOOD, "q_auth": "no"})
    application.refresh_from_db()
    reinstated = application_override_disqualification(
        application=application, actor=team.recruiter, reason="Has a visa starting next month"
    )
    assert reinstated.status == ApplicationStatus.IN_PROGRESS
    assert reinstated.current_stage is not None and reinstated.current_stage.name == "Second"
    entry = reinstated.audit_entries.get(action="override.reinstate")
    assert entry.actor == team.recruiter and not entry.automated


def test_review_reasons_flag_for_a_human_and_never_disqualify(team, monkeypatch):
    from screenroom.stages.form.stage_type import FormStageType

    original = FormStageType.evaluate

    def with_reason(self, stage, answers):
        evaluation = original(self, stage, answers)
        evaluation.review_reasons = ["hidden text found"]
        return evaluation

    monkeypatch.setattr(FormStageType, "evaluate", with_reason)
    application = _consented(team)
    assert stage_submit(application=application, stage=application.current_stage, answers=GOOD) == "completed"
    application.refresh_from_db()
    assert application.flagged
    result = application.stage_results.get()
    assert result.status == StageResultStatus.FLAGGED
    assert result.evaluation["review_reasons"] == ["hidden text found"]


def test_stage_submit_locks_the_application_row_not_the_job(team):
    # FOR UPDATE on a join locks every joined row: all candidates of a job would queue on the job row.
    application = _consented(team)
    with CaptureQueriesContext(connection) as queries:
        stage_submit(application=application, stage=application.current_stage, answers=GOOD)
    locking = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    if connection.features.has_select_for_update_of:
        assert locking
        assert all("FOR UPDATE OF" in sql for sql in locking)


def test_an_accommodation_request_repeated_soon_is_recorded_once(team):
    application = application_invite(job=team.job, contact=clean_contact("Ada Lovelace", "ada@example.org"))
    first = accommodation_request(application=application, message="Extra time, please.")
    assert accommodation_request(application=application, message="Extra time, please.") == first
    other = accommodation_request(application=application, message="Large print, please.")
    assert other != first
    assert application.accommodations.count() == 2
    assert application.events.filter(kind=EventKind.ACCOMMODATION).count() == 2


def test_override_at_the_last_stage_completes_like_any_finish(team):
    application = _consented(team)
    stage_submit(application=application, stage=application.current_stage, answers={**GOOD, "q_auth": "no"})
    application.refresh_from_db()
    reinstated = application_override_disqualification(
        application=application, actor=team.recruiter, reason="Visa confirmed by phone"
    )
    assert reinstated.status == ApplicationStatus.COMPLETED and reinstated.completed_at is not None
    kinds = list(reinstated.events.values_list("kind", flat=True))
    assert kinds[-2:] == [EventKind.OVERRIDDEN, EventKind.COMPLETED]
