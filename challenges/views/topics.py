"""Topics for future challenges: reading is public; proposing and supporting
need a signed-in person with a verified email. Hidden topics 404 for everyone
but moderators."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from challenges.forms.topics import TopicFilterForm, TopicForm
from challenges.models import Topic, VotingRound
from challenges.models.topics import MAX_ACTIVE_SUPPORTS
from challenges.services import topics as services
from civic.permissions import verified_email_required
from civic.ratelimit import rate_limit

TOPICS_PER_PAGE = 20
PAST_ROUNDS_SHOWN = 5

SORTS = {
    "supported": ("-support_count", "-created_at", "-pk"),
    "newest": ("-created_at", "-pk"),
}


def _visible_topics(user):
    topics = Topic.objects.all()
    if services.can_moderate(user):
        return topics
    return topics.filter(is_hidden=False)


def _get_topic(request, pk: int) -> Topic:
    return get_object_or_404(
        _visible_topics(request.user).select_related("voting_round", "borough"),
        pk=pk,
    )


@require_safe
def topic_list(request):
    current = services.open_round()
    form = TopicFilterForm(request.GET or None)
    sort, borough = "supported", None
    if form.is_valid():
        sort = form.cleaned_data["sort"] or sort
        borough = form.cleaned_data["borough"]
    topics = Topic.objects.filter(is_hidden=False).select_related("borough")
    if current is not None:
        topics = topics.filter(voting_round=current)
    else:
        topics = topics.filter(voting_round__isnull=True)
    if borough is not None:
        topics = topics.filter(borough=borough)
    page = Paginator(topics.order_by(*SORTS[sort]), TOPICS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    past_rounds = (
        VotingRound.objects.filter(status=VotingRound.Status.CLOSED)
        .order_by("-closed_at", "-pk")
        .prefetch_related(
            Prefetch(
                "topics",
                queryset=Topic.objects.filter(is_hidden=False)
                .exclude(status=Topic.Status.PROPOSED)
                .order_by("-support_count", "pk"),
                to_attr="decided_topics",
            )
        )[:PAST_ROUNDS_SHOWN]
    )
    hidden_supported = []
    if current is not None and request.user.is_authenticated:
        hidden_supported = list(
            Topic.objects.filter(
                voting_round=current, is_hidden=True, supports__user=request.user
            )
        )
    return render(
        request,
        "challenges/topics/topic_list.html",
        {
            "voting_round": current,
            "page_obj": page,
            "filter_form": TopicFilterForm(
                initial={"sort": sort, "borough": borough.slug if borough else ""}
            ),
            "sort": sort,
            "borough": borough,
            "supported_ids": services.supported_topic_ids(request.user, current),
            "supports_used": services.supports_used(request.user, current),
            "max_supports": MAX_ACTIVE_SUPPORTS,
            "past_rounds": past_rounds,
            "hidden_supported": hidden_supported,
        },
    )


@require_safe
def topic_detail(request, pk: int):
    topic = _get_topic(request, pk)
    voting_round = topic.voting_round
    return render(
        request,
        "challenges/topics/topic_detail.html",
        {
            "topic": topic,
            "voting_round": voting_round,
            "is_open": voting_round is not None
            and voting_round.status == VotingRound.Status.OPEN,
            "supported": topic.pk
            in services.supported_topic_ids(request.user, voting_round),
            "supports_used": services.supports_used(request.user, voting_round),
            "max_supports": MAX_ACTIVE_SUPPORTS,
        },
    )


@verified_email_required
@rate_limit("topic_proposal")
def topic_propose(request):
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        topic = services.topic_propose(user=request.user, **form.cleaned_data)
        if topic.voting_round_id:
            messages.success(
                request,
                _(
                    "Thank you. Your topic is in the current round: others can support it now."
                ),
            )
        else:
            messages.success(
                request,
                _(
                    "Thank you. No voting round is open at the moment: your topic "
                    "will join the next round when it opens."
                ),
            )
        return redirect(topic)
    return render(
        request,
        "challenges/topics/topic_form.html",
        {"form": form, "voting_round": services.open_round()},
    )


def _back(request, topic: Topic) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return topic.get_absolute_url()


@require_POST
@verified_email_required
def topic_support(request, pk: int):
    topic = _get_topic(request, pk)
    try:
        services.topic_support(topic=topic, user=request.user)
    except services.TopicError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("You support “%(title)s”.") % {"title": topic.title}
        )
    return redirect(_back(request, topic))


@require_POST
@verified_email_required
def topic_withdraw(request, pk: int):
    # A supporter may withdraw from a topic a moderator has since hidden, so
    # that it stops using one of their five places.
    topic = get_object_or_404(
        Topic.objects.filter(
            Q(is_hidden=False) | Q(supports__user=request.user)
        ).distinct(),
        pk=pk,
    )
    try:
        services.topic_withdraw(topic=topic, user=request.user)
    except services.TopicError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("You no longer support “%(title)s”.") % {"title": topic.title},
        )
    return redirect(_back(request, topic))
