"""Lines, sections and bullets: the shape of a resume's visible text."""

from __future__ import annotations

import re
from dataclasses import dataclass

HEADINGS: dict[str, tuple[str, ...]] = {
    "experience": (
        "experience",
        "work experience",
        "professional experience",
        "employment",
        "employment history",
        "work history",
        "career history",
        "relevant experience",
        "professional background",
        "career",
    ),
    "education": ("education", "academic background", "education and training", "academic history"),
    "skills": (
        "skills",
        "technical skills",
        "core skills",
        "key skills",
        "core competencies",
        "competencies",
        "technologies",
        "tech stack",
        "tools",
        "skills & tools",
        "skills and tools",
        "expertise",
        "areas of expertise",
        "skills & technologies",
        "skills and technologies",
        "technical proficiencies",
    ),
    "certifications": (
        "certifications",
        "certificates",
        "licenses",
        "licences",
        "licenses & certifications",
        "certifications & licenses",
        "certifications and licenses",
        "licenses and certifications",
        "credentials",
        "certifications & licences",
        "licences & certifications",
    ),
    "languages": ("languages", "spoken languages", "language skills"),
    "summary": (
        "summary",
        "profile",
        "professional summary",
        "about",
        "about me",
        "objective",
        "career objective",
    ),
    "projects": ("projects", "selected projects", "personal projects", "key projects"),
    "contact": ("contact", "contact information", "contact details", "personal details"),
    "other": (
        "awards",
        "honors",
        "honours",
        "interests",
        "hobbies",
        "publications",
        "volunteer",
        "volunteering",
        "references",
        "activities",
        "achievements",
        "additional information",
        "work authorization",
        "authorization",
        "eligibility",
    ),
}
_HEADING_OF = {h: name for name, hs in HEADINGS.items() for h in hs}
_INLINE_RE = re.compile(
    r"^\s*("
    + "|".join(sorted((re.escape(h) for h in _HEADING_OF), key=len, reverse=True))
    + r")\s*[:：]\s*\S",
    re.IGNORECASE,
)
BULLET_RE = re.compile(r"^\s*(?:[•·‣◦▪▫■□●○◆◇►▶➢➤✓✔❖\-\*–—+>]|\d{1,2}[.)])\s+")


@dataclass
class Line:
    start: int
    end: int
    text: str
    section: str | None
    heading: bool = False

    @property
    def bullet(self) -> bool:
        return BULLET_RE.match(self.text) is not None

    @property
    def descriptive(self) -> bool:
        return self.bullet or len(self.text.split()) > 12


_NON_ALPHA = re.compile(r"[^a-z&]+")


def heading_name(text: str) -> str | None:
    if len(text) > 60 or len(text.strip()) > 45:
        return None
    norm = _NON_ALPHA.sub(" ", text.lower()).strip()
    if not norm:
        return None
    return _HEADING_OF.get(norm)


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    current: str | None = None
    for m in re.finditer(r"[^\n]+", text):
        raw = m.group(0)
        if not raw.strip():
            continue
        name = heading_name(raw.replace("\t", " "))
        if name is not None:
            current = name
            lines.append(Line(m.start(), m.end(), raw, name, True))
            continue
        inline = _INLINE_RE.match(raw)
        section = _HEADING_OF[inline.group(1).lower()] if inline else current
        lines.append(Line(m.start(), m.end(), raw, section))
    return lines


def fields(line_text: str, base: int) -> list[tuple[int, int, str]]:
    """Split a line on strong separators (tab, pipe, bullet dots, spaced dashes), keeping offsets."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for m in re.finditer(r"\t+|\s+[|•·◦▪]\s+|\s+[—–-]\s+|\s{3,}", line_text):
        _add(out, line_text, pos, m.start(), base)
        pos = m.end()
    _add(out, line_text, pos, len(line_text), base)
    return out


def _add(out: list[tuple[int, int, str]], text: str, a: int, b: int, base: int) -> None:
    piece = text[a:b]
    stripped = piece.strip(" \t|,;")
    if stripped:
        lead = piece.index(stripped[0])
        out.append((base + a + lead, base + a + lead + len(stripped), stripped))
