"""Remove identity and demographic cues before a model scores a resume.

Name-based bias in model ranking is documented, so the model sees neither the name nor anything that
stands in for it: contact details, address, photo, pronouns, and graduation years (a proxy for age).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from .contact import EMAIL_RE, LINK_RE, LOCATION_RE
from .dates import YEAR_RE
from .model import Profile

_PRONOUNS_RE = re.compile(
    r"\(?\b(?:pronouns?\s*:?\s*)?(?:he/him(?:/his)?|she/her(?:/hers)?|they/them(?:/theirs)?|"
    r"he/they|she/they|xe/xem|ze/hir)\b\)?|\bpronouns?\s*:\s*\S+",
    re.IGNORECASE,
)
_GENDERED_RE = re.compile(r"\b(?:he|she|him|her|his|hers|himself|herself|mr|mrs|ms|miss)\b\.?", re.IGNORECASE)
_PHONE_RE = re.compile(r"\+?\(?\d[\d\s().\-]{7,18}\d")
_STREET_RE = re.compile(
    r"\b\d{1,6}\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,4}\s+(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Lane|Ln|Dr|Drive|Way|Ct|Court)\b\.?[^\n]*",
)


@dataclass
class Redacted:
    profile: Profile
    text: str
    removed: list[str]  # kinds removed, for the audit trail


def redact(profile: Profile, text: str) -> Redacted:
    """A copy of the profile without identity fields, and the text with them replaced by placeholders."""
    p = copy.deepcopy(profile)
    removed: list[str] = []
    spans: list[tuple[int, int, str]] = []
    c = p.contact
    for kind, fv in (("name", c.name), ("email", c.email), ("phone", c.phone), ("location", c.location)):
        if fv is not None:
            spans.append((fv.span.start, fv.span.end, f"[{kind.upper()}]"))
            removed.append(kind)
    for link in c.links:
        spans.append((link.span.start, link.span.end, "[LINK]"))
    if c.links:
        removed.append("links")
    for edu in p.education:
        for m in YEAR_RE.finditer(edu.span.text):
            spans.append((edu.span.start + m.start(), edu.span.start + m.end(), "[YEAR]"))
        edu.year = None
    if p.education:
        removed.append("graduation_years")
    p.contact = type(c)()
    out = _apply(text, spans)
    name_parts = [
        w for w in (profile.contact.name.value.split() if profile.contact.name else []) if len(w) > 1
    ]
    for word in name_parts:
        out = re.sub(rf"\b{re.escape(word)}\b", "[NAME]", out)
    for pattern, label, kind in (
        (EMAIL_RE, "[EMAIL]", "email"),
        (LINK_RE, "[LINK]", "links"),
        (_STREET_RE, "[ADDRESS]", "address"),
        (_PRONOUNS_RE, "", "pronouns"),
        (_GENDERED_RE, "[PRONOUN]", "pronouns"),
        (_PHONE_RE, "[PHONE]", "phone"),
    ):
        out, n = pattern.subn(label, out)
        if n and kind not in removed:
            removed.append(kind)
    lines = out.split("\n")
    head = "\n".join(lines[:10])
    head, n = LOCATION_RE.subn("[LOCATION]", head)
    if n and "location" not in removed:
        removed.append("location")
    out = "\n".join([head, *lines[10:]])
    removed.append("photo")  # images are never passed on; only text leaves this function
    return Redacted(p, out, removed)


def _apply(text: str, spans: list[tuple[int, int, str]]) -> str:
    out = text
    for a, b, label in sorted(spans, reverse=True):
        out = out[:a] + label + out[b:]
    return out
