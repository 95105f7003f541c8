"""A scorer that asks an LLM per question, verifies its quotes, and falls back to the rubric rules."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from screenroom.interviews.engine.plan import Plan, Question
from screenroom.interviews.engine.providers.base import CallLog, Provider, ProviderError
from screenroom.interviews.engine.providers.prompts import (
    SCORE_SCHEMA,
    SCORER_PROMPT_VERSION,
    scorer_system,
    scorer_user,
)
from screenroom.interviews.engine.safety import detect_injection, redact, strip_flagged
from screenroom.interviews.engine.scorer import (
    OfflineRubricScorer,
    QuestionScore,
    StageScore,
    aggregate,
    answers_by_question,
    verify_quotes,
)
from screenroom.interviews.engine.state import TranscriptEntry


class LLMScorer:
    prompt_version = SCORER_PROMPT_VERSION

    def __init__(self, provider: Provider, fallback: OfflineRubricScorer | None = None) -> None:
        self.provider = provider
        self.fallback = fallback or OfflineRubricScorer()
        self.call_logs: list[dict[str, Any]] = []

    @property
    def engine(self) -> str:
        return f"llm:{self.provider.name}"

    def score_answer(
        self, question: Question, answer: str, rubric_version: str = "adhoc", known_names: Iterable[str] = ()
    ) -> QuestionScore:
        if not answer.strip():
            return self.fallback.score_answer(question, answer, rubric_version)
        # Instruction attempts are removed before the model sees the answer, not merely labelled.
        red = redact(strip_flagged(answer), known_names)
        try:
            reply = self.provider.complete_json(
                system=scorer_system(),
                messages=[{"role": "user", "content": scorer_user(question, red.text)}],
                schema=SCORE_SCHEMA,
                schema_name="answer_score",
                prompt_version=self.prompt_version,
            )
        except ProviderError as exc:
            self._log(exc.log)
            return self._fallback(question, answer, rubric_version, {"error": exc.kind})
        self._log(reply.log)
        quotes = [red.unredact(str(q)) for q in reply.data["evidence"]]
        accepted, rejected = verify_quotes(quotes, [answer])
        if not accepted:
            return self._fallback(
                question, answer, rubric_version, {"error": "no_verifiable_evidence"}, tuple(rejected)
            )
        return QuestionScore(
            question_id=question.id,
            score=int(reply.data["score"]),
            evidence=tuple(accepted),
            rationale=red.unredact(str(reply.data["rationale"])),
            engine=self.engine,
            model=self.provider.model,
            prompt_version=self.prompt_version,
            rubric_version=rubric_version,
            weight=question.weight,
            rejected_quotes=tuple(rejected),
        )

    def score(
        self, plan: Plan, transcript: Sequence[TranscriptEntry], known_names: Iterable[str] = ()
    ) -> StageScore:
        self.call_logs = []
        names = list(known_names)
        rubric = plan.rubric_version()
        grouped = answers_by_question(plan, transcript)
        scores = [
            self.score_answer(q, "\n".join(e.text for e in grouped[q.id]), rubric, names)
            for q in plan.questions
        ]
        fell_back = [s.question_id for s in scores if s.fallback]
        flags = [
            f.to_dict()
            for e in transcript
            if e.role == "candidate"
            for f in detect_injection(e.text, e.turn_id)
        ]
        return aggregate(
            plan,
            scores,
            engine=self.engine,
            model=self.provider.model,
            prompt_version=self.prompt_version,
            flags=flags,
            fallback={"questions": fell_back, "engine": self.fallback.engine} if fell_back else None,
            call_logs=self.call_logs,
        )

    def _log(self, log: CallLog | None) -> None:
        if log is not None:
            self.call_logs.append(log.to_dict())

    def _fallback(
        self,
        question: Question,
        answer: str,
        rubric_version: str,
        why: dict[str, Any],
        rejected: tuple[str, ...] = (),
    ) -> QuestionScore:
        s = self.fallback.score_answer(question, answer, rubric_version)
        return replace(
            s,
            rejected_quotes=(*s.rejected_quotes, *rejected),
            fallback={**why, "failed_engine": self.engine, "model": self.provider.model},
        )
