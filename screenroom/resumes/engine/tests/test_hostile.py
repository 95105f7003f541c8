"""Hostile and broken files end in a clear ResumeReadError, never a crash or a hang."""

from __future__ import annotations

import time

import pytest

from screenroom.resumes.engine import Limits, ResumeReadError, extract_bytes, extract_isolated, sniff

from . import corpus as c


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (c.zip_bomb_docx, "zip_bomb"),
        (c.lying_zip_docx, "broken"),
        (c.encrypted_pdf, "encrypted"),
        (c.truncated_pdf, "broken"),
        (c.huge_page_pdf, "page_too_large"),
        (c.many_pages_pdf, "too_many_pages"),
    ],
)
def test_hostile_file_is_refused_with_a_clear_code(make: object, code: str) -> None:
    assert callable(make)
    t0 = time.monotonic()
    with pytest.raises(ResumeReadError) as info:
        extract_bytes(make())
    assert info.value.code == code
    assert info.value.message and "Traceback" not in info.value.message
    assert time.monotonic() - t0 < 5


def test_lying_zip_headers_never_inflate_past_the_cap() -> None:
    # zipfile stops at the declared size and then fails the CRC, so a lying bomb reads as broken;
    # the cap is a second line of defence should that behaviour ever change.
    import io
    import zipfile

    data = c.lying_zip_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert max(i.file_size for i in zf.infolist()) < 2000  # the directory lies
    with pytest.raises(ResumeReadError) as info:
        extract_bytes(data, Limits(max_docx_uncompressed=5 * 1024 * 1024))
    assert info.value.code in ("zip_bomb", "broken")


def test_size_limit() -> None:
    with pytest.raises(ResumeReadError) as info:
        extract_bytes(c.simple_pdf(), Limits(max_bytes=100))
    assert info.value.code == "too_large"


def test_time_limit_is_enforced() -> None:
    with pytest.raises(ResumeReadError) as info:
        extract_bytes(c.simple_pdf(), Limits(time_limit_s=-1))
    assert info.value.code == "timeout"


def test_isolated_extraction_returns_and_times_out() -> None:
    doc = extract_isolated(c.simple_pdf("Jane Doe"))
    assert "Jane Doe" in doc.text
    with pytest.raises(ResumeReadError) as info:
        extract_isolated(c.encrypted_pdf())
    assert info.value.code == "encrypted"
    with pytest.raises(ResumeReadError) as info:
        extract_isolated(c.simple_pdf(), timeout_s=0.0)
    assert info.value.code == "timeout"


def test_sniff_uses_content_not_names() -> None:
    assert sniff(c.simple_pdf()) == "pdf"
    assert sniff(b"Jane Doe\nPython developer\n") == "txt"
    assert sniff(b"{\\rtf1\\ansi Jane Doe}") == "rtf"
    with pytest.raises(ResumeReadError) as info:
        sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert info.value.code == "legacy_doc"
    with pytest.raises(ResumeReadError) as info:
        sniff(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    assert info.value.code == "unsupported_type"
    with pytest.raises(ResumeReadError):
        sniff(b"")


def test_txt_and_rtf_are_read() -> None:
    txt = extract_bytes("Jane Doe\njane@example.com\n".encode("utf-16"))
    assert "jane@example.com" in txt.text
    rtf = extract_bytes(b"{\\rtf1\\ansi {\\b Jane Doe}\\par Python developer\\par}")
    assert "Jane Doe" in rtf.text and "Python developer" in rtf.text
    assert "visibility_not_checked" in rtf.warnings
