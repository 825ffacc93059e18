from django.urls import path
from django.views.decorators.http import require_http_methods

from goldenthread.onboarding import views

urlpatterns = [
    path("setup/", views.setup, name="setup"),
    path(
        "set-password/<uidb64>/<token>/",
        # Django's view answers an invalid link before its own method check: hence the wrap.
        require_http_methods(["GET", "HEAD", "POST"])(views.SetPasswordView.as_view()),
        name="set_password",
    ),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("people/invitations/", views.invitation_list, name="invitations"),
]
