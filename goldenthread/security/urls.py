from django.urls import path

from goldenthread.security import oidc, views

urlpatterns = [
    path("two-factor/", views.verify, name="two_factor_verify"),
    path("two-factor/set-up/", views.setup, name="two_factor_setup"),
    path("sso/start/", oidc.SsoStartView.as_view(), name="oidc_authentication_init"),
    path("sso/callback/", oidc.SsoCallbackView.as_view(), name="oidc_authentication_callback"),
]
