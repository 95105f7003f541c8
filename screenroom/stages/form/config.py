"""Settings of a Form stage: its questions, their dealbreakers and points."""

import secrets
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

QuestionType = Literal[
    "short_text", "long_text", "number", "yes_no", "single_choice", "multiple_choice", "date", "file"
]
QUESTION_TYPE_LABELS: dict[str, str] = {
    "short_text": "Short text",
    "long_text": "Long text",
    "number": "Number",
    "yes_no": "Yes / no",
    "single_choice": "Single choice",
    "multiple_choice": "Multiple choice",
    "date": "Date",
    "file": "File upload",
}
CHOICE_TYPES = {"single_choice", "multiple_choice"}


def new_question_id() -> str:
    return "q_" + secrets.token_hex(4)


class ChoiceOption(BaseModel):
    label: str = Field(min_length=1, max_length=200)
    points: int = Field(default=0, ge=0, le=100)


class Question(BaseModel):
    id: str = Field(default_factory=new_question_id, pattern=r"^[A-Za-z0-9_\-]{1,40}$")
    type: QuestionType = "short_text"
    label: str = Field(min_length=1, max_length=500)
    help_text: str = Field(default="", max_length=1000)
    required: bool = True
    options: list[ChoiceOption] = Field(default_factory=list)
    # Points for yes/no answers, so a yes/no question can count towards the score too.
    yes_points: int = Field(default=0, ge=0, le=100)
    no_points: int = Field(default=0, ge=0, le=100)
    # Dealbreakers: any that is set must hold, or the candidate fails this question.
    dealbreaker_required_answer: Literal["", "yes", "no"] = ""
    dealbreaker_min: float | None = Field(default=None, allow_inf_nan=False)
    dealbreaker_max: float | None = Field(default=None, allow_inf_nan=False)
    dealbreaker_accepted: list[str] = Field(default_factory=list, description="Option labels accepted")

    # Before the length checks, so a label of only spaces is refused rather than stored empty.
    @field_validator("label", "help_text", mode="before")
    @classmethod
    def strip(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value

    @model_validator(mode="after")
    def consistent(self) -> "Question":
        if self.type in CHOICE_TYPES and len(self.options) < 2:
            raise ValueError(f"“{self.label}” needs at least two options")
        if self.type not in CHOICE_TYPES and self.options:
            raise ValueError(f"“{self.label}” is not a choice question and cannot have options")
        labels = [o.label for o in self.options]
        if len(set(labels)) != len(labels):
            raise ValueError(f"“{self.label}” has duplicate options")
        # The type check first: for a non-choice question "options that do not exist" would mislead.
        if self.dealbreaker_accepted and self.type not in CHOICE_TYPES:
            raise ValueError(f"“{self.label}”: accepted options apply to choice questions only")
        unknown = set(self.dealbreaker_accepted) - set(labels)
        if unknown:
            raise ValueError(f"“{self.label}” accepts options that do not exist: {sorted(unknown)}")
        if (self.dealbreaker_min is not None or self.dealbreaker_max is not None) and self.type != "number":
            raise ValueError(f"“{self.label}”: minimum and maximum apply to number questions only")
        if self.dealbreaker_required_answer and self.type != "yes_no":
            raise ValueError(f"“{self.label}”: a required answer applies to yes/no questions only")
        if (
            self.dealbreaker_min is not None
            and self.dealbreaker_max is not None
            and self.dealbreaker_min > self.dealbreaker_max
        ):
            raise ValueError(f"“{self.label}”: the minimum is above the maximum")
        if self.is_dealbreaker and not self.required:
            # An optional question could be skipped to dodge the rule.
            self.required = True
        return self

    @property
    def is_dealbreaker(self) -> bool:
        return bool(
            self.dealbreaker_required_answer
            or self.dealbreaker_min is not None
            or self.dealbreaker_max is not None
            or self.dealbreaker_accepted
        )

    @property
    def max_points(self) -> int:
        if self.type == "single_choice":
            return max((o.points for o in self.options), default=0)
        if self.type == "multiple_choice":
            return sum(o.points for o in self.options)
        if self.type == "yes_no":
            return max(self.yes_points, self.no_points)
        return 0

    @property
    def type_label(self) -> str:
        return QUESTION_TYPE_LABELS[self.type]

    def dealbreaker_description(self) -> str:
        parts = []
        if self.dealbreaker_required_answer:
            parts.append(f"answer must be “{self.dealbreaker_required_answer}”")
        if self.dealbreaker_min is not None:
            parts.append(f"at least {self.dealbreaker_min:g}")
        if self.dealbreaker_max is not None:
            parts.append(f"at most {self.dealbreaker_max:g}")
        if self.dealbreaker_accepted:
            joined = ", ".join(f"“{a}”" for a in self.dealbreaker_accepted)
            parts.append(f"must be one of {joined}")
        return "; ".join(parts)


class FormConfig(BaseModel):
    intro: str = Field(default="", max_length=2000)
    questions: list[Question] = Field(default_factory=list, max_length=100)

    @model_validator(mode="after")
    def unique_ids(self) -> "FormConfig":
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("question ids must be unique")
        return self

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)
