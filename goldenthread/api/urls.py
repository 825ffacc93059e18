from django.urls import path, re_path

from goldenthread.api.endpoints import api
from goldenthread.api.views import docs, not_found

# Ninja's own routes (the operations and openapi.json) plus the description page, all under
# the one "api" namespace; anything else under /api/v1/ is a JSON 404, never an HTML page.
app_name = "api"
urlpatterns = [
    path("docs", docs, name="docs"),
    *api.urls[0],
    re_path(r"", not_found, name="not_found"),
]
