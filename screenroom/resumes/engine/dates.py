"""Date ranges as resumes write them, counted in months."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MON = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = (
    rf"(?:{_MON}\s*,?\s*(?:19|20)\d\d"  # Jan 2019, January, 2019
    rf"|{_MON}\s*'\d\d"  # Jan '19
    r"|(?:0?[1-9]|1[0-2])\s*[/.\-]\s*(?:19|20)\d\d"  # 01/2019, 1.2019
    r"|(?:19|20)\d\d\s*[/\-.]\s*(?:0?[1-9]|1[0-2])(?!\d)"  # 2019-01
    r"|(?:19|20)\d\d)"  # 2019
)
_PRESENT = r"(?:present|current(?:ly)?|now|today|ongoing|to date|date)"
_SEP = r"\s*(?:-|–|—|‒|―|to|until|till|through|thru|→|>)\s*"
RANGE_RE = re.compile(
    rf"(?<![\w/.\-])(?P<start>{_DATE}){_SEP}(?P<end>{_DATE}|{_PRESENT})(?![\w/])"
    rf"|(?<!\w)(?:since|from)\s+(?P<since>{_DATE})(?![\w/])",
    re.IGNORECASE,
)
YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@dataclass(frozen=True)
class MonthRange:
    start: int  # months since year 0, inclusive
    end: int  # exclusive
    current: bool
    year_only: bool

    @property
    def months(self) -> int:
        return max(0, self.end - self.start)

    def iso(self, index: int) -> str:
        return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _parse_date(text: str, is_end: bool) -> tuple[int, bool] | None:
    """Month index, and whether only the year was given."""
    t = text.strip().lower()
    m = re.match(rf"({_MON})\s*,?\s*'?(\d{{2,4}})$", t)
    if m:
        month = _MONTHS[m.group(1)[:3]]
        year = int(m.group(2))
        year = year + 2000 if year < 100 and year < 50 else (year + 1900 if year < 100 else year)
        return year * 12 + month - 1, False
    m = re.match(r"(\d{1,2})\s*[/.\-]\s*(\d{4})$", t)
    if m:
        return int(m.group(2)) * 12 + int(m.group(1)) - 1, False
    m = re.match(r"(\d{4})\s*[/.\-]\s*(\d{1,2})$", t)
    if m:
        return int(m.group(1)) * 12 + int(m.group(2)) - 1, False
    m = re.match(r"(\d{4})$", t)
    if m:
        # A year alone is counted from mid-year, so "2017 - 2019" is two years, as a reader counts it.
        return int(m.group(1)) * 12 + 6, True
    return None


def parse_range(match: re.Match[str], as_of: date) -> MonthRange | None:
    now = as_of.year * 12 + as_of.month - 1
    if match.group("since"):
        start = _parse_date(match.group("since"), False)
        if start is None:
            return None
        return MonthRange(start[0], now + 1, True, start[1])
    start = _parse_date(match.group("start"), False)
    end_text = match.group("end")
    if start is None:
        return None
    if re.fullmatch(_PRESENT, end_text.strip(), re.IGNORECASE):
        return MonthRange(start[0], now + 1, True, start[1])
    end = _parse_date(end_text, True)
    if end is None:
        return None
    year_only = start[1] and end[1]
    end_excl = end[0] if end[1] else end[0] + 1
    if end_excl <= start[0]:
        end_excl = start[0] + 6 if year_only else end_excl  # "2019 - 2019": some part of that year
    if end_excl <= start[0] or end_excl > now + 1 or start[0] < 1950 * 12:
        return None
    return MonthRange(start[0], end_excl, False, year_only)


def union_months(ranges: list[MonthRange]) -> int:
    """Months covered by at least one range: overlapping jobs count once."""
    total = 0
    cur_start = cur_end = -1
    for r in sorted(ranges, key=lambda r: r.start):
        if r.start > cur_end:
            total += cur_end - cur_start
            cur_start, cur_end = r.start, r.end
        else:
            cur_end = max(cur_end, r.end)
    total += cur_end - cur_start
    return total
