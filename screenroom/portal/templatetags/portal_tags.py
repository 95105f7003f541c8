"""Small template helpers for stage templates: look values up by a computed key."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """`errors|lookup:question.id` — a dict item by a variable key ('' when missing)."""
    if not mapping:
        return ""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


@register.filter
def getlist(posted: Any, name: str) -> list[str]:
    """Every value the browser sent for a field (checkbox groups send several)."""
    if isinstance(posted, QueryDict):
        return posted.getlist(name)
    if isinstance(posted, dict):
        value = posted.get(name)
        if value is None:
            return []
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]
    return []


@register.filter
def first_value(posted: Any, name: str) -> str:
    values = getlist(posted, name)
    return values[0] if values else ""


@register.simple_tag
def form_answer_rows(stage: Any, result: Any) -> list[dict[str, Any]]:
    """One row per Form question for the recruiter's report: answer, points and dealbreaker result."""
    from screenroom.stages.form.config import FormConfig
    from screenroom.stages.form.stage_type import display_answer

    config = FormConfig.model_validate(stage.config)
    answers = (result.answers if result is not None else None) or {}
    evaluation = (result.evaluation if result is not None else None) or {}
    points = {q["id"]: q for q in evaluation.get("details", {}).get("questions", [])}
    dealbreakers = {d["rule_id"]: d for d in evaluation.get("dealbreakers", [])}

    def row(question: Any, question_id: str, **extra: Any) -> dict[str, Any]:
        answer = answers.get(question_id)
        return {
            "question": question,
            "answered": answer is not None,
            "answer": display_answer(answer),
            "is_file": isinstance(answer, dict),
            "file": answer if isinstance(answer, dict) else None,
            "points": None,
            "max_points": None,
            "dealbreaker": dealbreakers.get(question_id),
            **extra,
        }

    rows = []
    for question in config.questions:
        scored = points.get(question.id)
        if scored and scored.get("max_points"):
            rows.append(row(question, question.id, points=scored["points"], max_points=scored["max_points"]))
        else:
            rows.append(row(question, question.id))
    known = {q.id for q in config.questions}
    # A question the recruiter removed after this candidate answered it: the answer still counts.
    rows.extend(
        row({"id": question_id, "label": question_id}, question_id, removed=True, answered=True)
        for question_id in answers
        if question_id not in known
    )
    return rows


@register.simple_tag
def field_aria(question: Any, error: str) -> str:
    """`aria-describedby` (help, file limits, error) and `aria-invalid` for one question's input."""
    ids = []
    if getattr(question, "help_text", ""):
        ids.append(f"help-{question.id}")
    if getattr(question, "type", "") == "file":
        ids.append(f"limits-{question.id}")
    if error:
        ids.append(f"error-{question.id}")
    attrs = format_html(' aria-describedby="{}"', " ".join(ids)) if ids else ""
    if error:
        attrs = format_html('{} aria-invalid="true"', attrs)
    return mark_safe(attrs)  # noqa: S308 - built with format_html from escaped parts
