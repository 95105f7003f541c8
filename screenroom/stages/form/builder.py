"""The Form stage builder: the recruiter's question form and the changes it makes to `Stage.config`.

Every change re-reads the stage under a row lock, edits the question list, and stores it through the
stage type's `validate_config`, so the pydantic model stays the single source of truth for what a
valid Form is. Question ids never change once created: answers and dealbreaker results refer to them.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db import transaction

from screenroom.jobs.models import Stage
from screenroom.jobs.services import stage_config_save
from screenroom.stages.form.config import (
    CHOICE_TYPES,
    QUESTION_TYPE_LABELS,
    FormConfig,
    Question,
    new_question_id,
)
from screenroom.stages.registry import StageConfigError

TYPE_CHOICES = list(QUESTION_TYPE_LABELS.items())
MAX_POINTS = 100

FIELD_NAMES = {
    "label": "Question",
    "help_text": "Help text",
    "options": "Options",
    "yes_points": "Points for yes",
    "no_points": "Points for no",
    "dealbreaker_min": "Minimum",
    "dealbreaker_max": "Maximum",
    "dealbreaker_accepted": "Accepted options",
    "intro": "Introduction",
    "questions": "Questions",
}
_LOC = re.compile(r"^(?:questions\.\d+\.?)?(?P<field>[a-z_]+)?(?:\.\d+(?:\.[a-z_]+)?)?: (?P<msg>.*)$")


class QuestionNotFound(LookupError):
    pass


def humanize_config_errors(messages: list[str]) -> list[str]:
    """Turn pydantic's "questions.2.label: String should…" into "Question: String should…"."""
    out = []
    for message in messages:
        match = _LOC.match(message)
        if not match:
            out.append(message)
            continue
        text = match["msg"].removeprefix("Value error, ")
        field = match["field"]
        out.append(f"{FIELD_NAMES.get(field, field)}: {text}" if field and field in FIELD_NAMES else text)
    return out


def options_to_text(question: Question) -> str:
    return "\n".join(f"{o.label} | {o.points}" if o.points else o.label for o in question.options)


def parse_options(text: str) -> list[dict[str, Any]]:
    """One option a line; optional points after a bar: `Day shift | 10`."""
    options = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        label, bar, points_text = line.rpartition("|") if "|" in line else (line, "", "")
        label = label.strip()
        points = 0
        if bar:
            try:
                points = int(points_text.strip())
            except ValueError:
                raise forms.ValidationError(
                    f"“{line}”: write points as a whole number after the bar, such as “Day shift | 10”."
                ) from None
            if not 0 <= points <= MAX_POINTS:
                raise forms.ValidationError(f"“{line}”: points must be between 0 and {MAX_POINTS}.")
        if not label:
            raise forms.ValidationError(f"“{line}”: the option needs a label before the bar.")
        options.append({"label": label, "points": points})
    return options


class QuestionForm(forms.Form):
    type = forms.ChoiceField(label="Type", choices=TYPE_CHOICES)
    label = forms.CharField(label="Question", max_length=500)
    help_text = forms.CharField(
        label="Help text (optional)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    required = forms.BooleanField(label="Required", required=False, initial=True)
    options = forms.CharField(
        label="Options, one per line (add points after a bar: “Day shift | 10”)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    yes_points = forms.IntegerField(
        label="Points for yes", min_value=0, max_value=MAX_POINTS, initial=0, required=False
    )
    no_points = forms.IntegerField(
        label="Points for no", min_value=0, max_value=MAX_POINTS, initial=0, required=False
    )
    dealbreaker_required_answer = forms.ChoiceField(
        label="Dealbreaker: required answer",
        choices=[("", "None"), ("yes", "Yes"), ("no", "No")],
        required=False,
    )
    dealbreaker_min = forms.FloatField(label="Dealbreaker: minimum", required=False)
    dealbreaker_max = forms.FloatField(label="Dealbreaker: maximum", required=False)
    dealbreaker_accepted = forms.CharField(
        label="Dealbreaker: must be one of these options (one per line)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config_errors: list[str] = []

    @classmethod
    def for_question(cls, question: Question) -> QuestionForm:
        return cls(
            initial={
                "type": question.type,
                "label": question.label,
                "help_text": question.help_text,
                "required": question.required,
                "options": options_to_text(question),
                "yes_points": question.yes_points,
                "no_points": question.no_points,
                "dealbreaker_required_answer": question.dealbreaker_required_answer,
                "dealbreaker_min": _plain_number(question.dealbreaker_min),
                "dealbreaker_max": _plain_number(question.dealbreaker_max),
                "dealbreaker_accepted": "\n".join(question.dealbreaker_accepted),
            }
        )

    def clean_options(self) -> list[dict[str, Any]]:
        return parse_options(self.cleaned_data.get("options") or "")

    def clean_dealbreaker_accepted(self) -> list[str]:
        text = self.cleaned_data.get("dealbreaker_accepted") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def question_data(self) -> dict[str, Any]:
        """Only the settings that apply to the chosen type, so switching type drops stale ones."""
        data = self.cleaned_data
        kind = data["type"]
        yes_no = kind == "yes_no"
        return {
            "type": kind,
            "label": data["label"],
            "help_text": data.get("help_text", ""),
            "required": data.get("required", False),
            "options": data["options"] if kind in CHOICE_TYPES else [],
            "yes_points": (data.get("yes_points") or 0) if yes_no else 0,
            "no_points": (data.get("no_points") or 0) if yes_no else 0,
            "dealbreaker_required_answer": data.get("dealbreaker_required_answer", "") if yes_no else "",
            "dealbreaker_min": data.get("dealbreaker_min") if kind == "number" else None,
            "dealbreaker_max": data.get("dealbreaker_max") if kind == "number" else None,
            "dealbreaker_accepted": data["dealbreaker_accepted"] if kind in CHOICE_TYPES else [],
        }


def _plain_number(value: float | None) -> float | int | None:
    """Show a limit of 2 as "2", not "2.0"."""
    return int(value) if value is not None and value.is_integer() else value


class IntroForm(forms.Form):
    intro = forms.CharField(
        label="Introduction shown above the questions",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _locked(stage: Stage) -> tuple[Stage, dict[str, Any]]:
    locked = Stage.objects.select_for_update().select_related("job").get(pk=stage.pk)
    config = dict(locked.config)
    config["questions"] = [dict(q) for q in config.get("questions", [])]
    return locked, config


def _save(locked: Stage, config: dict[str, Any], into: Stage) -> None:
    stage_config_save(stage=locked, config=config)
    into.config = locked.config


def _index(config: dict[str, Any], question_id: str) -> int:
    for index, question in enumerate(config["questions"]):
        if question.get("id") == question_id:
            return index
    raise QuestionNotFound(question_id)


@transaction.atomic
def form_question_save(*, stage: Stage, question_id: str | None, data: dict[str, Any]) -> str:
    """Add a question (question_id None) or replace one, keeping its id. Raises StageConfigError."""
    locked, config = _locked(stage)
    if question_id is None:
        question_id = new_question_id()
        config["questions"].append({**data, "id": question_id})
    else:
        config["questions"][_index(config, question_id)] = {**data, "id": question_id}
    _save(locked, config, stage)
    return question_id


@transaction.atomic
def form_question_delete(*, stage: Stage, question_id: str) -> None:
    from screenroom.jobs.models import JobStatus

    locked, config = _locked(stage)
    del config["questions"][_index(config, question_id)]
    if not config["questions"] and locked.job.status == JobStatus.LIVE:
        raise StageConfigError(
            ["A live job's Form stage needs at least one question. Add another question first."]
        )
    _save(locked, config, stage)


@transaction.atomic
def form_question_move(*, stage: Stage, question_id: str, direction: str) -> None:
    locked, config = _locked(stage)
    questions = config["questions"]
    index = _index(config, question_id)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(questions):
        questions[index], questions[target] = questions[target], questions[index]
        _save(locked, config, stage)


@transaction.atomic
def form_questions_reorder(*, stage: Stage, question_ids: list[str]) -> None:
    locked, config = _locked(stage)
    by_id = {q["id"]: q for q in config["questions"]}
    if sorted(question_ids) != sorted(by_id):
        raise StageConfigError(["The questions changed in another tab. Reload the page and try again."])
    config["questions"] = [by_id[i] for i in question_ids]
    _save(locked, config, stage)


@transaction.atomic
def form_intro_save(*, stage: Stage, intro: str) -> None:
    locked, config = _locked(stage)
    config["intro"] = intro.strip()
    _save(locked, config, stage)


def form_summary(config: FormConfig) -> dict[str, Any]:
    max_points = sum(q.max_points for q in config.questions)
    return {
        "question_count": len(config.questions),
        "max_points": max_points,
        "dealbreakers": [q for q in config.questions if q.is_dealbreaker],
    }
