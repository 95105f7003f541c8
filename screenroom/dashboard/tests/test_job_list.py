from typing import cast

import pytest
from django.urls import reverse

from screenroom.candidates.models import Application, ApplicationStatus
from screenroom.core.testing.factories import StageFactory
from screenroom.dashboard.sample_data import bulk_applications
from screenroom.dashboard.tests.flows import BAD, GOOD, invite_only, preview_run, take_flow
from screenroom.jobs.models import Job, Stage

pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    return [row.application.candidate.name for row in response.context["page"].rows]


@pytest.fixture
def people(team):
    """Four real candidates at different points of the flow, plus a preview run."""
    ada = take_flow(team.job, "Ada Lovelace", "ada@example.org", GOOD)  # completed, score 100
    bob = take_flow(team.job, "Bob Builder", "bob@builders.example.com", BAD)  # disqualified
    cat = take_flow(team.job, "Cat Stevens", "cat@example.org")  # in progress
    dan = invite_only(team.job, "Dan Brown", "dan@example.org")  # invited
    preview = preview_run(team.job, team.recruiter, GOOD)
    return {"ada": ada, "bob": bob, "cat": cat, "dan": dan, "preview": preview}


def test_lists_candidates_with_status_scores_and_invitation_state(team, viewer_client, people):
    Application.objects.filter(pk=people["dan"].pk).update(
        email_status="failed", email_error="550 no such user"
    )
    response = viewer_client.get(reverse("dashboard:job", args=[team.job.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert set(_names(response)) == {"Ada Lovelace", "Bob Builder", "Cat Stevens", "Dan Brown"}
    assert "Preview by" not in html
    assert "550 no such user" in html
    assert f'href="{reverse("dashboard:report", args=[people["ada"].pk])}"' in html
    assert "Disqualified" in html and "Completed" in html
    ada_row = next(r for r in response.context["page"].rows if r.application.pk == people["ada"].pk)
    assert ada_row.application.overall_score == 100
    assert [r.score if r else None for r in ada_row.results] == [100]
    cat_row = next(r for r in response.context["page"].rows if r.application.pk == people["cat"].pk)
    assert cat_row.current_stage_name == "Screening questions"


def test_filter_by_status_and_stage_and_search(team, viewer_client, people):
    url = reverse("dashboard:job", args=[team.job.pk])
    assert _names(viewer_client.get(url, {"status": "disqualified"})) == ["Bob Builder"]
    stage = team.job.stages.first()
    # Bob stays at the stage that disqualified him; Cat is working on it.
    assert set(_names(viewer_client.get(url, {"stage": stage.pk}))) == {"Bob Builder", "Cat Stevens"}
    assert _names(viewer_client.get(url, {"q": "builders.example"})) == ["Bob Builder"]
    assert _names(viewer_client.get(url, {"q": "LOVELACE"})) == ["Ada Lovelace"]
    response = viewer_client.get(url, {"q": "nobody-like-this"})
    assert response.context["page"].total == 0
    assert "No candidates match these filters." in response.content.decode()


def test_bad_filter_values_fall_back_instead_of_failing(team, viewer_client, people):
    url = reverse("dashboard:job", args=[team.job.pk])
    response = viewer_client.get(
        url, {"status": "nonsense", "stage": "abc", "sort": "x", "per_page": "7", "page": "-3"}
    )
    assert response.status_code == 200
    assert response.context["page"].total == 4
    assert response.context["page"].per_page == 50


def test_sorts(team, viewer_client, people):
    url = reverse("dashboard:job", args=[team.job.pk])
    assert _names(viewer_client.get(url, {"sort": "name"})) == [
        "Ada Lovelace",
        "Bob Builder",
        "Cat Stevens",
        "Dan Brown",
    ]
    assert _names(viewer_client.get(url, {"sort": "name_desc"}))[0] == "Dan Brown"
    assert _names(viewer_client.get(url))[0] == "Dan Brown"  # newest invitation first
    assert _names(viewer_client.get(url, {"sort": "oldest"}))[0] == "Ada Lovelace"
    by_score = _names(viewer_client.get(url, {"sort": "score"}))
    assert by_score[0] == "Ada Lovelace"  # 100; unscored candidates come last
    assert by_score[-1] in {"Cat Stevens", "Dan Brown"}
    statuses = [r.application.status for r in viewer_client.get(url, {"sort": "status"}).context["page"].rows]
    assert statuses == sorted(statuses)


def test_pagination_walks_every_row_once(team, viewer_client):
    bulk_applications(job=team.job, count=60, previews=5)
    url = reverse("dashboard:job", args=[team.job.pk])
    seen: list[int] = []
    for page in (1, 2, 3):
        response = viewer_client.get(url, {"per_page": 25, "page": page, "sort": "score"})
        seen += [r.application.pk for r in response.context["page"].rows]
    assert len(seen) == 60 == len(set(seen))
    last = viewer_client.get(url, {"per_page": 25, "page": 99})
    assert last.context["page"].page == 3  # past the end: the last page, not an error
    assert "Page 3 of 3" in last.content.decode()


def test_query_count_does_not_depend_on_page_size(team, viewer_client, django_assert_num_queries):
    StageFactory(job=team.job, position=1, name="Second form")
    bulk_applications(job=team.job, count=210, previews=3)
    url = reverse("dashboard:job", args=[team.job.pk])
    viewer_client.get(url)  # warm the session
    # session, user, membership, job, stages, the funnel's counts, the preview results to leave out,
    # the page, the page's stage results
    with django_assert_num_queries(9):
        small = viewer_client.get(url, {"per_page": 25})
    with django_assert_num_queries(9):
        large = viewer_client.get(url, {"per_page": 200})
    assert len(small.context["page"].rows) == 25
    assert len(large.context["page"].rows) == 200
    # A filter adds exactly one count query, whatever the page size.
    # A search adds one more: the matching candidates' ids.
    with django_assert_num_queries(10):
        viewer_client.get(url, {"per_page": 200, "status": "completed"})
    with django_assert_num_queries(10):
        viewer_client.get(url, {"per_page": 25, "status": "completed"})
    with django_assert_num_queries(11):
        viewer_client.get(url, {"per_page": 200, "status": "completed", "q": "a"})
    with django_assert_num_queries(11):
        viewer_client.get(url, {"per_page": 25, "status": "completed", "q": "a"})


def test_funnel_counts_each_stage_and_leaves_out_previews(team, viewer_client):
    second = cast(Stage, StageFactory(job=team.job, position=1, name="Second form"))
    take_flow(team.job, "Pass Both", "both@example.org", GOOD)
    passed_one = take_flow(team.job, "Pass One", "one@example.org", GOOD)
    take_flow(team.job, "Fail First", "fail@example.org", BAD)
    take_flow(team.job, "Started", "started@example.org")
    invite_only(team.job, "Never Opened", "never@example.org")
    # Pass Both also finishes the second stage; Pass One is now working on it.
    from screenroom.candidates.services import stage_submit

    both = Application.objects.get(candidate__email="both@example.org")
    stage_submit(application=both, stage=second, answers=BAD)
    preview_run(team.job, team.recruiter, BAD)

    response = viewer_client.get(reverse("dashboard:job", args=[team.job.pk]))
    funnel = response.context["funnel"]
    assert funnel.total == 5
    assert funnel.opened == 4
    first_step, second_step = funnel.steps
    assert (first_step.reached, first_step.passed, first_step.disqualified, first_step.in_progress) == (
        4,
        2,
        1,
        1,
    )
    assert (second_step.reached, second_step.passed, second_step.disqualified, second_step.in_progress) == (
        2,
        0,
        1,
        1,
    )
    assert passed_one.pk in [r.application.pk for r in response.context["page"].rows]
    assert funnel.status_counts.get(ApplicationStatus.DISQUALIFIED) == 2


def test_home_lists_jobs_with_counts_in_constant_queries(
    team, viewer_client, owner_client, django_assert_num_queries
):
    from screenroom.core.testing.factories import JobFactory

    other = cast(Job, JobFactory(organization=team.org, title="Forklift Driver"))
    take_flow(team.job, "Ada Lovelace", "ada@example.org", GOOD)
    take_flow(team.job, "Bob Builder", "bob@example.org", BAD)
    invite_only(other, "Cy Young", "cy@example.org")
    preview_run(team.job, team.recruiter, GOOD)
    JobFactory(organization=team.other_org, title="Rival Secret Job")
    viewer_client.get(reverse("dashboard:home"))
    with django_assert_num_queries(4):  # session, user, membership, the jobs with their counts
        response = viewer_client.get(reverse("dashboard:home"))
    html = response.content.decode()
    assert "Forklift Driver" in html and team.job.title in html
    assert "Rival Secret Job" not in html
    summaries = {s.job.pk: s for s in response.context["summaries"]}
    assert summaries[team.job.pk].counts == {"completed": 1, "disqualified": 1}
    assert summaries[other.pk].total == 1
    # Only people who can change jobs see the button.
    assert reverse("jobs:create") not in html
    assert reverse("jobs:create") in owner_client.get(reverse("dashboard:home")).content.decode()


def test_settings_hub_links_to_the_sibling_pages(team, viewer_client):
    html = viewer_client.get(reverse("dashboard:settings")).content.decode()
    for name in ("orgs:branding", "orgs:members", "orgs:tokens", "webhooks:endpoints", "dashboard:audit"):
        assert reverse(name) in html


@pytest.mark.parametrize("id_limit", [2000, 10])
@pytest.mark.parametrize("term", ["a", "Lovelace", "c7."])
def test_search_finds_the_same_rows_whichever_query_plan_it_picks(team, term, id_limit, monkeypatch):
    from screenroom.dashboard import selectors

    monkeypatch.setattr(selectors, "SEARCH_ID_LIMIT", id_limit)
    bulk_applications(job=team.job, count=120, previews=4)
    stages = selectors.job_stages(job=team.job)
    expected = [
        a.pk
        for a in Application.objects.filter(job=team.job, is_preview=False)
        .select_related("candidate")
        .order_by("-invited_at", "-id")
        if term.lower() in a.candidate.name.lower() or term.lower() in a.candidate.email.lower()
    ]
    found: list[int] = []
    for page in (1, 2, 3, 4, 5, 6):
        filters = selectors.CandidateFilters(search=term, per_page=25, page=page)
        result = selectors.candidate_page(job=team.job, stages=stages, filters=filters, known_total=120)
        if result.page != page:
            break
        found += [row.application.pk for row in result.rows]
    assert found == expected
    assert expected  # every term matches someone
