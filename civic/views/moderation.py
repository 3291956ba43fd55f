"""Implemented in issue 2 (see the issue note)."""
from django.http import HttpResponse


def report_create(request, content_type, object_id):
    return HttpResponse("")


def report_done(request):
    return HttpResponse("")
