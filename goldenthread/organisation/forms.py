from typing import Any

from django.contrib.auth.forms import AuthenticationForm

from goldenthread.core.forms import GovukFormMixin


class LoginForm(GovukFormMixin, AuthenticationForm):
    """Django's sign-in form with GOV.UK classes and the right autocomplete hints."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="username", spellcheck="false")
        self.fields["password"].widget.attrs.update(autocomplete="current-password")
