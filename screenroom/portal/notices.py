"""The AI-use and data notice a candidate consents to, rendered once so its exact text can be hashed.

The consent record keeps NOTICE_VERSION and the sha256 of the HTML fragment the candidate saw, so a
later dispute can be settled by re-rendering the notice and comparing hashes. Bump NOTICE_VERSION
whenever the wording of `portal/_notice.html` changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from screenroom.candidates.models import Application
from screenroom.core.tokens import sha256_hex
from screenroom.jobs.models import Stage
from screenroom.stages.registry import StageConfigError, get_stage_type

NOTICE_VERSION = "ai-notice/2"  # 2: the Resume stage is described as rules-based, not AI
NOTICE_TEMPLATE = "portal/_notice.html"


@dataclass(frozen=True)
class StageNotice:
    name: str
    evaluates: str
    uses_ai: bool
    can_disqualify: bool


@dataclass(frozen=True)
class RenderedNotice:
    version: str
    html: str
    sha256: str
    stages: list[StageNotice]


def stage_notice(stage: Stage) -> StageNotice:
    """What one stage evaluates, in words for the candidate; each stage type describes itself."""
    try:
        stage_type = get_stage_type(stage.kind)
    except StageConfigError:
        return StageNotice(stage.name, "your responses in this step.", True, stage.enforce_criteria)
    notice = stage_type.candidate_notice(stage)
    return StageNotice(stage.name, notice.evaluates, notice.uses_ai, notice.can_disqualify)


def notice_render(*, application: Application, stages: list[Stage], accommodation_url: str) -> RenderedNotice:
    org = application.job.organization
    stage_notices = [stage_notice(s) for s in stages]
    context: dict[str, Any] = {
        "org": org,
        "job": application.job,
        "stages": stage_notices,
        "any_ai": any(s.uses_ai for s in stage_notices),
        "any_disqualify": any(s.can_disqualify for s in stage_notices),
        "accommodation_url": accommodation_url,
        "notice_version": NOTICE_VERSION,
    }
    html = render_to_string(NOTICE_TEMPLATE, context).strip()
    return RenderedNotice(version=NOTICE_VERSION, html=html, sha256=sha256_hex(html), stages=stage_notices)
