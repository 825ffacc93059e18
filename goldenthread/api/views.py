"""The API's description page: GOV.UK, no JavaScript, nothing from a CDN (Swagger UI would
load its scripts from one, which CSP forbids and no council network should need)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from goldenthread.api.endpoints import api, operations


def docs(request: HttpRequest) -> HttpResponse:
    paths = api.get_openapi_schema()["paths"]
    rows = [
        {**op, "summary": paths[op["path"]][op["method"].lower()].get("summary", "")}
        for op in operations()
    ]
    return render(request, "api/docs.html", {"operations": rows})


# Token clients send no CSRF cookie; an unknown address is a 404 whatever the method.
@csrf_exempt
def not_found(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"detail": "There is no such API address: see /api/v1/docs."}, status=404)
