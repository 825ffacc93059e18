from django.urls import path

from goldenthread.api.endpoints import api
from goldenthread.api.views import docs

# Ninja's own routes (the operations and openapi.json) plus the description page, all under
# the one "api" namespace.
app_name = "api"
urlpatterns = [path("docs", docs, name="docs"), *api.urls[0]]
