"""The report block's data: the visible text with evidence marked, hidden text beside it, rule results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from screenroom.resumes.corrections import AUTHORIZATION_CHOICES, DEGREE_CHOICES, FIELDS
from screenroom.resumes.models import Resume
from screenroom.resumes.screening import RULE_LABELS

STATUS_LABELS = {"pass": "Met", "fail": "Not met", "unknown": "Could not tell"}


@dataclass
class Mark:
    start: int
    end: int
    kind: str  # evidence | injection
    label: str


@dataclass
class ResumeReport:
    resume: Resume
    profile: dict[str, Any]
    text_html: SafeString
    qualifications: list[dict[str, Any]]
    score: dict[str, Any] | None
    hidden: list[dict[str, Any]]
    injections: list[dict[str, Any]]
    review_reasons: list[str]
    warnings: list[str]
    produced_by: str
    corrections: list[Any]
    fields: list[tuple[str, str]] = field(default_factory=lambda: list(FIELDS.items()))
    degree_choices: list[tuple[str, str]] = field(default_factory=lambda: list(DEGREE_CHOICES.items()))
    authorization_choices: list[tuple[str, str]] = field(
        default_factory=lambda: list(AUTHORIZATION_CHOICES.items())
    )

    @property
    def shows_pdf(self) -> bool:
        return self.resume.kind == "pdf"


def _spans(value: Any) -> list[dict[str, Any]]:
    """Every span dict inside a JSON value (a span has start, end and text)."""
    out: list[dict[str, Any]] = []
    if isinstance(value, dict):
        if {"start", "end", "text"} <= value.keys() and isinstance(value.get("start"), int):
            out.append(value)
        else:
            for v in value.values():
                out.extend(_spans(v))
    elif isinstance(value, list):
        for v in value:
            out.extend(_spans(v))
    return out


def highlight(text: str, marks: list[Mark], anchors: dict[int, list[int]]) -> SafeString:
    """Escape the text and wrap marked ranges in <mark>; nested or overlapping ranges are merged.

    ``anchors`` puts a link to a hidden-text flag at the offset where that hidden text sits.
    """
    usable = sorted((m for m in marks if 0 <= m.start < m.end <= len(text)), key=lambda m: (m.start, -m.end))
    merged: list[Mark] = []
    for m in usable:
        if merged and m.start < merged[-1].end:
            last = merged[-1]
            last.end = max(last.end, m.end)
            if m.kind == "injection":
                last.kind = "injection"
            if m.label not in last.label:
                last.label = f"{last.label}; {m.label}"
            continue
        merged.append(Mark(m.start, m.end, m.kind, m.label))
    cuts = sorted({0, len(text), *[m.start for m in merged], *[m.end for m in merged], *anchors})
    by_start = {m.start: m for m in merged}
    parts: list[str] = []
    open_mark: Mark | None = None
    for i, a in enumerate(cuts):
        for index in anchors.get(a, []):
            parts.append(
                f'<a href="#hidden-{index}" class="hidden-anchor" title="Hidden text here">'
                f'<span aria-hidden="true">⚑</span>'
                f'<span class="visually-hidden">Hidden text {index + 1} sits here</span></a>'
            )
        if i == len(cuts) - 1:
            break
        b = cuts[i + 1]
        if open_mark is None and a in by_start:
            open_mark = by_start[a]
            parts.append(f'<mark class="{open_mark.kind}" title="{escape(open_mark.label)}">')
        parts.append(escape(text[a:b]))
        if open_mark is not None and b >= open_mark.end:
            parts.append("</mark>")
            open_mark = None
    return mark_safe("".join(parts))  # noqa: S308 - every piece of resume text above is escaped


def build(resume: Resume, evaluation: dict[str, Any]) -> ResumeReport:
    details = evaluation.get("details", {})
    profile = details.get("profile") or resume.profile
    qualifications = []
    marks: list[Mark] = []
    for q in details.get("qualifications", []):
        label = RULE_LABELS.get(q["rule"], q["rule"])
        qualifications.append(
            {**q, "label": label, "status_label": STATUS_LABELS.get(q["status"], q["status"])}
        )
        marks.extend(Mark(s["start"], s["end"], "evidence", label) for s in q.get("evidence", []))
    score = details.get("score")
    for item in (score or {}).get("items", []):
        marks.extend(
            Mark(s["start"], s["end"], "evidence", item["component"].replace("_", " "))
            for s in item.get("evidence", [])
        )
    contact = profile.get("contact", {})
    for key in ("name", "email", "phone", "location"):
        fv = contact.get(key)
        if fv:
            marks.append(Mark(fv["span"]["start"], fv["span"]["end"], "evidence", key))
    injections = details.get("injections", [])
    for flag in injections:
        if flag.get("start") is not None and flag.get("end") is not None:
            marks.append(
                Mark(flag["start"], flag["end"], "injection", f"text addressed to an AI ({flag['rule']})")
            )
    hidden = details.get("hidden_text", resume.hidden)
    anchors: dict[int, list[int]] = {}
    for i, h in enumerate(hidden):
        if h.get("part") != "metadata":
            anchors.setdefault(min(max(int(h.get("anchor") or 0), 0), len(resume.text)), []).append(i)
    return ResumeReport(
        resume=resume,
        profile=profile,
        text_html=highlight(resume.text, marks, anchors),
        qualifications=qualifications,
        score=score,
        hidden=[{**h, "index": i} for i, h in enumerate(hidden)],
        injections=injections,
        review_reasons=evaluation.get("review_reasons", []),
        warnings=details.get("warnings", []),
        produced_by=details.get("produced_by", ""),
        corrections=list(resume.corrections.all().select_related("actor")),
    )
