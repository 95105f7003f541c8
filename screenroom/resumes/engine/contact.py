"""Contact details: name, email, phone (E.164), location and links."""

from __future__ import annotations

import re

import phonenumbers

from .layout import BULLET_RE, Line, fields
from .model import Contact, FieldValue, Span

EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE_CANDIDATE_RE = re.compile(r"(?<![\w/])\+?\(?\d[\d\s().\-]{7,18}\d(?![\w/])")
LINK_RE = re.compile(
    r"(?:https?://[^\s,;|)]+|(?<![\w@.])(?:www\.)?(?:linkedin\.com|github\.com|gitlab\.com|behance\.net|"
    r"dribbble\.com|medium\.com|stackoverflow\.com|x\.com|twitter\.com)/[^\s,;|)]+)",
    re.IGNORECASE,
)
US_STATES = [
    "AL",
    "AK",
    "AZ",
    "AR",
    "CA",
    "CO",
    "CT",
    "DE",
    "FL",
    "GA",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "OH",
    "OK",
    "OR",
    "PA",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VT",
    "VA",
    "WA",
    "WV",
    "WI",
    "WY",
    "DC",
]
COUNTRIES = (
    "United States",
    "USA",
    "United Kingdom",
    "UK",
    "Canada",
    "Germany",
    "France",
    "Spain",
    "Netherlands",
    "Ireland",
    "Australia",
    "India",
    "Poland",
    "Portugal",
    "Italy",
    "Sweden",
    "Brazil",
    "Mexico",
    "Singapore",
    "Japan",
    "Switzerland",
    "Austria",
    "Belgium",
    "Denmark",
    "Norway",
    "Finland",
    "Israel",
    "New Zealand",
    "South Africa",
    "Nigeria",
    "Kenya",
    "Argentina",
    "Colombia",
    "Philippines",
    "Romania",
)
_CITY = r"[A-Z][a-zA-Z.'\-]+(?: [A-Z][a-zA-Z.'\-]+){0,3}"
LOCATION_RE = re.compile(
    rf"(?<![\w])({_CITY}),\s*(?:({'|'.join(US_STATES)})|({'|'.join(COUNTRIES)}))(?![\w])"
)
_LABELLED_LOCATION_RE = re.compile(r"(?:location|address|based in)\s*[:\-]?\s*([^\t\n|]+)", re.IGNORECASE)
_NAME_WORD = re.compile(
    r"^(?:[A-ZÀ-Ý][a-zà-ÿ'’\-]+|[A-ZÀ-Ý]\.|[A-ZÀ-Ý][a-zà-ÿ]+-[A-ZÀ-Ý][a-zà-ÿ]+|Mc[A-Z][a-z]+|O'[A-Z][a-z]+)$"
)
_NOT_NAME = re.compile(
    r"\b(resume|curriculum|vitae|cv|engineer|developer|manager|analyst|designer|nurse|accountant|"
    r"scientist|consultant|summary|profile|experience|education|skills|contact|street|avenue|road|"
    r"university|college|inc|llc|ltd)\b",
    re.IGNORECASE,
)
TOP_LINES = 10
_PAREN_RE = re.compile(r"\s*\([^)]*\)")


def parse_contact(text: str, lines: list[Line], region: str) -> Contact:
    contact = Contact()
    top = [ln for ln in lines[:TOP_LINES] if not ln.heading]
    contact_area = top + [ln for ln in lines[TOP_LINES:] if ln.section == "contact"]
    contact.name = _name(top, text)
    # Regexes that can start at any character are run only on lines that could match: scanning the
    # whole text with them cost more than the rest of contact parsing together.
    for ln in lines:
        if "@" in ln.text:
            m = EMAIL_RE.search(ln.text)
            if m:
                a, b = ln.start + m.start(), ln.start + m.end()
                contact.email = FieldValue(m.group(0).lower(), Span(a, b, m.group(0)))
                break
    contact.phone = _phone(text, region)
    contact.location = _location(contact_area, text)
    seen: set[str] = set()
    low = text.lower()
    has_links = any(
        k in low for k in ("http", "www.", "linkedin", "github", "gitlab", ".com/", ".net/", "x.com")
    )
    for m in LINK_RE.finditer(text) if has_links else ():
        url = m.group(0).rstrip(".")
        if url.lower() not in seen:
            seen.add(url.lower())
            contact.links.append(FieldValue(url, Span(m.start(), m.start() + len(url), url)))
    return contact


def _name(top: list[Line], text: str) -> FieldValue | None:
    for ln in top:
        labelled = re.match(r"\s*name\s*:\s*(.+)", ln.text, re.IGNORECASE)
        candidates = fields(ln.text, ln.start)
        if labelled:
            start = ln.start + labelled.start(1)
            candidates = [(start, ln.end, labelled.group(1).strip())]
        for start, _end, piece in candidates:
            piece_clean = _PAREN_RE.sub("", BULLET_RE.sub("", piece)).strip()  # "Jane Doe (she/her)"
            words = piece_clean.split()
            if (
                2 <= len(words) <= 4
                and all(_NAME_WORD.match(w) for w in words)
                and not _NOT_NAME.search(piece)
            ):
                offset = text.index(piece_clean, start)
                return FieldValue(piece_clean, Span(offset, offset + len(piece_clean), piece_clean))
    return None


def _phone(text: str, region: str) -> FieldValue | None:
    for m in _PHONE_CANDIDATE_RE.finditer(text):
        raw = m.group(0).strip()
        digits = sum(c.isdigit() for c in raw)
        if digits < 7 or digits > 15:
            continue
        if re.fullmatch(r"(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d", raw):
            continue  # a year range, not a number
        try:
            num = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(num):
            e164 = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
            return FieldValue(e164, Span(m.start(), m.end(), m.group(0)))
    return None


def _location(area: list[Line], text: str) -> FieldValue | None:
    for ln in area:
        labelled = _LABELLED_LOCATION_RE.search(ln.text)
        if labelled and not EMAIL_RE.search(labelled.group(1)):
            value = labelled.group(1).strip()
            start = ln.start + labelled.start(1)
            return FieldValue(value, Span(start, start + len(value), value))
    for ln in area:
        m = LOCATION_RE.search(ln.text)
        if m:
            start = ln.start + m.start()
            return FieldValue(m.group(0), Span(start, ln.start + m.end(), m.group(0)))
    return None
