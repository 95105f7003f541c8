"""A stage type added through settings is asked, not special-cased: readiness, builder and notice."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from django.test import RequestFactory, override_settings
from pydantic import BaseModel

from screenroom.jobs import views
from screenroom.jobs.services import job_readiness_problems
from screenroom.jobs.tests.helpers import make_application, make_job, make_stage
from screenroom.portal.notices import notice_render, stage_notice
from screenroom.stages.registry import CandidateNotice, Evaluation, StageType, Submission, stage_types

if TYPE_CHECKING:
    from screenroom.candidates.models import Application
    from screenroom.jobs.models import Stage

pytestmark = pytest.mark.django_db


class DummyConfig(BaseModel):
    ready: bool = False


class DummyStageType(StageType):
    key = "dummy"
    label = "Dummy"
    description = "A recruiter-facing description the notice must not use."
    config_model = DummyConfig
    candidate_template = "dummy/candidate.html"
    builder_template = "dummy/builder.html"
    report_template = "dummy/report.html"

    def readiness_problems(self, stage: Stage) -> list[str]:
        return [] if stage.config.get("ready") else [f"Dummy “{stage.name}” is not ready."]

    def builder_context(self, stage: Stage, request: Any, extra: dict[str, Any]) -> dict[str, Any]:
        return {"dummy_marker": stage.pk, "dummy_extra": extra.get("editing")}

    def candidate_notice(self, stage: Stage) -> CandidateNotice:
        return CandidateNotice(evaluates="how you play a dummy game.", uses_ai=False, can_disqualify=False)

    def candidate_context(self, stage: Stage, application: Application) -> dict[str, Any]:
        return {}

    def parse_submission(self, stage: Stage, application: Application, data: Any, files: Any) -> Submission:
        return Submission(answers={}, errors={})

    def evaluate(self, stage: Stage, answers: dict[str, Any]) -> Evaluation:
        return Evaluation(score=None, dealbreakers=[], engine="dummy/1")


class DefaultsStageType(DummyStageType):
    """A type that overrides no hook gets the defaults."""

    key = "defaults"
    readiness_problems = StageType.readiness_problems
    builder_context = StageType.builder_context
    candidate_notice = StageType.candidate_notice


@pytest.fixture(autouse=True)
def dummy_registered() -> Iterator[None]:
    paths = [
        "screenroom.stages.form.stage_type.FormStageType",
        f"{__name__}.DummyStageType",
        f"{__name__}.DefaultsStageType",
    ]
    stage_types.cache_clear()
    with override_settings(SCREENROOM_STAGE_TYPES=paths):
        yield
    stage_types.cache_clear()


def test_readiness_asks_the_stage_type() -> None:
    job = make_job()
    stage = make_stage(job=job, kind="dummy", name="Game", config={})
    assert job_readiness_problems(job=job) == ["Dummy “Game” is not ready."]
    stage.config = {"ready": True}
    stage.save()
    assert job_readiness_problems(job=job) == []


def test_default_readiness_is_that_the_settings_validate() -> None:
    job = make_job()
    make_stage(job=job, kind="defaults", name="Plain", config={"ready": "not a bool"})
    [problem] = job_readiness_problems(job=job)
    assert problem.startswith("The stage “Plain” has invalid settings: ready:")


def test_builder_context_comes_from_the_stage_type() -> None:
    stage = make_stage(kind="dummy", config={})
    request = RequestFactory().get("/")
    request.membership = None  # type: ignore[attr-defined]
    context = views._builder_context(request, stage, editing="x")
    assert context["dummy_marker"] == stage.pk
    assert context["dummy_extra"] == "x"
    assert "form_config" not in context
    default = views._builder_context(request, make_stage(kind="defaults", config={}))
    assert "form_config" not in default
    assert "dummy_marker" not in default


def test_notice_asks_the_stage_type_and_defaults_to_declaring_ai() -> None:
    job = make_job()
    own = make_stage(job=job, kind="dummy", name="Game", config={}, enforce_criteria=True)
    default = make_stage(job=job, kind="defaults", name="Plain", config={}, enforce_criteria=True)
    assert stage_notice(own).evaluates == "how you play a dummy game."
    assert (stage_notice(own).uses_ai, stage_notice(own).can_disqualify) == (False, False)
    assert stage_notice(default).evaluates == DefaultsStageType.description
    assert (stage_notice(default).uses_ai, stage_notice(default).can_disqualify) == (True, True)
    html = notice_render(application=make_application(job=job), stages=[own], accommodation_url="/a/").html
    assert "<strong>Game</strong>: how you play a dummy game.</li>" in html
    assert "artificial intelligence" not in html
