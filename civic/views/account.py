"""Implemented in issue 2 (see the issue note)."""
from django.http import HttpResponse


def account_home(request):
    return HttpResponse("")


profile_edit = activity = verify_email_needed = account_home
