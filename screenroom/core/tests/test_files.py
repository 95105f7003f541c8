import io
import zipfile

import pytest
from PIL import Image

from screenroom.core.files import ALLOWED_ANSWER_TYPES, sniff_type


def image_bytes(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).save(out, format=fmt)
    return out.getvalue()


def zip_bytes(names: list[str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return out.getvalue()


def test_real_images_are_recognised_by_content():
    png, jpeg = image_bytes("PNG"), image_bytes("JPEG")
    assert sniff_type(png[:16], png) == "png"
    assert sniff_type(jpeg[:16], jpeg) == "jpeg"


def test_pdf_header():
    assert sniff_type(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n") == "pdf"


def test_docx_needs_the_whole_zip_with_word_document():
    docx = zip_bytes(["[Content_Types].xml", "word/document.xml"])
    assert sniff_type(docx[:16], docx) == "docx"
    assert sniff_type(docx[:16]) is None  # the head alone cannot prove it


def test_other_zips_and_broken_zips_are_refused():
    xlsx = zip_bytes(["[Content_Types].xml", "xl/workbook.xml"])
    assert sniff_type(xlsx[:16], xlsx) is None
    broken = b"PK\x03\x04" + b"\x00" * 40
    assert sniff_type(broken[:16], broken) is None


def test_utf8_text_including_a_character_cut_by_the_head():
    text = "Résumé — Zoë Ångström, 10 years in logistics".encode()
    assert sniff_type(text) == "txt"
    cut = "abc€".encode()[:-1]  # the head ends in the middle of a 3-byte character
    assert sniff_type(cut) == "txt"


@pytest.mark.parametrize(
    "head",
    [b"\x00\x01\x02binary", b"\xff\xfe\x00\x00", b"abc\xc3\x28 invalid in the middle", b"GIF89a\x01\x00"],
    ids=["nul-bytes", "utf32-bom", "invalid-utf8", "gif"],
)
def test_binary_or_unknown_content_is_refused(head):
    assert sniff_type(head) is None


def test_a_renamed_executable_is_not_a_pdf():
    assert sniff_type(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00") is None


def test_every_detected_type_is_in_the_allowed_set():
    assert {"pdf", "docx", "png", "jpeg", "txt"} == ALLOWED_ANSWER_TYPES
