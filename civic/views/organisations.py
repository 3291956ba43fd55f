"""Implemented in issue 2 (see the issue note)."""
from django.http import HttpResponse


def organisation_list(request):
    return HttpResponse("")


def organisation_create(request):
    return HttpResponse("")


def organisation_detail(request, slug):
    return HttpResponse("")


organisation_edit = organisation_invite = organisation_detail


def membership_remove(request, slug, membership_id):
    return HttpResponse("")


def invitation_accept(request, token):
    return HttpResponse("")
