"""Shortcuts for views, as ``django.shortcuts`` has ``get_object_or_404``."""

from __future__ import annotations

from django.http import Http404

from goldenthread.organisation.models import Council


def council_or_404() -> Council:
    """The council a page is about (``Council.objects.current()``); 404 before one is set up."""
    council = Council.objects.current()
    if council is None:
        raise Http404("No Council matches the given query.")
    return council
