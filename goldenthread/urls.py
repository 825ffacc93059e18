from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.http import require_http_methods

from goldenthread.core.views import healthz
from goldenthread.security.views import SignInView

# A locked database met outside a view (the session saved after it) is 503, not 500.
handler500 = "goldenthread.core.middleware.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(
        "login/", require_http_methods(["GET", "HEAD", "POST"])(SignInView.as_view()), name="login"
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("goldenthread.security.urls")),
    path("admin/", admin.site.urls),
    path("", include("goldenthread.onboarding.urls")),
    path("plans/", include("goldenthread.plans.urls")),
    path("", include("goldenthread.returns.urls")),
    path("benchmarking/", include("goldenthread.benchmarking.urls")),
    path("import/scorecard/", include("goldenthread.indicators.scorecard_urls")),
    path("import/", include("goldenthread.imports.urls")),
    path("improvement/", include("goldenthread.improvement.urls")),
    path("reports/", include("goldenthread.reports.urls")),
    path("api/v1/", include("goldenthread.api.urls")),
    path("queries/", include("goldenthread.queries.urls")),
    path("indicators/", include("goldenthread.indicators.urls")),
    path("", include("goldenthread.public.urls")),
    path("", include("goldenthread.dashboards.urls")),
    path("", include("goldenthread.mywork.urls")),
    path("", include("goldenthread.scorecard.urls")),
]
