"""The stage-type registry.

A stage type is one module that declares its settings (a pydantic model over `Stage.config`), its
candidate-facing view (template + how a submission is parsed), and how a finished stage is evaluated.
New types are added to `settings.SCREENROOM_STAGE_TYPES` (dotted paths) and touch nothing in the core.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.module_loading import import_string
from pydantic import BaseModel, ValidationError

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django.http import HttpRequest, QueryDict
    from django.utils.datastructures import MultiValueDict

    from screenroom.candidates.models import Application
    from screenroom.jobs.models import Stage

DEFAULT_STAGE_TYPES = ["screenroom.stages.form.stage_type.FormStageType"]


class StageConfigError(ValueError):
    """The recruiter's stage settings are invalid; `messages` says what to fix."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class DealbreakerResult:
    rule_id: str
    label: str
    rule: str
    answer: str
    passed: bool


@dataclass
class Evaluation:
    score: int | None
    dealbreakers: list[DealbreakerResult]
    engine: str
    details: dict[str, Any] = field(default_factory=dict)
    # Reasons a human must look before anyone relies on this result (e.g. hidden text in a resume,
    # an attempt to instruct the AI). Never a reason to disqualify on its own.
    review_reasons: list[str] = field(default_factory=list)

    @property
    def failed_dealbreakers(self) -> list[DealbreakerResult]:
        return [d for d in self.dealbreakers if not d.passed]

    def as_json(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "engine": self.engine,
            "dealbreakers": [asdict(d) for d in self.dealbreakers],
            "details": self.details,
            "review_reasons": self.review_reasons,
        }


@dataclass(frozen=True)
class CandidateNotice:
    """What the consent notice tells the candidate about one stage (see portal/notices.py).

    The notice's exact HTML is hashed into the consent record, so changing what a type returns here
    changes the notice: bump `portal.notices.NOTICE_VERSION` when it does.
    """

    evaluates: str
    uses_ai: bool
    can_disqualify: bool


@dataclass
class Submission:
    answers: dict[str, Any]
    errors: dict[str, str]


class StageType(ABC):
    key: str
    label: str
    description: str
    config_model: type[BaseModel]
    candidate_template: str
    builder_template: str
    report_template: str
    # Whether the candidate completes it in one submit (Form) or through a live exchange (chat, voice).
    single_submit: bool = True

    def default_config(self) -> dict[str, Any]:
        return self.config_model().model_dump(mode="json")

    def validate_config(self, data: dict[str, Any]) -> dict[str, Any]:
        try:
            model = self.config_model.model_validate(data)
        except ValidationError as exc:
            raise StageConfigError(
                [f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()]
            ) from exc
        return model.model_dump(mode="json")

    def config(self, stage: Stage) -> Any:
        return self.config_model.model_validate(stage.config)

    def readiness_problems(self, stage: Stage) -> list[str]:
        """What stops this stage from going live, in words a recruiter can act on."""
        try:
            self.validate_config(stage.config)
        except StageConfigError as exc:
            return [f"The stage “{stage.name}” has invalid settings: {exc}"]
        return []

    def builder_context(self, stage: Stage, request: HttpRequest, extra: dict[str, Any]) -> dict[str, Any]:
        """Extra context for `builder_template`; `extra` is what the view passed (forms with errors etc.)."""
        return {}

    def candidate_notice(self, stage: Stage) -> CandidateNotice:
        """What this stage evaluates, for the candidate's consent notice.

        The default assumes AI may be used: a type that uses none must say so by overriding this.
        """
        return CandidateNotice(
            evaluates=self.description, uses_ai=True, can_disqualify=stage.enforce_criteria
        )

    @abstractmethod
    def candidate_context(self, stage: Stage, application: Application) -> dict[str, Any]: ...

    @abstractmethod
    def parse_submission(
        self,
        stage: Stage,
        application: Application,
        data: QueryDict,
        files: MultiValueDict[str, UploadedFile],
    ) -> Submission: ...

    @abstractmethod
    def evaluate(self, stage: Stage, answers: dict[str, Any]) -> Evaluation: ...


@cache
def stage_types() -> dict[str, StageType]:
    paths = getattr(settings, "SCREENROOM_STAGE_TYPES", DEFAULT_STAGE_TYPES)
    registry: dict[str, StageType] = {}
    for path in paths:
        stage_type = import_string(path)()
        registry[stage_type.key] = stage_type
    return registry


def get_stage_type(key: str) -> StageType:
    try:
        return stage_types()[key]
    except KeyError:
        raise StageConfigError([f"Unknown stage type {key!r}"]) from None
