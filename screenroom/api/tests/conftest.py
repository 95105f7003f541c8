from typing import Any

import pytest
from django.test import Client

from screenroom.orgs.services import api_token_create


class ApiClient:
    """A Django test client that sends one organization's API token and JSON bodies."""

    def __init__(self, raw_token: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {raw_token}"} if raw_token else {}

    def _call(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        kwargs: dict[str, Any] = {"headers": {**self.headers, **headers}}
        if body is not None:
            kwargs["data"] = body
            kwargs["content_type"] = "application/json"
        return getattr(self.client, method)(f"/api/v1{path}", **kwargs)

    def get(self, path: str, **headers: str) -> Any:
        return self._call("get", path, **headers)

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        return self._call("post", path, body, **headers)

    def patch(self, path: str, body: Any = None, **headers: str) -> Any:
        return self._call("patch", path, body, **headers)


@pytest.fixture
def api(team: Any) -> ApiClient:
    _, raw = api_token_create(organization=team.org, name="tests", created_by=team.owner)
    return ApiClient(raw)


@pytest.fixture
def outsider_api(team: Any) -> ApiClient:
    _, raw = api_token_create(organization=team.other_org, name="rival", created_by=team.outsider)
    return ApiClient(raw)
