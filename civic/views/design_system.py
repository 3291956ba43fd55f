"""Implemented in issue 2 (see the issue note)."""
from django.http import HttpResponse


def design_system(request):
    return HttpResponse("")
