"""Score sample answers against rubric anchors, to try questions before a job goes live.

    manage.py score_answers FILE.json [--org ID]

FILE.json: {"questions": [{"id", "text", "anchor_1", "anchor_5", "answers": [{"text"}]}]}
(anchor_2..anchor_4, "seeks" and "weight" are optional). Prints
{"scores": [{"question_id", "answer_index", "score", "evidence": [...], "engine"}]} using the
organization's AI provider with --org, else the offline rubric scorer.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from screenroom.interviews.engine.plan import PlanError, Question
from screenroom.interviews.models import CallPurpose
from screenroom.interviews.services import samples_score
from screenroom.orgs.models import Organization


def _questions(data: Any) -> tuple[list[Question], dict[str, list[str]]]:
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise CommandError('The file must be a JSON object with a "questions" list.')
    questions: list[Question] = []
    samples: dict[str, list[str]] = {}
    for number, raw in enumerate(data["questions"], start=1):
        where = f"questions[{number - 1}]"
        if not isinstance(raw, dict):
            raise CommandError(f"{where} must be an object.")
        missing = [k for k in ("id", "text", "anchor_1", "anchor_5") if not str(raw.get(k) or "").strip()]
        if missing:
            raise CommandError(f"{where} needs {', '.join(missing)}.")
        answers = raw.get("answers", [])
        if not isinstance(answers, list) or not all(
            isinstance(a, dict) and isinstance(a.get("text"), str) for a in answers
        ):
            raise CommandError(f'{where}.answers must be a list of objects with a "text" string.')
        try:
            question = Question.from_dict({k: v for k, v in raw.items() if k != "answers"})
        except (PlanError, ValueError, TypeError) as exc:
            raise CommandError(f"{where}: {exc}") from None
        if question.id in samples:
            raise CommandError(f"{where}: the id {question.id!r} is used twice.")
        questions.append(question)
        samples[question.id] = [a["text"] for a in answers]
    return questions, samples


class Command(BaseCommand):
    help = "Score sample answers against 1-5 anchors with the configured engine (offline when none)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", help="JSON file with questions, anchors and sample answers ('-' for stdin)"
        )
        parser.add_argument("--org", type=int, help="Use this organization's AI provider settings")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        try:
            raw = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from None
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"{path} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."
            ) from None
        questions, samples = _questions(data)
        org_id = options.get("org")
        if org_id is not None and not Organization.objects.filter(pk=org_id).exists():
            raise CommandError(f"No organization with id {org_id}.")
        results = samples_score(
            organization_id=org_id, questions=questions, samples=samples, purpose=CallPurpose.COMMAND
        )
        out = {
            "scores": [
                {
                    "question_id": r.question_id,
                    "answer_index": r.answer_index,
                    "score": r.score,
                    "evidence": r.evidence,
                    "engine": r.engine,
                    **({"model": r.model} if r.model else {}),
                    **({"fallback": r.fallback} if r.fallback else {}),
                }
                for r in results
            ]
        }
        self.stdout.write(json.dumps(out, indent=2, ensure_ascii=False))
