"""The builder in a real browser: type-specific fields, HTMX saves, buttons and drag to reorder."""

from typing import Any

import pytest
from django.urls import reverse

from screenroom.jobs.models import Stage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_build_a_form_in_the_browser(team, live_server, page: Any) -> None:
    client = team.client_for(team.recruiter)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    stage: Stage = team.job.stages.get()
    page.goto(live_server.url + reverse("jobs:stage", args=[team.job.pk, stage.pk]))

    page.select_option("#add-type", "single_choice")
    page.click("text=Add a question")
    page.wait_for_selector("#question-new form")
    form = page.locator("#question-new form")
    # Only the settings that fit a choice question are shown.
    assert form.locator("[data-for-types='single_choice multiple_choice']").is_visible()
    assert not form.locator("[data-for-types='number']").is_visible()
    form.get_by_label("Question", exact=True).fill("Forklift class")
    form.get_by_label("Options, one per line", exact=False).fill("Class I | 10\nClass IV")
    form.get_by_label("Dealbreaker: must be one of", exact=False).fill("Class V")
    form.get_by_role("button", name="Save question").click()
    page.wait_for_selector("text=accepts options that do not exist")
    page.locator("#question-new").get_by_label("Dealbreaker: must be one of", exact=False).fill("Class I")
    page.locator("#question-new").get_by_role("button", name="Save question").click()
    page.wait_for_selector("text=Added “Forklift class”")
    ids = lambda: page.eval_on_selector_all(".question-list > li", "els => els.map(e => e.dataset.id)")  # noqa: E731
    assert len(ids()) == 5

    # Keyboard users: the Up button, and focus stays on it after the swap.
    page.focus(f"#question-{ids()[4]}-up")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Moved the question to position 4")
    assert page.evaluate("document.activeElement.id").endswith("-up")

    # Drag the last question to the top.
    before = ids()
    source = page.locator(".question-list > li").nth(4).locator(".handle").bounding_box()
    target = page.locator(".question-list > li").nth(0).bounding_box()
    page.mouse.move(source["x"] + 2, source["y"] + 2)
    page.mouse.down()
    page.mouse.move(target["x"] + 10, target["y"] + 5, steps=20)
    page.mouse.up()
    page.wait_for_selector("text=Saved the new order")
    stage.refresh_from_db()
    saved = [q["id"] for q in stage.config["questions"]]
    # Where exactly SortableJS drops depends on timing under load; what matters is that the dragged
    # question moved up and the server saved exactly the order the page shows.
    assert saved.index(before[4]) < 4 and sorted(saved) == sorted(before)
    assert saved == ids()
