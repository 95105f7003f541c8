import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from screenroom.core.testing.factories import PASSWORD, UserFactory
from screenroom.orgs.middleware import SESSION_ORG_KEY
from screenroom.orgs.models import Membership, Organization, Role

pytestmark = pytest.mark.django_db

SIGNUP = reverse("accounts:signup")
LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")
RESET = reverse("accounts:password_reset")
NEW_PASSWORD = "quiet-harbour-4417"


def make_user(**fields: str) -> User:
    user: User = UserFactory(**fields)  # type: ignore[assignment]
    return user


def signup_data(**overrides: str) -> dict[str, str]:
    data = {
        "username": "maria",
        "email": "Maria@Acme.example",
        "password1": "tangerine-kayak-88",
        "password2": "tangerine-kayak-88",
        "organization_name": "Acme Logistics",
    }
    data.update(overrides)
    return data


def test_signup_creates_user_organization_and_owner_membership(client):
    response = client.post(SIGNUP, signup_data())
    assert response.status_code == 302 and response["Location"] == reverse("dashboard:home")
    user = User.objects.get(username="maria")
    assert user.email == "maria@acme.example"
    org = Organization.objects.get(name="Acme Logistics")
    assert org.slug == "acme-logistics" and org.display_sender == "Acme Logistics"
    assert Membership.objects.get(user=user, organization=org).role == Role.OWNER
    assert client.session[SESSION_ORG_KEY] == org.pk
    assert client.get(reverse("dashboard:home")).status_code == 200


def test_two_signups_with_the_same_company_name_get_distinct_slugs(client):
    client.post(SIGNUP, signup_data())
    Client().post(SIGNUP, signup_data(username="li", email="li@acme.example"))
    assert sorted(Organization.objects.values_list("slug", flat=True)) == [
        "acme-logistics",
        "acme-logistics-2",
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"username": "taken"}, "A user with that username already exists."),
        ({"email": "TAKEN@example.org"}, "An account with this email already exists."),
        ({"password2": "something-else-1"}, "The two password fields didn"),
        ({"password1": "password", "password2": "password"}, "This password is too short."),
        ({"organization_name": "   "}, "This field is required."),
        ({"email": "not-an-email"}, "Enter a valid email address."),
    ],
    ids=["duplicate-username", "duplicate-email", "mismatch", "weak", "no-org", "bad-email"],
)
def test_signup_errors_create_nothing(client, overrides, message):
    make_user(username="taken", email="taken@example.org")
    users, orgs = User.objects.count(), Organization.objects.count()
    response = client.post(SIGNUP, signup_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (User.objects.count(), Organization.objects.count()) == (users, orgs)


def test_signup_page_labels_every_field(client):
    body = client.get(SIGNUP).content.decode()
    for name in ("username", "email", "password1", "password2", "organization_name"):
        assert f'for="id_{name}"' in body


def test_login_with_username_or_email_and_logout(client):
    user = make_user(username="sam", email="Sam@Acme.example")
    response = client.post(LOGIN, {"username": "sam", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    client.post(LOGOUT)
    assert "_auth_user_id" not in client.session
    response = client.post(LOGIN, {"username": "sam@acme.example", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_is_a_clear_error(client):
    make_user(username="sam")
    response = client.post(LOGIN, {"username": "sam", "password": "nope-nope-nope"})
    assert response.status_code == 200
    assert "Please enter a correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_post_only(client):
    user = make_user()
    client.force_login(user)
    assert client.get(LOGOUT).status_code == 405
    assert client.session["_auth_user_id"] == str(user.pk)
    response = client.post(LOGOUT)
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert client.get(reverse("dashboard:home")).status_code == 302


@pytest.mark.parametrize(
    "path", ["/app/", "/app/settings/", "/app/settings/members/", "/app/settings/tokens/"]
)
def test_anonymous_visitors_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={path}"


def test_login_then_returns_to_next(client):
    make_user(username="sam")
    response = client.post(
        f"{LOGIN}?next=/app/settings/", {"username": "sam", "password": PASSWORD, "next": "/app/settings/"}
    )
    assert response["Location"] == "/app/settings/"


def test_signed_in_user_without_organization_is_asked_to_create_one(client):
    user = make_user()
    client.force_login(user)
    response = client.get(reverse("dashboard:home"))
    assert response["Location"] == reverse("accounts:create_organization")
    client.post(reverse("accounts:create_organization"), {"name": "Solo Shop"})
    assert Membership.objects.get(user=user).role == Role.OWNER


def _reset_link(text: str) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", text)
    assert match, text
    return match.group(1)


def test_password_reset_end_to_end(client, smtp_server):
    user = make_user(username="sam", email="sam@acme.example")
    response = client.post(RESET, {"email": "SAM@acme.example"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    message = smtp_server.wait_for(1)[0]
    assert message.rcpt_tos == ["sam@acme.example"]
    assert message.subject == "Reset your Screenroom password"
    path = _reset_link(message.text)

    page = client.get(path, follow=True)  # Django swaps the token for a session marker
    assert "Choose a new password" in page.content.decode()
    set_url = page.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "short", "new_password2": "short"})
    assert "This password is too short" in weak.content.decode()
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == reverse("accounts:password_reset_complete")

    fresh = Client()
    assert fresh.post(LOGIN, {"username": "sam", "password": PASSWORD}).status_code == 200  # old one is gone
    assert fresh.post(LOGIN, {"username": "sam", "password": NEW_PASSWORD}).status_code == 302
    assert fresh.session["_auth_user_id"] == str(user.pk)
    # The link was single-use.
    assert "no longer valid" in Client().get(path, follow=True).content.decode()


def test_password_reset_for_unknown_email_reveals_nothing_and_sends_nothing(client, smtp_server):
    response = client.post(RESET, {"email": "nobody@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert smtp_server.messages == []


def test_invited_member_without_password_can_use_forgot_password(client, smtp_server):
    user = User(username="new@acme.example", email="new@acme.example")
    user.set_unusable_password()
    user.save()
    client.post(RESET, {"email": "new@acme.example"})
    assert smtp_server.wait_for(1)[0].rcpt_tos == ["new@acme.example"]


def test_tampered_reset_link_is_refused(client):
    make_user(username="sam", email="sam@acme.example")
    response = client.get(reverse("accounts:password_reset_confirm", args=["MQ", "bad-token"]))
    assert "no longer valid" in response.content.decode()
