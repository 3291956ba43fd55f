"""Stands in for a page another area of the app has not built yet, so that
cross-links resolve while the areas are built side by side. Removed once
every area has landed."""

from django.http import Http404


def not_built_yet(request, *args, **kwargs):
    raise Http404("Not built yet")
