"""GOV.UK Frontend's files, served where its stylesheet looks for them."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_govuk_frontend_assets_are_served_where_its_css_expects_them(client: Client) -> None:
    css = client.get("/static/govuk/govuk-frontend.min.css")
    assert css.status_code == 200
    font = client.get("/assets/fonts/bold-b542beb274-v2.woff2")
    assert font.status_code == 200
