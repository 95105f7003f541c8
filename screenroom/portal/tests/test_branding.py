"""Brand colours keep WCAG AA contrast, and nothing but a colour reaches the page's <style>."""

from __future__ import annotations

import pytest

from screenroom.portal.branding import (
    NEAR_BLACK,
    WHITE,
    contrast_ratio,
    normalize_hex,
    readable_on_white,
    text_on,
    theme_css,
)


def test_contrast_ratio_matches_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(
    "background", ["#ffd400", "#1f4e8c", "#0b6e4f", "#ff0000", "#777777", "#ffffff", "#000000"]
)
def test_text_on_brand_colour_reaches_aa(background: str) -> None:
    assert contrast_ratio(text_on(background), background) >= 4.5


def test_light_brand_gets_dark_text_and_dark_brand_white_text() -> None:
    assert text_on("#ffd400") == NEAR_BLACK
    assert text_on("#1f4e8c") == WHITE


@pytest.mark.parametrize("color", ["#ffd400", "#7fd1ff", "#ff6600", "#1f4e8c"])
def test_links_in_brand_colour_stay_readable_on_white(color: str) -> None:
    assert contrast_ratio(readable_on_white(color), WHITE) >= 4.5


def test_only_hex_colours_reach_the_stylesheet() -> None:
    assert normalize_hex("#ABC", "#000000") == "#aabbcc"
    assert normalize_hex("red;}</style><script>", "#1f4e8c") == "#1f4e8c"
    css = theme_css("x</style>", "#0b6e4f")
    assert "<" not in css and "--brand-primary:#1f4e8c" in css
