"""Hostile input through Talk London's public forms (see tests/hostile.py)."""

import pytest
from django.urls import reverse

from civic.tests.factories import UserFactory
from talk_london.models import AboutYou, Poll, PollOption
from talk_london.models.surveys import QuestionKind
from talk_london.tests.factories import (
    AboutYouFactory,
    MembershipFactory,
    PostFactory,
    SurveyFactory,
    ThreadFactory,
    TopicFactory,
    add_question,
)
from tests.hostile import Target, fuzz, signed_in

APPS = ("talk_london", "civic")


def _member():
    user = UserFactory(email="member@fuzz.example.com", display_name="Fuzz Member")
    MembershipFactory(user=user)
    return user


def _join():
    user = UserFactory(email="joiner@fuzz.example.com")
    return signed_in(user), reverse("talk_london:join")


def _about_you_start():
    return signed_in(_member()), reverse("talk_london:about_you_start")


def _about_you_question(slug):
    def setup():
        user = _member()
        AboutYou.objects.filter(user=user).delete()
        AboutYouFactory(user=user, member=False, confirmed_at=None)
        return signed_in(user), reverse("talk_london:about_you_question", args=[slug])

    return setup


def _survey_question(kind):
    def setup():
        survey = SurveyFactory(slug=f"fuzz-{kind}", audience="signed_in")
        extra = {}
        options = ()
        if kind in ("single", "multiple", "ranking"):
            options = ["Bus", "Bike", "Walk", "Car"]
        if kind in ("single", "multiple"):
            extra["allow_other"] = True
        if kind == "multiple":
            extra["max_choices"] = 2
        if kind == "rating":
            extra.update(low_label="Very unhappy", high_label="Very happy")
        question = add_question(
            survey, kind, f"A {kind} question", options=options, **extra
        )
        client = signed_in(_member())
        begun = client.get(reverse("talk_london:survey_begin", args=[survey.slug]))
        assert begun.status_code == 302, begun
        return client, reverse(
            "talk_london:survey_question", args=[survey.slug, question.pk]
        )

    return setup


def _poll():
    poll = Poll.objects.create(question="Bus or bike?", slug="fuzz-poll")
    for order, text in enumerate(["Bus", "Bike", "Walk"]):
        PollOption.objects.create(poll=poll, text=text, sort_order=order)
    return signed_in(_member()), reverse("talk_london:poll_detail", args=[poll.slug])


def _thread_create():
    topic = TopicFactory(slug="fuzz-topic", members_can_start_threads=True)
    return signed_in(_member()), reverse("talk_london:thread_create", args=[topic.slug])


def _thread_reply():
    thread = ThreadFactory(topic=TopicFactory(slug="fuzz-topic"))
    PostFactory(thread=thread)
    args = [thread.topic.slug, thread.pk]
    return (
        signed_in(_member()),
        reverse("talk_london:thread_detail", args=args),
        reverse("talk_london:thread_reply", args=args),
    )


def _post_edit():
    user = _member()
    post = PostFactory(author=user, thread=ThreadFactory(author=user))
    return signed_in(user), reverse("talk_london:post_edit", args=[post.pk])


def _distinct_ranks(form):
    return {name: str(n) for n, name in enumerate(form.fields, start=1)}


TARGETS = [
    Target("talk london join", _join, apps=APPS),
    Target("about you consent", _about_you_start, apps=APPS),
    *[
        Target(f"about you {slug}", _about_you_question(slug), apps=APPS)
        for slug in ("age", "ethnic-group", "disability", "borough")
    ],
    *[
        Target(
            f"survey question {kind}",
            _survey_question(kind),
            apps=APPS,
            valid=_distinct_ranks if kind == "ranking" else None,
        )
        for kind in QuestionKind.values
    ],
    Target("poll vote", _poll, apps=APPS),
    Target("thread create", _thread_create, apps=APPS),
    Target("thread reply", _thread_reply, apps=APPS),
    Target("post edit", _post_edit, apps=APPS),
]


@pytest.mark.django_db
@pytest.mark.parametrize("target", TARGETS, ids=str)
def test_public_form_survives_hostile_input(target):
    fuzz(target)


# Found by the fuzzing above; kept as plain examples.


@pytest.mark.django_db
def test_a_number_too_big_to_store_is_refused_with_a_message():
    client, url = _survey_question("number")()
    response = client.post(url, {"answer": "-99999999999999999999999999"})
    assert response.status_code == 200
    assert "Enter a number between -2,147,483,648 and 2,147,483,647" in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_an_option_sent_twice_is_one_answer():
    from talk_london.models.surveys import Answer

    client, url = _survey_question("multiple")()
    page = client.get(url)
    first = page.context["form"].fields["answer"].choices[0][0]
    response = client.post(url, {"answer": [first, first]})
    assert response.status_code == 302
    assert Answer.objects.filter(option_id=first).count() == 1
