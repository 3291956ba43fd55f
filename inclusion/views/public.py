"""The Get online landing page."""

from django.shortcuts import render

from ..models import Scheme


def index(request):
    schemes = list(Scheme.objects.filter(is_open=True).order_by("name"))
    return render(request, "inclusion/index.html", {"schemes": schemes})
