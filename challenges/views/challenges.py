"""The public challenge pages."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from challenges import selectors
from challenges.access import is_challenge_manager
from challenges.caching import CHALLENGES
from challenges.forms.applications import ChallengeFilterForm
from challenges.models import Application
from civic.caching import cache_for_anonymous

PER_PAGE = 10


@require_safe
@cache_for_anonymous(CHALLENGES)
def challenge_list(request):
    form = ChallengeFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {
            "theme": form.cleaned_data["theme"],
            "programme": form.cleaned_data["programme"],
            "state": form.cleaned_data["state"],
        }
    page = Paginator(selectors.challenge_list(**filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "challenges/challenges/list.html",
        {"form": form, "page_obj": page, "challenges": page.object_list},
    )


@require_safe
@cache_for_anonymous(CHALLENGES)
def challenge_detail(request, slug):
    challenge = selectors.challenge_for_detail(
        slug=slug, include_drafts=is_challenge_manager(request.user)
    )
    if challenge is None:
        raise Http404
    your_application = None
    if request.user.is_authenticated:
        your_application = (
            Application.objects.filter(
                challenge=challenge, organisation__memberships__user=request.user
            )
            .select_related("organisation")
            .first()
        )
    return render(
        request,
        "challenges/challenges/detail.html",
        {
            "challenge": challenge,
            "criteria": list(challenge.criteria.all()),
            "is_open": challenge.is_open_for_applications(),
            "your_application": your_application,
        },
    )
