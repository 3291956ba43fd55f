import factory
from django.utils import timezone

from civic.tests.factories import UserFactory
from talk_london.models import AboutYou, Membership


class TalkLondonMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    terms_accepted_at = factory.LazyFunction(timezone.now)


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
