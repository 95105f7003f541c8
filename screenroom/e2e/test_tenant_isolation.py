"""Every staff URL and API route, walked from the URL resolver: another organization's member gets
404 (or 403) and learns nothing; a viewer cannot change anything.

New routes are picked up automatically. A route whose parameters this test cannot fill fails the test,
so whoever adds it must say here which object its parameter names.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from screenroom.candidates.models import Application
from screenroom.core.testing.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

STAFF_PREFIXES = ("app/",)
# Routes that are not about one organization's objects, or that are the member's own choice.
OPEN_TO_ANY_MEMBER = {
    "orgs:switch",  # choosing among one's own organizations; another org's id is refused inside
}
SECRET_MARKERS = ("Acme Logistics", "Secret Candidate", "secret.candidate@example.org")


@dataclass
class Route:
    name: str
    path: str
    params: list[str]


def _walk(patterns: list, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            name = f"{namespace}{entry.name}" if entry.name else route
            yield Route(name=name, path=route, params=list(entry.pattern.regex.groupindex))


def staff_routes() -> list[Route]:
    return [r for r in _walk(get_resolver().url_patterns) if r.path.startswith(STAFF_PREFIXES)]


def _fill(route: Route, objects: dict[str, object]) -> str | None:
    path = route.path
    for param in route.params:
        if param not in objects:
            return None
        # Paths are Django "path()" patterns: <int:job_id>, <str:fmt> …
        for converter in ("int", "str", "slug", "uuid", "path", ""):
            token = f"<{converter}:{param}>" if converter else f"<{param}>"
            path = path.replace(token, str(objects[param]))
    return "/" + path.lstrip("^").rstrip("$")


@pytest.fixture
def victim_objects(team) -> dict[str, object]:
    """Objects of the victim organization (team.org), keyed by the URL parameter names that name them."""
    from screenroom.candidates.models import Candidate
    from screenroom.invitations.models import CsvImport
    from screenroom.webhooks.models import WebhookEndpoint

    candidate = Candidate.objects.create(
        organization=team.org, name="Secret Candidate", email="secret.candidate@example.org"
    )
    application = cast(Application, ApplicationFactory(job=team.job, candidate=candidate))
    csv_import = CsvImport.objects.create(organization=team.org, job=team.job, filename="x.csv", content="")
    endpoint = WebhookEndpoint.objects.create(
        organization=team.org, url="http://127.0.0.1:9/hook", secret="s"
    )
    stage = team.job.stages.first()
    objects: dict[str, object] = {
        "job_id": team.job.pk,
        "stage_id": stage.pk,
        "application_id": application.pk,
        "import_id": csv_import.pk,
        "endpoint_id": endpoint.pk,
        "delivery_id": 1,
        "membership_id": team.org.memberships.first().pk,
        "token_id": 1,
        "fmt": "csv",
        "question_id": "q_auth",
    }
    from screenroom.orgs.models import ApiToken

    token = ApiToken.objects.create(organization=team.org, name="t", prefix="sr_x", token_hash="0" * 64)
    objects["token_id"] = token.pk
    from screenroom.resumes.models import Resume, ResumeImport, ResumeImportItem

    resume = Resume.objects.create(
        organization=team.org, application=candidate.applications.get(), original_name="secret.txt", size=1,
        sha256="0" * 64, kind="txt", text="Secret Candidate", engine_version="x", as_of="2026-01-01",
    )  # fmt: skip
    resume_import = ResumeImport.objects.create(organization=team.org, job=team.job)
    item = ResumeImportItem.objects.create(resume_import=resume_import, filename="s.txt", status="review")
    objects.update(resume_id=resume.pk, resume_import_id=resume_import.pk, item_id=item.pk)
    return objects


def test_every_staff_route_is_covered(victim_objects):
    unfilled = [r.name for r in staff_routes() if _fill(r, victim_objects) is None]
    assert not unfilled, f"tell this test which object these parameters name: {unfilled}"


def test_outsider_gets_404_or_403_and_learns_nothing(team, outsider_client, victim_objects):
    checked = 0
    for route in staff_routes():
        if not route.params or route.name in OPEN_TO_ANY_MEMBER:
            continue  # org-wide pages show the outsider's own org: covered below
        url = _fill(route, victim_objects)
        if url is None:
            continue  # test_every_staff_route_is_covered names it
        for method in ("get", "post"):
            response = getattr(outsider_client, method)(url)
            assert response.status_code in (403, 404, 405), f"{method.upper()} {url} ({route.name})"
            body = response.content.decode(errors="replace")
            for marker in SECRET_MARKERS:
                assert marker not in body, f"{method.upper()} {url} leaks {marker!r}"
            checked += 1
    assert checked > 20


def test_org_wide_pages_show_only_the_members_own_organization(team, outsider_client, victim_objects):
    for route in staff_routes():
        if route.params:
            continue
        response = outsider_client.get("/" + route.path)
        assert response.status_code in (200, 302, 403, 405), route.name
        body = response.content.decode(errors="replace")
        for marker in SECRET_MARKERS:
            assert marker not in body, f"GET /{route.path} leaks {marker!r}"


def test_viewer_cannot_change_anything(team, viewer_client, victim_objects):
    before = Application.objects.count()
    for route in staff_routes():
        if route.name in OPEN_TO_ANY_MEMBER:
            continue
        url = _fill(route, victim_objects)
        if url is None:
            continue  # test_every_staff_route_is_covered names it
        response = viewer_client.post(url, {"reason": "x", "name": "x", "email": "x@example.org"})
        assert response.status_code in (403, 405), f"POST {url} ({route.name}) gave {response.status_code}"
    assert Application.objects.count() == before
