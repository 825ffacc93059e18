"""Static files, including GOV.UK Frontend's fonts and images at the path its CSS expects."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from whitenoise.middleware import WhiteNoiseMiddleware


class GovukAssetsMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, plus ``/assets/`` served from the installed govuk-frontend package.

    The precompiled ``govuk-frontend.min.css`` refers to ``/assets/fonts/…`` and
    ``/assets/images/…`` by absolute path, so the package's ``assets`` folder must answer there.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assets = settings.GOVUK_FRONTEND_DIST / "assets"
        if assets.is_dir():
            self.add_files(str(assets), prefix="assets/")
