"""Factories for tests across apps."""

import datetime as dt
from typing import Any

import factory
from django.contrib.auth.models import User
from django.utils import timezone

from screenroom.candidates.models import Application, Candidate
from screenroom.core.tokens import new_token
from screenroom.jobs.models import Job, JobStatus, Stage
from screenroom.orgs.models import Membership, Organization, Role

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Company {n}")
    slug = factory.Sequence(lambda n: f"company-{n}")
    sender_name = factory.LazyAttribute(lambda o: f"{o.name} Hiring")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.RECRUITER


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Warehouse Associate {n}")
    location = "Austin, TX"
    description = "Pick, pack and ship orders on a friendly team."
    status = JobStatus.LIVE


def form_config(*, with_dealbreaker: bool = True) -> dict[str, Any]:
    """A realistic Form stage: authorisation dealbreaker, years minimum, scored choices."""
    return {
        "intro": "A few quick questions.",
        "questions": [
            {
                "id": "q_auth",
                "type": "yes_no",
                "label": "Are you authorized to work in the United States?",
                "dealbreaker_required_answer": "yes" if with_dealbreaker else "",
            },
            {
                "id": "q_years",
                "type": "number",
                "label": "Years of warehouse experience",
                "dealbreaker_min": 1 if with_dealbreaker else None,
            },
            {
                "id": "q_shift",
                "type": "single_choice",
                "label": "Which shift do you prefer?",
                "options": [
                    {"label": "Day", "points": 10},
                    {"label": "Night", "points": 5},
                    {"label": "Either", "points": 10},
                ],
            },
            {"id": "q_about", "type": "long_text", "label": "Tell us about yourself", "required": False},
        ],
    }


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stage

    job = factory.SubFactory(JobFactory)
    position = factory.Sequence(lambda n: n)
    kind = "form"
    name = "Screening questions"
    config = factory.LazyFunction(form_config)


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Candidate {n}")
    email = factory.Sequence(lambda n: f"candidate{n}@example.org")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    job = factory.SubFactory(JobFactory)
    organization = factory.LazyAttribute(lambda a: a.job.organization)
    candidate = factory.LazyAttribute(lambda a: CandidateFactory(organization=a.job.organization))
    token = factory.LazyFunction(new_token)
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))
