"""Sign-in pages: the password page (with single sign-on when configured) and two-factor."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from goldenthread import access
from goldenthread.organisation.forms import LoginForm
from goldenthread.security import twofactor
from goldenthread.security.forms import CodeForm


class SignInView(auth_views.LoginView):
    """Django's sign-in view; offers single sign-on when an identity provider is configured."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = settings.OIDC_ENABLED
        context["sso_failed"] = self.request.GET.get("sso") == "failed"
        return context


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required has run
    return request.user


@never_cache
@sensitive_post_parameters("code")
@access.require("person.any", methods=("GET", "HEAD", "POST"))
def verify(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in: the code from the account's app."""
    user = _user(request)
    device = twofactor.confirmed_device(user)
    if device is None:
        return redirect(f"{reverse('two_factor_setup')}?{request.GET.urlencode()}")
    if twofactor.session_verified(request):
        return HttpResponseRedirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # django-otp makes each wrong code double the wait before the next try.
        if wait := twofactor.wait_seconds(device):
            form.add_error("code", f"Wait {wait} seconds, then enter the code your app shows")
        elif twofactor.totp_verify(request=request, device=device, token=form.cleaned_data["code"]):
            return HttpResponseRedirect(_next_url(request))
        else:
            form.add_error("code", "The code is not correct: enter the code your app shows now")
    return render(
        request,
        "security/verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


@never_cache
@sensitive_post_parameters("code")
@access.require("person.any", methods=("GET", "HEAD", "POST"))
def setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: the secret as a QR code and as text, then a first code."""
    user = _user(request)
    if twofactor.confirmed_device(user) is not None:
        if twofactor.session_verified(request):
            return render(request, "security/set_up_already.html", {})
        return redirect(f"{reverse('two_factor_verify')}?{request.GET.urlencode()}")
    device = twofactor.totp_device_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if wait := twofactor.wait_seconds(device):
            form.add_error("code", f"Wait {wait} seconds, then enter the code your app shows")
        elif twofactor.totp_device_confirm(
            request=request, device=device, token=form.cleaned_data["code"]
        ):
            return HttpResponseRedirect(_next_url(request))
        else:
            form.add_error("code", "The code is not correct: enter the code your app shows now")
    uri = device.config_url
    return render(
        request,
        "security/set_up.html",
        {
            "form": form,
            "next": _next_url(request),
            "required": twofactor.must_use_two_factor(user),
            "secret": twofactor.secret_text(device),
            "otpauth_uri": uri,
            "qr_svg": twofactor.qr_svg(uri),
        },
        status=400 if form.errors else 200,
    )
