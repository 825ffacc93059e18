"""The first-run page, and the page a set-password link opens."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from goldenthread.core.forms import GovukFormMixin
from goldenthread.onboarding import services
from goldenthread.onboarding.forms import SetupForm
from goldenthread.onboarding.selectors import setup_open


@require_http_methods(["GET", "HEAD", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """The same questions as ``goldenthread setup``, for the first administrator; only while
    the database is empty (``selectors.setup_open``), otherwise not found."""
    if not setup_open():
        raise Http404("Golden Thread is already set up")
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.installation_set_up(actor=None, answers=form.answers())
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return render(request, "onboarding/done.html", {"outcome": outcome})
    return render(request, "onboarding/setup.html", {"form": form})


class GovukSetPasswordForm(GovukFormMixin, SetPasswordForm):
    pass


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """A one-time link from ``goldenthread setup --non-interactive`` (Django's password-reset
    token): the new administrator chooses their password, then signs in."""

    template_name = "onboarding/set_password.html"
    form_class = GovukSetPasswordForm
    success_url = reverse_lazy("login")
