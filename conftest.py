"""Fixtures shared by every app's tests: three people (owner, teammate, outsider) as in healthchecks."""

from dataclasses import dataclass
from typing import cast

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
from screenroom.orgs.models import Membership, Organization, Role


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
    # factory_boy's calls are untyped; cast once here so every test gets real model types.
    org = cast(Organization, OrganizationFactory(name="Acme Logistics"))
    other_org = cast(Organization, OrganizationFactory(name="Rival Corp"))

    def member(organization: Organization, role: str) -> User:
        return cast(Membership, MembershipFactory(organization=organization, role=role)).user

    job = cast(Job, JobFactory(organization=org))
    StageFactory(job=job, position=0)
    return Team(
        org=org,
        owner=member(org, Role.OWNER),
        recruiter=member(org, Role.RECRUITER),
        viewer=member(org, Role.VIEWER),
        outsider=member(other_org, Role.OWNER),
        other_org=other_org,
        job=job,
    )


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
