from typing import Any

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, Any]:
    """The service name for the GOV.UK header, on every page."""
    return {"service_name": settings.GOLDENTHREAD_SERVICE_NAME}
