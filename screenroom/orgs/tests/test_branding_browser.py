"""The branding page in a real browser: the preview follows edits, and the contrast check speaks up."""

import io
from typing import Any

import pytest
from django.urls import reverse
from PIL import Image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_live_preview_follows_colours_welcome_and_logo(team, live_server, page: Any, tmp_path) -> None:
    client = team.client_for(team.owner)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(live_server.url + reverse("orgs:branding"))
    preview = page.locator("#brand-preview")

    page.get_by_label("Primary colour", exact=True).fill("#ffcc00")
    page.wait_for_selector("#id_primary_color_contrast.fail")
    assert "1.51:1" in page.inner_text("#id_primary_color_contrast")
    page.get_by_label("Primary colour", exact=True).fill("#14532d")
    page.wait_for_selector("#id_primary_color_contrast.pass")
    assert preview.evaluate("el => el.style.getPropertyValue('--brand-primary')") == "#14532d"
    header_bg = page.eval_on_selector("#brand-preview header", "el => getComputedStyle(el).backgroundColor")
    assert header_bg == "rgb(20, 83, 45)"

    page.get_by_label("Welcome message").fill("Hi from the browser")
    assert page.inner_text("#preview-welcome") == "Hi from the browser"

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 40), (255, 255, 255)).save(logo)
    page.set_input_files("#id_logo", str(logo))
    page.wait_for_function("!document.getElementById('preview-logo').hidden")
    # Nothing in the settings page is wider than the phone.
    assert page.evaluate("document.getElementById('main').scrollWidth") <= 390

    page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    page.get_by_role("button", name="Save branding").click()
    page.wait_for_selector("text=Branding saved")
    team.org.refresh_from_db()
    assert team.org.primary_color == "#14532d"
    assert team.org.welcome_message == "Hi from the browser"
    assert team.org.logo
    with team.org.logo.open() as stored:
        assert Image.open(io.BytesIO(stored.read())).size == (120, 40)
