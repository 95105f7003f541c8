from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from screenroom.core.testing.factories import MembershipFactory
from screenroom.orgs.middleware import SESSION_ORG_KEY
from screenroom.orgs.models import Role

SWITCH = reverse("orgs:switch")


def test_member_of_two_orgs_switches_and_pages_follow(team, owner_client):
    MembershipFactory(organization=team.other_org, user=team.owner, role=Role.VIEWER)
    # The oldest membership is the default.
    assert team.owner.email in owner_client.get(reverse("orgs:members")).content.decode()
    response = owner_client.post(SWITCH, {"organization": team.other_org.pk, "next": reverse("orgs:members")})
    assert response.status_code == 302 and response["Location"] == reverse("orgs:members")
    assert owner_client.session[SESSION_ORG_KEY] == team.other_org.pk
    body = owner_client.get(reverse("orgs:members")).content.decode()
    assert team.outsider.email in body and team.recruiter.email not in body
    # Viewer in the other org: its owner-only changes are refused.
    assert owner_client.post(reverse("orgs:branding"), {}).status_code == 403


def test_cannot_switch_into_an_organization_one_is_not_in(team, outsider_client):
    response = outsider_client.post(SWITCH, {"organization": team.org.pk})
    assert response.status_code == 302
    assert outsider_client.session.get(SESSION_ORG_KEY) != team.org.pk
    assert "Acme Logistics" not in outsider_client.get(reverse("orgs:members")).content.decode()


def test_switch_refuses_offsite_next_and_junk(team, owner_client):
    MembershipFactory(organization=team.other_org, user=team.owner, role=Role.VIEWER)
    response = owner_client.post(SWITCH, {"organization": team.other_org.pk, "next": "https://evil.example/"})
    assert response["Location"] == reverse("dashboard:home")
    assert owner_client.post(SWITCH, {"organization": "abc"}).status_code == 302
    assert owner_client.get(SWITCH).status_code == 405


def test_switcher_partial_renders_only_for_several_orgs(team, owner_client, django_assert_num_queries):
    def render_for(user):  # the partial as base.html will include it, with the real context processor
        request = RequestFactory().get("/app/")
        request.user = user
        request.session = {}  # type: ignore[assignment]
        from screenroom.orgs.middleware import CurrentOrganizationMiddleware

        CurrentOrganizationMiddleware(lambda r: None)(request)  # type: ignore[arg-type,return-value]
        return render_to_string("orgs/_switcher.html", request=request)

    assert "<select" not in render_for(team.recruiter)
    MembershipFactory(organization=team.other_org, user=team.recruiter, role=Role.VIEWER)
    with django_assert_num_queries(1):  # one query gives both the current org and the list
        html = render_for(team.recruiter)
    assert "Acme Logistics" in html and "Rival Corp" in html
    assert 'aria-label="Organization"' in html
