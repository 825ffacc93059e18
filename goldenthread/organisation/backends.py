"""Authentication that reads the user's Person with the user, in the same query.

Every page asks the user's role (navigation, permissions); reading ``user.person`` lazily
would cost one more query on every request.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User


class PersonBackend(ModelBackend):
    def get_user(self, user_id: int) -> User | None:
        user = User.objects.select_related("person").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
