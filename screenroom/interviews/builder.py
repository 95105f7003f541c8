"""The chat stage builder: one plain form for the whole plan, posted and validated by ChatConfig.

The form works without JavaScript: adding a question re-renders the form with a blank one, moving
and removing happen on save. Question ids never change once created, so scores keep their meaning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import QueryDict
from pydantic import ValidationError

from screenroom.interviews.config import PROBE_LABELS, ChatConfig, new_question_id
from screenroom.jobs.models import Stage
from screenroom.jobs.services import stage_config_save

MAX_QUESTIONS = 30
GENERAL_FIELDS = ("interviewer_name", "persona", "greeting", "closing", "time_budget_min", "min_stage_score")
QUESTION_TEXT_FIELDS = ("text", "seeks", "anchor_1", "anchor_2", "anchor_3", "anchor_4", "anchor_5")
FIELD_LABELS = {
    "interviewer_name": "Interviewer name",
    "persona": "Persona",
    "greeting": "Greeting",
    "closing": "Closing",
    "time_budget_min": "Time budget (minutes)",
    "min_stage_score": "Minimum stage score",
    "faq": "FAQ",
    "text": "Question",
    "seeks": "What it seeks",
    "anchor_1": "Anchor 1 (weakest)",
    "anchor_2": "Anchor 2",
    "anchor_3": "Anchor 3",
    "anchor_4": "Anchor 4",
    "anchor_5": "Anchor 5 (strongest)",
    "weight": "Weight",
    "max_follow_ups": "Follow-ups at most",
    "must_pass": "Must pass",
    "pass_score": "Pass score",
    "probe_for": "Probe for",
    "questions": "Questions",
}


@dataclass
class BuilderForm:
    general: dict[str, Any]
    questions: list[dict[str, Any]]
    faq_text: str
    errors: list[str] = field(default_factory=list)
    question_errors: dict[int, list[str]] = field(default_factory=dict)
    note: str = ""

    @property
    def probe_choices(self) -> list[tuple[str, str]]:
        return list(PROBE_LABELS.items())

    def rows(self) -> list[dict[str, Any]]:
        """Questions with their index and errors, for the template."""
        return [
            {**q, "index": i, "number": i + 1, "errors": self.question_errors.get(i, [])}
            for i, q in enumerate(self.questions)
        ]


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def form_from_config(config: ChatConfig) -> BuilderForm:
    general = {
        "interviewer_name": config.interviewer_name,
        "persona": config.persona,
        "greeting": config.greeting,
        "closing": config.closing,
        "time_budget_min": str(config.time_budget_min),
        "min_stage_score": _number(config.min_stage_score),
    }
    questions = [
        {
            **{name: getattr(q, name) for name in QUESTION_TEXT_FIELDS},
            "id": q.id,
            "weight": _number(q.weight),
            "max_follow_ups": str(q.max_follow_ups),
            "must_pass": q.must_pass,
            "pass_score": str(q.pass_score),
            "probe_for": list(q.probe_for),
            "remove": False,
        }
        for q in config.questions
    ]
    faq_text = "\n".join(f"{f.question} | {f.answer}" for f in config.faq)
    return BuilderForm(general=general, questions=questions, faq_text=faq_text)


def blank_question() -> dict[str, Any]:
    return {
        **dict.fromkeys(QUESTION_TEXT_FIELDS, ""),
        "id": new_question_id(),
        "weight": "1",
        "max_follow_ups": "1",
        "must_pass": False,
        "pass_score": "3",
        "probe_for": list(PROBE_LABELS),
        "remove": False,
    }


def form_from_post(data: QueryDict) -> BuilderForm:
    general = {name: (data.get(name) or "").strip() for name in GENERAL_FIELDS}
    try:
        count = min(int(data.get("question_count") or 0), MAX_QUESTIONS + 1)
    except ValueError:
        count = 0
    questions = []
    for i in range(count):
        prefix = f"q-{i}-"
        questions.append(
            {
                **{name: (data.get(prefix + name) or "").strip() for name in QUESTION_TEXT_FIELDS},
                "id": (data.get(prefix + "id") or "").strip() or new_question_id(),
                "weight": (data.get(prefix + "weight") or "").strip(),
                "max_follow_ups": (data.get(prefix + "max_follow_ups") or "").strip(),
                "must_pass": data.get(prefix + "must_pass") == "on",
                "pass_score": (data.get(prefix + "pass_score") or "").strip(),
                "probe_for": [p for p in data.getlist(prefix + "probe_for") if p in PROBE_LABELS],
                "remove": data.get(prefix + "remove") == "on",
            }
        )
    return BuilderForm(general=general, questions=questions, faq_text=data.get("faq") or "")


def move(form: BuilderForm, index: int, direction: str) -> None:
    target = index - 1 if direction == "up" else index + 1
    if 0 <= index < len(form.questions) and 0 <= target < len(form.questions):
        form.questions[index], form.questions[target] = form.questions[target], form.questions[index]


def _parse_faq(text: str, errors: list[str]) -> list[dict[str, str]]:
    faq = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        question, bar, answer = line.partition("|")
        if not bar or not question.strip() or not answer.strip():
            errors.append(
                f"FAQ line {number}: write the question, a bar, then the answer, such as "
                "“Is the role remote? | Hybrid, two days in the office.”"
            )
            continue
        faq.append({"question": question.strip(), "answer": answer.strip()})
    return faq


def _config_data(form: BuilderForm) -> tuple[dict[str, Any], list[str], dict[int, list[str]]]:
    errors: list[str] = []
    question_errors: dict[int, list[str]] = {}
    g = form.general
    data: dict[str, Any] = {
        "interviewer_name": g["interviewer_name"],
        "persona": g["persona"],
        "greeting": g["greeting"],
        "closing": g["closing"],
        "time_budget_min": g["time_budget_min"] or "20",
        "min_stage_score": g["min_stage_score"] or None,
        "faq": _parse_faq(form.faq_text, errors),
        "questions": [],
    }
    kept: list[int] = []
    for i, q in enumerate(form.questions):
        if q["remove"]:
            continue
        kept.append(i)
        data["questions"].append(
            {
                **{name: q[name] for name in QUESTION_TEXT_FIELDS},
                "id": q["id"],
                "weight": q["weight"] or "1",
                "max_follow_ups": q["max_follow_ups"] or "0",
                "must_pass": q["must_pass"],
                "pass_score": q["pass_score"] or "3",
                "probe_for": q["probe_for"],
            }
        )
    try:
        ChatConfig.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = err["loc"]
            message = str(err["msg"]).removeprefix("Value error, ")
            if len(loc) >= 3 and loc[0] == "questions" and isinstance(loc[1], int):
                index = kept[loc[1]] if loc[1] < len(kept) else loc[1]
                label = FIELD_LABELS.get(str(loc[2]), str(loc[2]))
                question_errors.setdefault(index, []).append(f"{label}: {_plain(message)}")
            elif loc and loc[0] == "questions" and len(loc) == 1:
                errors.append(
                    "Keep at least one question." if "at least 1" in message else f"Questions: {message}"
                )
            elif loc and str(loc[0]) == "faq":
                errors.append(f"FAQ: {_plain(message)}")
            else:
                label = FIELD_LABELS.get(str(loc[0]), str(loc[0])) if loc else ""
                errors.append(f"{label}: {_plain(message)}" if label else _plain(message))
    return data, errors, question_errors


def _plain(message: str) -> str:
    """pydantic's wording, made a little friendlier where it is cryptic."""
    replacements = {
        "String should have at least 1 character": "this is required",
        "Field required": "this is required",
        "Input should be a valid number, unable to parse string as a number": "enter a number",
        "Input should be a valid integer, unable to parse string as an integer": "enter a whole number",
    }
    for raw, nice in replacements.items():
        if message.startswith(raw):
            return nice
    return message


def validate(form: BuilderForm) -> dict[str, Any] | None:
    """The config to save, or None with the form's errors filled in."""
    data, errors, question_errors = _config_data(form)
    form.errors, form.question_errors = errors, question_errors
    return None if errors or question_errors else data


@transaction.atomic
def chat_config_save(*, stage: Stage, config: dict[str, Any]) -> Stage:
    locked = Stage.objects.select_for_update().get(pk=stage.pk)
    return stage_config_save(stage=locked, config=config)
