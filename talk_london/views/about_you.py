"""The "about you" questions: start (consent), one question per page, check
your answers, confirmation, and deleting the answers. Members only; each person
only ever sees their own answers."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from talk_london.forms.about_you import (
    QUESTION_ORDER,
    QUESTIONS,
    ConsentForm,
    question_form,
)
from talk_london.models import AboutYou
from talk_london.models.about_you import PREFER_NOT_TO_SAY
from talk_london.selectors import is_member
from talk_london.services import about_you as services


def member_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not is_member(request.user):
            messages.info(request, _("Join Talk London to answer these questions"))
            return redirect("talk_london:join")
        return view(request, *args, **kwargs)

    return wrapper


def _own_answers(user) -> AboutYou | None:
    return AboutYou.objects.filter(user=user).first()


def _applies(slug: str, about_you: AboutYou) -> bool:
    """The detailed ethnic group follows only an answered high-level group."""
    if slug == "ethnic-background":
        return about_you.ethnic_group not in ("", PREFER_NOT_TO_SAY)
    return True


def _next_url(slug: str, about_you: AboutYou, changing: bool) -> str:
    check = reverse("talk_london:about_you_check")
    if slug == "ethnic-group" and _applies("ethnic-background", about_you):
        if not changing or not about_you.ethnic_background:
            url = reverse("talk_london:about_you_question", args=["ethnic-background"])
            return url + ("?change=1" if changing else "")
    if changing:
        return check
    for later in QUESTION_ORDER[QUESTION_ORDER.index(slug) + 1 :]:
        if _applies(later, about_you):
            return reverse("talk_london:about_you_question", args=[later])
    return check


def _previous_url(slug: str, about_you: AboutYou) -> str:
    for earlier in reversed(QUESTION_ORDER[: QUESTION_ORDER.index(slug)]):
        if _applies(earlier, about_you):
            return reverse("talk_london:about_you_question", args=[earlier])
    return reverse("talk_london:about_you_start")


@member_required
def start(request):
    about_you = _own_answers(request.user)
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.about_you_consent(user=request.user)
        return redirect("talk_london:about_you_question", QUESTION_ORDER[0])
    return render(
        request,
        "talk_london/about_you/start.html",
        {"form": form, "about_you": about_you},
    )


@member_required
def question(request, slug):
    if slug not in QUESTIONS:
        raise Http404
    about_you = _own_answers(request.user)
    if about_you is None:
        return redirect("talk_london:about_you_start")
    if not _applies(slug, about_you):
        return redirect("talk_london:about_you_question", "ethnic-group")
    changing = request.GET.get("change") == "1"
    form = question_form(
        slug, about_you, request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        services.about_you_answer(
            about_you=about_you,
            field=QUESTIONS[slug][0],
            value=form.cleaned_data["answer"],
        )
        return redirect(_next_url(slug, about_you, changing))
    back = (
        reverse("talk_london:about_you_check")
        if changing
        else _previous_url(slug, about_you)
    )
    return render(
        request,
        "talk_london/about_you/question.html",
        {
            "form": form,
            "back_url": back,
            "number": QUESTION_ORDER.index(slug) + 1,
            "total": len(QUESTION_ORDER),
        },
    )


def _answer_rows(about_you: AboutYou) -> list[dict]:
    rows = []
    for slug in QUESTION_ORDER:
        if not _applies(slug, about_you):
            continue
        field, label, *_rest = QUESTIONS[slug]
        form = question_form(slug, about_you)
        labels = dict(form.fields["answer"].choices)
        value = getattr(about_you, field)
        rows.append(
            {
                "key": label,
                "value": labels.get(value, _("Not answered"))
                if value
                else _("Not answered"),
                "href": reverse("talk_london:about_you_question", args=[slug])
                + "?change=1",
                "hidden": label,
            }
        )
    return rows


@member_required
def check(request):
    about_you = _own_answers(request.user)
    if about_you is None:
        return redirect("talk_london:about_you_start")
    if request.method == "POST":
        services.about_you_confirm(about_you=about_you)
        return redirect("talk_london:about_you_done")
    return render(
        request,
        "talk_london/about_you/check.html",
        {
            "rows": _answer_rows(about_you),
            "about_you": about_you,
            "back_url": reverse(
                "talk_london:about_you_question", args=[QUESTION_ORDER[-1]]
            ),
        },
    )


@require_safe
@member_required
def done(request):
    about_you = _own_answers(request.user)
    if about_you is None or about_you.confirmed_at is None:
        return redirect("talk_london:about_you_start")
    return render(request, "talk_london/about_you/done.html")


@member_required
def delete(request):
    about_you = _own_answers(request.user)
    if about_you is None:
        return redirect("talk_london:about_you_start")
    if request.method == "POST":
        services.about_you_delete(user=request.user)
        messages.success(request, _("We have deleted your answers"))
        return redirect("talk_london:index")
    return render(request, "talk_london/about_you/delete.html")
