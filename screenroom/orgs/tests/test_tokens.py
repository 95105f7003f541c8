import re

import pytest
from django.urls import reverse

from screenroom.audit.models import AuditEntry
from screenroom.orgs.models import ApiToken
from screenroom.orgs.selectors import organization_for_api_token
from screenroom.orgs.services import api_token_create

URL = reverse("orgs:tokens")


def raw_token_in(body: str) -> str:
    match = re.search(r'id="new-token"[^>]*value="(sr_[^"]+)"', body)
    assert match, "the new token is not shown"
    return match.group(1)


def test_create_shows_the_raw_token_once_and_stores_only_its_hash(team, owner_client):
    response = owner_client.post(URL, {"name": "Greenhouse sync"})
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    body = response.content.decode()
    raw = raw_token_in(body)
    assert "shown only this once" in body
    token = ApiToken.objects.get(organization=team.org, name="Greenhouse sync")
    assert raw not in (token.token_hash, token.prefix) and raw.startswith(token.prefix)
    assert organization_for_api_token(raw) == team.org
    # Reloading the page never shows it again.
    assert raw not in owner_client.get(URL).content.decode()
    assert AuditEntry.objects.filter(
        organization=team.org, action="api_token.created", actor=team.owner
    ).exists()


def test_list_shows_name_prefix_created_last_used_and_revoked_in_few_queries(
    team, owner_client, django_assert_max_num_queries
):
    tokens = [
        api_token_create(organization=team.org, name=f"tool {i}", created_by=team.owner) for i in range(20)
    ]
    organization_for_api_token(tokens[0][1])
    owner_client.post(reverse("orgs:token_revoke", args=[tokens[1][0].pk]))
    api_token_create(organization=team.other_org, name="rival secret tool")
    with django_assert_max_num_queries(5):
        response = owner_client.get(URL)
    body = response.content.decode()
    assert body.count('<tr id="token-') == 20
    assert tokens[5][0].prefix in body and "tool 5" in body
    assert "revoked" in body and "never" in body
    assert "rival secret tool" not in body


def test_revoked_token_no_longer_authenticates(team, owner_client):
    token, raw = api_token_create(organization=team.org, name="ci", created_by=team.owner)
    assert organization_for_api_token(raw) == team.org
    response = owner_client.post(reverse("orgs:token_revoke", args=[token.pk]), follow=True)
    assert "is revoked" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert organization_for_api_token(raw) is None
    # A second click changes nothing and records nothing twice.
    revoked_at = token.revoked_at
    owner_client.post(reverse("orgs:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at == revoked_at
    assert AuditEntry.objects.filter(action="api_token.revoked").count() == 1


def test_unknown_and_empty_tokens_do_not_authenticate(team):
    assert organization_for_api_token("") is None
    assert organization_for_api_token("sr_not-a-real-token") is None


def test_blank_name_is_refused(team, owner_client):
    response = owner_client.post(URL, {"name": "   "})
    assert response.status_code == 400
    assert not ApiToken.objects.filter(organization=team.org).exists()


@pytest.mark.parametrize("who", ["recruiter", "viewer"])
def test_non_owners_get_403_on_tokens(team, who):
    client = team.client_for(getattr(team, who))
    token, raw = api_token_create(organization=team.org, name="keep")
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"name": "sneaky"}).status_code == 403
    assert client.post(reverse("orgs:token_revoke", args=[token.pk])).status_code == 403
    assert not ApiToken.objects.filter(name="sneaky").exists()
    assert organization_for_api_token(raw) == team.org


def test_outsider_cannot_revoke_or_see_another_orgs_tokens(team, outsider_client):
    token, raw = api_token_create(organization=team.org, name="acme secret tool")
    assert outsider_client.post(reverse("orgs:token_revoke", args=[token.pk])).status_code == 404
    assert organization_for_api_token(raw) == team.org
    assert "acme secret tool" not in outsider_client.get(URL).content.decode()


def test_revoke_is_post_only(team, owner_client):
    token, _ = api_token_create(organization=team.org, name="x")
    assert owner_client.get(reverse("orgs:token_revoke", args=[token.pk])).status_code == 405
