"""Screen a resume against a job: required qualifications, a 0-100 match score, review routing."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Protocol

from .checks import run_checks
from .document import DEFAULT_LIMITS, ExtractedDocument, HiddenText, Limits
from .extract import extract_bytes
from .facts import LEVELS
from .injection import InjectionFlag, scan
from .model import Profile, Span
from .profile import parse_profile
from .requirements import FAIL, PASS, UNKNOWN, JobRequirements, QualificationResult
from .vocab import vocabulary

ENGINE_NAME = "screenroom-resume-rules"
ENGINE_VERSION = "1.0.0"
WEIGHTS = {"required_skills": 40.0, "preferred_skills": 20.0, "experience": 25.0, "education": 15.0}
EXPERIENCE_CAP_YEARS = 10.0  # without a minimum, experience points saturate here
MIN_HIDDEN_CHARS = 3  # a stray white space or bullet is not worth a human's time


@dataclass
class ScoreItem:
    component: str
    points: float
    max_points: float
    reason: str
    evidence: list[Span] = field(default_factory=list)


@dataclass
class MatchScore:
    score: int
    items: list[ScoreItem]
    produced_by: str


class ResumeAnalyzer(Protocol):
    """Extraction and scoring behind one interface, so a model can stand in for the rules.

    Qualification checks always run as rules on the profile, whatever produced it.
    """

    name: str
    version: str

    def parse(
        self, doc: ExtractedDocument, job: JobRequirements | None, *, as_of: date, mask: list[tuple[int, int]]
    ) -> Profile: ...

    def score(self, profile: Profile, job: JobRequirements) -> MatchScore: ...


class RuleBasedAnalyzer:
    name = ENGINE_NAME
    version = ENGINE_VERSION

    def __init__(self, region: str = "US") -> None:
        self.region = region

    def parse(
        self, doc: ExtractedDocument, job: JobRequirements | None, *, as_of: date, mask: list[tuple[int, int]]
    ) -> Profile:
        terms = job.skill_terms() if job else ()
        return parse_profile(doc.text, job_terms=terms, as_of=as_of, region=self.region, mask=mask)

    def score(self, profile: Profile, job: JobRequirements) -> MatchScore:
        return rule_score(profile, job, f"{self.name}/{self.version}")


@dataclass
class ScreeningResult:
    kind: str
    pages: int
    profile: Profile
    hidden: list[HiddenText]
    injections: list[InjectionFlag]
    qualifications: list[QualificationResult]
    score: MatchScore | None
    outcome: str  # pass | fail | review: the caller decides what "enforce" does with a fail
    review_reasons: list[str]
    produced_by: str
    warnings: list[str]

    @property
    def failed(self) -> list[QualificationResult]:
        return [q for q in self.qualifications if q.status == FAIL]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


RULES = RuleBasedAnalyzer()


def screen_document(
    doc: ExtractedDocument,
    job: JobRequirements | None = None,
    *,
    analyzer: ResumeAnalyzer = RULES,
    as_of: date | None = None,
) -> ScreeningResult:
    as_of = as_of or date.today()
    injections = scan(doc)
    mask = [(f.start, f.end) for f in injections if f.start is not None and f.end is not None]
    profile = analyzer.parse(doc, job, as_of=as_of, mask=mask)
    quals: list[QualificationResult] = []
    score: MatchScore | None = None
    if job is not None:
        quals = run_checks(profile, job, doc.text)
        score = analyzer.score(profile, job)
        if job.min_score is not None:
            status = PASS if score.score >= job.min_score else FAIL
            quals.append(
                QualificationResult(
                    "min_score", f"score at least {job.min_score}", status, f"score {score.score}"
                )
            )
    reasons = _review_reasons(doc, injections)
    if reasons and job is not None:
        _guard_hidden_failures(doc, job, analyzer, as_of, quals)
    for q in quals:
        if q.needs_review and q.detail not in reasons:
            reasons.append(f"{q.rule}: {q.detail}")
    outcome = (
        FAIL
        if any(q.status == FAIL for q in quals)
        else ("review" if reasons or any(q.status == UNKNOWN for q in quals) else PASS)
    )
    return ScreeningResult(
        doc.kind, doc.pages, profile, doc.hidden, injections, quals, score, outcome, reasons,
        f"{analyzer.name}/{analyzer.version}", doc.warnings,
    )  # fmt: skip


def screen_bytes(
    data: bytes,
    job: JobRequirements | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
    analyzer: ResumeAnalyzer = RULES,
    as_of: date | None = None,
) -> ScreeningResult:
    return screen_document(extract_bytes(data, limits), job, analyzer=analyzer, as_of=as_of)


def _review_reasons(doc: ExtractedDocument, injections: list[InjectionFlag]) -> list[str]:
    reasons: list[str] = []
    body = [h for h in doc.hidden if h.in_body and len(h.text.strip()) >= MIN_HIDDEN_CHARS]
    if body:
        kinds = sorted({r.split(" (")[0] for h in body for r in h.reasons})
        reasons.append(f"hidden text ({sum(len(h.text) for h in body)} chars: {', '.join(kinds)})")
    meta_injection = [
        f for f in injections if f.hidden_index is not None and doc.hidden[f.hidden_index].part == "metadata"
    ]
    if meta_injection:
        reasons.append("instructions to an AI in the file metadata")
    if injections:
        reasons.append(f"text addressed to an AI ({', '.join(sorted({f.rule for f in injections}))})")
    if "visibility_not_checked" in doc.warnings:
        reasons.append("hidden-text check not possible for this file type")
    return reasons


def _guard_hidden_failures(
    doc: ExtractedDocument,
    job: JobRequirements,
    analyzer: ResumeAnalyzer,
    as_of: date,
    quals: list[QualificationResult],
) -> None:
    """A failure that hidden text would have turned into a pass goes to a human instead.

    Hidden text never counts as evidence, but our visibility check can be wrong (say, white text on a
    dark panel drawn in a way we missed): then excluding it must not be what rejects the candidate.
    """
    if not any(q.status == FAIL for q in quals) or not doc.hidden:
        return
    full = ExtractedDocument(doc.kind, doc.text + "\n" + "\n".join(h.text for h in doc.hidden if h.in_body))
    with_hidden = run_checks(analyzer.parse(full, job, as_of=as_of, mask=[]), job, full.text)
    by_key = {(q.rule, q.requirement): q for q in with_hidden}
    for q in quals:
        other = by_key.get((q.rule, q.requirement))
        if q.status == FAIL and other is not None and other.status == PASS:
            q.status = UNKNOWN
            q.needs_review = True
            q.detail = f"{q.detail}; met only by hidden text, so a human decides"


def rule_score(profile: Profile, job: JobRequirements, produced_by: str) -> MatchScore:
    vocab = vocabulary(job.skill_terms())
    items: list[ScoreItem] = []
    active: dict[str, float] = {}
    required = [vocab.canonical_name(s) for s in job.required_skills_all]
    if job.required_skills_any:
        required.append(" / ".join(vocab.canonical_name(s) for s in job.required_skills_any))
    if required:
        active["required_skills"] = WEIGHTS["required_skills"]
    preferred = [vocab.canonical_name(s) for s in job.preferred_skills]
    if preferred:
        active["preferred_skills"] = WEIGHTS["preferred_skills"]
    active["experience"] = WEIGHTS["experience"]
    if job.min_degree:
        active["education"] = WEIGHTS["education"]
    scale = 100.0 / sum(active.values())

    for component, names in (("required_skills", required), ("preferred_skills", preferred)):
        if component not in active:
            continue
        share = active[component] * scale / len(names)
        for group in names:
            hits = [s for n in group.split(" / ") if (s := profile.skill(n)) is not None]
            if hits:
                items.append(ScoreItem(component, share, share, f"mentions {hits[0].name}", [hits[0].span]))
            else:
                items.append(ScoreItem(component, 0.0, share, f"no mention of {group}"))

    exp_max = active["experience"] * scale
    target = job.min_total_years or EXPERIENCE_CAP_YEARS
    ratio = min(profile.total_years / target, 1.0) if target > 0 else 1.0
    items.append(
        ScoreItem(
            "experience",
            exp_max * ratio,
            exp_max,
            f"{profile.total_years:.1f} of {target:g} years",
            [j.dates for j in profile.jobs],
        )
    )
    if "education" in active and job.min_degree:
        edu_max = active["education"] * scale
        best = profile.highest_education
        need = LEVELS[job.min_degree]
        if best is None:
            items.append(ScoreItem("education", 0.0, edu_max, "no degree found"))
        else:
            part = 1.0 if best.rank >= need else (0.5 if best.rank == need - 1 else 0.0)
            items.append(
                ScoreItem("education", edu_max * part, edu_max, f"{best.degree} ({best.level})", [best.span])
            )
    for it in items:
        it.points, it.max_points = round(it.points, 2), round(it.max_points, 2)
    return MatchScore(round(sum(it.points for it in items)), items, produced_by)
