from django.urls import path

from goldenthread.onboarding import views

urlpatterns = [
    path("setup/", views.setup, name="setup"),
    path("set-password/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set_password"),
]
