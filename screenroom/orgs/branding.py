"""Branding rules: colours that keep candidate pages readable, and logos that are safe to serve."""

import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

HEX_COLOR_RE = re.compile(r"^#[0-9a-f]{6}$")
WHITE = "#ffffff"
# WCAG 2.1 AA for normal text; candidate pages put white text on both brand colours.
MIN_CONTRAST = 4.5

LOGO_FORMATS = ("PNG", "JPEG", "WEBP")
# Checked from the header before any pixel is decoded, so a small file claiming a huge
# canvas (a decompression bomb) is refused without allocating memory for it.
LOGO_MAX_SIDE = 4096
LOGO_MAX_PIXELS = 16_000_000
# Logos show in a page header and in emails: 512 px is plenty and keeps them small.
LOGO_OUTPUT_SIDE = 512


def normalize_hex_color(value: str) -> str:
    color = value.strip().lower()
    if re.fullmatch(r"#[0-9a-f]{3}", color):
        color = "#" + "".join(ch * 2 for ch in color[1:])
    if not HEX_COLOR_RE.match(color):
        raise ValidationError("Enter a colour as #rrggbb, for example #1f4e8c.")
    return color


def relative_luminance(color: str) -> float:
    """WCAG 2.1 relative luminance of a #rrggbb colour."""

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(color[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def white_text_contrast_error(color: str, what: str) -> str | None:
    ratio = contrast_ratio(color, WHITE)
    if ratio >= MIN_CONTRAST:
        return None
    return (
        f"White text on this {what} has a contrast of {ratio:.2f}:1; candidates need at least "
        f"{MIN_CONTRAST}:1 to read it (WCAG AA). Choose a darker colour."
    )


@dataclass(frozen=True)
class ProcessedLogo:
    content: ContentFile
    width: int
    height: int


def logo_process(upload: UploadedFile) -> ProcessedLogo:
    """Verify an uploaded logo by decoding it, then re-encode it small and without metadata."""
    max_bytes: int = settings.MAX_LOGO_BYTES
    if upload.size is None or upload.size > max_bytes:
        raise ValidationError(f"The logo must be at most {max_bytes // 1024} KB.")
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(f"The logo must be at most {max_bytes // 1024} KB.")
    too_large = f"The logo's dimensions are too large; the limit is {LOGO_MAX_SIDE} pixels on a side."
    try:
        opened = Image.open(io.BytesIO(data), formats=LOGO_FORMATS)
    except Image.DecompressionBombError as exc:  # Pillow's own header check, for absurd canvases
        raise ValidationError(too_large) from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise ValidationError("The logo must be a PNG, JPEG or WebP image.") from exc
    width, height = opened.size
    if width > LOGO_MAX_SIDE or height > LOGO_MAX_SIDE or width * height > LOGO_MAX_PIXELS:
        raise ValidationError(too_large)
    try:
        opened.load()
        image: Image.Image = ImageOps.exif_transpose(opened)
        if image.mode not in ("RGB", "RGBA"):
            keeps_alpha = "A" in image.getbands() or "transparency" in image.info
            image = image.convert("RGBA" if keeps_alpha else "RGB")
        image.thumbnail((LOGO_OUTPUT_SIDE, LOGO_OUTPUT_SIDE), Image.Resampling.LANCZOS)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError("The logo file is damaged or incomplete.") from exc
    out = io.BytesIO()
    # PNG, not WebP: logos also go into emails, and several mail clients cannot show WebP.
    # Saving without exif/pnginfo drops every metadata chunk of the original.
    image.save(out, format="PNG", optimize=True)
    return ProcessedLogo(content=ContentFile(out.getvalue()), width=image.width, height=image.height)


HEADER_UNSAFE_RE = re.compile(r"[\r\n<>\x00-\x1f\x7f]")


def validate_sender_name(value: str) -> str:
    """The sender name becomes an email From display name: no header injection, no fake address."""
    name = value.strip()
    if HEADER_UNSAFE_RE.search(name):
        raise ValidationError("The sender name cannot contain line breaks, control characters, < or >.")
    if "@" in name:
        raise ValidationError("Use a name, not an email address (for example “Acme Hiring”).")
    return name
