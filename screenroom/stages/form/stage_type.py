"""The Form stage: a questionnaire with dealbreakers and points, evaluated by fixed rules."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.text import get_valid_filename

from screenroom.core.files import ALLOWED_ANSWER_TYPES, sniff_type
from screenroom.stages.form.config import FormConfig, Question
from screenroom.stages.registry import (
    CandidateNotice,
    DealbreakerResult,
    Evaluation,
    StageType,
    Submission,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django.http import HttpRequest, QueryDict
    from django.utils.datastructures import MultiValueDict

    from screenroom.candidates.models import Application
    from screenroom.jobs.models import Stage

ENGINE = "form-rules/1"
MAX_TEXT = {"short_text": 300, "long_text": 5000}


class FormStageType(StageType):
    key = "form"
    label = "Form"
    description = "A questionnaire: short answers, numbers, yes/no, choices, dates and files. No AI."
    config_model = FormConfig
    candidate_template = "stages/form/candidate.html"
    builder_template = "stages/form/builder.html"
    report_template = "stages/form/report.html"

    def readiness_problems(self, stage: Stage) -> list[str]:
        problems = []
        if not stage.config.get("questions"):
            problems.append(f"The Form stage “{stage.name}” has no questions yet.")
        return problems + super().readiness_problems(stage)

    def builder_context(self, stage: Stage, request: HttpRequest, extra: dict[str, Any]) -> dict[str, Any]:
        from screenroom.stages.form import builder  # builder imports jobs.services

        config = self.config(stage)
        editing = extra.get("editing", "")
        question_form = extra.get("question_form")
        if question_form is None and editing == "new":
            add_type = request.GET.get("type", "short_text")
            question_form = builder.QuestionForm(
                initial={"type": add_type if add_type in builder.QUESTION_TYPE_LABELS else "short_text"}
            )
        elif question_form is None and editing:
            question = config.question(editing)
            question_form = builder.QuestionForm.for_question(question) if question else None
            editing = editing if question else ""
        return {
            "form_config": config,
            "summary": builder.form_summary(config),
            "question_types": builder.TYPE_CHOICES,
            "intro_form": extra.get("intro_form") or builder.IntroForm(initial={"intro": config.intro}),
            "editing": editing,
            "question_form": question_form,
        }

    def candidate_notice(self, stage: Stage) -> CandidateNotice:
        questions = FormConfig.model_validate(stage.config).questions
        has_rules = any(q.is_dealbreaker for q in questions)
        count = len(questions)
        evaluates = (
            f"your answers to {count} question{'s' if count != 1 else ''}. Fixed rules written by the "
            "employer check them against the role's requirements and add up points for a score; "
            "no AI model reads them."
        )
        return CandidateNotice(
            evaluates=evaluates, uses_ai=False, can_disqualify=has_rules and stage.enforce_criteria
        )

    def candidate_context(self, stage: Stage, application: Application) -> dict[str, Any]:
        return {"form_config": self.config(stage)}

    def parse_submission(
        self,
        stage: Stage,
        application: Application,
        data: QueryDict,
        files: MultiValueDict[str, UploadedFile],
    ) -> Submission:
        config: FormConfig = self.config(stage)
        answers: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for question in config.questions:
            field = f"answer_{question.id}"
            try:
                value = _parse_answer(question, data, files, field, application)
            except ValueError as exc:
                errors[question.id] = str(exc)
                continue
            if value in (None, "", []):
                if question.required:
                    errors[question.id] = "This question needs an answer."
                continue
            answers[question.id] = value
        return Submission(answers=answers, errors=errors)

    def evaluate(self, stage: Stage, answers: dict[str, Any]) -> Evaluation:
        config: FormConfig = self.config(stage)
        dealbreakers: list[DealbreakerResult] = []
        earned = possible = 0
        per_question: list[dict[str, Any]] = []
        for question in config.questions:
            answer = answers.get(question.id)
            points = _points(question, answer)
            if question.max_points:
                earned += points
                possible += question.max_points
            per_question.append({"id": question.id, "points": points, "max_points": question.max_points})
            if question.is_dealbreaker:
                dealbreakers.append(
                    DealbreakerResult(
                        rule_id=question.id,
                        label=question.label,
                        rule=question.dealbreaker_description(),
                        answer=display_answer(answer),
                        passed=_dealbreaker_holds(question, answer),
                    )
                )
        score = round(100 * earned / possible) if possible else None
        return Evaluation(
            score=score,
            dealbreakers=dealbreakers,
            engine=ENGINE,
            details={"questions": per_question, "points": earned, "max_points": possible},
        )


def display_answer(answer: Any) -> str:
    if answer is None:
        return "(no answer)"
    if isinstance(answer, list):
        return ", ".join(str(a) for a in answer)
    if isinstance(answer, dict):
        return str(answer.get("name", ""))
    if isinstance(answer, float) and answer.is_integer():
        return str(int(answer))
    return str(answer)


def _parse_answer(
    question: Question,
    data: QueryDict,
    files: MultiValueDict[str, UploadedFile],
    field: str,
    application: Application,
) -> Any:
    kind = question.type
    if kind == "file":
        upload = files.get(field)
        return _store_file(upload, application, question) if upload else None
    if kind == "multiple_choice":
        chosen = data.getlist(field)
        labels = {o.label for o in question.options}
        if any(c not in labels for c in chosen):
            raise ValueError("Choose from the options shown.")
        # Keep the recruiter's order, whatever order the browser sent.
        return [o.label for o in question.options if o.label in chosen]
    raw = (data.get(field) or "").strip()
    if raw == "":
        return None
    if kind in MAX_TEXT:
        if len(raw) > MAX_TEXT[kind]:
            raise ValueError(f"Please keep this under {MAX_TEXT[kind]} characters.")
        return raw
    if kind == "number":
        number = _parse_number(raw)
        if number != number or abs(number) > 1e12:  # NaN or absurd
            raise ValueError("Enter a realistic number.")
        return number
    if kind == "yes_no":
        if raw not in ("yes", "no"):
            raise ValueError("Choose yes or no.")
        return raw
    if kind == "single_choice":
        if raw not in {o.label for o in question.options}:
            raise ValueError("Choose one of the options shown.")
        return raw
    if kind == "date":
        try:
            return dt.date.fromisoformat(raw).isoformat()
        except ValueError:
            raise ValueError("Enter a date as YYYY-MM-DD.") from None
    raise ValueError("Unsupported question type.")


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d{1,2}$")


def _parse_number(raw: str) -> float:
    """ "1,500" is fifteen hundred, but "1,5" is one and a half (a decimal comma), never fifteen."""
    text = raw.replace(" ", "")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    elif _DECIMAL_COMMA.match(text):
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValueError("Enter a number, such as 3 or 2.5.") from None


def _store_file(upload: UploadedFile, application: Application, question: Question) -> dict[str, Any]:
    limit = settings.MAX_ANSWER_FILE_BYTES
    if upload.size is None or upload.size > limit:
        raise ValueError(f"The file is too large; the limit is {limit // (1024 * 1024)} MB.")
    content = upload.read()
    kind = sniff_type(content[:2048], content)
    if kind not in ALLOWED_ANSWER_TYPES:
        raise ValueError(
            "This file type is not accepted. Upload a PDF, Word (.docx), PNG, JPEG or text file."
        )
    name = get_valid_filename(upload.name or "upload")[:100] or "upload"
    path = default_storage.save(
        f"answers/{application.organization_id}/{application.pk}/{question.id}/{secrets.token_hex(8)}_{name}",
        ContentFile(content),
    )
    return {"name": name, "path": path, "size": len(content), "type": kind}


def _points(question: Question, answer: Any) -> int:
    if answer is None:
        return 0
    if question.type == "single_choice":
        return next((o.points for o in question.options if o.label == answer), 0)
    if question.type == "multiple_choice":
        return sum(o.points for o in question.options if o.label in answer)
    if question.type == "yes_no":
        return question.yes_points if answer == "yes" else question.no_points
    return 0


def _dealbreaker_holds(question: Question, answer: Any) -> bool:
    if answer is None:
        return False
    if question.dealbreaker_required_answer and answer != question.dealbreaker_required_answer:
        return False
    if question.dealbreaker_min is not None and float(answer) < question.dealbreaker_min:
        return False
    if question.dealbreaker_max is not None and float(answer) > question.dealbreaker_max:
        return False
    if question.dealbreaker_accepted:
        chosen = answer if isinstance(answer, list) else [answer]
        if not any(c in question.dealbreaker_accepted for c in chosen):
            return False
    return True
