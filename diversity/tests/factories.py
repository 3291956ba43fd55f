import datetime

import factory
from django.utils import timezone

from civic.models import Borough, Organisation
from civic.tests.factories import OrganisationFactory, UserFactory
from diversity.models import (
    Application,
    Cohort,
    Course,
    IndustryPartner,
    Pledge,
    PledgeVersion,
    ProgrammeTarget,
    ReportingYear,
    Signatory,
    Submission,
)


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` earlier; 28 February when ``day`` is 29 February
    and that year has none (tests run on any date, and a cohort 60 days away
    can start on a leap day)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def borough(name: str = "Hackney") -> Borough:
    return Borough.objects.get(name=name)


class ProviderFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Code Your Future {n}")
    slug = factory.Sequence(lambda n: f"provider-{n}")
    type = Organisation.Type.TRAINING_PROVIDER


class CourseFactory(factory.django.DjangoModelFactory):
    """A published in-person software course in Hackney."""

    class Meta:
        model = Course

    provider = factory.SubFactory(ProviderFactory)
    title = factory.Sequence(lambda n: f"Junior web developer bootcamp {n}")
    slug = factory.Sequence(lambda n: f"junior-web-developer-{n}")
    summary = "Sixteen weeks to your first job in software."
    description = "Build websites with HTML, CSS, JavaScript and Python."
    subject = "software"
    level = "entry"
    length_weeks = 16
    hours_per_week = 20
    delivery_mode = "in_person"
    borough = factory.LazyFunction(borough)
    venue = "Hackney Community College, Falkirk Street, N1 6HQ"
    job_roles = "Junior software developer\nWeb developer"
    status = Course.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    created_by = factory.SubFactory(UserFactory)


class IndustryPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndustryPartner

    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"Employer {n} Ltd")
    approved_on = datetime.date(2026, 6, 1)


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    course = factory.SubFactory(CourseFactory)
    starts_on = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=60)
    )
    applications_close_on = factory.LazyAttribute(
        lambda o: o.starts_on - datetime.timedelta(days=14)
    )
    capacity = 20


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A 19-year-old living in Hackney."""

    class Meta:
        model = Application

    cohort = factory.SubFactory(CohortFactory)
    applicant = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"Young Person {n}")
    date_of_birth = factory.LazyAttribute(
        lambda o: years_before(o.cohort.starts_on, 19)
    )
    postcode = "E8 1DY"
    borough = factory.LazyFunction(borough)
    connection = Application.Connection.LIVES
    why = "I want to build apps that help my community."


class ProgrammeTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeTarget

    name = "2026 to 2027"
    starts_on = datetime.date(2026, 9, 1)
    ends_on = datetime.date(2027, 8, 31)
    women_percent = 50
    bame_percent = 60


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge

    code = factory.Sequence(lambda n: f"pledge-{n}")
    sort_order = factory.Sequence(int)


class PledgeVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PledgeVersion

    pledge = factory.SubFactory(PledgeFactory)
    version = 1
    title = factory.Sequence(lambda n: f"Pledge {n}")
    text = "We will have a named senior sponsor for diversity in tech."
    effective_from = datetime.date(2026, 1, 1)


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    organisation = factory.SubFactory(
        OrganisationFactory, type=Organisation.Type.COMPANY
    )
    sector = "tech"
    size_band = "250-999"
    sponsor_name = "Sam Sponsor"
    sponsor_job_title = "Chief Technology Officer"
    sponsor_email = "sponsor@example.com"
    contact_name = "Casey Contact"
    contact_email = "contact@example.com"
    signed_at = factory.LazyFunction(timezone.now)


class ReportingYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingYear
        django_get_or_create = ("year",)

    year = 2026
    opens_on = datetime.date(2026, 4, 1)
    closes_on = datetime.date(2027, 3, 31)


class SubmissionFactory(factory.django.DjangoModelFactory):
    """100 people in tech: 24 women, 76 men; ethnicity adds up to 100."""

    class Meta:
        model = Submission

    signatory = factory.SubFactory(SignatoryFactory)
    year = factory.SubFactory(ReportingYearFactory)
    tech_headcount = 100
    women = 24
    men = 76
    sex_other_or_unknown = 0
    ethnicity_white = 55
    ethnicity_mixed = 5
    ethnicity_asian = 20
    ethnicity_black = 12
    ethnicity_other = 3
    ethnicity_unknown = 5
    recruited = 10
    recruited_women = 4
    submitted_by = factory.SubFactory(UserFactory)
    submitted_at = factory.LazyFunction(timezone.now)
