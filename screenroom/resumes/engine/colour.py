"""Colour contrast, used to tell text a reader can see from text painted in the background colour."""

from __future__ import annotations

from functools import lru_cache

RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)

# WCAG contrast ratio below which text is, in practice, unreadable against its background. #EEE on
# white is 1.16 and is how "invisible" keyword stuffing is usually done; #DDD on white (1.36) is
# pale but readable, so it stays visible.
MIN_CONTRAST = 1.2


def _channel(c: int) -> float:
    v = c / 255.0
    return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4


def luminance(rgb: RGB) -> float:
    r, g, b = rgb
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: RGB, b: RGB) -> float:
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


@lru_cache(maxsize=1024)  # a page uses a handful of colour pairs, each checked per text object
def invisible_on(fg: RGB, bg: RGB) -> bool:
    return contrast(fg, bg) < MIN_CONTRAST


def parse_hex(value: str | None) -> RGB | None:
    if not value or len(value) != 6:
        return None
    try:
        return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
    except ValueError:
        return None
