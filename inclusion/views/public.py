"""The Get online landing page."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..models import Scheme


@require_safe
def index(request):
    schemes = list(Scheme.objects.filter(is_open=True).order_by("name"))
    return render(request, "inclusion/index.html", {"schemes": schemes})
