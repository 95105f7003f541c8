"""Create (or refresh) the demo organization, job and recruiter login, and print how to use them."""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django.db import transaction

from screenroom.jobs.models import Job, JobStatus, Stage
from screenroom.orgs.models import ApiToken, Membership, Organization, Role
from screenroom.orgs.services import api_token_create, organization_create

DEMO_USER = "demo"
DEMO_PASSWORD = "screenroom-demo"
DEMO_ORG = "Demo Logistics"

DEMO_FORM = {
    "intro": "Five quick questions about the role's requirements.",
    "questions": [
        {
            "id": "q_auth",
            "type": "yes_no",
            "label": "Are you legally authorized to work in the United States?",
            "dealbreaker_required_answer": "yes",
        },
        {
            "id": "q_years",
            "type": "number",
            "label": "How many years of warehouse or logistics experience do you have?",
            "dealbreaker_min": 1,
        },
        {
            "id": "q_forklift",
            "type": "single_choice",
            "label": "Do you hold a forklift certification?",
            "options": [
                {"label": "Yes, current", "points": 10},
                {"label": "Expired", "points": 4},
                {"label": "No", "points": 0},
            ],
        },
        {
            "id": "q_shifts",
            "type": "multiple_choice",
            "label": "Which shifts can you work?",
            "options": [
                {"label": "Morning", "points": 3},
                {"label": "Evening", "points": 3},
                {"label": "Weekend", "points": 4},
            ],
        },
        {"id": "q_start", "type": "date", "label": "Earliest start date", "required": False},
    ],
}


class Command(BaseCommand):
    help = "Create the demo organization, job and login; print them."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        user, _ = User.objects.get_or_create(username=DEMO_USER, defaults={"email": "demo@screenroom.local"})
        user.set_password(DEMO_PASSWORD)
        user.save()
        membership = Membership.objects.filter(user=user, organization__name=DEMO_ORG).first()
        org = membership.organization if membership else organization_create(name=DEMO_ORG, owner=user)
        Membership.objects.filter(user=user, organization=org).update(role=Role.OWNER)
        org.welcome_message = "Thanks for applying to Demo Logistics! This screening takes about 3 minutes."
        org.save()
        job, created = Job.objects.get_or_create(
            organization=org,
            title="Warehouse Associate",
            defaults={
                "location": "Austin, TX",
                "description": "Receive, pick, pack and ship orders in our Austin fulfilment centre.",
                "status": JobStatus.LIVE,
                "salary_min": 38000,
                "salary_max": 45000,
            },
        )
        if created:
            Stage.objects.create(
                job=job, position=0, kind="form", name="Screening questions", config=DEMO_FORM
            )
        ApiToken.objects.filter(organization=org, name="demo").delete()
        _, raw_token = api_token_create(organization=org, name="demo", created_by=user)
        self._print(org, job, raw_token)

    def _print(self, org: Organization, job: Job, raw_token: str) -> None:
        site = settings.SITE_URL
        self.stdout.write(
            "\n".join(
                [
                    "",
                    "Screenroom demo",
                    f"  organization: {org.name} (id {org.pk})",
                    f"  job:          {job.title} (id {job.pk}) {site}/app/jobs/{job.pk}/",
                    f"  login:        {site}/accounts/login/  user {DEMO_USER}  password {DEMO_PASSWORD}",
                    f"  API token:    {raw_token}",
                    f"  API:          curl -H 'Authorization: Bearer {raw_token}' {site}/api/v1/jobs",
                    f"  emails:       saved under var/mail/ when EMAIL_URL is {settings.EMAIL_URL}",
                    "",
                ]
            )
        )
