"""The organization's colours as CSS custom properties, with text colours that keep WCAG AA contrast."""

from __future__ import annotations

import re

HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
WHITE = "#ffffff"
NEAR_BLACK = "#111418"
BLACK = "#000000"
AA_NORMAL_TEXT = 4.5
FALLBACK_PRIMARY = "#1f4e8c"
FALLBACK_ACCENT = "#0b6e4f"


def normalize_hex(value: str, fallback: str) -> str:
    """A safe `#rrggbb` (the value ends up inside a <style> block, so nothing else may pass)."""
    match = HEX.match((value or "").strip())
    if not match:
        return fallback
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits.lower()


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def relative_luminance(color: str) -> float:
    """WCAG 2.1 relative luminance of a `#rrggbb` colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = _rgb(color)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: str, b: str) -> float:
    la, lb = relative_luminance(a), relative_luminance(b)
    lighter, darker = max(la, lb), min(la, lb)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(background: str) -> str:
    """White or near-black, whichever reads better on the background.

    On mid-tones neither may reach AA; pure black then does (white or black always reaches 4.58:1).
    """
    best = max((WHITE, NEAR_BLACK), key=lambda text: contrast_ratio(text, background))
    if contrast_ratio(best, background) >= AA_NORMAL_TEXT:
        return best
    return max((WHITE, BLACK), key=lambda text: contrast_ratio(text, background))


def readable_on_white(color: str) -> str:
    """The colour itself if it is readable as text on white, else a darker shade of it that is."""
    r, g, b = _rgb(color)
    for step in range(21):
        factor = 1 - step * 0.05
        shade = f"#{round(r * factor):02x}{round(g * factor):02x}{round(b * factor):02x}"
        if contrast_ratio(shade, WHITE) >= AA_NORMAL_TEXT:
            return shade
    return NEAR_BLACK


def theme_css(primary: str, accent: str) -> str:
    """The `:root` custom properties for a candidate page (Pico's variables included)."""
    primary = normalize_hex(primary, FALLBACK_PRIMARY)
    accent = normalize_hex(accent, FALLBACK_ACCENT)
    primary_text = readable_on_white(primary)
    accent_text = readable_on_white(accent)
    on_primary = text_on(primary)
    on_accent = text_on(accent)
    variables = {
        "--brand-primary": primary,
        "--brand-on-primary": on_primary,
        "--brand-primary-text": primary_text,
        "--brand-accent": accent,
        "--brand-on-accent": on_accent,
        "--brand-accent-text": accent_text,
        "--pico-primary": primary_text,
        "--pico-primary-hover": primary_text,
        "--pico-primary-background": primary,
        "--pico-primary-border": primary,
        "--pico-primary-hover-background": primary,
        "--pico-primary-hover-border": primary_text,
        "--pico-primary-inverse": on_primary,
        "--pico-primary-focus": f"{primary_text}66",
        "--pico-primary-underline": f"{primary_text}80",
    }
    body = "".join(f"{name}:{value};" for name, value in variables.items())
    # Same specificity as Pico's light-theme rule and later in the page, so these win.
    return f":root[data-theme=light]{{{body}}}"
