"""Security headers: a Content Security Policy without 'unsafe-inline', and the others."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db

# Downloaded, never served as a page of the site: a standalone report file with its own <style>.
STANDALONE_DOCUMENTS = {"reports/ipr_document.html"}


def policy(response: object) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    directives = [part.strip().split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


def test_every_page_has_a_policy_without_unsafe_inline(
    client: Client, performance_user: User
) -> None:
    client.force_login(performance_user)
    for url in ("/login/", "/scorecard/", "/two-factor/set-up/"):
        response = client.get(url)
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], url


def test_the_policy_locks_down_framing_plugins_base_and_forms(client: Client) -> None:
    directives = policy(client.get("/login/"))
    assert directives["default-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]


def test_the_pages_scripts_carry_this_responses_nonce(client: Client) -> None:
    response = client.get("/login/")
    nonces = [v for v in policy(response)["script-src"] if v.startswith("'nonce-")]
    assert len(nonces) == 1
    nonce = nonces[0][len("'nonce-") : -1]
    scripts = re.findall(r"<script([^>]*)>", response.content.decode())
    assert len(scripts) == 2
    assert all(f'nonce="{nonce}"' in attributes for attributes in scripts)
    assert nonce not in client.get("/login/")["Content-Security-Policy"]  # new each time


def test_no_template_has_inline_styles_handlers_or_scripts_without_the_nonce() -> None:
    roots = [Path(settings.PACKAGE_DIR)]
    problems = []
    for template in sorted(p for root in roots for p in root.rglob("templates/**/*.html")):
        name = str(template).split("/templates/", 1)[1]
        if name in STANDALONE_DOCUMENTS:
            continue
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "nonce=" not in tag and "src=" not in tag:
                problems.append(f"{name}: {tag}")
        problems += [f"{name}: style attribute" for _ in re.findall(r"\sstyle=", text)]
        problems += [f"{name}: <style>" for _ in re.findall(r"<style\b", text)]
        problems += [f"{name}: {h}" for h in re.findall(r"\son[a-z]+=", text)]
        problems += [f"{name}: javascript: URL" for _ in re.findall(r"javascript:", text)]
    assert problems == []


def test_other_security_headers(client: Client) -> None:
    response = client.get("/login/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
