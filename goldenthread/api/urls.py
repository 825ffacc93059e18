from django.urls import URLPattern, path, re_path
from django.views.decorators.http import require_safe

from goldenthread.api.endpoints import api
from goldenthread.api.views import docs, not_found


def _routes() -> list[URLPattern]:
    """Ninja's routes: the operations, openapi.json (GET and HEAD only), and its root, which
    (ninja's is a 404 without Swagger) shows the description page."""
    routes = []
    for route in api.urls[0]:
        assert isinstance(route, URLPattern)
        if route.name == "api-root":
            route = path("", require_safe(docs), name="api-root")
        if route.name == "openapi-json":
            route = path("openapi.json", require_safe(route.callback), name="openapi-json")
        routes.append(route)
    return routes


# Ninja's own routes plus the description page, all under the one "api" namespace; anything
# else under /api/v1/ is a JSON 404, never an HTML page.
app_name = "api"
urlpatterns = [
    path("docs", require_safe(docs), name="docs"),
    *_routes(),
    re_path(r"", not_found, name="not_found"),
]
