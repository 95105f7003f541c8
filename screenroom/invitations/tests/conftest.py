import datetime as dt

import pytest
from django.utils import timezone

from screenroom.candidates.contact import clean_contact
from screenroom.candidates.models import Application
from screenroom.candidates.services import application_invite
from screenroom.invitations.models import OutboundEmail


def invite(team, name: str = "Ada Lovelace", email: str = "ada@example.org", phone: str = "") -> Application:
    """An invitation whose email is queued but not sent (on_commit callbacks do not run in tests)."""
    return application_invite(job=team.job, contact=clean_contact(name, email, phone))


def make_due(application: Application) -> None:
    """Pretend the retry delay has passed."""
    OutboundEmail.objects.filter(application=application, next_attempt_at__isnull=False).update(
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )


@pytest.fixture
def branded(team):
    org = team.org
    org.primary_color = "#7a1f5c"
    org.sender_name = "Acme Talent Team"
    org.welcome_message = "We move things that matter."
    org.accommodation_email = "access@acme.example"
    org.privacy_policy_url = "https://acme.example/privacy"
    org.logo.name = "logos/acme.png"
    org.save()
    return team
