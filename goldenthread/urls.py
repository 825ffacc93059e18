from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from goldenthread.core.views import healthz
from goldenthread.organisation.forms import LoginForm

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("plans/", include("goldenthread.plans.urls")),
    path("", include("goldenthread.returns.urls")),
    path("benchmarking/", include("goldenthread.benchmarking.urls")),
    path("import/", include("goldenthread.imports.urls")),
    path("improvement/", include("goldenthread.improvement.urls")),
    path("reports/", include("goldenthread.reports.urls")),
    path("queries/", include("goldenthread.queries.urls")),
    path("", include("goldenthread.public.urls")),
    path("", include("goldenthread.indicators.urls")),
]
