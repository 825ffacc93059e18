from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def _council_name() -> str:
    from goldenthread.organisation.models import Council

    council = Council.objects.only("name").current()
    return council.name if council else settings.GOLDENTHREAD_SERVICE_NAME


def service(request: HttpRequest) -> dict[str, Any]:
    """The service name and the council's name for the header, on every page.

    The council's name is read only if a page shows it and its view has not already passed
    it (views that load the council pass ``council_name`` and save the query).
    """
    return {
        "service_name": settings.GOLDENTHREAD_SERVICE_NAME,
        "council_name": SimpleLazyObject(_council_name),
    }
