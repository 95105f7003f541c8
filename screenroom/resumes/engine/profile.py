"""Parse visible resume text into a ``Profile`` whose every field points back at its evidence."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from .contact import parse_contact
from .dates import MonthRange, union_months
from .facts import parse_credentials, parse_education, parse_languages, parse_work_authorization
from .history import Block, blocks, parse_jobs
from .layout import Line, split_lines
from .model import FieldValue, Job, Profile, Section, Skill, Span
from .vocab import Match, Vocabulary, vocabulary

_NON_JOB_SECTIONS = (
    "education",
    "certifications",
    "projects",
    "skills",
    "languages",
    "summary",
    "contact",
    "other",
)
_STATED_YEARS_RE = re.compile(
    r"(?P<n>\d{1,2}(?:\.\d)?)\+?\s*(?:years?|yrs?)\b(?:\s+of)?(?P<tail>[^.\n;]{0,60})", re.IGNORECASE
)


def parse_profile(
    text: str,
    *,
    job_terms: Iterable[str] = (),
    as_of: date | None = None,
    region: str = "US",
    mask: Iterable[tuple[int, int]] = (),
) -> Profile:
    """Parse ``text`` (an ``ExtractedDocument.text``).

    ``mask`` spans (e.g. prompt-injection sentences) are blanked before parsing so they cannot supply
    evidence; blanking keeps every offset valid. ``job_terms`` adds the job's own skill names.
    """
    as_of = as_of or date.today()
    for a, b in mask:
        text = text[:a] + " " * (b - a) + text[b:]
    lines = split_lines(text)
    vocab = vocabulary(tuple(sorted(set(job_terms))))
    contact = parse_contact(text, lines, region)

    exp_lines = [ln for ln in lines if ln.section == "experience"]
    if not any(not ln.heading for ln in exp_lines):
        exp_lines = [ln for ln in lines if ln.section not in _NON_JOB_SECTIONS]
    job_rows = parse_jobs(text, blocks(exp_lines), as_of)
    total_months = union_months([rng for _, rng, _ in job_rows])

    skills, matches = _skills(text, lines, vocab)
    _skill_years(text, skills, matches, job_rows, vocab)
    stated = _stated_total(text)
    sections = _sections(lines, len(text))
    return Profile(
        contact=contact,
        jobs=[job for job, _, _ in job_rows],
        total_years=round(total_months / 12, 2),
        stated_years=stated,
        skills=skills,
        education=parse_education(lines, text),
        credentials=parse_credentials(lines, text),
        languages=parse_languages(lines, text),
        work_authorization=parse_work_authorization(text),
        sections=sections,
        as_of=as_of.isoformat(),
    )


def _skills(text: str, lines: list[Line], vocab: Vocabulary) -> tuple[list[Skill], list[Match]]:
    found: dict[str, Skill] = {}
    matches = vocab.find(text)
    for ln in lines:
        if ln.section == "skills" and not ln.heading:
            # Ambiguous aliases ("Go", "R", "Excel") count only where a list of skills is expected.
            matches += [(ln.start + a, ln.start + b, n) for a, b, n in vocab.find(ln.text, ambiguous=True)]
    for a, b, name in matches:
        if name in found:
            found[name].mentions += 1
        elif name:
            found[name] = Skill(name, Span(a, b, text[a:b]))
    return sorted(found.values(), key=lambda s: s.span.start), matches


def _skill_years(
    text: str,
    skills: list[Skill],
    matches: list[Match],
    job_rows: list[tuple[Job, MonthRange, Block]],
    vocab: Vocabulary,
) -> None:
    by_name = {s.name: s for s in skills}
    per_skill: dict[str, list[MonthRange]] = {}
    evidence: dict[str, list[Span]] = {}
    for job, rng, block in job_rows:
        lo, hi = block.start, block.end
        names = {name for a, _, name in matches if lo <= a < hi}
        job.skills = sorted(names)
        for name in names:
            per_skill.setdefault(name, []).append(rng)
            evidence.setdefault(name, []).append(job.dates)
    for name, ranges in per_skill.items():
        if name in by_name:
            skill = by_name[name]
            skill.years = round(union_months(ranges) / 12, 2)
            skill.years_source = "jobs"
            skill.years_evidence = evidence[name]
    for m in _STATED_YEARS_RE.finditer(text):
        years = float(m.group("n"))
        tail_start = m.start("tail")
        for _, end, name in vocab.find(m.group("tail"))[:1]:
            stated = by_name.get(name)
            if stated is not None and (stated.years or 0) < years:
                stated.years = years
                stated.years_source = "stated"
                stop = tail_start + end
                stated.years_evidence = [Span(m.start(), stop, text[m.start() : stop])]


def _stated_total(text: str) -> FieldValue | None:
    m = re.search(
        r"(\d{1,2}(?:\.\d)?)\+?\s*(?:years?|yrs?)(?:\s+of)?\s+(?:professional\s+|industry\s+|work\s+|relevant\s+)?experience",
        text,
        re.IGNORECASE,
    )
    if not m:
        return None
    return FieldValue(m.group(1), Span(m.start(), m.end(), m.group(0)))


def _sections(lines: list[Line], length: int) -> list[Section]:
    out: list[Section] = []
    heads = [ln for ln in lines if ln.heading]
    for i, ln in enumerate(heads):
        end = heads[i + 1].start if i + 1 < len(heads) else length
        out.append(Section(ln.section or "other", Span(ln.start, end, ln.text.strip())))
    return out
