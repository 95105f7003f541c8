"""The Form stage builder: every question type, dealbreakers, ordering, HTMX and plain POSTs."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from screenroom.jobs.models import Job, JobStatus, Stage
from screenroom.jobs.tests.helpers import make_job, make_stage

pytestmark = pytest.mark.django_db
HTMX: dict[str, Any] = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def stage(team) -> Stage:
    job = make_job(organization=team.org, status=JobStatus.DRAFT)
    return make_stage(job=job, position=0, config={"intro": "", "questions": []})


def create_url(stage: Stage) -> str:
    return reverse("jobs:question_create", args=[stage.job_id, stage.pk])


def update_url(stage: Stage, qid: str) -> str:
    return reverse("jobs:question_update", args=[stage.job_id, stage.pk, qid])


def questions(stage: Stage) -> list[dict[str, Any]]:
    stage.refresh_from_db()
    return stage.config["questions"]


def post_question(client: Client, url: str, htmx: bool = False, **fields: Any):
    data = {"type": "short_text", "label": "Question", "yes_points": "0", "no_points": "0", **fields}
    return client.post(url, data, **(HTMX if htmx else {}))


QUESTION_CASES = [
    ({"type": "short_text", "label": "Your current city"}, {"options": []}),
    ({"type": "long_text", "label": "Tell us about a hard shift", "required": ""}, {"required": False}),
    (
        {
            "type": "number",
            "label": "Years driving forklifts",
            "dealbreaker_min": "2",
            "dealbreaker_max": "40",
        },
        {"dealbreaker_min": 2.0, "dealbreaker_max": 40.0, "required": True},
    ),
    (
        {
            "type": "yes_no",
            "label": "Do you hold a licence?",
            "yes_points": "10",
            "dealbreaker_required_answer": "yes",
        },
        {"yes_points": 10, "no_points": 0, "dealbreaker_required_answer": "yes"},
    ),
    (
        {
            "type": "single_choice",
            "label": "Preferred shift",
            "options": "Day | 10\nNight | 5\nEither",
            "dealbreaker_accepted": "Day\nEither",
        },
        {
            "options": [
                {"label": "Day", "points": 10},
                {"label": "Night", "points": 5},
                {"label": "Either", "points": 0},
            ],
            "dealbreaker_accepted": ["Day", "Either"],
        },
    ),
    (
        {"type": "multiple_choice", "label": "Certifications", "options": "OSHA 10 | 5\nOSHA 30 | 10\nNone"},
        {
            "options": [
                {"label": "OSHA 10", "points": 5},
                {"label": "OSHA 30", "points": 10},
                {"label": "None", "points": 0},
            ]
        },
    ),
    (
        {"type": "date", "label": "Earliest start date", "help_text": "Roughly is fine"},
        {"help_text": "Roughly is fine"},
    ),
    ({"type": "file", "label": "Upload your licence", "required": ""}, {"required": False}),
]


@pytest.mark.parametrize(("fields", "expected"), QUESTION_CASES, ids=[c[0]["type"] for c in QUESTION_CASES])
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_add_every_question_type(
    stage: Stage, recruiter_client: Client, fields: dict, expected: dict, htmx: bool
) -> None:
    fields = {"required": "on", **fields}
    if fields["required"] == "":
        del fields["required"]
    response = post_question(recruiter_client, create_url(stage), htmx=htmx, **fields)
    [saved] = questions(stage)
    assert saved["type"] == fields["type"]
    assert saved["label"] == fields["label"]
    assert saved["id"].startswith("q_")
    for key, value in expected.items():
        assert saved[key] == value, key
    if htmx:
        html = response.content.decode()
        assert response.status_code == 200 and "<html" not in html
        assert 'id="builder"' in html and fields["label"] in html
    else:
        assert response.status_code == 302
        assert response["Location"].endswith(f"#question-{saved['id']}")


def test_edit_keeps_the_question_id_and_drops_settings_of_the_old_type(
    stage: Stage, recruiter_client: Client
) -> None:
    post_question(
        recruiter_client,
        create_url(stage),
        type="single_choice",
        label="Shift",
        options="Day | 5\nNight",
        dealbreaker_accepted="Day",
    )
    [before] = questions(stage)
    response = post_question(
        recruiter_client,
        update_url(stage, before["id"]),
        htmx=True,
        type="short_text",
        label="Which shift?",
        options="Day\nNight",
        dealbreaker_accepted="Day",
    )
    assert response.status_code == 200
    [after] = questions(stage)
    assert after["id"] == before["id"]
    assert (after["type"], after["label"], after["options"], after["dealbreaker_accepted"]) == (
        "short_text",
        "Which shift?",
        [],
        [],
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"type": "number", "dealbreaker_min": "10", "dealbreaker_max": "2"},
            "the minimum is above the maximum",
        ),
        (
            {"type": "single_choice", "options": "Day\nNight", "dealbreaker_accepted": "Weekend"},
            "accepts options that do not exist: [&#x27;Weekend&#x27;]",
        ),
        ({"type": "single_choice", "options": "Only one"}, "needs at least two options"),
        ({"type": "multiple_choice", "options": "A\nA"}, "has duplicate options"),
        ({"type": "single_choice", "options": "Day | lots\nNight"}, "write points as a whole number"),
        ({"type": "single_choice", "options": "Day | 500\nNight"}, "points must be between 0 and 100"),
        ({"type": "short_text", "label": ""}, "This field is required"),
        ({"type": "number", "dealbreaker_min": "ten"}, "Enter a number"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_invalid_question_shows_the_message_next_to_it_and_saves_nothing(
    stage: Stage, recruiter_client: Client, fields: dict, message: str, htmx: bool
) -> None:
    response = post_question(recruiter_client, create_url(stage), htmx=htmx, **{"label": "Shift", **fields})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert ("<html" in html) is not htmx
    # The form stays open with what the recruiter typed.
    assert 'id="question-new"' in html
    assert questions(stage) == []


def test_invalid_edit_keeps_the_question_unchanged(team, recruiter_client: Client) -> None:
    stage = team.job.stages.get()
    before = questions(stage)
    response = post_question(
        recruiter_client,
        update_url(stage, "q_years"),
        htmx=True,
        type="number",
        label="Years",
        dealbreaker_min="5",
        dealbreaker_max="1",
    )
    html = response.content.decode()
    assert "the minimum is above the maximum" in html
    assert 'id="question-q_years"' in html and "Edit question 2" in html
    assert questions(stage) == before


def test_edit_unknown_question(team, recruiter_client: Client) -> None:
    stage = team.job.stages.get()
    response = post_question(recruiter_client, update_url(stage, "q_gone"), htmx=True, label="X")
    assert "no longer exists" in response.content.decode()


def test_builder_page_shows_max_score_and_dealbreakers(team, recruiter_client: Client) -> None:
    stage = team.job.stages.get()
    html = recruiter_client.get(reverse("jobs:stage", args=[team.job.pk, stage.pk])).content.decode()
    assert "up to <strong>10</strong> points" in html  # max of the shift choice options
    assert "<strong>2</strong> dealbreakers" in html
    assert "answer must be “yes”" in html and "at least 1" in html
    assert "This job is live" in html


def test_edit_and_add_forms_open_without_js(team, recruiter_client: Client) -> None:
    stage = team.job.stages.get()
    url = reverse("jobs:stage", args=[team.job.pk, stage.pk])
    html = recruiter_client.get(url, {"edit": "q_shift"}).content.decode()
    assert "Edit question 3" in html and "Day | 10\nNight | 5\nEither | 10" in html
    html = recruiter_client.get(url, {"add": "1", "type": "yes_no"}).content.decode()
    assert 'id="question-new"' in html and '<option value="yes_no" selected>' in html
    fragment = recruiter_client.get(url, {"edit": "q_shift"}, **HTMX).content.decode()
    assert "<html" not in fragment and "Edit question 3" in fragment


def test_move_question_with_buttons(team, recruiter_client: Client) -> None:
    stage = team.job.stages.get()
    url = reverse("jobs:question_move", args=[team.job.pk, stage.pk, "q_about"])
    response = recruiter_client.post(url, {"direction": "up"}, **HTMX)
    assert "Moved the question to position 3" in response.content.decode()
    assert [q["id"] for q in questions(stage)] == ["q_auth", "q_years", "q_about", "q_shift"]
    response = recruiter_client.post(url, {"direction": "up"})
    assert response.status_code == 302
    assert [q["id"] for q in questions(stage)] == ["q_auth", "q_about", "q_years", "q_shift"]


def test_reorder_questions_by_drag(team, recruiter_client: Client) -> None:
    stage = team.job.stages.get()
    url = reverse("jobs:question_reorder", args=[team.job.pk, stage.pk])
    new = ["q_shift", "q_about", "q_auth", "q_years"]
    recruiter_client.post(url, {"order": ",".join(new)}, **HTMX)
    assert [q["id"] for q in questions(stage)] == new
    response = recruiter_client.post(url, {"order": "q_shift,q_auth"}, **HTMX)
    assert "changed in another tab" in response.content.decode()
    assert [q["id"] for q in questions(stage)] == new


def test_delete_question(team, recruiter_client: Client) -> None:
    stage = team.job.stages.get()
    url = reverse("jobs:question_delete", args=[team.job.pk, stage.pk, "q_about"])
    assert "Delete the question “Tell us about yourself”?" in recruiter_client.get(url).content.decode()
    response = recruiter_client.post(url, **HTMX)
    assert "Deleted “Tell us about yourself”" in response.content.decode()
    assert [q["id"] for q in questions(stage)] == ["q_auth", "q_years", "q_shift"]
    assert recruiter_client.post(url).status_code == 302  # already gone: a clear message, no crash


def test_live_form_keeps_its_last_question(team, recruiter_client: Client) -> None:
    stage = team.job.stages.get()
    stage.config = {"intro": "", "questions": [stage.config["questions"][0]]}
    stage.save()
    url = reverse("jobs:question_delete", args=[team.job.pk, stage.pk, "q_auth"])
    response = recruiter_client.post(url, follow=True)
    assert "needs at least one question" in response.content.decode()
    assert len(questions(stage)) == 1


def test_intro(team, recruiter_client: Client) -> None:
    stage = team.job.stages.get()
    url = reverse("jobs:stage_intro", args=[team.job.pk, stage.pk])
    recruiter_client.post(url, {"intro": "  Five quick questions.  "}, **HTMX)
    stage.refresh_from_db()
    assert stage.config["intro"] == "Five quick questions."
    response = recruiter_client.post(url, {"intro": "x" * 2001})
    assert "at most 2000 characters" in response.content.decode()


def test_viewer_reads_builder_without_controls(team, viewer_client: Client) -> None:
    stage = team.job.stages.get()
    html = viewer_client.get(
        reverse("jobs:stage", args=[team.job.pk, stage.pk]), {"edit": "q_auth"}
    ).content.decode()
    assert "Are you authorized" in html
    assert "Save question" not in html and "Add a question" not in html


def test_non_form_question_routes_are_404(team, recruiter_client: Client) -> None:
    job: Job = team.job
    other = make_stage(job=job, position=1, kind="resume", config={})
    response = recruiter_client.post(reverse("jobs:question_create", args=[job.pk, other.pk]), {"label": "x"})
    assert response.status_code == 404
