from __future__ import annotations

from typing import Any

from django import template

from screenroom.interviews import builder
from screenroom.interviews.config import ChatConfig
from screenroom.interviews.report import ChatReport, chat_report

register = template.Library()


@register.simple_tag
def chat_builder_form(stage: Any) -> builder.BuilderForm:
    return builder.form_from_config(ChatConfig.model_validate(stage.config))


@register.simple_tag
def chat_report_for(stage: Any, result: Any) -> ChatReport | None:
    return chat_report(stage, result)


@register.simple_tag(takes_context=True)
def chat_error(context: Any) -> str:
    from screenroom.interviews.views import CHAT_ERRORS

    request = context.get("request")
    code = request.GET.get("chat_error", "") if request is not None else ""
    return CHAT_ERRORS.get(code, "")


@register.filter
def field_value(row: dict[str, Any], name: str) -> Any:
    return row.get(name, "")
