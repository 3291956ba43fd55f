import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from civic.models import Borough, Organisation
from civic.tests.factories import OrganisationFactory, UserFactory
from inclusion.models import (
    Booking,
    BorrowRequest,
    ConfidenceQuestion,
    Course,
    Device,
    Loan,
    OpeningHours,
    Participant,
    Scheme,
    Site,
    TrainingSession,
)


def lewisham() -> Borough:
    return Borough.objects.get(name="Lewisham")


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Catford Library {n}")
    slug = factory.Sequence(lambda n: f"catford-library-{n}")
    kind = Site.Kind.LIBRARY
    operator = factory.SubFactory(
        OrganisationFactory, type=Organisation.Type.PUBLIC_BODY
    )
    address_line_1 = "Laurence House, 1 Catford Road"
    postcode = "SE6 4RU"
    borough = factory.LazyFunction(lewisham)
    accessibility = "Step-free entrance, lift to all floors, hearing loop at the desk."
    phone = "020 8314 6399"
    email = "libraries@example.gov.uk"


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    site = factory.SubFactory(SiteFactory)
    weekday = OpeningHours.Weekday.MONDAY
    opens_at = datetime.time(9, 0)
    closes_at = datetime.time(17, 0)


class DeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Device

    asset_tag = factory.Sequence(lambda n: f"LEW-TAB-{n:04d}")
    kind = Device.Kind.TABLET
    model_name = "Samsung Galaxy Tab A9"
    home_site = factory.SubFactory(SiteFactory)


class SchemeFactory(factory.django.DjangoModelFactory):
    """Lewisham residents aged 50 or over, or unemployed."""

    class Meta:
        model = Scheme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Lewisham tablet loans {n}")
    slug = factory.Sequence(lambda n: f"lewisham-tablets-{n}")
    summary = "For Lewisham residents aged 50 or over, or unemployed."
    min_age = 50
    circumstances = factory.LazyFunction(lambda: ["unemployed"])
    other_help = "Call the Lewisham digital helpline on 020 8314 0000."

    @factory.post_generation
    def boroughs(self, create, extracted, **kwargs):
        if create:
            self.boroughs.set(extracted if extracted is not None else [lewisham()])

    @factory.post_generation
    def sites(self, create, extracted, **kwargs):
        if create and extracted:
            self.sites.set(extracted)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    full_name = factory.Sequence(lambda n: f"Resident {n}")
    date_of_birth = datetime.date(1960, 5, 17)
    email = factory.Sequence(lambda n: f"resident{n}@example.com")
    address_line_1 = factory.Sequence(lambda n: f"{n + 1} Rushey Green")
    postcode = "SE6 4JF"
    borough = factory.LazyFunction(lewisham)
    consent_given_at = factory.LazyFunction(timezone.now)


class BorrowRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BorrowRequest

    scheme = factory.SubFactory(SchemeFactory)
    site = factory.SubFactory(SiteFactory)
    participant = factory.SubFactory(ParticipantFactory)
    consent_given_at = factory.LazyFunction(timezone.now)


class LoanFactory(factory.django.DjangoModelFactory):
    """An active loan that started today, due in 28 days."""

    class Meta:
        model = Loan

    request = factory.SubFactory(BorrowRequestFactory, status="on_loan")
    participant = factory.SelfAttribute("request.participant")
    site = factory.SelfAttribute("request.site")
    device = factory.SubFactory(
        DeviceFactory, home_site=factory.SelfAttribute("..site"), status="on_loan"
    )
    status = Loan.Status.ON_LOAN
    collection_at = factory.LazyFunction(timezone.now)
    starts_on = factory.LazyFunction(timezone.localdate)
    original_due_on = factory.LazyAttribute(
        lambda o: o.starts_on + datetime.timedelta(days=28)
    )
    due_on = factory.SelfAttribute("original_due_on")
    allocated_by = factory.SubFactory(UserFactory)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Getting started with your tablet {n}")
    slug = factory.Sequence(lambda n: f"getting-started-{n}")
    summary = "Switch it on, connect to wifi, make a video call."
    hours = Decimal("2")
    skill_areas = factory.LazyFunction(lambda: ["foundation", "communicating"])


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    course = factory.SubFactory(CourseFactory)
    site = factory.SubFactory(SiteFactory)
    starts_at = factory.LazyFunction(
        lambda: (
            timezone.now().replace(minute=0, second=0, microsecond=0)
            + datetime.timedelta(days=7)
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    capacity = 8


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    session = factory.SubFactory(TrainingSessionFactory)
    participant = factory.SubFactory(ParticipantFactory)
    status = Booking.Status.BOOKED


class ConfidenceQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConfidenceQuestion

    text = factory.Sequence(
        lambda n: f"I can use the internet to contact my bank or council ({n})"
    )
    sort_order = factory.Sequence(int)
