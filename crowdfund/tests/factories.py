import datetime
import uuid

import factory
from django.utils import timezone

from civic.models import Borough
from civic.tests.factories import OrganisationFactory, UserFactory
from crowdfund.models import (
    CityHallPledge,
    CostLine,
    FundingRound,
    Need,
    NeedOffer,
    Pledge,
    Project,
    ProjectUpdate,
    TeamInvitation,
    TeamMember,
    Theme,
)


def _now():
    return timezone.now()


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class FundingRoundFactory(factory.django.DjangoModelFactory):
    """A round open for ideas now, with a £500,000 budget."""

    class Meta:
        model = FundingRound

    name = factory.Sequence(lambda n: f"Crowdfund London round {n}")
    slug = factory.Sequence(lambda n: f"round-{n}")
    ideas_open_at = factory.LazyFunction(lambda: _now() - datetime.timedelta(days=30))
    ideas_close_at = factory.LazyFunction(lambda: _now() + datetime.timedelta(days=60))
    campaigns_open_at = factory.LazyFunction(
        lambda: _now() - datetime.timedelta(days=30)
    )
    campaigns_close_at = factory.LazyFunction(
        lambda: _now() + datetime.timedelta(days=180)
    )
    budget_pence = 50_000_000
    eligibility = "Community groups, charities and social enterprises in London."


class ProjectFactory(factory.django.DjangoModelFactory):
    """A draft with every task-list section filled in (but not submitted)."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    funding_round = factory.SubFactory(FundingRoundFactory)
    title = factory.Sequence(lambda n: f"Community garden {n}")
    slug = factory.Sequence(lambda n: f"community-garden-{n}")
    summary = "Turning a disused corner into a garden everyone can use."
    description = "We will clear the site, build raised beds and plant fruit trees."
    borough = factory.LazyFunction(lambda: Borough.objects.get(gss_code="E09000028"))
    location = "SE15 4QF"
    theme = factory.SubFactory(ThemeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    created_by = factory.SubFactory(UserFactory)
    needs_permission = False
    has_insurance = True
    insurance_details = "Public liability cover of £5m with our umbrella charity."

    @factory.post_generation
    def creator(self, create, extracted, **kwargs):
        if create:
            TeamMember.objects.get_or_create(
                project=self, user=self.created_by, role=TeamMember.Role.CREATOR
            )

    @factory.post_generation
    def costs(self, create, extracted, **kwargs):
        """``ProjectFactory(costs=[("Tools", 50_000)])``; default two lines."""
        if not create:
            return
        lines = (
            extracted
            if extracted is not None
            else [("Tools and materials", 600_000), ("Fruit trees", 400_000)]
        )
        for i, (item, amount) in enumerate(lines):
            CostLine.objects.create(
                project=self, item=item, amount_pence=amount, sort_order=i
            )


class LiveProjectFactory(ProjectFactory):
    """A live campaign: £10,000 target, 30 days left, nothing pledged yet."""

    status = Project.Status.LIVE
    target_pence = 1_000_000
    submitted_at = factory.LazyFunction(lambda: _now() - datetime.timedelta(days=10))
    live_at = factory.LazyFunction(lambda: _now() - datetime.timedelta(days=5))
    deadline = factory.LazyFunction(lambda: _now() + datetime.timedelta(days=30))
    campaign_days = 35


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    project = factory.SubFactory(ProjectFactory)
    user = factory.SubFactory(UserFactory)
    role = TeamMember.Role.CO_CREATOR


class TeamInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamInvitation

    project = factory.SubFactory(ProjectFactory)
    email = factory.Sequence(lambda n: f"cocreator{n}@example.com")
    invited_by = factory.SelfAttribute("project.created_by")


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    project = factory.SubFactory(LiveProjectFactory)
    kind = Need.Kind.VOLUNTEERS
    description = "Volunteers to help plant on Saturday 14 March"
    quantity = 10


class NeedOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeedOffer

    need = factory.SubFactory(NeedFactory)
    user = factory.SubFactory(UserFactory)
    message = "I can help all day."


class ProjectUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectUpdate

    project = factory.SubFactory(LiveProjectFactory)
    author = factory.SelfAttribute("project.created_by")
    title = "We have the keys to the site"
    body = "Thank you to everyone who has pledged so far."


class PledgeFactory(factory.django.DjangoModelFactory):
    """A confirmed pledge. It does NOT update the project's totals: use the
    services for that, or ``crowdfund.tests.factories.pledge_counted``."""

    class Meta:
        model = Pledge

    project = factory.SubFactory(LiveProjectFactory)
    backer = factory.SubFactory(UserFactory)
    amount_pence = 2_500
    is_anonymous = False
    status = Pledge.Status.CONFIRMED
    idempotency_key = factory.LazyFunction(uuid.uuid4)
    payment_reference = factory.Sequence(lambda n: f"offline-auth-{n}")
    confirmed_at = factory.LazyFunction(_now)


def pledge_counted(**kwargs) -> Pledge:
    """A confirmed pledge whose amount is added to the project's totals, as the
    pledge service would (for tests that only need the numbers right)."""
    from django.db.models import F

    from crowdfund.services.pledges import backers_recount

    pledge = PledgeFactory(**kwargs)
    Project.objects.filter(pk=pledge.project_id).update(
        crowd_pence=F("crowd_pence") + pledge.amount_pence
    )
    backers_recount(pledge.project_id)
    pledge.project.refresh_from_db()
    return pledge


class CityHallPledgeFactory(factory.django.DjangoModelFactory):
    """Does NOT update totals or the round's committed amount."""

    class Meta:
        model = CityHallPledge

    project = factory.SubFactory(LiveProjectFactory)
    funding_round = factory.SelfAttribute("project.funding_round")
    amount_pence = 500_000
    pledged_by = factory.SubFactory(UserFactory)


# --- Pledges area (helper B) ---------------------------------------------------


def pledge_paid(*, project, backer, amount_pence=2_500, card=None, **kwargs):
    """A pledge made the whole way through the services and the offline
    gateway: create, payment page, card, confirm. Totals are updated as in
    production. ``card`` is an offline test card number (default: succeeds)."""
    from crowdfund.payments.offline import GOOD_CARD, OfflineGateway
    from crowdfund.services.pledges import (
        pledge_confirm,
        pledge_create,
        pledge_payment_start,
    )

    made = pledge_create(
        project=project,
        backer=backer,
        amount_pence=amount_pence,
        is_anonymous=kwargs.pop("is_anonymous", False),
        message=kwargs.pop("message", ""),
        idempotency_key=kwargs.pop("idempotency_key", None) or uuid.uuid4(),
    )
    pledge = made.pledge
    pledge_payment_start(pledge=pledge, return_url="http://testserver/back/")
    pledge.refresh_from_db()
    OfflineGateway().submit_card(pledge, card or GOOD_CARD)
    pledge_confirm(pledge=pledge)
    pledge.refresh_from_db()
    return pledge
