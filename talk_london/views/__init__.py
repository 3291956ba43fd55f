from django.shortcuts import render
from django.views.decorators.http import require_safe

from talk_london.models import Poll
from talk_london.selectors import is_member


@require_safe
def index(request):
    return render(
        request,
        "talk_london/index.html",
        {
            "is_member": is_member(request.user),
            "open_polls": Poll.objects.filter(status=Poll.Status.OPEN)[:3],
        },
    )
