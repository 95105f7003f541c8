"""`manage.py score_answers FILE.json`: offline by default, an organization's provider with --org."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from screenroom.interviews.crypto import encrypt
from screenroom.interviews.engine.testing import ok
from screenroom.interviews.models import AICall, AIProviderSettings, ProviderKind
from screenroom.interviews.tests.conftest import STRONG_CUSTOMER

pytestmark = pytest.mark.django_db

QUESTIONS = {
    "questions": [
        {
            "id": "q1",
            "text": "Tell me about a time you solved a difficult problem for a customer.",
            "anchor_1": "Vague, no example, blames the customer.",
            "anchor_5": "A specific example with their own actions, a measurable result and follow-up.",
            "answers": [{"text": STRONG_CUSTOMER}, {"text": "Customers are annoying, I just do my job."}],
        }
    ]
}


def _run(tmp_path: Path, data: Any, *args: str) -> dict[str, Any]:
    path = tmp_path / "answers.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    out = StringIO()
    call_command("score_answers", str(path), *args, stdout=out)
    return json.loads(out.getvalue())


def test_offline_scores_with_verbatim_evidence(tmp_path: Path) -> None:
    result = _run(tmp_path, QUESTIONS)
    strong, weak = result["scores"]
    assert (strong["question_id"], strong["answer_index"]) == ("q1", 0)
    assert (weak["question_id"], weak["answer_index"]) == ("q1", 1)
    assert strong["score"] > weak["score"]
    assert strong["engine"] == "offline-rubric-v1"
    assert strong["evidence"] and all(q in STRONG_CUSTOMER for q in strong["evidence"])


def test_with_an_organizations_provider(tmp_path: Path, team: Any, fake_openai: Any) -> None:
    AIProviderSettings.objects.create(
        organization=team.org,
        provider=ProviderKind.OPENAI_COMPATIBLE,
        base_url=fake_openai.base_url,
        model="fake-gpt",
        api_key_encrypted=encrypt("sk-fake"),
    )
    fake_openai.push(
        ok({"score": 5, "evidence": ["I called the warehouse"], "rationale": "Specific."}),
        ok({"score": 1, "evidence": ["Customers are annoying"], "rationale": "Blames customers."}),
    )
    result = _run(tmp_path, QUESTIONS, "--org", str(team.org.pk))
    assert [s["score"] for s in result["scores"]] == [5, 1]
    assert result["scores"][0]["evidence"] == ["I called the warehouse"]
    assert result["scores"][0]["engine"] == "llm:openai_compatible"
    assert AICall.objects.filter(organization=team.org, purpose="command").count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "is not valid JSON"),
        ({"nope": []}, 'must be a JSON object with a "questions" list'),
        ({"questions": [{"id": "q1", "text": "x", "anchor_1": "a"}]}, "needs anchor_5"),
        (
            {"questions": [{"id": "q1", "text": "x", "anchor_1": "a", "anchor_5": "b", "answers": ["x"]}]},
            "answers must be",
        ),
    ],
)
def test_bad_input_gives_a_clear_error(tmp_path: Path, data: Any, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        _run(tmp_path, data)


def test_missing_file_and_unknown_org(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("score_answers", str(tmp_path / "missing.json"))
    with pytest.raises(CommandError, match="No organization with id 999999"):
        _run(tmp_path, QUESTIONS, "--org", "999999")
