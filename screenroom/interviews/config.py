"""Settings of a chat interview stage (Stage.config), and their translation into the engine's Plan."""

from __future__ import annotations

import secrets
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from screenroom.interviews.engine.plan import FAQEntry, Plan, Question

Probe = Literal["example", "result", "numbers"]
PROBE_LABELS: dict[str, str] = {
    "example": "a concrete example",
    "result": "the result or outcome",
    "numbers": "numbers (how many, how much, how long)",
}


def new_question_id() -> str:
    return "q_" + secrets.token_hex(4)


def _all_probes() -> list[Probe]:
    return ["example", "result", "numbers"]


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class ChatQuestion(BaseModel):
    id: str = Field(default_factory=new_question_id, pattern=r"^[A-Za-z0-9_\-]{1,40}$")
    text: str = Field(min_length=1, max_length=1000)
    seeks: str = Field(default="", max_length=1000)
    anchor_1: str = Field(min_length=1, max_length=1000)
    anchor_2: str = Field(default="", max_length=1000)
    anchor_3: str = Field(default="", max_length=1000)
    anchor_4: str = Field(default="", max_length=1000)
    anchor_5: str = Field(min_length=1, max_length=1000)
    weight: float = Field(default=1.0, ge=0, le=10, allow_inf_nan=False)
    max_follow_ups: int = Field(default=1, ge=0, le=3)
    must_pass: bool = False
    pass_score: int = Field(default=3, ge=1, le=5)
    probe_for: list[Probe] = Field(default_factory=_all_probes)

    @field_validator(
        "text", "seeks", "anchor_1", "anchor_2", "anchor_3", "anchor_4", "anchor_5", mode="before"
    )
    @classmethod
    def strip(cls, value: object) -> object:
        return _strip(value)

    def anchors(self) -> dict[int, str]:
        """The anchors the recruiter wrote, by level (1-5); empty levels left out."""
        return {
            level: text
            for level, text in enumerate(
                (self.anchor_1, self.anchor_2, self.anchor_3, self.anchor_4, self.anchor_5), start=1
            )
            if text
        }

    def to_engine(self) -> Question:
        return Question(
            id=self.id,
            text=self.text,
            seeks=self.seeks,
            anchors=self.anchors(),
            weight=self.weight,
            max_follow_ups=self.max_follow_ups,
            must_pass=self.must_pass,
            pass_score=self.pass_score,
            probe_for=tuple(self.probe_for),
        )


class FAQItem(BaseModel):
    question: str = Field(min_length=1, max_length=500)
    answer: str = Field(min_length=1, max_length=2000)

    @field_validator("question", "answer", mode="before")
    @classmethod
    def strip(cls, value: object) -> object:
        return _strip(value)


def _starter_questions() -> list[ChatQuestion]:
    """A plan a recruiter can try at once and then rewrite; ids are fixed so defaults stay stable."""
    return [
        ChatQuestion(
            id="q_customer",
            text="Tell me about a time you helped a customer or colleague with a difficult problem.",
            seeks="A specific situation, what the candidate did themselves, and how it turned out.",
            anchor_1="Vague or generic; no real example; blames others.",
            anchor_3="A real example, but thin on what they did or how it ended.",
            anchor_5="A specific example with their own actions, a measurable result, and what they learned.",
        ),
        ChatQuestion(
            id="q_priorities",
            text="Describe how you organise your work when several urgent tasks arrive at once.",
            seeks="A method for prioritising, an example of using it, and the outcome.",
            anchor_1="No method; reacts to whoever shouts loudest.",
            anchor_3="Names a method but gives no example.",
            anchor_5="A clear method (urgency, impact, deadlines), a concrete example, and the result.",
        ),
    ]


class ChatConfig(BaseModel):
    interviewer_name: str = Field(default="Sam", min_length=1, max_length=60)
    persona: str = Field(default="a friendly, concise recruiting assistant", max_length=300)
    greeting: str = Field(default="Hi, thanks for making time today.", max_length=1000)
    closing: str = Field(
        default="Thank you, that's everything from me. The hiring team will be in touch.", max_length=1000
    )
    time_budget_min: int = Field(default=20, ge=1, le=180)
    questions: list[ChatQuestion] = Field(default_factory=_starter_questions, min_length=1, max_length=30)
    faq: list[FAQItem] = Field(default_factory=list, max_length=50)
    # Below this 0-100 stage score the dealbreaker fires (enforced or flagged per Stage.enforce_criteria).
    min_stage_score: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)

    @field_validator("interviewer_name", "persona", "greeting", "closing", mode="before")
    @classmethod
    def strip(cls, value: object) -> object:
        return _strip(value)

    @model_validator(mode="after")
    def unique_ids(self) -> ChatConfig:
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("question ids must be unique")
        return self

    def question(self, question_id: str) -> ChatQuestion | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def to_plan(self, *, organization: str, enforce: bool) -> Plan:
        return Plan(
            questions=tuple(q.to_engine() for q in self.questions),
            interviewer_name=self.interviewer_name,
            persona=self.persona or "a friendly, concise recruiting assistant",
            greeting=self.greeting or "Hi, thanks for making time today.",
            closing=self.closing or "Thank you, that's everything from me.",
            time_budget_s=self.time_budget_min * 60,
            faq=tuple(FAQEntry(f.question, f.answer) for f in self.faq),
            organization=organization,
            min_stage_score=self.min_stage_score,
            dealbreaker_mode="enforce" if enforce else "flag",
        )
