"""Every field of the Form stage has a label; groups have legends; descriptions point at real elements."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from screenroom.portal.tests.conftest import consent_through, make_application, make_job, make_stage

pytestmark = pytest.mark.django_db

EVERY_TYPE: dict[str, Any] = {
    "intro": "All kinds of questions.",
    "questions": [
        {"id": "q_short", "type": "short_text", "label": "Your name", "help_text": "As on your ID"},
        {"id": "q_long", "type": "long_text", "label": "About you", "required": False},
        {"id": "q_num", "type": "number", "label": "Years"},
        {"id": "q_yes", "type": "yes_no", "label": "Can you lift 25 kg?"},
        {
            "id": "q_one",
            "type": "single_choice",
            "label": "Shift",
            "options": [{"label": "Day"}, {"label": "Night"}],
        },
        {
            "id": "q_many",
            "type": "multiple_choice",
            "label": "Days",
            "options": [{"label": "Sat"}, {"label": "Sun"}],
        },
        {"id": "q_date", "type": "date", "label": "Start date"},
        {"id": "q_file", "type": "file", "label": "Resume", "required": False},
    ],
}


class FormAudit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.label_for: set[str] = set()
        self.ids: set[str] = set()
        self.inputs: list[dict[str, str | None]] = []
        self.described: list[str] = []
        self.label_depth = 0
        self.fieldset_stack: list[dict[str, bool]] = []
        self.fieldsets: list[dict[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if a.get("aria-describedby"):
            self.described.extend((a["aria-describedby"] or "").split())
        if tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"] or "")
        elif tag == "fieldset":
            self.fieldset_stack.append({"legend": False, "choice": False})
        elif tag == "legend" and self.fieldset_stack:
            self.fieldset_stack[-1]["legend"] = True
        elif tag in ("input", "textarea", "select"):
            kind = a.get("type", tag)
            if kind in ("hidden", "submit", "button"):
                return
            self.inputs.append({**a, "_wrapped": "1" if self.label_depth else None, "_kind": kind})
            if kind in ("radio", "checkbox") and self.fieldset_stack:
                self.fieldset_stack[-1]["choice"] = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.label_depth -= 1
        elif tag == "fieldset":
            self.fieldsets.append(self.fieldset_stack.pop())


def audit(html: str) -> FormAudit:
    parser = FormAudit()
    parser.feed(html)
    return parser


def _stage_html(team, errors: bool) -> str:  # type: ignore[no-untyped-def]
    job = make_job(organization=team.org)
    make_stage(job=job, position=0, config=EVERY_TYPE)
    application = make_application(job=job)
    client = Client()
    stage_url = consent_through(client, application)
    response = client.post(stage_url, {"answer_q_num": "many"}) if errors else client.get(stage_url)
    return response.content.decode()


@pytest.mark.parametrize("errors", [False, True], ids=["blank", "with-errors"])
def test_every_input_has_a_label(team, errors) -> None:
    html = _stage_html(team, errors)
    result = audit(html)
    assert len(result.inputs) == 1 + 1 + 1 + 2 + 2 + 2 + 1 + 1
    for field in result.inputs:
        labelled = field["_wrapped"] or (field.get("id") and field["id"] in result.label_for)
        assert labelled, f"unlabelled {field}"
    kinds = {f["_kind"] for f in result.inputs}
    assert {"text", "textarea", "radio", "checkbox", "date", "file"} <= kinds


def test_choice_groups_sit_in_fieldsets_with_legends(team) -> None:
    result = audit(_stage_html(team, errors=False))
    groups = [f for f in result.fieldsets if f["choice"]]
    assert len(groups) == 3 and all(g["legend"] for g in groups)


def test_descriptions_and_error_links_point_at_real_elements(team) -> None:
    html = _stage_html(team, errors=True)
    result = audit(html)
    assert result.described and all(target in result.ids for target in result.described)
    assert 'aria-invalid="true"' in html
    for question in EVERY_TYPE["questions"]:
        assert f"field-{question['id']}" in result.ids
    assert 'href="#field-q_many"' in html and 'href="#field-q_long"' not in html  # optional: no error
    assert "(required)" in html


def test_portal_pages_do_not_use_the_staff_layout(team, application) -> None:
    html = Client().get(f"/c/{application.token}/").content.decode()
    assert "Log in" not in html and 'aria-label="Main"' not in html
    assert "htmx" not in html
