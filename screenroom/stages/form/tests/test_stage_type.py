"""The Form type on the candidate side: parsing a submission and evaluating it."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from screenroom.candidates.models import Application
from screenroom.jobs.models import Stage
from screenroom.jobs.tests.helpers import make_application, make_stage
from screenroom.stages.registry import get_stage_type

FORM = get_stage_type("form")

ALL_TYPES: dict[str, Any] = {
    "intro": "",
    "questions": [
        {"id": "q_text", "type": "short_text", "label": "City"},
        {"id": "q_long", "type": "long_text", "label": "About", "required": False},
        {"id": "q_num", "type": "number", "label": "Years", "dealbreaker_min": 2, "dealbreaker_max": 30},
        {
            "id": "q_yes",
            "type": "yes_no",
            "label": "Licence?",
            "yes_points": 20,
            "dealbreaker_required_answer": "yes",
        },
        {
            "id": "q_one",
            "type": "single_choice",
            "label": "Shift",
            "options": [{"label": "Day", "points": 10}, {"label": "Night", "points": 0}],
            "dealbreaker_accepted": ["Day"],
        },
        {
            "id": "q_many",
            "type": "multiple_choice",
            "label": "Certs",
            "required": False,
            "options": [{"label": "OSHA 10", "points": 5}, {"label": "OSHA 30", "points": 15}],
        },
        {"id": "q_date", "type": "date", "label": "Start", "required": False},
        {"id": "q_file", "type": "file", "label": "Licence scan", "required": False},
    ],
}


@pytest.fixture
def setup(db: None) -> tuple[Stage, Application]:
    stage = make_stage(config=ALL_TYPES)
    return stage, make_application(job=stage.job)


def parse(setup, data: dict[str, Any], files: dict[str, Any] | None = None):
    stage, application = setup
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return FORM.parse_submission(
        stage, application, query, MultiValueDict({k: [v] for k, v in (files or {}).items()})
    )


GOOD = {
    "answer_q_text": " Reno ",
    "answer_q_num": "5",
    "answer_q_yes": "yes",
    "answer_q_one": "Day",
    "answer_q_many": ["OSHA 30", "OSHA 10"],
    "answer_q_date": "2030-01-15",
}


def test_parse_every_type(setup) -> None:
    pdf = SimpleUploadedFile("licence scan.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    submission = parse(setup, GOOD, {"answer_q_file": pdf})
    assert submission.errors == {}
    answers = submission.answers
    assert answers["q_text"] == "Reno"
    assert answers["q_num"] == 5.0
    assert answers["q_many"] == ["OSHA 10", "OSHA 30"]  # the recruiter's order
    assert answers["q_date"] == "2030-01-15"
    assert answers["q_file"]["type"] == "pdf" and answers["q_file"]["name"] == "licence_scan.pdf"
    assert "q_long" not in answers


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("answer_q_text", "", "needs an answer"),
        ("answer_q_text", "x" * 301, "under 300 characters"),
        ("answer_q_num", "five", "Enter a number"),
        ("answer_q_num", "nan", "realistic number"),
        ("answer_q_yes", "maybe", "Choose yes or no"),
        ("answer_q_one", "Weekend", "Choose one of the options"),
        ("answer_q_many", ["OSHA 40"], "Choose from the options"),
        ("answer_q_date", "15/01/2030", "YYYY-MM-DD"),
    ],
)
def test_parse_errors(setup, field: str, value: Any, message: str) -> None:
    submission = parse(setup, {**GOOD, field: value})
    qid = field.removeprefix("answer_")
    assert message in submission.errors[qid]
    assert qid not in submission.answers


def test_mistyped_upload_is_refused(setup) -> None:
    exe = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00\x03\x00\x00\x00", content_type="application/pdf")
    submission = parse(setup, GOOD, {"answer_q_file": exe})
    assert "file type is not accepted" in submission.errors["q_file"]


@pytest.mark.parametrize(
    ("raw", "number"), [("1,500", 1500.0), ("1,5", 1.5), ("2.5", 2.5), ("-3", -3.0), ("10 000", 10000.0)]
)
def test_number_formats(setup, raw: str, number: float) -> None:
    # "1,5" years is one and a half, not fifteen: it must not slip past a minimum or maximum.
    assert parse(setup, {**GOOD, "answer_q_num": raw}).answers["q_num"] == number


def test_evaluate_scores_and_passes(setup) -> None:
    stage, _ = setup
    answers = parse(setup, GOOD).answers
    evaluation = FORM.evaluate(stage, answers)
    # Earned 20 (yes) + 10 (Day) + 20 (both certs) of 20 + 10 + 20.
    assert evaluation.score == 100
    assert evaluation.failed_dealbreakers == []
    assert {d.rule_id for d in evaluation.dealbreakers} == {"q_num", "q_yes", "q_one"}
    assert evaluation.engine == "form-rules/1"


@pytest.mark.parametrize(
    ("changes", "failed"),
    [
        ({"q_num": 1.0}, {"q_num"}),
        ({"q_num": 31.0}, {"q_num"}),
        ({"q_yes": "no"}, {"q_yes"}),
        ({"q_one": "Night"}, {"q_one"}),
        ({"q_num": 1.0, "q_yes": "no"}, {"q_num", "q_yes"}),
    ],
)
def test_evaluate_dealbreakers(setup, changes: dict, failed: set) -> None:
    stage, _ = setup
    answers = {**parse(setup, GOOD).answers, **changes}
    evaluation = FORM.evaluate(stage, answers)
    assert {d.rule_id for d in evaluation.failed_dealbreakers} == failed
    fired = evaluation.failed_dealbreakers[0]
    assert fired.rule and fired.answer  # which rule, on what answer


def test_evaluate_partial_score_and_missing_dealbreaker_answer(setup) -> None:
    stage, _ = setup
    evaluation = FORM.evaluate(stage, {"q_one": "Night", "q_many": ["OSHA 10"]})
    assert evaluation.score == round(100 * 5 / 50)
    assert {d.rule_id for d in evaluation.failed_dealbreakers} == {"q_num", "q_yes", "q_one"}
    assert next(d for d in evaluation.dealbreakers if d.rule_id == "q_num").answer == "(no answer)"


def test_evaluate_without_scored_questions_has_no_score(db: None) -> None:
    stage = make_stage(config={"questions": [{"id": "q", "type": "short_text", "label": "City"}]})
    assert FORM.evaluate(stage, {"q": "Reno"}).score is None
