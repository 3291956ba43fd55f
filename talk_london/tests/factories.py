import datetime

import factory
from django.utils import timezone

from civic.tests.factories import UserFactory
from talk_london.models import AboutYou, Membership, Question, Survey
from talk_london.services.surveys import survey_sync_structure


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    terms_accepted_at = factory.LazyFunction(timezone.now)


TalkLondonMembershipFactory = MembershipFactory


class AboutYouFactory(factory.django.DjangoModelFactory):
    """Confirmed answers of a member (the membership is made too)."""

    class Meta:
        model = AboutYou
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    consent_given_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def member(self, create, extracted, **kwargs):
        if create and extracted is not False:
            Membership.objects.get_or_create(
                user=self.user, defaults={"terms_accepted_at": timezone.now()}
            )


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    title = factory.Sequence(lambda n: f"Survey {n}")
    slug = factory.Sequence(lambda n: f"survey-{n}")
    introduction = "Tell us what you think."
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=7)
    )
    audience = "signed_in"


def add_question(survey: Survey, kind: str, text: str = "", *, options=(), **fields):
    """Add a question at the end (options one a line, as staff type them) and
    sync the option rows, as saving in the admin does."""
    question = Question.objects.create(
        survey=survey,
        kind=kind,
        text=text or f"{kind} question",
        options_text="\n".join(options),
        sort_order=survey.questions.count(),
        **fields,
    )
    survey_sync_structure(survey=survey)
    question.refresh_from_db()
    return question


def option(question: Question, label: str):
    return question.options.get(label=label)


# --- Discussions ---------------------------------------------------------------
from talk_london.discussions_text import render_post  # noqa: E402
from talk_london.models import Post, Thread, Topic  # noqa: E402


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    title = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    introduction = "Talk about it."


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    topic = factory.SubFactory(TopicFactory)
    title = factory.Sequence(lambda n: f"Thread {n}")
    author = factory.SubFactory(UserFactory)


class PostFactory(factory.django.DjangoModelFactory):
    """A published post (it does not update the thread's counts: use the
    services for that)."""

    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    body_source = factory.Sequence(lambda n: f"Post number {n}")
    body = factory.LazyAttribute(lambda o: render_post(o.body_source))
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
