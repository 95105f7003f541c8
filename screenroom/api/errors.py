"""One error shape for every API response that is not a success.

{"error": {"code": "not_found", "message": "…", "details": [...]}}
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja.errors import AuthenticationError, HttpError, ValidationError

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger(__name__)

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    422: "validation_error",
    429: "rate_limited",
    500: "server_error",
}


class ApiError(Exception):
    def __init__(
        self, status: int, message: str, *, code: str = "", details: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message
        self.details = details or []


def error_body(code: str, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or []}}


def error_response(
    status: int, message: str, *, code: str = "", details: list[Any] | None = None
) -> JsonResponse:
    return JsonResponse(error_body(code or CODES.get(status, "error"), message, details), status=status)


def field_error(loc: list[str | int], message: str, type_: str = "value_error") -> dict[str, Any]:
    return {"field": ".".join(str(p) for p in loc), "loc": loc, "message": message, "type": type_}


def _validation_details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    details = []
    for err in errors:
        loc = list(err.get("loc", ()))
        # Ninja puts the view's parameter name after "body"; clients never see that name.
        if len(loc) >= 2 and loc[0] == "body":
            loc = [loc[0], *loc[2:]]
        details.append(field_error(loc, str(err.get("msg", "Invalid value.")), str(err.get("type", ""))))
    return details


def install_error_handlers(api: NinjaAPI) -> None:
    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(exc.status, exc.message, code=exc.code, details=exc.details)

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        details = _validation_details(exc.errors)
        fields = ", ".join(d["field"] for d in details[:5])
        return error_response(422, f"The request has invalid fields: {fields}.", details=details)

    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        if not request.headers.get("Authorization"):
            message = "Send an API token: `Authorization: Bearer sr_…`."
        else:
            message = "The API token is invalid or revoked."
        response = error_response(401, message)
        response["WWW-Authenticate"] = 'Bearer realm="screenroom"'
        return response

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        if exc.status_code == 400 and message.startswith("Cannot parse request body"):
            message = "The request body is not valid JSON."
        return error_response(exc.status_code, message)

    def on_404(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(404, "Not found.")

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return error_response(500, "Something went wrong on our side. It has been logged.")

    api.add_exception_handler(ApiError, on_api_error)  # type: ignore[arg-type]  # ninja types the handler oddly
    api.add_exception_handler(ValidationError, on_validation)  # type: ignore[arg-type]  # ninja types the handler oddly
    api.add_exception_handler(AuthenticationError, on_auth)  # type: ignore[arg-type]  # ninja types the handler oddly
    api.add_exception_handler(HttpError, on_http_error)  # type: ignore[arg-type]  # ninja types the handler oddly
    api.add_exception_handler(Http404, on_404)  # type: ignore[arg-type]  # ninja types the handler oddly
    api.add_exception_handler(Exception, on_unexpected)  # type: ignore[arg-type]  # ninja types the handler oddly
