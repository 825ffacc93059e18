from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Sign-in security: lockout, two-factor authentication, single sign-on, headers."""

    name = "goldenthread.security"
    verbose_name = "Security"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in

        from goldenthread.security import lockout, twofactor

        # Sign-in is Django's and django-axes' flow, so their signals are where we hook in:
        # there is no service of ours to call these from.
        user_locked_out.connect(lockout.lockout_recorded, dispatch_uid="gt-lockout")
        user_logged_in.connect(twofactor.second_factor_due, dispatch_uid="gt-2fa-due")
