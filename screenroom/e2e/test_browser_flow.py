"""The issue's end-to-end story in a real browser (Debian Chromium) with a real SMTP server.

A recruiter signs in, builds a job whose Form stage holds a dealbreaker, and invites two candidates;
both emails arrive; candidate A opens the link from the email, consents, answers and finishes;
candidate B fails the dealbreaker and sees the job's message; the recruiter reads both reports.
"""

import re
from typing import Any, cast

import pytest
from django.urls import reverse

from screenroom.candidates.models import Application, ApplicationStatus
from screenroom.core.testing.factories import PASSWORD, MembershipFactory
from screenroom.orgs.models import Membership, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DISQUALIFIED_MESSAGE = "Sorry — this role needs a valid work permit."


def _link_from(message: Any, base: str) -> str:
    match = re.search(r"https?://[^\s\"<>]+/c/[A-Za-z0-9_\-]+/", message.text)
    assert match, message.text
    # The email carries SITE_URL; the test server listens elsewhere, so keep only the path.
    return base + "/c/" + match.group(0).rsplit("/c/", 1)[1]


def _sign_in(page: Any, base: str, username: str) -> None:
    page.goto(base + reverse("accounts:login"))
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/app/"))


def _add_question(page: Any, kind: str, label: str, fill: dict[str, str]) -> None:
    page.select_option("#add-type", kind)
    page.get_by_role("button", name="Add a question").click()
    form = page.locator("#question-new form")
    form.wait_for()
    form.get_by_label("Question", exact=True).fill(label)
    for field_label, value in fill.items():
        field = form.get_by_label(field_label, exact=False)
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    form.get_by_role("button", name="Save question").click()
    page.get_by_text(f"Added “{label}”").wait_for()


def test_recruiter_builds_invites_and_reads_reports(live_server, page, smtp_server, settings) -> None:
    settings.SITE_URL = live_server.url
    base = live_server.url
    membership = cast(Membership, MembershipFactory(role=Role.RECRUITER, organization__name="Acme Logistics"))
    recruiter = membership.user

    # --- The recruiter builds a job with a Form stage holding a dealbreaker.
    _sign_in(page, base, recruiter.username)
    page.goto(base + reverse("jobs:create"))
    page.get_by_label("Job title").fill("Forklift Operator")
    page.get_by_label("Location").fill("Austin, TX")
    page.get_by_label("Message shown to a candidate", exact=False).fill(DISQUALIFIED_MESSAGE)
    page.get_by_role("button", name=re.compile("Create|Save")).first.click()
    page.wait_for_url(re.compile(r"/app/jobs/\d+/"))
    job_id = int(page.url.split("/app/jobs/", 1)[1].split("/", 1)[0])

    page.goto(base + reverse("jobs:pipeline", args=[job_id]))
    page.get_by_label("Name (optional)").fill("Screening questions")
    page.get_by_role("button", name="Add stage").click()
    page.wait_for_url(re.compile(r"/stages/\d+/"))  # a new stage opens in its builder
    _add_question(
        page, "yes_no", "Are you authorized to work in the US?", {"Dealbreaker: required answer": "yes"}
    )
    _add_question(
        page,
        "single_choice",
        "Forklift certification",
        {"Options, one per line": "Current | 10\nExpired | 4\nNone"},
    )

    page.goto(base + reverse("jobs:pipeline", args=[job_id]))
    page.get_by_role("button", name=re.compile("Go live|Publish|Make live")).click()
    page.get_by_text("Live").first.wait_for()

    # --- Two invitations; both emails arrive at the real SMTP server.
    for name, email in (("Alice Able", "alice@example.org"), ("Bob Blocked", "bob@example.org")):
        page.goto(base + reverse("invitations:invite", args=[job_id]))
        page.get_by_label("Name").first.fill(name)
        page.get_by_label("Email").first.fill(email)
        page.get_by_role("button", name=re.compile("Invite|Send")).first.click()
        page.get_by_text(re.compile("Invited|invitation", re.I)).first.wait_for()
    messages = smtp_server.wait_for(2)
    by_recipient = {m.rcpt_tos[0]: m for m in messages}
    assert set(by_recipient) == {"alice@example.org", "bob@example.org"}
    for message in messages:
        assert message.html and message.text and "Forklift Operator" in message.text

    # --- Candidate A: from the email link to the thank-you page.
    candidate = page.context.browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    a = candidate.new_page()
    a.goto(_link_from(by_recipient["alice@example.org"], base))
    a.get_by_text("Forklift Operator").first.wait_for()
    a.get_by_role("link", name=re.compile("Start|Begin|Continue")).or_(
        a.get_by_role("button", name=re.compile("Start|Begin|Continue"))
    ).first.click()
    a.get_by_role("checkbox").first.check()
    a.get_by_role("button", name=re.compile("agree|consent|continue", re.I)).first.click()
    a.get_by_role("group", name=re.compile("authorized")).get_by_label("Yes").check()
    a.get_by_label("Current").check()
    a.get_by_role("button", name=re.compile("Submit|Continue|Finish")).first.click()
    a.get_by_text(re.compile("Thank you", re.I)).first.wait_for()

    # --- Candidate B fails the dealbreaker and sees the job's message.
    b = candidate.new_page()
    b.goto(_link_from(by_recipient["bob@example.org"], base))
    b.get_by_role("link", name=re.compile("Start|Begin|Continue")).or_(
        b.get_by_role("button", name=re.compile("Start|Begin|Continue"))
    ).first.click()
    b.get_by_role("checkbox").first.check()
    b.get_by_role("button", name=re.compile("agree|consent|continue", re.I)).first.click()
    b.get_by_role("group", name=re.compile("authorized")).get_by_label("No").check()
    b.get_by_label("None").check()
    b.get_by_role("button", name=re.compile("Submit|Continue|Finish")).first.click()
    b.get_by_text(DISQUALIFIED_MESSAGE).wait_for()
    candidate.close()

    alice = Application.objects.get(candidate__email="alice@example.org")
    bob = Application.objects.get(candidate__email="bob@example.org")
    assert (alice.status, alice.overall_score) == (ApplicationStatus.COMPLETED, 100)
    assert bob.status == ApplicationStatus.DISQUALIFIED

    # --- The recruiter sees both on the job page and reads both reports.
    page.goto(base + reverse("dashboard:job", args=[job_id]))
    page.get_by_text("Alice Able").wait_for()
    page.get_by_text("Bob Blocked").wait_for()
    page.goto(base + reverse("dashboard:report", args=[alice.pk]))
    page.get_by_text("Forklift certification").first.wait_for()
    assert "100" in page.content()
    page.goto(base + reverse("dashboard:report", args=[bob.pk]))
    page.get_by_text("Are you authorized to work in the US?").first.wait_for()
    report = page.content()
    assert "Disqualified" in report and "must be “yes”" in report
