"""Education, credentials, languages and work-authorization statements."""

# ruff: noqa: E501 - the regex alternations below read better unbroken than split mid-group.
from __future__ import annotations

import re

from .contact import COUNTRIES, LOCATION_RE
from .dates import YEAR_RE
from .layout import BULLET_RE, Line, fields
from .model import Credential, Education, Language, Span, WorkAuthorization
from .vocab import CERT_VOCAB, NATURAL_LANGUAGES

LEVELS = {"high_school": 1, "associate": 2, "bachelor": 3, "master": 4, "doctorate": 5}
_DEGREES: list[tuple[str, re.Pattern[str]]] = [
    ("doctorate", re.compile(r"\bPh\.?\s?D\b\.?|\bDoctor(?:ate)?(?: of [A-Z][a-z]+)?\b|\bD\.Phil\b|\bEd\.D\b|\bM\.D\.|\bJ\.D\.")),
    ("master", re.compile(
        r"\bMaster(?:'s|’s)?(?: Degree)?(?: of [A-Z][a-z]+(?: [A-Z][a-z]+)?)?|\bM\.S\.|\bM\.Sc\b\.?|\bMSc\b|\bM\.A\.|"
        r"\bMBA\b|\bM\.B\.A\.|\bM\.Eng\b\.?|\bMEng\b|\bM\.Ed\b\.?|\bMPH\b|\bLL\.M\b\.?|\bM[SA](?= (?:in|of) )|^\W*M[SA]\b"
    )),
    ("bachelor", re.compile(
        r"\bBachelor(?:'s|’s)?(?: Degree)?(?: of [A-Z][a-z]+(?: [A-Z][a-z]+)?)?|\bB\.S\.|\bB\.Sc\b\.?|\bBSc\b|\bB\.A\.|"
        r"\bB\.Eng\b\.?|\bBEng\b|\bB\.Tech\b\.?|\bBTech\b|\bB\.Com\b|\bBBA\b|\bB\.B\.A\.|\bBFA\b|\bBSN\b|\bB\.E\.|"
        r"\bB[SA](?= (?:in|of) )|^\W*B[SA]\b"
    )),
    ("associate", re.compile(r"\bAssociate(?:'s|’s)? (?:Degree|of [A-Z][a-z]+)|\bA\.A\.S?\.|\bAAS\b")),
    ("high_school", re.compile(r"\bHigh School (?:Diploma|Graduate)|\bGED\b|\bSecondary School\b|\bA-Levels?\b")),
]  # fmt: skip
_INSTITUTION_RE = re.compile(
    r"\b(University|College|Institute|School|Academy|Polytechnic|Université|Universität|Universidad|Conservatory)\b"
)
_FIELD_RE = re.compile(
    r"^[\s,.]*(?:in|of|:)?\s*(?P<field>[A-Z][A-Za-z&/ ]{2,60}?)\s*(?=$|[\t|,(;]| [—–-] |\d| at )"
)
_LICENCE_RE = re.compile(r"licen[cs]e|licensed|\bRN\b|\bCDL\b|\bLPN\b", re.IGNORECASE)

_AUTH_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("no_sponsorship_needed", re.compile(
        r"\b(?:do(?:es)? not|don't|will not|won't|never|no)\s+(?:currently\s+|now\s+or\s+in\s+the\s+future\s+)?"
        r"(?:require|need)\w*\s+(?:any\s+)?(?:visa\s+|employment\s+)?sponsorship|\bno (?:visa )?sponsorship "
        r"(?:is )?(?:required|needed)|\bwithout (?:the need for )?(?:visa )?sponsorship", re.IGNORECASE)),
    ("needs_sponsorship", re.compile(
        r"\b(?:will|would|do|does|currently|now)?\s*(?:require|need)s?\s+(?:visa\s+|H-?1B\s+|employment\s+)?"
        r"sponsorship|\bsponsorship (?:is )?required|\bseeking (?:visa )?sponsorship", re.IGNORECASE)),
    ("authorized", re.compile(
        r"\b(?:authori[sz]ed|eligible|entitled|permitted|legally able) to work in (?:the )?(?P<c1>(?-i:[A-Z][\w.]*(?: [A-Z][\w.]*)?))"
        r"|\b(?P<c2>U\.?S\.?|US|American|Canadian|British|EU|UK) citizen(?:ship)?\b|\bgreen card holder\b"
        r"|\bpermanent resident(?: of (?:the )?(?P<c3>(?-i:[A-Z][\w.]*(?: [A-Z][\w.]*)?)))?|\bright to work in (?:the )?(?P<c4>(?-i:[A-Z][\w.]*))"
        r"|\bvalid work permit\b", re.IGNORECASE)),
]  # fmt: skip
_COUNTRY_ALIASES = {
    "us": "US", "u.s.": "US", "u.s": "US", "usa": "US", "united states": "US", "american": "US",
    "uk": "UK", "united kingdom": "UK", "british": "UK", "canada": "CA", "canadian": "CA", "eu": "EU",
    "european union": "EU",
}  # fmt: skip


_KNOWN_COUNTRIES = {*_COUNTRY_ALIASES.values(), *COUNTRIES}


def normalize_country(value: str | None) -> str | None:
    if not value:
        return None
    return _COUNTRY_ALIASES.get(value.strip().lower().rstrip("."), value.strip())


def parse_education(lines: list[Line], text: str) -> list[Education]:
    scope = [ln for ln in lines if ln.section == "education" and not ln.heading] or [
        ln for ln in lines if not ln.heading and ln.section not in ("experience", "certifications")
    ]
    out: list[Education] = []
    for i, ln in enumerate(scope):
        for level, pattern in _DEGREES:
            m = pattern.search(ln.text)
            if not m:
                continue
            degree = m.group(0).strip()
            fm = _FIELD_RE.match(ln.text[m.end() :])
            field = fm.group("field").strip() if fm else None
            if field and (_INSTITUTION_RE.search(field) or field.lower() in ("degree", "in")):
                field = None
            near = scope[max(0, i - 1) : i + 2]
            institution = _institution(near, ln)
            years = [int(y) for n in near for y in YEAR_RE.findall(n.text)]
            span = Span(ln.start, ln.end, ln.text)
            out.append(
                Education(level, LEVELS[level], degree, field, institution, max(years, default=None), span)
            )
            break
    return out


def _institution(near: list[Line], degree_line: Line) -> str | None:
    ordered = [degree_line] + [n for n in near if n is not degree_line]
    for ln in ordered:
        for _, _, piece in fields(ln.text, ln.start):
            if not _INSTITUTION_RE.search(piece) or any(p.search(piece) for _, p in _DEGREES[:-1]):
                continue
            piece = LOCATION_RE.sub("", piece)
            piece = YEAR_RE.sub("", piece)
            return piece.strip(" ,–—-|()")
    return None


def parse_credentials(lines: list[Line], text: str) -> list[Credential]:
    out: list[Credential] = []
    seen: set[str] = set()
    for ln in lines:
        if ln.section != "certifications" or ln.heading:
            continue
        body = BULLET_RE.sub("", ln.text)
        start = ln.start + (len(ln.text) - len(body))
        head = re.split(r"\t| [|—–-] |,? \(?(?:19|20)\d\d", body)[0].strip(" ,;")
        if len(head) < 2:
            continue
        name = _canonical_cert(head)
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        kind = "licence" if _LICENCE_RE.search(head) else "certification"
        out.append(Credential(name, kind, Span(start, start + len(head), head)))
    for a, b, name in CERT_VOCAB.find(text):
        if name.lower() in seen or any(c.span.start <= a < c.span.end for c in out):
            continue
        seen.add(name.lower())
        kind = (
            "licence"
            if _LICENCE_RE.search(text[a:b]) or name in ("Registered Nurse", "CDL")
            else "certification"
        )
        out.append(Credential(name, kind, Span(a, b, text[a:b])))
    return out


def _canonical_cert(head: str) -> str:
    hits = CERT_VOCAB.find(head)
    if hits and hits[0][1] - hits[0][0] >= len(head) - 4:
        return hits[0][2]
    return head


_LANG_RE = re.compile(r"\b(" + "|".join(NATURAL_LANGUAGES) + r")\b")
_LEVEL_RE = re.compile(
    r"\b(native|mother tongue|bilingual|fluent|fluency|proficient|professional|advanced|intermediate|"
    r"conversational|basic|beginner|elementary|[ABC][12])\b",
    re.IGNORECASE,
)
_FLUENT_IN_RE = re.compile(
    r"\b(?:fluent|native|bilingual|proficient|conversational)\s+(?:in\s+)?(?:speaker of\s+)?("
    + "|".join(NATURAL_LANGUAGES)
    + r")\b",
    re.IGNORECASE,
)


def parse_languages(lines: list[Line], text: str) -> list[Language]:
    out: list[Language] = []
    seen: set[str] = set()
    for ln in lines:
        if ln.section != "languages" or ln.heading:
            continue
        for piece in re.finditer(r"[^,;|\t•\s][^,;|\t•]*", ln.text):
            m = _LANG_RE.search(piece.group(0))
            if not m or m.group(1) in seen:
                continue
            lv = _LEVEL_RE.search(piece.group(0))
            seen.add(m.group(1))
            s = ln.start + piece.start()
            out.append(
                Language(
                    m.group(1),
                    lv.group(1).lower() if lv else None,
                    Span(s, s + len(piece.group(0)), piece.group(0)),
                )
            )
    for m in _FLUENT_IN_RE.finditer(text):
        name = m.group(1).capitalize()
        if name not in seen:
            seen.add(name)
            level = m.group(0).split()[0].lower()
            out.append(Language(name, level, Span(m.start(), m.end(), m.group(0))))
    return out


def parse_work_authorization(text: str) -> list[WorkAuthorization]:
    out: list[WorkAuthorization] = []
    taken: list[tuple[int, int]] = []
    low = text.lower()
    has_sponsor = "sponsor" in low
    has_auth = any(
        w in low for w in ("to work in", "citizen", "green card", "permanent resident", "work permit")
    )
    for kind, pattern in _AUTH_PATTERNS:
        if not (has_auth if kind == "authorized" else has_sponsor):
            continue  # the regexes are costly to run everywhere; their anchor words are not
        for m in pattern.finditer(text):
            if any(a <= m.start() < b or a < m.end() <= b for a, b in taken):
                continue  # "do not require sponsorship" must not also count as "require sponsorship"
            country = None
            if kind == "authorized":
                country = normalize_country(next((g for g in m.groups() if g), None))
                if country is None and "green card" in m.group(0).lower():
                    country = "US"
            else:
                country = _sentence_country(text, m.start(), m.end())
            taken.append((m.start(), m.end()))
            out.append(WorkAuthorization(kind, country, Span(m.start(), m.end(), m.group(0))))
    return sorted(out, key=lambda w: w.span.start)


_IN_COUNTRY_RE = re.compile(r"\b(?:in|for|to) (?:the )?([A-Z][\w.]*(?: [A-Z][a-z]+)?)")


def _sentence_country(text: str, a: int, b: int) -> str | None:
    """The country a sponsorship statement is about: "authorized in the US and need no sponsorship"."""
    left = max(text.rfind(".", 0, a - 1), text.rfind("\n", 0, a)) + 1
    ends = [i for i in (text.find(". ", b), text.find("\n", b)) if i != -1]
    sentence = text[left : min(ends) if ends else len(text)]
    for m in _IN_COUNTRY_RE.finditer(sentence):
        country = normalize_country(m.group(1))
        if country in _KNOWN_COUNTRIES:
            return country
    return None
