import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from screenroom.audit.models import AuditEntry
from screenroom.core.testing.factories import MembershipFactory, UserFactory
from screenroom.orgs.models import Membership, Role
from screenroom.orgs.services import member_add, membership_remove, membership_role_change

URL = reverse("orgs:members")


def membership_of(team, user) -> Membership:
    return Membership.objects.get(organization=team.org, user=user)


def link_in(text: str) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", text)
    assert match, text
    return match.group(1)


def test_members_page_lists_everyone_with_roles_in_few_queries(
    team, owner_client, django_assert_max_num_queries
):
    for _ in range(25):
        MembershipFactory(organization=team.org, role=Role.VIEWER)
    with django_assert_max_num_queries(6):
        response = owner_client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    for user in (team.owner, team.recruiter, team.viewer):
        assert user.email in body
    assert body.count('<tr id="member-') == 28
    assert team.outsider.email not in body
    assert "Add member" in body


@pytest.mark.parametrize("who", ["recruiter", "viewer"])
def test_non_owners_read_members_without_controls(team, who):
    body = team.client_for(getattr(team, who)).get(URL).content.decode()
    assert team.owner.email in body
    assert "Add member" not in body and "Change role" not in body and "Remove" not in body


def test_outsider_sees_only_their_own_members(team, outsider_client):
    body = outsider_client.get(URL).content.decode()
    assert team.outsider.email in body
    assert team.owner.email not in body and team.recruiter.email not in body


def test_adding_existing_user_makes_a_membership_without_email(team, owner_client, smtp_server):
    someone = UserFactory(email="Dana@Example.com")
    response = owner_client.post(URL, {"email": "dana@example.com", "role": Role.VIEWER})
    assert response.status_code == 302
    assert membership_of(team, someone).role == Role.VIEWER
    assert smtp_server.messages == []
    assert AuditEntry.objects.filter(organization=team.org, action="member.added", actor=team.owner).exists()


def test_adding_unknown_email_invites_them_to_set_a_password(team, owner_client, smtp_server):
    response = owner_client.post(
        URL, {"email": "New.Person@Example.org", "role": Role.RECRUITER}, follow=True
    )
    assert "emailed a link to choose a password" in response.content.decode()
    user = User.objects.get(email="new.person@example.org")
    assert not user.has_usable_password()
    assert membership_of(team, user).role == Role.RECRUITER

    message = smtp_server.wait_for(1)[0]
    assert message.rcpt_tos == ["new.person@example.org"]
    assert "Acme Logistics" in message.subject
    assert "Choose your password" in message.html
    path = link_in(message.text)

    newcomer = Client()
    page = newcomer.get(path, follow=True)
    assert "Choose a new password" in page.content.decode()
    set_url = page.redirect_chain[-1][0]
    done = newcomer.post(set_url, {"new_password1": "violet-otter-92x", "new_password2": "violet-otter-92x"})
    assert done.status_code == 302
    assert newcomer.login(username=user.username, password="violet-otter-92x")
    assert newcomer.get(reverse("dashboard:home")).status_code == 200
    # The link works once.
    assert "no longer valid" in Client().get(path, follow=True).content.decode()


def test_mail_server_down_keeps_the_member_and_says_so_then_resend_works(team, owner_client, smtp_server):
    smtp_server.stop()
    response = owner_client.post(URL, {"email": "later@example.org", "role": Role.VIEWER}, follow=True)
    assert "could not be sent" in response.content.decode()
    membership = Membership.objects.get(organization=team.org, user__email="later@example.org")
    smtp_server.start()
    resend = owner_client.post(reverse("orgs:member_resend", args=[membership.pk]), follow=True)
    assert "A new link was emailed" in resend.content.decode()
    assert smtp_server.wait_for(1)[0].rcpt_tos == ["later@example.org"]


def test_adding_an_existing_member_is_a_clear_error(team, owner_client):
    before = Membership.objects.count()
    response = owner_client.post(URL, {"email": team.recruiter.email, "role": Role.OWNER})
    assert response.status_code == 400
    assert "already a member" in response.content.decode()
    assert Membership.objects.count() == before
    assert membership_of(team, team.recruiter).role == Role.RECRUITER


@pytest.mark.parametrize(
    "data", [{"email": "not-an-email", "role": "viewer"}, {"email": "a@b.org", "role": "god"}]
)
def test_bad_add_input_is_refused(team, owner_client, data):
    before = (User.objects.count(), Membership.objects.count())
    assert owner_client.post(URL, data).status_code == 400
    assert (User.objects.count(), Membership.objects.count()) == before


def test_owner_changes_a_role(team, owner_client):
    membership = membership_of(team, team.viewer)
    response = owner_client.post(reverse("orgs:member_role", args=[membership.pk]), {"role": Role.OWNER})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.OWNER
    entry = AuditEntry.objects.get(organization=team.org, action="member.role_changed")
    assert entry.output == {"user_id": team.viewer.pk, "from": "viewer", "to": "owner"}


def test_owner_removes_a_member(team, owner_client):
    membership = membership_of(team, team.recruiter)
    assert owner_client.post(reverse("orgs:member_remove", args=[membership.pk])).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert User.objects.filter(pk=team.recruiter.pk).exists()
    # The removed person no longer reaches the organization.
    response = team.client_for(team.recruiter).get(reverse("dashboard:home"))
    assert response.status_code == 302 and "organization/new" in response["Location"]


def test_last_owner_cannot_be_demoted_or_removed(team, owner_client):
    owner_membership = membership_of(team, team.owner)
    demote = owner_client.post(
        reverse("orgs:member_role", args=[owner_membership.pk]), {"role": Role.VIEWER}, follow=True
    )
    assert "only owner" in demote.content.decode()
    remove = owner_client.post(reverse("orgs:member_remove", args=[owner_membership.pk]), follow=True)
    assert "only owner" in remove.content.decode()
    owner_membership.refresh_from_db()
    assert owner_membership.role == Role.OWNER


def test_with_two_owners_one_may_step_down(team, owner_client):
    second = membership_of(team, team.recruiter)
    membership_role_change(membership=second, role=Role.OWNER, actor=team.owner)
    mine = membership_of(team, team.owner)
    owner_client.post(reverse("orgs:member_role", args=[mine.pk]), {"role": Role.RECRUITER})
    mine.refresh_from_db()
    assert mine.role == Role.RECRUITER
    # Now the other one is the last owner and is protected.
    with pytest.raises(Exception, match="only owner"):
        membership_remove(membership=second, actor=team.recruiter)


def test_owner_removing_themselves_leaves_the_org(team, owner_client):
    membership_role_change(membership=membership_of(team, team.recruiter), role=Role.OWNER, actor=team.owner)
    response = owner_client.post(reverse("orgs:member_remove", args=[membership_of(team, team.owner).pk]))
    assert response.status_code == 302 and response["Location"] == reverse("dashboard:home")
    assert not Membership.objects.filter(organization=team.org, user=team.owner).exists()


@pytest.mark.parametrize("who", ["recruiter", "viewer"])
def test_non_owners_get_403_on_every_member_change(team, who):
    client = team.client_for(getattr(team, who))
    target = membership_of(team, team.viewer if who == "recruiter" else team.recruiter)
    posts = [
        (URL, {"email": "x@example.org", "role": Role.OWNER}),
        (reverse("orgs:member_role", args=[target.pk]), {"role": Role.OWNER}),
        (reverse("orgs:member_remove", args=[target.pk]), {}),
        (reverse("orgs:member_resend", args=[target.pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    target.refresh_from_db()
    assert target.role != Role.OWNER
    assert not User.objects.filter(email="x@example.org").exists()


def test_outsider_gets_404_for_another_orgs_members(team, outsider_client):
    target = membership_of(team, team.owner)
    for name, data in (
        ("orgs:member_role", {"role": Role.VIEWER}),
        ("orgs:member_remove", {}),
        ("orgs:member_resend", {}),
    ):
        assert outsider_client.post(reverse(name, args=[target.pk]), data).status_code == 404
    target.refresh_from_db()
    assert target.role == Role.OWNER


def test_role_change_rejects_unknown_role(team, owner_client):
    membership = membership_of(team, team.viewer)
    owner_client.post(reverse("orgs:member_role", args=[membership.pk]), {"role": "superuser"})
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER


def test_member_add_service_gives_unique_usernames(team):
    UserFactory(username="dup@example.org", email="other@example.org")
    result = member_add(organization=team.org, email="dup@example.org", role=Role.VIEWER, added_by=team.owner)
    assert result.new_account
    assert result.membership.user.username == "dup@example.org-2"
