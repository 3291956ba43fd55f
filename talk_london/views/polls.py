"""A poll's own public page: vote with one click, see the results at once."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from talk_london.forms.polls import VoteForm
from talk_london.models import Poll
from talk_london.services.polls import PollError, has_voted, poll_results, poll_vote

SESSION_VOTED = "talk_london_polls_voted"


def request_has_voted(request, poll) -> bool:
    if request.user.is_authenticated:
        return has_voted(poll=poll, user=request.user)
    if poll.pk in request.session.get(SESSION_VOTED, []):
        return True
    return has_voted(poll=poll, session_key=request.session.session_key or "")


def poll_detail(request, slug):
    poll = get_object_or_404(Poll, slug=slug)
    options = list(poll.options.all())
    voted = request_has_voted(request, poll)
    form = None
    if poll.is_open and not voted:
        form = VoteForm(
            request.POST if request.method == "POST" else None,
            poll=poll,
            options=options,
        )
        if request.method == "POST" and form.is_valid():
            if not request.session.session_key:
                request.session.save()
            option = next(o for o in options if o.pk == form.cleaned_data["option"])
            try:
                poll_vote(
                    poll=poll,
                    option=option,
                    user=request.user,
                    session_key=request.session.session_key,
                )
            except PollError as error:
                if error.code != "already_voted":
                    raise
            if not request.user.is_authenticated:
                request.session[SESSION_VOTED] = [
                    *request.session.get(SESSION_VOTED, []),
                    poll.pk,
                ]
            messages.success(request, _("Thank you for voting"))
            return redirect(poll)
    elif request.method == "POST":
        messages.info(
            request,
            _("You have already voted in this poll")
            if voted
            else _("This poll has closed"),
        )
        return redirect(poll)
    results, total = poll_results(poll=poll)
    return render(
        request,
        "talk_london/polls/detail.html",
        {
            "poll": poll,
            "form": form,
            "voted": voted,
            "results": results,
            "total": total,
            "share_url": request.build_absolute_uri(poll.get_absolute_url()),
        },
    )
