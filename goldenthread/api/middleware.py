"""Every answer under /api/v1/ is JSON, including the ones Django and ninja make themselves: a
405 from ninja's routing (with its ``Allow`` header), Django's 400 for a body over
``DATA_UPLOAD_MAX_MEMORY_SIZE`` when it is read outside an operation, a CSRF refusal. A token
client parsing the answer never gets an HTML page (ADR 0016)."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse, JsonResponse

PREFIX = "/api/v1/"
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


class JsonErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        try:
            reason = HTTPStatus(response.status_code).phrase
        except ValueError:
            reason = "Error"
        answer = JsonResponse({"detail": f"{reason}."}, status=response.status_code)
        for header in KEPT_HEADERS:
            if header in response:
                answer[header] = response[header]
        return answer
