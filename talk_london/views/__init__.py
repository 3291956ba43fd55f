from django.shortcuts import render

from talk_london.selectors import is_member


def index(request):
    return render(
        request, "talk_london/index.html", {"is_member": is_member(request.user)}
    )
