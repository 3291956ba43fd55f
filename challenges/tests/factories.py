import datetime

import factory
from django.utils import timezone

from challenges.models import (
    Application,
    Assignment,
    BudgetLine,
    Challenge,
    Criterion,
    Milestone,
    Pilot,
    Programme,
    Score,
    Support,
    Theme,
    Topic,
    VotingRound,
)
from civic.models import Organisation
from civic.tests.factories import OrganisationFactory, UserFactory

# The weights the issue gives as an example; they add up to 100.
DEFAULT_CRITERIA = [
    ("Impact", 30),
    ("Feasibility", 25),
    ("Team", 20),
    ("Value for money", 15),
    ("Inclusion", 10),
]


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Challenge theme {n}")
    slug = factory.Sequence(lambda n: f"challenge-theme-{n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Civic Innovation Challenge {2018 + n}")
    slug = factory.Sequence(lambda n: f"cic-{2018 + n}")
    starts_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=30)
    )
    ends_on = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=335)
    )
    delivery_partner = factory.SubFactory(
        OrganisationFactory, type=Organisation.Type.COMPANY
    )


class ChallengeFactory(factory.django.DjangoModelFactory):
    """A published challenge open for 30 more days, with the five default
    criteria (``criteria=[...]`` to choose others, ``criteria=[]`` for none)."""

    class Meta:
        model = Challenge
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    owner = factory.SubFactory(OrganisationFactory, type=Organisation.Type.PUBLIC_BODY)
    theme = factory.SubFactory(ThemeFactory)
    title = factory.Sequence(lambda n: f"Helping older Londoners stay connected {n}")
    slug = factory.Sequence(lambda n: f"older-londoners-{n}")
    summary = "How might we reduce loneliness among older Londoners?"
    problem_statement = "<p>One in five older Londoners feels lonely.</p>"
    who_is_affected = "<p>People over 65 living alone.</p>"
    success_looks_like = "<p>Fewer people report feeling lonely.</p>"
    eligibility = "<p>Startups with a working product.</p>"
    application_deadline = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=30)
    )
    status = Challenge.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        if not create:
            return
        for i, (name, weight) in enumerate(
            DEFAULT_CRITERIA if extracted is None else extracted
        ):
            Criterion.objects.create(
                challenge=self, name=name, weight_percent=weight, sort_order=i
            )


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft with every section filled in."""

    class Meta:
        model = Application

    challenge = factory.SubFactory(ChallengeFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, type=Organisation.Type.STARTUP
    )
    created_by = factory.SubFactory(UserFactory)
    organisation_summary = "We build tools that connect neighbours."
    solution_summary = "A phone line that matches older people with volunteers."
    solution_description = "Callers are matched by interests within a day."
    evidence = "A pilot in Hackney with 120 callers."
    testing_plan = "Six months with the owner's social prescribers."
    team_description = "Three founders and two volunteers."
    declaration_accurate = True
    declaration_eligible = True
    declaration_data = True


class SubmittedApplicationFactory(ApplicationFactory):
    status = Application.Status.SUBMITTED
    reference = factory.Sequence(lambda n: f"CIC-2026-{n + 1:04d}")
    submitted_at = factory.LazyFunction(timezone.now)


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    application = factory.SubFactory(ApplicationFactory)
    item = "Staff time for the pilot"
    amount_pence = 500_000


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    application = factory.SubFactory(SubmittedApplicationFactory)
    assessor = factory.SubFactory(UserFactory)
    assigned_by = factory.SubFactory(UserFactory)


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    assignment = factory.SubFactory(AssignmentFactory, has_conflict=False)
    criterion = factory.LazyAttribute(
        lambda o: o.assignment.application.challenge.criteria.first()
    )
    score = 3
    comment = "Clear plan, some risk in recruitment."


class PilotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pilot

    application = factory.SubFactory(
        SubmittedApplicationFactory, status=Application.Status.WINNER
    )
    award_pence = 1_500_000
    started_on = factory.LazyFunction(timezone.localdate)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    pilot = factory.SubFactory(PilotFactory)
    title = "Recruit 50 callers"
    due_on = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=30)
    )
    payment_pence = 500_000


class VotingRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VotingRound

    name = factory.Sequence(lambda n: f"Future challenges {2026 + n}")
    slug = factory.Sequence(lambda n: f"future-challenges-{2026 + n}")
    status = VotingRound.Status.OPEN
    opened_at = factory.LazyFunction(timezone.now)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    voting_round = factory.SubFactory(VotingRoundFactory)
    title = factory.Sequence(lambda n: f"Cleaner air near schools {n}")
    problem = "Children breathe dirty air on the way to school."
    who_it_affects = "Pupils and parents on busy roads."
    proposed_by = factory.SubFactory(UserFactory)


class SupportFactory(factory.django.DjangoModelFactory):
    """Does NOT update the topic's count or the supporter's quota."""

    class Meta:
        model = Support

    topic = factory.SubFactory(TopicFactory)
    user = factory.SubFactory(UserFactory)
