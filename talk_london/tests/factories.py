import factory
from django.utils import timezone

from civic.tests.factories import UserFactory
from talk_london.models import Membership


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    terms_accepted_at = factory.LazyFunction(timezone.now)


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
