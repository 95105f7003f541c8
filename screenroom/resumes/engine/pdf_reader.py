"""PDF text with visibility, read through PDFium's raw API.

We walk page objects rather than characters: a resume page has a few hundred text objects but
thousands of characters, and each ctypes call costs about a microsecond, so per-object checks keep
the hidden-text analysis within a small multiple of plain text extraction.
"""

from __future__ import annotations

import ctypes
import threading
import time
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from .colour import RGB, WHITE, invisible_on
from .document import Box, ExtractedDocument, HiddenText, Limits
from .errors import ResumeReadError

TINY_PT = 3.0  # below this no one reads it; real fine print is 6pt or more
_META_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer")
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass
class _TextItem:
    order: int
    box: Box
    text: str
    size: float
    reasons: list[str]
    colour: RGB


@dataclass
class _Fill:
    order: int
    box: Box
    colour: RGB


def read_pdf(data: bytes, limits: Limits, deadline: float) -> ExtractedDocument:
    pdf = _open(data)
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise ResumeReadError("broken", "The PDF has no pages.")
        if n_pages > limits.max_pages:
            raise ResumeReadError(
                "too_many_pages",
                f"The resume has {n_pages} pages; the limit is {limits.max_pages}. "
                "Please upload a shorter one.",
            )
        parts: list[str] = []
        hidden: list[HiddenText] = []
        images = 0
        length = 0
        for index in range(n_pages):
            if time.monotonic() > deadline:
                raise ResumeReadError(
                    "timeout", "The file took too long to read. Please upload a simpler PDF."
                )
            page = pdf[index]
            try:
                text, page_hidden, page_images = _read_page(page, index + 1, limits, length, deadline)
            finally:
                page.close()
            images += page_images
            hidden.extend(page_hidden)
            parts.append(text)
            length += len(text) + 1
            if length > limits.max_chars:
                raise ResumeReadError(
                    "too_long", "The resume is too long to screen. Please upload a shorter one."
                )
        meta = _metadata(pdf)
        for key, value in meta.items():
            if key in ("Title", "Subject", "Keywords") and value.strip():
                hidden.append(HiddenText(value, ["metadata"], None, 0, None, "metadata"))
        return ExtractedDocument("pdf", "\n".join(parts), hidden, n_pages, images, meta)
    finally:
        pdf.close()


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == raw.FPDF_ERR_PASSWORD:
            raise ResumeReadError(
                "encrypted", "This PDF is password-protected. Please upload a copy without a password."
            ) from exc
        if exc.err_code == raw.FPDF_ERR_SECURITY:
            raise ResumeReadError("encrypted", "This PDF uses an unsupported protection scheme.") from exc
        raise ResumeReadError(
            "broken", "The PDF appears to be damaged and could not be read. Please export it again.", str(exc)
        ) from exc


def _metadata(pdf: pdfium.PdfDocument) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in _META_KEYS:
        try:
            value = pdf.get_metadata_value(key)
        except (pdfium.PdfiumError, KeyError):
            continue
        if value:
            out[key] = value
    return out


def _read_page(
    page: pdfium.PdfPage, page_no: int, limits: Limits, offset: int, deadline: float
) -> tuple[str, list[HiddenText], int]:
    left, bottom, right, top = page.get_bbox()  # effective crop box; honours inherited boxes
    if right - left > limits.max_page_side_pt or top - bottom > limits.max_page_side_pt:
        raise ResumeReadError(
            "page_too_large",
            "A page in this PDF is far larger than a normal page. Please export it at Letter or A4 size.",
        )
    textpage = page.get_textpage()
    try:
        items: list[_TextItem] = []
        fills: list[_Fill] = []
        counter = [0, 0]  # objects seen, images seen
        page_box = (left, bottom, right, top)
        _walk(page.raw, textpage.raw, None, _IDENTITY, items, fills, counter, limits, deadline, page_box)
    finally:
        textpage.close()
    return (*_assemble(items, fills, page_no, offset), counter[1])


def _walk(
    page_raw: raw.FPDF_PAGE,
    tp: raw.FPDF_TEXTPAGE,
    form: raw.FPDF_PAGEOBJECT | None,
    outer: Matrix,
    items: list[_TextItem],
    fills: list[_Fill],
    counter: list[int],
    limits: Limits,
    deadline: float,
    page_box: Box,
) -> None:
    count = raw.FPDFFormObj_CountObjects(form) if form is not None else raw.FPDFPage_CountObjects(page_raw)
    l_, b_, r_, t_ = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    for j in range(count):
        counter[0] += 1
        if counter[0] > limits.max_objects_per_page:
            raise ResumeReadError("too_complex", "A page in this PDF is too complex to read.")
        if counter[0] % 2048 == 0 and time.monotonic() > deadline:
            raise ResumeReadError("timeout", "The file took too long to read. Please upload a simpler PDF.")
        obj = raw.FPDFFormObj_GetObject(form, j) if form is not None else raw.FPDFPage_GetObject(page_raw, j)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            raw.FPDFPageObj_GetBounds(obj, l_, b_, r_, t_)
            box = _transform((l_.value, b_.value, r_.value, t_.value), outer)
            item = _text_item(obj, tp, counter[0], box, outer, page_box)
            if item is not None:
                items.append(item)
        elif kind == raw.FPDF_PAGEOBJ_PATH:
            fill = _fill(obj, counter[0], outer, l_, b_, r_, t_)
            if fill is not None:
                fills.append(fill)
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            counter[1] += 1
        elif kind == raw.FPDF_PAGEOBJ_FORM:
            m = raw.FS_MATRIX()
            raw.FPDFPageObj_GetMatrix(obj, m)
            inner = _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer)
            _walk(page_raw, tp, obj, inner, items, fills, counter, limits, deadline, page_box)


class _Scratch:
    """ctypes out-parameters reused across objects: allocating them per call cost more than the calls."""

    def __init__(self) -> None:
        self.cap = 4096
        self.buf = (ctypes.c_ushort * self.cap)()
        self.ptr = ctypes.cast(self.buf, ctypes.POINTER(raw.FPDF_WCHAR))
        self.r, self.g, self.b, self.a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
        self.size = ctypes.c_float()
        self.m = raw.FS_MATRIX()

    def grow(self, n_bytes: int) -> None:
        self.cap = n_bytes // 2 + 1
        self.buf = (ctypes.c_ushort * self.cap)()
        self.ptr = ctypes.cast(self.buf, ctypes.POINTER(raw.FPDF_WCHAR))


_LOCAL = threading.local()


def _text_item(
    obj: raw.FPDF_PAGEOBJECT, tp: raw.FPDF_TEXTPAGE, order: int, box: Box, outer: Matrix, page_box: Box
) -> _TextItem | None:
    s: _Scratch | None = getattr(_LOCAL, "scratch", None)
    if s is None:
        s = _LOCAL.scratch = _Scratch()
    n = raw.FPDFTextObj_GetText(obj, tp, s.ptr, s.cap * 2)
    if n > s.cap * 2:
        s.grow(n)
        n = raw.FPDFTextObj_GetText(obj, tp, s.ptr, s.cap * 2)
    if n <= 2:
        return None
    text = ctypes.string_at(s.buf, n - 2).decode("utf-16-le", errors="replace")
    if not text.strip():
        return None
    reasons: list[str] = []
    mode = raw.FPDFTextObj_GetTextRenderMode(obj)
    if mode in (raw.FPDF_TEXTRENDERMODE_INVISIBLE, raw.FPDF_TEXTRENDERMODE_CLIP):
        reasons.append("invisible render mode")
    r, g, b, a = s.r, s.g, s.b, s.a
    stroked = mode in (raw.FPDF_TEXTRENDERMODE_STROKE, raw.FPDF_TEXTRENDERMODE_STROKE_CLIP)
    getter = raw.FPDFPageObj_GetStrokeColor if stroked else raw.FPDFPageObj_GetFillColor
    colour: RGB = (0, 0, 0)
    if getter(obj, r, g, b, a):
        colour = (r.value, g.value, b.value)
        if a.value == 0:
            reasons.append("transparent text")
    # The box height tracks the font size closely; ask PDFium for the exact size (two more calls) only
    # when the box is small enough that the text might be unreadably tiny.
    size = box[3] - box[1]
    if size < 2 * TINY_PT and raw.FPDFTextObj_GetFontSize(obj, s.size):
        raw.FPDFPageObj_GetMatrix(obj, s.m)
        m = s.m
        full = _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer)
        # The font size is in text space; the vertical scale of the matrix turns it into points.
        size = s.size.value * (full[2] ** 2 + full[3] ** 2) ** 0.5
        if size < TINY_PT:
            reasons.append(f"tiny font ({size:.1f}pt)")
    pl, pb, pr, pt = page_box
    x0, y0, x1, y1 = box
    if x1 <= pl or x0 >= pr or y1 <= pb or y0 >= pt:
        reasons.append("outside the page")
    return _TextItem(order, box, text, size, reasons, colour)


def _fill(
    obj: raw.FPDF_PAGEOBJECT,
    order: int,
    outer: Matrix,
    l_: ctypes.c_float,
    b_: ctypes.c_float,
    r_: ctypes.c_float,
    t_: ctypes.c_float,
) -> _Fill | None:
    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, fillmode, stroke) or fillmode.value == raw.FPDF_FILLMODE_NONE:
        return None
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not raw.FPDFPageObj_GetFillColor(obj, r, g, b, a) or a.value < 255:
        return None
    raw.FPDFPageObj_GetBounds(obj, l_, b_, r_, t_)
    box = _transform((l_.value, b_.value, r_.value, t_.value), outer)
    if (box[2] - box[0]) * (box[3] - box[1]) < 4.0:
        return None  # rules and bullets cannot hide a line of text
    return _Fill(order, box, (r.value, g.value, b.value))


def _assemble(
    items: list[_TextItem], fills: list[_Fill], page_no: int, offset: int
) -> tuple[str, list[HiddenText]]:
    out: list[str] = []
    length = 0
    hidden: list[HiddenText] = []
    prev: _TextItem | None = None
    for item in items:
        reasons = item.reasons or _background_reasons(item, fills)
        if reasons:
            hidden.append(HiddenText(item.text, reasons, page_no, offset + length, item.box))
            continue
        if prev is not None:
            sep = _separator(prev, item)
            out.append(sep)
            length += len(sep)
        out.append(item.text)
        length += len(item.text)
        prev = item
    return "".join(out), hidden


def _separator(prev: _TextItem, cur: _TextItem) -> str:
    _px0, py0, px1, py1 = prev.box
    cx0, cy0, _cx1, cy1 = cur.box
    height = max(py1 - py0, cy1 - cy0, 1.0)
    same_line = abs(cy0 - py0) < 0.5 * height and cx0 >= px1 - 1.0
    if not same_line:
        return "\n"
    gap = cx0 - px1
    if gap > 2.0 * min(prev.size, cur.size):
        return "\t"  # a wide gap on one line is a table or column boundary; keep the fields apart
    if gap > 0.15 * min(prev.size, cur.size) and not prev.text.endswith(" ") and not cur.text.startswith(" "):
        return " "
    return ""


def _background_reasons(item: _TextItem, fills: list[_Fill]) -> list[str]:
    x0, y0, x1, y1 = item.box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    background = WHITE
    for fill in fills:
        fx0, fy0, fx1, fy1 = fill.box
        if fill.order > item.order:
            if fx0 <= x0 + 0.5 and fy0 <= y0 + 0.5 and fx1 >= x1 - 0.5 and fy1 >= y1 - 0.5:
                return ["covered by a shape"]
        elif fx0 <= cx <= fx1 and fy0 <= cy <= fy1:
            background = fill.colour  # later fills paint over earlier ones, so the last one wins
    if invisible_on(item.colour, background):
        return ["same colour as background"]
    return []


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _transform(box: Box, m: Matrix) -> Box:
    if m == _IDENTITY:
        return box
    a, b, c, d, e, f = m
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[0], box[3]), (box[2], box[1]), (box[2], box[3])):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return (min(xs), min(ys), max(xs), max(ys))
