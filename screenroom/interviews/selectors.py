"""Reads: who may chat at which stage, a stage's plan, sessions, provider settings, call logs."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db.models import QuerySet

from screenroom.candidates.models import Application, ApplicationStatus
from screenroom.interviews.config import ChatConfig
from screenroom.interviews.engine.plan import Plan
from screenroom.interviews.models import AICall, InterviewSession
from screenroom.jobs.models import Job, Stage
from screenroom.orgs.models import Organization
from screenroom.portal.selectors import LinkState, application_for_token, link_state

CHAT_KIND = "chat"


@dataclass(frozen=True)
class ChatAccess:
    application: Application
    stage: Stage


class NoAccess(LookupError):
    """The link cannot be used for this chat now; `message` is safe to show the candidate."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def chat_access(*, token: str, stage_id: int) -> ChatAccess:
    """The application and stage behind a candidate's chat connection, or NoAccess saying why not."""
    application = application_for_token(token=token)
    if application is None:
        raise NoAccess("This link is not valid.", 4404)
    if link_state(application) is not LinkState.OK:
        raise NoAccess("This link can no longer be used.", 4410)
    if application.consented_at is None:
        raise NoAccess("Please open your link and agree to the notice first.", 4403)
    if application.status != ApplicationStatus.IN_PROGRESS or application.current_stage_id != stage_id:
        raise NoAccess("This part of the application is already finished.", 4409)
    stage = Stage.objects.filter(pk=stage_id, job_id=application.job_id, kind=CHAT_KIND).first()
    if stage is None:
        raise NoAccess("This link is not valid.", 4404)
    return ChatAccess(application=application, stage=stage)


# Parsed plans by stage version: validating the config and building the plan on every turn would
# cost more than the engine's turn itself. Keys change with every edit, so entries are never stale.
_plans: dict[tuple[int, str, str, bool], Plan] = {}
_plans_lock = threading.Lock()
MAX_PLANS = 512


def stage_plan(*, stage: Stage, organization_name: str) -> Plan:
    key = (stage.pk, stage.updated_at.isoformat(), organization_name, stage.enforce_criteria)
    plan = _plans.get(key)
    if plan is None:
        config = ChatConfig.model_validate(stage.config)
        plan = config.to_plan(organization=organization_name, enforce=stage.enforce_criteria)
        with _plans_lock:
            if len(_plans) >= MAX_PLANS:
                _plans.clear()
            _plans[key] = plan
    return plan


def session_for(*, application_id: int, stage_id: int) -> InterviewSession | None:
    return InterviewSession.objects.filter(application_id=application_id, stage_id=stage_id).first()


def chat_stage_get(*, job: Job, stage_id: int) -> Stage:
    """A chat stage of a job already scoped to the member's organization (else Stage.DoesNotExist)."""
    return Stage.objects.select_related("job", "job__organization").get(pk=stage_id, job=job, kind=CHAT_KIND)


def recent_calls(*, organization: Organization, limit: int = 20) -> QuerySet[AICall]:
    return AICall.objects.filter(organization=organization).order_by("-created_at", "-id")[:limit]
