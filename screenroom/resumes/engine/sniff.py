"""Decide a file's type from its bytes; the name and the browser's content type are not trusted."""

from __future__ import annotations

import io
import zipfile

from .errors import ResumeReadError

PDF, DOCX, TXT, RTF = "pdf", "docx", "txt", "rtf"
SUPPORTED = (PDF, DOCX, TXT, RTF)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes) -> str:
    """Return one of ``SUPPORTED`` or raise ``ResumeReadError``."""
    if not data:
        raise ResumeReadError("empty", "The file is empty.")
    head = data[:1024]
    if b"%PDF-" in head:
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if data.startswith(_OLE_MAGIC):
        # Both legacy .doc and password-protected .docx live in OLE2 containers; neither has a
        # maintained pure-Python reader that we trust with untrusted input.
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in data[:65536]:
            raise ResumeReadError(
                "encrypted", "This document is password-protected. Please upload a copy without a password."
            )
        raise ResumeReadError(
            "legacy_doc",
            "Old Word (.doc) files are not supported. Please save it as PDF or DOCX and upload it again.",
        )
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{\\rtf"):
        return RTF
    if _looks_like_text(head):
        return TXT
    raise ResumeReadError(
        "unsupported_type", "This file type is not supported. Please upload a PDF, DOCX or plain-text resume."
    )


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ResumeReadError("broken", "The file appears to be damaged and could not be read.") from exc
    if "word/document.xml" in names:
        return DOCX
    if "content.xml" in names:
        raise ResumeReadError(
            "unsupported_type", "OpenDocument files are not supported. Please save it as PDF or DOCX."
        )
    raise ResumeReadError(
        "unsupported_type", "This file type is not supported. Please upload a PDF, DOCX or plain-text resume."
    )


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    try:
        sample = head.decode("utf-8")
    except UnicodeDecodeError:
        sample = head.decode("cp1252", errors="replace")
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in sample)
    return printable >= 0.95 * len(sample)
