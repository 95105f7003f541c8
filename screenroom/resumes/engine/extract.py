"""Turn resume bytes into an ``ExtractedDocument``: visible text plus the hidden text kept apart."""

from __future__ import annotations

import time
from pathlib import Path

from .document import DEFAULT_LIMITS, ExtractedDocument, Limits
from .errors import ResumeReadError
from .sniff import DOCX, PDF, RTF, sniff

# One-for-one replacements only, so offsets recorded by the readers stay valid.
_SAME_WIDTH = (
    ("\u00a0", " "),
    ("\u2007", " "),
    ("\u202f", " "),
    ("\r", "\n"),
    ("\u2028", "\n"),
    ("\f", "\n"),
)


def extract_bytes(data: bytes, limits: Limits = DEFAULT_LIMITS) -> ExtractedDocument:
    """Read a resume of any supported type. Raises ``ResumeReadError`` with a user-facing message.

    The time limit is checked between pages and objects; it cannot interrupt a native parser that
    hangs inside one call, so workers handling uploads should use ``isolate.extract_isolated``.
    """
    if len(data) > limits.max_bytes:
        raise ResumeReadError(
            "too_large",
            f"The file is larger than {limits.max_bytes // (1024 * 1024)} MB. Please upload a smaller one.",
        )
    kind = sniff(data)
    deadline = time.monotonic() + limits.time_limit_s
    if kind == PDF:
        from .pdf_reader import read_pdf

        doc = read_pdf(data, limits, deadline)
    elif kind == DOCX:
        from .docx_reader import read_docx

        doc = read_docx(data, limits, deadline)
    elif kind == RTF:
        doc = _read_rtf(data, limits)
    else:
        doc = ExtractedDocument("txt", _decode(data)[: limits.max_chars])
    for old, new in _SAME_WIDTH:
        if old in doc.text:  # str.translate with a dict is slow; these characters are rare
            doc.text = doc.text.replace(old, new)
    if not doc.text.strip():
        doc.warnings.append("no_visible_text")
    return doc


def extract_path(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> ExtractedDocument:
    p = Path(path)
    if p.stat().st_size > limits.max_bytes:
        raise ResumeReadError(
            "too_large",
            f"The file is larger than {limits.max_bytes // (1024 * 1024)} MB. Please upload a smaller one.",
        )
    return extract_bytes(p.read_bytes(), limits)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_rtf(data: bytes, limits: Limits) -> ExtractedDocument:
    from striprtf.striprtf import rtf_to_text

    try:
        text = rtf_to_text(_decode(data), errors="ignore")
    except (ValueError, IndexError) as exc:
        raise ResumeReadError("broken", "The RTF file appears to be damaged and could not be read.") from exc
    # striprtf keeps no formatting, so RTF hidden text (\v) cannot be told apart: say so on the report.
    return ExtractedDocument("rtf", text[: limits.max_chars], warnings=["visibility_not_checked"])
