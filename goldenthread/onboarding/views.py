"""The first-run page, the page a set-password link opens, the page an invitation's link
opens, and the administrators' list of invitations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from goldenthread import access
from goldenthread.core import editing
from goldenthread.core.editing import StaleEdit, version_of
from goldenthread.core.forms import GovukFormMixin
from goldenthread.onboarding import invitations, selectors, services
from goldenthread.onboarding.forms import InvitationActionForm, InvitationFilterForm, SetupForm
from goldenthread.onboarding.selectors import setup_open
from goldenthread.organisation.models import Council, Invitation, OrgUnit
from goldenthread.organisation.shortcuts import council_or_404


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


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The page an invitation's link opens: choose a password (Django's validators), then
    signed in. A used, revoked, replaced or expired link says so (410)."""
    try:
        opened = invitations.invitation_open(token)
    except invitations.DeadLink as dead:
        return render(
            request, "onboarding/invitation_dead.html", {"reason": dead.reason}, status=410
        )
    user = opened.person.user
    form = GovukSetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.invitation_accept(
                token=token, password=form.cleaned_data["new_password1"]
            )
        except invitations.DeadLink as dead:
            dead_context = {"reason": dead.reason}
            return render(request, "onboarding/invitation_dead.html", dead_context, status=410)
        except ValidationError as error:
            form.add_error("new_password1", error.messages)
        else:
            login(request, user, backend="goldenthread.organisation.backends.PersonBackend")
            messages.success(request, "Your password is saved and you are signed in.")
            return redirect("home")
    context: dict[str, object] = {"form": form, "person": opened.person, "email": user.email}
    return render(request, "onboarding/invitation.html", context)


@access.require("people.invitations", methods=("GET", "HEAD", "POST"))
def invitation_list(request: HttpRequest) -> HttpResponse:
    """Administrators: every invitation, by unit and state; resend or revoke each (POST)."""
    council = council_or_404()
    if request.method != "POST":
        return _list_page(request, council)
    assert isinstance(request.user, User)
    form = InvitationActionForm(request.POST)
    if not form.is_valid():
        form.add_error(None, "Choose an invitation to resend or revoke.")
        return _list_page(request, council, form=form, status=400)
    action, pk = form.cleaned_data["action"], form.cleaned_data["invitation"]
    service = invitations.invitation_resend if action == "resend" else invitations.invitation_revoke
    try:
        if not Invitation.objects.filter(pk=pk, person__council=council).exists():
            raise ValidationError("There is no such invitation: it may have been deleted.")
        done = service(actor=request.user, pk=pk, version=form.opened_version())
    except StaleEdit as stale:
        editing.record_refusal(request.user, stale)
        form.add_error(None, stale.messages)
        return _list_page(request, council, form=form, status=409)
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _list_page(request, council, form=form, status=400)
    invited = done.invitation if isinstance(done, invitations.Sent) else done
    email = invited.person.user.email
    messages.success(
        request,
        f"A new invitation was sent to {email}; the old link no longer works."
        if action == "resend"
        else f"The invitation to {email} was revoked; its link no longer works.",
    )
    return redirect("invitations")


def _list_page(
    request: HttpRequest,
    council: Council,
    *,
    form: InvitationActionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    units = list(OrgUnit.objects.filter(council=council).order_by("name").values_list("pk", "name"))
    filters = InvitationFilterForm(
        request.GET or None, units=[(str(pk), name) for pk, name in units]
    )
    unit, state = None, ""
    if filters.is_valid():
        chosen = filters.cleaned_data["unit"]
        unit = next((OrgUnit(pk=pk, name=name) for pk, name in units if str(pk) == chosen), None)
        state = filters.cleaned_data["state"]
    now = timezone.now()
    rows, total = selectors.invitation_rows(council=council, unit=unit, state=state, now=now)
    shown = [
        {
            "invitation": each,
            "state": each.state(now),
            "state_label": Invitation.State(each.state(now)).label,
            "version": version_of(each),
        }
        for each in rows
    ]
    context = {
        "rows": shown,
        "total": total,
        "filters": filters,
        "council_name": council.name,
        "form": form,
    }
    return render(request, "onboarding/invitations.html", context, status=status)
