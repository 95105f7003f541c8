"""REST API v1: `/api/v1/`, token-authenticated, OpenAPI 3 at `/api/v1/openapi.json`.

No interactive docs page: django-ninja's loads Swagger UI from a CDN, and Screenroom serves nothing
from a CDN. Point any OpenAPI viewer at the schema instead (docs/api.md).
"""

from ninja import NinjaAPI

from screenroom.api.auth import ApiTokenAuth
from screenroom.api.errors import install_error_handlers
from screenroom.api.routers.applications import router as applications_router
from screenroom.api.routers.jobs import router as jobs_router
from screenroom.api.routers.resumes import router as resumes_router

DESCRIPTION = """
Screenroom's REST API. Authenticate with an organization's API token (created by an owner under
Settings → API tokens): `Authorization: Bearer sr_…`.

Every error has the same shape: `{"error": {"code": "...", "message": "...", "details": [...]}}`.
POST requests that create something accept an `Idempotency-Key` header.
"""

api = NinjaAPI(
    title="Screenroom API",
    version="1",
    description=DESCRIPTION.strip(),
    urls_namespace="api-v1",
    auth=ApiTokenAuth(),
    docs_url=None,
    openapi_url="/openapi.json",
)
install_error_handlers(api)
api.add_router("/", jobs_router)
api.add_router("/", applications_router)
api.add_router("/", resumes_router)
