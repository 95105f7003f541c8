"""Work history: entries, their date ranges, titles and employers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .contact import LOCATION_RE
from .dates import RANGE_RE, MonthRange, parse_range
from .layout import BULLET_RE, Line
from .model import Job, Span

_TITLE_WORDS = re.compile(
    r"\b(engineer|developer|manager|analyst|designer|scientist|lead|director|intern|consultant|specialist|"
    r"architect|administrator|coordinator|nurse|accountant|associate|assistant|representative|officer|"
    r"technician|programmer|head|vp|president|executive|supervisor|teacher|writer|editor|strategist|"
    r"recruiter|auditor|controller|clerk|driver|operator|agent|advisor|researcher|founder|cto|ceo|cfo|sre|"
    r"devops|tester|qa|bookkeeper|cashier|therapist|pharmacist|paralegal|attorney|owner|principal)s?\b",
    re.IGNORECASE,
)
_COMPANY_WORDS = re.compile(
    r"\b(inc|llc|ltd|gmbh|corp|corporation|company|group|labs?|technologies|systems|solutions|bank|"
    r"hospital|clinic|health|university|partners|agency|studio|studios|consulting|plc)\b\.?",
    re.IGNORECASE,
)
_SPLIT_RE = re.compile(r"\t+|\s+[|•·◦▪]\s+|\s+[—–-]\s+|\s+@\s+|\s+at\s+|\s*,\s+|\s{3,}")
_NUMERIC_RE = re.compile(r"[\d\s/.\-–]+")
_REMOTE_RE = re.compile(r"\(?\b(remote|hybrid|on-?site)\b\)?", re.IGNORECASE)


@dataclass
class Block:
    headers: list[Line] = field(default_factory=list)
    descriptions: list[Line] = field(default_factory=list)
    dated: bool = False

    @property
    def start(self) -> int:
        return self.headers[0].start if self.headers else self.descriptions[0].start

    @property
    def end(self) -> int:
        return max(ln.end for ln in self.headers + self.descriptions)


def blocks(lines: list[Line]) -> list[Block]:
    out: list[Block] = []
    cur: Block | None = None
    for ln in lines:
        if ln.heading:
            continue
        has_date = RANGE_RE.search(ln.text) is not None
        if ln.descriptive and not (has_date and not ln.bullet):
            if cur is not None:
                cur.descriptions.append(ln)
            continue
        if cur is None or cur.descriptions or (has_date and cur.dated):
            cur = Block()
            out.append(cur)
        cur.headers.append(ln)
        cur.dated = cur.dated or has_date
    return out


def parse_jobs(text: str, block_list: list[Block], as_of: date) -> list[tuple[Job, MonthRange, Block]]:
    jobs: list[tuple[Job, MonthRange, Block]] = []
    for block in block_list:
        for ln in block.headers:
            m = RANGE_RE.search(ln.text)
            if not m:
                continue
            rng = parse_range(m, as_of)
            if rng is None:
                continue
            title, employer = _title_employer(block, ln, m)
            dates = Span(ln.start + m.start(), ln.start + m.end(), m.group(0))
            header_end = max(h.end for h in block.headers)
            job = Job(
                title,
                employer,
                rng.iso(rng.start),
                None if rng.current else rng.iso(rng.end - 1),
                rng.current,
                rng.months,
                dates,
                Span(block.headers[0].start, header_end, text[block.headers[0].start : header_end]),
            )
            jobs.append((job, rng, block))
            break
    return jobs


def _title_employer(block: Block, date_line: Line, m: re.Match[str]) -> tuple[str | None, str | None]:
    pieces: list[str] = []
    for ln in block.headers:
        t = ln.text
        if ln is date_line:
            t = t[: m.start()] + "\t" + t[m.end() :]
        t = BULLET_RE.sub("", t)
        t = LOCATION_RE.sub("\t", t)
        t = _REMOTE_RE.sub("\t", t)
        t = t.replace("(", " ").replace(")", " ")
        for piece in _SPLIT_RE.split(t):
            piece = piece.strip(" .|–—-:")
            if len(piece) > 1 and not _NUMERIC_RE.fullmatch(piece):
                pieces.append(piece)
    title = next((p for p in pieces if _TITLE_WORDS.search(p) and not _COMPANY_WORDS.search(p)), None)
    rest = [p for p in pieces if p is not title]
    employer = next((p for p in rest if _COMPANY_WORDS.search(p)), None)
    if employer is None and rest:
        employer = rest[0]
    if title is None and len(rest) > 1:
        title = next(p for p in rest if p is not employer)
    return title, employer
