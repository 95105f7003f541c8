"""The Django side of the engine: read a file safely, rebuild a stored document, screen it for a stage."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings

from screenroom.resumes.config import ResumeConfig, upload_limits
from screenroom.resumes.corrections import CorrectedAnalyzer, CorrectionLike
from screenroom.resumes.engine import (
    ENGINE_NAME,
    ENGINE_VERSION,
    FAIL,
    RULES,
    UNKNOWN,
    ExtractedDocument,
    HiddenText,
    JobRequirements,
    ResumeReadError,
    ScreeningResult,
    extract_bytes,
    extract_isolated,
    screen_document,
)
from screenroom.stages.registry import DealbreakerResult, Evaluation

if TYPE_CHECKING:
    from screenroom.resumes.models import Resume

ENGINE_LABEL = f"{ENGINE_NAME}/{ENGINE_VERSION}"
RULE_LABELS = {
    "min_total_years": "Minimum total experience",
    "min_skill_years": "Minimum years in a skill",
    "required_skills_all": "Required skills (all of)",
    "required_skills_any": "Required skills (any of)",
    "min_degree": "Minimum degree",
    "credential": "Certification or licence",
    "location": "Location or remote eligibility",
    "work_authorization": "Work authorization",
    "min_score": "Minimum resume score",
}


@dataclass
class ReadFile:
    doc: ExtractedDocument
    sha256: str


def read_resume(data: bytes) -> ReadFile:
    """Extract a file's text under this installation's limits. Raises ``ResumeReadError``.

    By default in a child process with a hard timeout: the engine's own deadline is checked between
    pages, so a native parser stuck inside one call would otherwise hang the web worker with it.
    """
    limits = upload_limits()
    if getattr(settings, "RESUME_PARSE_ISOLATED", True):
        grace = float(getattr(settings, "RESUME_PARSE_GRACE_SECONDS", 2.0))
        doc = extract_isolated(data, limits, timeout_s=limits.time_limit_s + grace)
    else:
        doc = extract_bytes(data, limits)
    if "no_visible_text" in doc.warnings:
        raise ResumeReadError(
            "no_text",
            "We could not find any text in this file. If it is a scan or a photo, please upload a PDF "
            "or Word file with selectable text.",
        )
    return ReadFile(doc, hashlib.sha256(data).hexdigest())


def document_of(resume: Resume) -> ExtractedDocument:
    hidden = [
        HiddenText(
            text=h["text"],
            reasons=list(h.get("reasons", [])),
            page=h.get("page"),
            anchor=h.get("anchor", 0),
            bbox=tuple(h["bbox"]) if h.get("bbox") else None,  # type: ignore[arg-type]
            part=h.get("part", "body"),
        )
        for h in resume.hidden
    ]
    return ExtractedDocument(
        kind=resume.kind,
        text=resume.text,
        hidden=hidden,
        pages=resume.pages,
        metadata=dict(resume.metadata),
        warnings=list(resume.warnings),
    )


def screen(
    doc: ExtractedDocument,
    job: JobRequirements | None,
    *,
    as_of: date | None = None,
    corrections: Sequence[CorrectionLike] | None = None,
) -> ScreeningResult:
    analyzer = CorrectedAnalyzer(RULES, corrections) if corrections else RULES
    return screen_document(doc, job, analyzer=analyzer, as_of=as_of)


def screening_json(result: ScreeningResult) -> dict[str, Any]:
    """What a report, the API and ``screen_resume --json`` show: profile, flags, rules and score."""
    data = result.to_dict()
    return {
        "kind": result.kind,
        "pages": result.pages,
        "produced_by": result.produced_by,
        "outcome": result.outcome,
        "profile": data["profile"],
        "hidden_text": data["hidden"],
        "injections": data["injections"],
        "qualifications": data["qualifications"],
        "score": data["score"],
        "review_reasons": result.review_reasons,
        "warnings": result.warnings,
    }


def _quote(spans: list[Any]) -> str:
    quotes = [f"“{s.text.strip()}”" for s in spans if s.text.strip()]
    return "; ".join(quotes[:3])


def evaluate_resume(resume: Resume, config: ResumeConfig) -> Evaluation:
    """Screen a stored resume against a stage's settings, with the recruiter's corrections applied."""
    corrections = list(resume.corrections.all())
    result = screen(document_of(resume), config.requirements(), as_of=resume.as_of, corrections=corrections)
    corrected_rules = _rules_touched(corrections)
    dealbreakers: list[DealbreakerResult] = []
    review: list[str] = list(result.review_reasons)
    for i, q in enumerate(result.qualifications):
        answer = q.detail
        quote = _quote(q.evidence)
        if quote:
            answer = f"{answer} — {quote}"
        if q.rule in corrected_rules:
            answer += " (after a recruiter's correction)"
        if q.status == UNKNOWN:
            # Not proven either way from the visible text: a person decides, the rule does not.
            answer = f"could not tell: {answer}"
            reason = f"{RULE_LABELS.get(q.rule, q.rule)}: {q.detail}"
            if not any(q.detail in r for r in review):
                review.append(reason)
        dealbreakers.append(
            DealbreakerResult(
                rule_id=f"{q.rule}:{i}",
                label=RULE_LABELS.get(q.rule, q.rule),
                rule=q.requirement,
                answer=answer,
                passed=q.status != FAIL,
            )
        )
    details = screening_json(result)
    details.update(
        {
            "resume_id": resume.pk,
            "file_name": resume.original_name,
            "corrections": len(corrections),
            "statuses": [q.status for q in result.qualifications],
        }
    )
    engine = result.produced_by + (f" + {len(corrections)} recruiter correction(s)" if corrections else "")
    return Evaluation(
        score=result.score.score if result.score else None,
        dealbreakers=dealbreakers,
        engine=engine,
        details=details,
        review_reasons=review,
    )


_FIELD_RULES = {
    "total_years": {"min_total_years", "min_score"},
    "skills": {"required_skills_all", "required_skills_any", "min_skill_years", "min_score"},
    "skill_years": {"min_skill_years"},
    "degree": {"min_degree", "min_score"},
    "credentials": {"credential"},
    "location": {"location"},
    "work_authorization": {"work_authorization"},
}


def _rules_touched(corrections: list[Any]) -> set[str]:
    return {rule for c in corrections for rule in _FIELD_RULES.get(c.field, ())}


def hidden_json(doc: ExtractedDocument) -> list[dict[str, Any]]:
    return [asdict(h) for h in doc.hidden]
