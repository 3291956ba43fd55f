import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from civic.models import (
    Borough,
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
    Report,
    User,
)

DEFAULT_PASSWORD = "correct-horse-battery-staple"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Verified email by default; ``UserFactory(verified=False)`` for one that is not."""
        if not create:
            return
        self.save()
        EmailAddress.objects.update_or_create(
            user=self,
            email=self.email,
            defaults={"primary": True, "verified": extracted is not False},
        )

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get(name=name))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    type = Organisation.Type.CHARITY
    description = "A community group in south London."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationMembership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = OrganisationMembership.Role.MEMBER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationInvitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.com")
    invited_by = factory.SubFactory(UserFactory)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    content_object = factory.SubFactory(OrganisationFactory)
    reporter = factory.SubFactory(UserFactory)
    reason = Report.Reason.SPAM


def borough(name: str = "Lewisham") -> Borough:
    return Borough.objects.get(name=name)
