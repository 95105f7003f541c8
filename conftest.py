"""Fixtures shared by every app's tests: three people (owner, teammate, outsider) as in healthchecks."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client

from screenroom.core.testing.factories import (
    JobFactory,
    MembershipFactory,
    OrganizationFactory,
    StageFactory,
    UserFactory,
)
from screenroom.core.testing.smtp import smtp_server  # noqa: F401 (a fixture: a real SMTP server)
from screenroom.jobs.models import Job
from screenroom.orgs.models import Organization, Role


@dataclass
class Team:
    org: Organization
    owner: User
    recruiter: User
    viewer: User
    outsider: User  # owner of another organization
    other_org: Organization
    job: Job

    def client_for(self, user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client


@pytest.fixture
def team(db: None) -> Team:
    org = OrganizationFactory(name="Acme Logistics")
    other_org = OrganizationFactory(name="Rival Corp")
    owner = MembershipFactory(organization=org, role=Role.OWNER).user
    recruiter = MembershipFactory(organization=org, role=Role.RECRUITER).user
    viewer = MembershipFactory(organization=org, role=Role.VIEWER).user
    outsider = MembershipFactory(organization=other_org, role=Role.OWNER).user
    job = JobFactory(organization=org)
    StageFactory(job=job, position=0)
    return Team(org, owner, recruiter, viewer, outsider, other_org, job)


@pytest.fixture
def owner_client(team: Team) -> Client:
    return team.client_for(team.owner)


@pytest.fixture
def recruiter_client(team: Team) -> Client:
    return team.client_for(team.recruiter)


@pytest.fixture
def viewer_client(team: Team) -> Client:
    return team.client_for(team.viewer)


@pytest.fixture
def outsider_client(team: Team) -> Client:
    return team.client_for(team.outsider)


@pytest.fixture
def user_factory() -> type[UserFactory]:
    return UserFactory


@pytest.fixture(scope="session")
def chromium():  # type: ignore[no-untyped-def]
    """A headless Debian Chromium.

    Playwright's sync API runs an event loop in this thread, so Django must be told sync DB calls are fine.
    """
    import os

    from screenroom.core.testing.browser import launch_chromium

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield from launch_chromium()


@pytest.fixture
def page(chromium):  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
