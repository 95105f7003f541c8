"""What extraction produces: visible text for screening, hidden text kept apart for review."""

from __future__ import annotations

from dataclasses import dataclass, field

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Limits:
    """Bounds on the work one file may cause; every one is enforced before or during parsing."""

    max_bytes: int = 10 * 1024 * 1024
    max_pages: int = 10
    max_page_side_pt: float = 3000.0  # ~42 in; real resumes are Letter/A4, posters are refused
    max_chars: int = 200_000
    max_objects_per_page: int = 50_000
    max_docx_uncompressed: int = 40 * 1024 * 1024
    max_docx_entries: int = 2_000
    max_docx_ratio: float = 200.0  # zip bombs compress far beyond ordinary XML (10-30x)
    time_limit_s: float = 10.0


DEFAULT_LIMITS = Limits()


@dataclass
class HiddenText:
    """Text present in the file that a human reader would not see."""

    text: str
    reasons: list[str]
    page: int | None = None  # 1-based; None for metadata and DOCX
    anchor: int = 0  # offset in the visible text where it sits, to show it in context
    bbox: Box | None = None
    part: str = "body"  # body | header | footer | metadata

    @property
    def in_body(self) -> bool:
        return self.part != "metadata"


@dataclass
class ExtractedDocument:
    """The text of a resume split by visibility.

    ``text`` is only what a reader sees; every evidence span in a profile indexes into it.
    """

    kind: str  # pdf | docx | txt | rtf
    text: str
    hidden: list[HiddenText] = field(default_factory=list)
    pages: int = 1
    images: int = 0
    metadata: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def hidden_body_chars(self) -> int:
        return sum(len(h.text.strip()) for h in self.hidden if h.in_body)
