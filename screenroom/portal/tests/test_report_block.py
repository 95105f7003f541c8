"""The read-only answers block the recruiter's report includes for a Form stage."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client

from screenroom.candidates.models import StageResult
from screenroom.portal.tests.conftest import FAILING_ANSWERS, consent_through

pytestmark = pytest.mark.django_db


def test_report_block_shows_question_answer_points_and_dealbreaker(team, application) -> None:
    client = Client()
    client.post(consent_through(client, application), {**FAILING_ANSWERS, "answer_q_shift": "Night"})
    stage = team.job.stages.get()
    result = StageResult.objects.get(application=application, stage=stage)
    html = render_to_string("stages/form/report.html", {"stage": stage, "result": result})
    assert "Are you authorized to work in the United States?" in html
    assert "Not met" in html and "answer must be “yes”" in html  # the dealbreaker that fired
    assert "Met" in html  # years >= 1 held
    assert "5 / 10" in html  # Night is worth 5 of a possible 10
    assert "Five years on the floor." in html


def test_report_block_before_the_candidate_answered(team) -> None:
    stage = team.job.stages.get()
    html = render_to_string("stages/form/report.html", {"stage": stage, "result": None})
    assert html.count("No answer") == 4
