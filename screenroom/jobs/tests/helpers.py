"""Typed wrappers over the shared factories (factory-boy's return types are opaque to mypy)."""

from typing import Any, cast

from screenroom.candidates.models import Application
from screenroom.core.testing.factories import ApplicationFactory, JobFactory, StageFactory
from screenroom.jobs.models import Job, Stage


def make_job(**fields: Any) -> Job:
    return cast(Job, JobFactory(**fields))


def make_stage(**fields: Any) -> Stage:
    return cast(Stage, StageFactory(**fields))


def make_application(**fields: Any) -> Application:
    return cast(Application, ApplicationFactory(**fields))
