"""The Form type's settings: what `validate_config` accepts and the messages it gives."""

import pytest

from screenroom.core.testing.factories import form_config
from screenroom.stages.form.config import FormConfig
from screenroom.stages.registry import StageConfigError, get_stage_type


def validate(questions: list[dict], intro: str = "") -> dict:
    return get_stage_type("form").validate_config({"intro": intro, "questions": questions})


def test_factory_config_is_valid_and_keeps_ids() -> None:
    clean = get_stage_type("form").validate_config(form_config())
    assert [q["id"] for q in clean["questions"]] == ["q_auth", "q_years", "q_shift", "q_about"]


def test_new_questions_get_ids() -> None:
    [question] = validate([{"type": "short_text", "label": "City"}])["questions"]
    assert question["id"].startswith("q_")


def test_dealbreaker_questions_become_required() -> None:
    [question] = validate(
        [{"type": "yes_no", "label": "Licence?", "required": False, "dealbreaker_required_answer": "yes"}]
    )["questions"]
    assert question["required"] is True


@pytest.mark.parametrize(
    ("question", "message"),
    [
        (
            {"type": "single_choice", "label": "Shift", "options": [{"label": "Day"}]},
            "needs at least two options",
        ),
        (
            {"type": "short_text", "label": "City", "options": [{"label": "A"}, {"label": "B"}]},
            "cannot have options",
        ),
        (
            {"type": "multiple_choice", "label": "X", "options": [{"label": "A"}, {"label": "A"}]},
            "duplicate options",
        ),
        (
            {
                "type": "single_choice",
                "label": "Shift",
                "options": [{"label": "Day"}, {"label": "Night"}],
                "dealbreaker_accepted": ["Weekend"],
            },
            "accepts options that do not exist: ['Weekend']",
        ),
        (
            {"type": "yes_no", "label": "Licence?", "dealbreaker_accepted": ["yes"]},
            "apply to choice questions only",
        ),
        (
            {"type": "number", "label": "Years", "dealbreaker_min": 5, "dealbreaker_max": 1},
            "minimum is above the maximum",
        ),
        ({"type": "short_text", "label": "Years", "dealbreaker_min": 5}, "apply to number questions only"),
        (
            {"type": "number", "label": "Years", "dealbreaker_required_answer": "yes"},
            "applies to yes/no questions only",
        ),
        ({"type": "number", "label": "Years", "dealbreaker_min": "nan"}, "finite number"),
        ({"type": "short_text", "label": "   "}, "at least 1 character"),
        ({"type": "essay", "label": "Essay"}, "Input should be"),
        (
            {
                "type": "single_choice",
                "label": "X",
                "options": [{"label": "A", "points": 101}, {"label": "B"}],
            },
            "less than or equal to 100",
        ),
    ],
)
def test_invalid_questions(question: dict, message: str) -> None:
    with pytest.raises(StageConfigError) as excinfo:
        validate([question])
    assert message in str(excinfo.value)


def test_duplicate_question_ids() -> None:
    with pytest.raises(StageConfigError, match="ids must be unique"):
        validate([{"id": "q_a", "label": "One"}, {"id": "q_a", "label": "Two"}])


def test_max_points_and_dealbreaker_description() -> None:
    config = FormConfig.model_validate(form_config())
    shift = config.question("q_shift")
    years = config.question("q_years")
    assert shift is not None and years is not None
    assert shift.max_points == 10
    assert years.dealbreaker_description() == "at least 1"
    multi = FormConfig.model_validate(
        {
            "questions": [
                {
                    "type": "multiple_choice",
                    "label": "Certs",
                    "options": [{"label": "A", "points": 5}, {"label": "B", "points": 10}],
                    "dealbreaker_accepted": ["B"],
                }
            ]
        }
    ).questions[0]
    assert multi.max_points == 15
    assert multi.dealbreaker_description() == "must be one of “B”"
