"""The scorer protocol, the deterministic rubric scorer, aggregation, and quote verification."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from screenroom.interviews.engine.plan import Plan, Question
from screenroom.interviews.engine.safety import detect_injection, strip_flagged
from screenroom.interviews.engine.scoring_types import DealbreakerResult, QuestionScore, StageScore
from screenroom.interviews.engine.state import TranscriptEntry
from screenroom.interviews.engine.text import (
    AnswerFeatures,
    content_stems,
    has_example,
    has_number,
    has_result,
    length_score,
    overlap,
    sentence_spans,
)

OFFLINE_SCORER = "offline-rubric-v1"
__all__ = [
    "DealbreakerResult",
    "OfflineRubricScorer",
    "QuestionScore",
    "Scorer",
    "StageScore",
    "aggregate",
    "answers_by_question",
    "verify_quotes",
]

# raw (0..1) -> 1..5; tuned on tests/labelled_answers.json, which the tests hold it to.
_THRESHOLDS = (0.21, 0.3, 0.5, 0.68)


class Scorer(Protocol):
    def score(
        self, plan: Plan, transcript: Sequence[TranscriptEntry], known_names: Iterable[str] = ()
    ) -> StageScore: ...

    def score_answer(
        self, question: Question, answer: str, rubric_version: str = "adhoc"
    ) -> QuestionScore: ...


def _normalise(text: str) -> str:
    return " ".join(text.split())


def verify_quotes(quotes: Iterable[str], sources: Iterable[str]) -> tuple[list[str], list[str]]:
    """Split quotes into (accepted, rejected): accepted ones occur verbatim in a source.

    Only whitespace is normalised; case, punctuation and wording must match exactly, so a model
    cannot paraphrase its way into "evidence". Applied to every engine's output.
    """
    haystacks = [_normalise(s) for s in sources]
    accepted, rejected = [], []
    for quote in quotes:
        q = _normalise(quote)
        if q and any(q in h for h in haystacks):
            accepted.append(quote.strip())
        else:
            rejected.append(quote)
    return accepted, rejected


def answers_by_question(
    plan: Plan, transcript: Sequence[TranscriptEntry]
) -> dict[str, list[TranscriptEntry]]:
    out: dict[str, list[TranscriptEntry]] = {q.id: [] for q in plan.questions}
    for e in transcript:
        if e.role == "candidate" and e.is_answer and e.question_id in out:
            out[e.question_id].append(e)
    return out


def aggregate(
    plan: Plan,
    scores: Sequence[QuestionScore],
    *,
    engine: str,
    model: str | None,
    prompt_version: str | None,
    flags: Sequence[dict[str, object]] = (),
    fallback: dict[str, object] | None = None,
    call_logs: Sequence[dict[str, object]] = (),
) -> StageScore:
    """Weights -> a 0-100 stage score, then dealbreakers. Pure, shared by every scorer."""
    total_weight = sum(s.weight for s in scores) or 1.0
    stage = round(sum((s.score - 1) / 4 * 100 * s.weight for s in scores) / total_weight, 1)
    enforce = plan.dealbreaker_mode == "enforce"
    dealbreakers = []
    by_id = {s.question_id: s for s in scores}
    for q in plan.questions:
        if q.must_pass and q.id in by_id:
            got = by_id[q.id].score
            dealbreakers.append(
                DealbreakerResult(
                    "must_pass",
                    got < q.pass_score,
                    enforce,
                    f"question {q.id!r} scored {got}, must-pass needs {q.pass_score}",
                    q.id,
                )
            )
    if plan.min_stage_score is not None:
        dealbreakers.append(
            DealbreakerResult(
                "min_stage_score",
                stage < plan.min_stage_score,
                enforce,
                f"stage score {stage} vs minimum {plan.min_stage_score}",
            )
        )
    return StageScore(
        score=stage,
        questions=tuple(scores),
        dealbreakers=tuple(dealbreakers),
        passed=not any(d.fired and d.enforced for d in dealbreakers),
        engine=engine,
        model=model,
        prompt_version=prompt_version,
        rubric_version=plan.rubric_version(),
        flags=tuple(dict(f) for f in flags),
        fallback=dict(fallback) if fallback else None,
        call_logs=tuple(dict(c) for c in call_logs),
    )


def _vocabularies(q: Question) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    high = content_stems(" ".join(q.anchors.get(k, "") for k in (4, 5)))
    low = content_stems(" ".join(q.anchors.get(k, "") for k in (1, 2)))
    seeks = content_stems(f"{q.text} {q.seeks}")
    # Topic words in anchor_1 ("blames the customer") say nothing about quality; only its contrast does.
    return high - low, low - high - seeks, seeks


def _to_scale(raw: float) -> int:
    return 1 + sum(raw >= t for t in _THRESHOLDS)


class OfflineRubricScorer:
    """Deterministic 1-5 scoring from anchor vocabulary and specificity; honest about being rules."""

    engine = OFFLINE_SCORER

    def score_answer(self, question: Question, answer: str, rubric_version: str = "adhoc") -> QuestionScore:
        clean = strip_flagged(answer)
        high, low, seeks = _vocabularies(question)
        f = AnswerFeatures.of(clean, seeks)
        hi = overlap(f.stems, high, 5)
        lo = overlap(f.stems, low, 3)
        spec = (
            0.2 * f.number
            + 0.2 * f.result
            + 0.2 * f.example
            + 0.15 * f.star / 4
            + 0.25 * length_score(f.word_count)
        )
        raw = max(0.0, min(1.0, 0.5 * spec + 0.3 * hi + 0.2 * f.relevance - 0.2 * lo))
        score = _to_scale(raw) if f.word_count else 1
        evidence = self._evidence(answer, high | seeks)
        features = {
            "raw": round(raw, 3),
            "words": f.word_count,
            "numbers": f.number,
            "result": f.result,
            "example": f.example,
            "star_parts": f.star,
            "anchor_5_overlap": round(hi, 2),
            "anchor_1_overlap": round(lo, 2),
            "relevance": round(f.relevance, 2),
        }
        rationale = self._rationale(f, hi, lo) if f.word_count else "No answer was given."
        return QuestionScore(
            question_id=question.id,
            score=score,
            evidence=tuple(evidence),
            rationale=rationale,
            engine=self.engine,
            model=None,
            prompt_version=None,
            rubric_version=rubric_version,
            weight=question.weight,
            answered=bool(f.word_count),
            features=features,
        )

    def score(
        self, plan: Plan, transcript: Sequence[TranscriptEntry], known_names: Iterable[str] = ()
    ) -> StageScore:
        # known_names is unused: rules never see names as signal, but the protocol is shared with LLMs.
        rubric = plan.rubric_version()
        grouped = answers_by_question(plan, transcript)
        sources = [e.text for entries in grouped.values() for e in entries]
        scores = []
        for q in plan.questions:
            s = self.score_answer(q, "\n".join(e.text for e in grouped[q.id]), rubric)
            accepted, rejected = verify_quotes(s.evidence, sources)
            if rejected:
                s = _replace_evidence(s, accepted, rejected)
            scores.append(s)
        flags = [
            f.to_dict()
            for e in transcript
            if e.role == "candidate"
            for f in detect_injection(e.text, e.turn_id)
        ]
        return aggregate(plan, scores, engine=self.engine, model=None, prompt_version=None, flags=flags)

    @staticmethod
    def _evidence(answer: str, vocab: frozenset[str], limit: int = 2) -> list[str]:
        ranked = []
        for i, (start, end) in enumerate(sentence_spans(answer)):
            sentence = answer[start:end]
            if detect_injection(sentence):
                continue
            stems = content_stems(sentence)
            weight = (
                2 * len(stems & vocab)
                + 2 * has_number(sentence)
                + 2 * has_result(stems)
                + 2 * has_example(sentence.lower())
                + min(len(stems), 10) / 10
            )
            ranked.append((weight, i, sentence))
        best = sorted(ranked, key=lambda r: (-r[0], r[1]))[:limit]
        return [s for _, _, s in sorted(best, key=lambda r: r[1])]

    @staticmethod
    def _rationale(f: AnswerFeatures, hi: float, lo: float) -> str:
        has = [
            n for n, ok in (("an example", f.example), ("a result", f.result), ("numbers", f.number)) if ok
        ]
        lacks = [
            n
            for n, ok in (("an example", f.example), ("a result", f.result), ("numbers", f.number))
            if not ok
        ]
        parts = [f"{f.word_count} words"]
        if has:
            parts.append("gives " + ", ".join(has))
        if lacks:
            parts.append("lacks " + ", ".join(lacks))
        parts.append(f"uses {hi:.0%} of the top-anchor vocabulary, {lo:.0%} of the bottom-anchor vocabulary")
        return "Rule-based: " + "; ".join(parts) + "."


def _replace_evidence(s: QuestionScore, accepted: list[str], rejected: list[str]) -> QuestionScore:
    from dataclasses import replace

    return replace(s, evidence=tuple(accepted), rejected_quotes=(*s.rejected_quotes, *rejected))
