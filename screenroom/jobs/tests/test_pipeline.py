"""The pipeline page: add, rename, enforce switch, reorder (drag and buttons), delete."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from screenroom.candidates.models import StageResult
from screenroom.jobs.models import Job, JobStatus, Stage
from screenroom.jobs.tests.helpers import make_application, make_job, make_stage

pytestmark = pytest.mark.django_db
HTMX: dict[str, Any] = {"HTTP_HX_REQUEST": "true"}


def positions(job: Job) -> list[tuple[str, int]]:
    return list(job.stages.order_by("position").values_list("name", "position"))


@pytest.fixture
def job(team) -> Job:
    job = make_job(organization=team.org, status=JobStatus.DRAFT)
    for index, name in enumerate(["Basics", "Experience", "Availability"]):
        make_stage(job=job, position=index, name=name)
    return job


def test_pipeline_lists_stages_and_stage_types(team, job: Job, recruiter_client: Client) -> None:
    html = recruiter_client.get(reverse("jobs:pipeline", args=[job.pk])).content.decode()
    assert html.index("Basics") < html.index("Experience") < html.index("Availability")
    assert "A questionnaire: short answers" in html  # the registry's description of Form
    assert 'data-reorder-url="' in html
    assert "Enforce criteria" in html


def test_pipeline_query_count_does_not_grow_with_stages(
    team, job: Job, recruiter_client: Client, django_assert_max_num_queries
) -> None:
    url = reverse("jobs:pipeline", args=[job.pk])
    application = make_application(job=job)
    StageResult.objects.create(application=application, stage=job.stages.get(name="Basics"))
    recruiter_client.get(url)  # warm caches (templates, content types)
    with django_assert_max_num_queries(6):
        response = recruiter_client.get(url)
    assert "1 candidate reached it" in response.content.decode()
    for index in range(3, 23):
        make_stage(job=job, position=index, name=f"Stage {index}")
    with django_assert_max_num_queries(6):
        recruiter_client.get(url)


def test_add_stage_without_js_goes_to_its_builder(job: Job, recruiter_client: Client) -> None:
    response = recruiter_client.post(
        reverse("jobs:stage_add", args=[job.pk]), {"kind": "form", "name": "Licences"}
    )
    stage = job.stages.get(name="Licences")
    assert response["Location"] == reverse("jobs:stage", args=[job.pk, stage.pk])
    assert stage.position == 3
    assert stage.config == {"intro": "", "questions": []}


def test_add_stage_htmx_returns_the_pipeline(job: Job, recruiter_client: Client) -> None:
    response = recruiter_client.post(reverse("jobs:stage_add", args=[job.pk]), {"kind": "form"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<section id="pipeline"') or '<section id="pipeline"' in html[:300]
    assert "<html" not in html
    assert job.stages.filter(name="Form", position=3).exists()


def test_add_stage_of_unknown_type_is_refused(job: Job, recruiter_client: Client) -> None:
    response = recruiter_client.post(
        reverse("jobs:stage_add", args=[job.pk]), {"kind": "telepathy"}, follow=True
    )
    assert "Choose a stage type" in response.content.decode()
    assert job.stages.count() == 3


def test_rename_and_switch_enforcement(job: Job, recruiter_client: Client) -> None:
    stage = job.stages.get(name="Basics")
    url = reverse("jobs:stage_update", args=[job.pk, stage.pk])
    response = recruiter_client.post(url, {"name": "Work authorisation"}, **HTMX)
    assert "Saved “Work authorisation”" in response.content.decode()
    stage.refresh_from_db()
    assert (stage.name, stage.enforce_criteria) == ("Work authorisation", False)
    recruiter_client.post(url, {"name": "Work authorisation", "enforce_criteria": "on"})
    stage.refresh_from_db()
    assert stage.enforce_criteria is True


def test_rename_to_blank_is_refused(job: Job, recruiter_client: Client) -> None:
    stage = job.stages.get(name="Basics")
    response = recruiter_client.post(
        reverse("jobs:stage_update", args=[job.pk, stage.pk]), {"name": "  "}, follow=True
    )
    assert "Give the stage a name" in response.content.decode()
    stage.refresh_from_db()
    assert stage.name == "Basics"


def test_move_with_buttons(job: Job, recruiter_client: Client) -> None:
    last = job.stages.get(name="Availability")
    url = reverse("jobs:stage_move", args=[job.pk, last.pk])
    response = recruiter_client.post(url, {"direction": "up"}, **HTMX)
    assert "Moved “Availability” to position 2" in response.content.decode()
    assert positions(job) == [("Basics", 0), ("Availability", 1), ("Experience", 2)]
    response = recruiter_client.post(url, {"direction": "up"})
    assert response.status_code == 302
    assert positions(job) == [("Availability", 0), ("Basics", 1), ("Experience", 2)]
    recruiter_client.post(url, {"direction": "up"})  # already first: nothing changes
    assert positions(job) == [("Availability", 0), ("Basics", 1), ("Experience", 2)]


def test_reorder_by_drag(job: Job, recruiter_client: Client) -> None:
    ids = {name: pk for pk, name in job.stages.values_list("pk", "name")}
    order = ",".join(str(ids[n]) for n in ["Experience", "Availability", "Basics"])
    response = recruiter_client.post(reverse("jobs:stage_reorder", args=[job.pk]), {"order": order}, **HTMX)
    assert response.status_code == 200
    assert positions(job) == [("Experience", 0), ("Availability", 1), ("Basics", 2)]


@pytest.mark.parametrize("bad", ["1,2", "abc", ""])
def test_reorder_with_stale_or_bad_ids_changes_nothing(job: Job, recruiter_client: Client, bad: str) -> None:
    before = positions(job)
    response = recruiter_client.post(reverse("jobs:stage_reorder", args=[job.pk]), {"order": bad}, **HTMX)
    assert 'class="message error"' in response.content.decode()
    assert positions(job) == before


def test_reorder_cannot_pull_in_another_jobs_stage(team, job: Job, recruiter_client: Client) -> None:
    ids = list(job.stages.values_list("pk", flat=True))
    foreign = team.job.stages.first().pk
    before = positions(job)
    recruiter_client.post(
        reverse("jobs:stage_reorder", args=[job.pk]), {"order": ",".join(map(str, [*ids[:2], foreign]))}
    )
    assert positions(job) == before


def test_delete_keeps_positions_contiguous(job: Job, recruiter_client: Client) -> None:
    middle = job.stages.get(name="Experience")
    url = reverse("jobs:stage_delete", args=[job.pk, middle.pk])
    confirm = recruiter_client.get(url)
    assert "Delete the stage “Experience”?" in confirm.content.decode()
    response = recruiter_client.post(url, **HTMX)
    assert "Deleted “Experience”" in response.content.decode()
    assert positions(job) == [("Basics", 0), ("Availability", 1)]


def test_delete_refused_when_candidates_have_results(job: Job, recruiter_client: Client) -> None:
    stage = job.stages.get(name="Basics")
    StageResult.objects.create(application=make_application(job=job), stage=stage)
    response = recruiter_client.post(reverse("jobs:stage_delete", args=[job.pk, stage.pk]), follow=True)
    assert "cannot be deleted: 1 candidate(s) have results" in response.content.decode()
    assert Stage.objects.filter(pk=stage.pk).exists()


def test_delete_allowed_when_only_previews_reached_it(job: Job, recruiter_client: Client) -> None:
    stage = job.stages.get(name="Basics")
    StageResult.objects.create(application=make_application(job=job, is_preview=True), stage=stage)
    recruiter_client.post(reverse("jobs:stage_delete", args=[job.pk, stage.pk]))
    assert not Stage.objects.filter(pk=stage.pk).exists()


def test_live_job_keeps_its_last_stage(team, recruiter_client: Client) -> None:
    stage = team.job.stages.get()
    response = recruiter_client.post(reverse("jobs:stage_delete", args=[team.job.pk, stage.pk]), follow=True)
    assert "A live job needs at least one stage" in response.content.decode()
    assert Stage.objects.filter(pk=stage.pk).exists()


def test_live_job_pipeline_warns(team, recruiter_client: Client) -> None:
    html = recruiter_client.get(reverse("jobs:pipeline", args=[team.job.pk])).content.decode()
    assert "This job is live" in html


def test_viewer_sees_pipeline_without_controls(team, job: Job, viewer_client: Client) -> None:
    html = viewer_client.get(reverse("jobs:pipeline", args=[job.pk])).content.decode()
    assert "Basics" in html
    assert "Add a stage" not in html
    assert "data-reorder-url" not in html


def test_htmx_fragment_status_buttons_return_to_the_pipeline(job: Job, recruiter_client: Client) -> None:
    stage = job.stages.get(name="Basics")
    response = recruiter_client.post(
        reverse("jobs:stage_move", args=[job.pk, stage.pk]), {"direction": "down"}, **HTMX
    )
    pipeline = reverse("jobs:pipeline", args=[job.pk])
    assert f'name="next" value="{pipeline}"' in response.content.decode()
