"""DOCX text with visibility, read from the package XML directly.

python-docx costs ~16 ms a file and hides run formatting we need (style inheritance, shading,
tracked deletions), so we read the parts with lxml. The ZIP is checked before anything is inflated,
and every read is capped, because a DOCX is an untrusted archive.
"""

from __future__ import annotations

import contextlib
import io
import re
import time
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from .colour import BLACK, RGB, WHITE, invisible_on, parse_hex
from .document import ExtractedDocument, HiddenText, Limits
from .errors import ResumeReadError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _R, _T, _TBL, _TR, _TC = W + "p", W + "r", W + "t", W + "tbl", W + "tr", W + "tc"
_TAB, _BR, _CR, _DEL_T, _RPR, _PPR = W + "tab", W + "br", W + "cr", W + "delText", W + "rPr", W + "pPr"
_TXBX = W + "txbxContent"
TINY_HALF_POINTS = 6  # w:sz counts half-points: 6 is 3pt
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_BOMB = "The document is malformed or unusually large and could not be read safely."


@dataclass
class _Props:
    vanish: bool | None = None
    colour: RGB | None = None
    size: int | None = None
    shade: RGB | None = None

    def over(self, base: _Props) -> _Props:
        return _Props(
            self.vanish if self.vanish is not None else base.vanish,
            self.colour if self.colour is not None else base.colour,
            self.size if self.size is not None else base.size,
            self.shade if self.shade is not None else base.shade,
        )


@dataclass
class _Out:
    lines: list[str] = field(default_factory=list)
    hidden: list[HiddenText] = field(default_factory=list)
    length: int = 0
    part: str = "body"


def read_docx(data: bytes, limits: Limits, deadline: float) -> ExtractedDocument:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ResumeReadError("broken", "The document appears to be damaged and could not be read.") from exc
    with zf:
        infos = zf.infolist()
        _check_archive(infos, limits)
        budget = [limits.max_docx_uncompressed]
        names = {i.filename for i in infos}
        styles = _styles(_read(zf, "word/styles.xml", budget)) if "word/styles.xml" in names else {}
        out = _Out()
        headers = sorted(n for n in names if re.fullmatch(r"word/header\d*\.xml", n))
        footers = sorted(n for n in names if re.fullmatch(r"word/footer\d*\.xml", n))
        seen: set[str] = set()
        for part, kind in [*((h, "header") for h in headers), ("word/document.xml", "body")] + [
            (f, "footer") for f in footers
        ]:
            if time.monotonic() > deadline:
                raise ResumeReadError("timeout", "The file took too long to read.")
            root = _xml(_read(zf, part, budget))
            out.part = kind
            before = len(out.lines)
            _walk(root, styles, _Props(), out, limits)
            block = "\n".join(out.lines[before:])
            if kind != "body" and block in seen:
                del out.lines[before:]  # first-page and default headers usually repeat the same text
                out.length = sum(len(x) + 1 for x in out.lines)
            seen.add(block)
        images = sum(1 for n in names if n.startswith("word/media/"))
        meta = _core_metadata(zf, names, budget)
        for key in ("title", "subject", "keywords", "description"):
            if meta.get(key, "").strip():
                out.hidden.append(HiddenText(meta[key], ["metadata"], None, 0, None, "metadata"))
        text = "\n".join(out.lines)
        if len(text) > limits.max_chars:
            raise ResumeReadError(
                "too_long", "The resume is too long to screen. Please upload a shorter one."
            )
        return ExtractedDocument("docx", text, out.hidden, 1, images, meta)


def _check_archive(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_docx_entries:
        raise ResumeReadError("too_complex", _BOMB)
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1_000_000 and ratio > limits.max_docx_ratio:
            raise ResumeReadError("zip_bomb", _BOMB, f"{info.filename} ratio {ratio:.0f}")
    if total > limits.max_docx_uncompressed:
        raise ResumeReadError("zip_bomb", _BOMB, f"{total} bytes uncompressed")


def _read(zf: zipfile.ZipFile, name: str, budget: list[int]) -> bytes:
    # Sizes in the ZIP directory can lie, so the inflated stream itself is capped.
    try:
        with zf.open(name) as fh:
            data = fh.read(budget[0] + 1)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError) as exc:
        raise ResumeReadError("broken", "The document appears to be damaged and could not be read.") from exc
    budget[0] -= len(data)
    if budget[0] < 0:
        raise ResumeReadError("zip_bomb", _BOMB)
    return data


def _xml(data: bytes) -> etree._Element:
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ResumeReadError("broken", "The document appears to be damaged and could not be read.") from exc


def _props(rpr: etree._Element | None) -> _Props:
    p = _Props()
    if rpr is None:
        return p
    for child in rpr:
        tag = child.tag
        if tag == W + "vanish":
            p.vanish = child.get(W + "val", "true") not in ("0", "false", "off")
        elif tag == W + "color":
            val = child.get(W + "val")
            p.colour = BLACK if val == "auto" else parse_hex(val)
        elif tag == W + "sz":
            with contextlib.suppress(ValueError):
                p.size = int(child.get(W + "val", ""))
        elif tag == W + "shd":
            p.shade = parse_hex(child.get(W + "fill"))
        elif tag == W + "highlight":
            p.shade = _HIGHLIGHTS.get(child.get(W + "val", ""), p.shade)
    return p


_HIGHLIGHTS: dict[str, RGB | None] = {"black": (0, 0, 0), "white": WHITE, "yellow": (255, 255, 0)}


def _styles(data: bytes) -> dict[str, _Props]:
    root = _xml(data)
    raw: dict[str, tuple[_Props, str | None]] = {}
    default = _Props()
    rpr_default = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    if rpr_default is not None:
        default = _props(rpr_default)
    for style in root.iter(W + "style"):
        sid = style.get(W + "styleId")
        if not sid:
            continue
        based = style.find(W + "basedOn")
        raw[sid] = (_props(style.find(_RPR)), based.get(W + "val") if based is not None else None)
    resolved: dict[str, _Props] = {"": default}

    def resolve(sid: str, depth: int = 0) -> _Props:
        if sid in resolved:
            return resolved[sid]
        own, parent = raw.get(sid, (_Props(), None))
        base = resolve(parent, depth + 1) if parent and depth < 20 else default
        resolved[sid] = own.over(base)
        return resolved[sid]

    for sid in raw:
        resolve(sid)
    return resolved


def _walk(el: etree._Element, styles: dict[str, _Props], ctx: _Props, out: _Out, limits: Limits) -> None:
    for child in el:
        tag = child.tag
        if tag == _P:
            _paragraph(child, styles, ctx, out)
        elif tag == _TBL:
            _table(child, styles, ctx, out, limits)
        elif isinstance(tag, str) and tag != W + "sectPr":
            _walk(child, styles, ctx, out, limits)  # w:body, w:sdt, w:sdtContent, w:customXml ...
        if out.length > limits.max_chars:
            raise ResumeReadError(
                "too_long", "The resume is too long to screen. Please upload a shorter one."
            )


def _table(tbl: etree._Element, styles: dict[str, _Props], ctx: _Props, out: _Out, limits: Limits) -> None:
    for row in tbl.iter(_TR):
        if row.getparent() is not tbl:
            continue
        cells = [c for c in row if c.tag == _TC]
        simple = all(sum(1 for x in c if x.tag in (_P, _TBL)) <= 1 for c in cells)
        texts: list[str] = []
        for cell in cells:
            shd = cell.find(f"{W}tcPr/{W}shd")
            cell_ctx = ctx
            if shd is not None and parse_hex(shd.get(W + "fill")):
                cell_ctx = _Props(shade=parse_hex(shd.get(W + "fill"))).over(ctx)
            if simple:
                sub = _Out(part=out.part)
                sub.length = out.length
                _walk(cell, styles, cell_ctx, sub, limits)
                out.hidden.extend(sub.hidden)
                texts.append(" ".join(sub.lines).strip())
            else:
                # Layout tables (sidebar | main column) read best one cell at a time.
                _walk(cell, styles, cell_ctx, out, limits)
        if simple and any(texts):
            _emit(out, "\t".join(texts))


def _emit(out: _Out, line: str) -> None:
    out.lines.append(line)
    out.length += len(line) + 1


def _paragraph(p: etree._Element, styles: dict[str, _Props], ctx: _Props, out: _Out) -> None:
    ppr = p.find(_PPR)
    para = ctx
    if ppr is not None:
        pstyle = ppr.find(W + "pStyle")
        if pstyle is not None:
            para = styles.get(pstyle.get(W + "val", ""), _Props()).over(para)
        shd = ppr.find(W + "shd")
        if shd is not None and parse_hex(shd.get(W + "fill")):
            para = _Props(shade=parse_hex(shd.get(W + "fill"))).over(para)
    para = para.over(styles.get("", _Props()))
    visible: list[str] = []
    boxes: list[etree._Element] = []
    for run in _runs(p, boxes):
        rpr = run.find(_RPR)
        props = _props(rpr)
        if rpr is not None:
            rstyle = rpr.find(W + "rStyle")
            if rstyle is not None:
                props = props.over(styles.get(rstyle.get(W + "val", ""), _Props()))
        props = props.over(para)
        text, deleted = _run_text(run)
        if not text:
            continue
        reasons = _reasons(props)
        if deleted:
            reasons.append("tracked deletion")
        if reasons and text.strip():
            anchor = out.length + sum(len(v) for v in visible)
            out.hidden.append(HiddenText(text, reasons, None, anchor, None, out.part))
        elif not reasons:
            visible.append(text)
    line = "".join(visible)
    if line.strip():
        _emit(out, line)
    for box in boxes:
        _walk(box, styles, ctx, out, _NO_LIMITS)


def _runs(el: etree._Element, boxes: list[etree._Element]) -> list[etree._Element]:
    found: list[etree._Element] = []
    for child in el:
        tag = child.tag
        if tag == _R:
            found.append(child)
            for box in child.iter(_TXBX):
                boxes.append(box)  # text boxes are read after their anchoring paragraph
        elif tag in (_PPR, _P) or not isinstance(tag, str):
            continue
        else:
            found.extend(_runs(child, boxes))  # w:hyperlink, w:ins, w:del, w:smartTag, w:fldSimple ...
    return found


def _run_text(run: etree._Element) -> tuple[str, bool]:
    parts: list[str] = []
    deleted = False
    for child in run:
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _DEL_T:
            parts.append(child.text or "")
            deleted = True
        elif tag == _TAB:
            parts.append("\t")
        elif tag in (_BR, _CR):
            parts.append(" ")
    return "".join(parts), deleted


def _reasons(props: _Props) -> list[str]:
    reasons: list[str] = []
    if props.vanish:
        reasons.append("hidden text (w:vanish)")
    if props.size is not None and props.size < TINY_HALF_POINTS:
        reasons.append(f"tiny font ({props.size / 2:.1f}pt)")
    colour = props.colour or BLACK
    if invisible_on(colour, props.shade or WHITE):
        reasons.append("same colour as background")
    return reasons


def _core_metadata(zf: zipfile.ZipFile, names: set[str], budget: list[int]) -> dict[str, str]:
    if "docProps/core.xml" not in names:
        return {}
    root = _xml(_read(zf, "docProps/core.xml", budget))
    meta: dict[str, str] = {}
    for child in root:
        if isinstance(child.tag, str) and child.text and child.text.strip():
            meta[etree.QName(child).localname] = child.text.strip()
    return meta


_NO_LIMITS = Limits(max_chars=10**9)
