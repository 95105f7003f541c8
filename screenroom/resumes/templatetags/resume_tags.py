from __future__ import annotations

from typing import Any

from django import template

from screenroom.jobs.models import Stage
from screenroom.resumes.config import DEGREE_LABELS, ResumeConfig
from screenroom.resumes.forms import ResumeSettingsForm

register = template.Library()


@register.simple_tag
def resume_settings_form(stage: Stage) -> ResumeSettingsForm:
    return ResumeSettingsForm.for_config(ResumeConfig.model_validate(stage.config))


@register.simple_tag
def resume_config(stage: Stage) -> ResumeConfig:
    return ResumeConfig.model_validate(stage.config)


@register.simple_tag
def resume_report(result: Any) -> Any:
    """The report block's data for one Resume stage result, or None when its resume is gone."""
    from screenroom.resumes.models import Resume
    from screenroom.resumes.report import build

    resume_id = (result.answers or {}).get("resume_id")
    if not isinstance(resume_id, int):
        return None
    resume = Resume.objects.filter(pk=resume_id, application_id=result.application_id).first()
    if resume is None:
        return None
    return build(resume, result.evaluation or {})


@register.filter
def degree_label(value: str) -> str:
    return DEGREE_LABELS.get(value or "", value)


@register.filter
def percent_of(points: float, maximum: float) -> int:
    return round(100 * points / maximum) if maximum else 0
