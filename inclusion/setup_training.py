"""Registrations with civic for this area (activity, demo data, beat)."""

from django.utils.translation import gettext_lazy as _

SECTION = _("Get online: training")


def ready() -> None:
    from civic.registry import registry

    registry.register_activity(SECTION, training_activity)
    registry.register_demo_seeder("inclusion_training", seed_training_demo)


def training_activity(user, limit: int):
    """The person's training bookings, newest first, for "Your activity"."""
    from civic.registry import ActivityItem
    from inclusion.models import Booking

    if not limit or not user.is_authenticated:
        return []
    bookings = (
        Booking.objects.filter(participant__user=user)
        .select_related("session__course")
        .order_by("-created_at", "-id")[:limit]
    )
    return [
        ActivityItem(
            title=booking.session.course.title,
            url=booking.session.get_absolute_url(),
            when=booking.created_at,
            section=str(SECTION),
            status=booking.get_status_display(),
        )
        for booking in bookings
    ]


DEMO_COURSES = [
    (
        "getting-started-with-your-tablet",
        "Getting started with your tablet",
        "Switch it on, connect to wifi, download an app and make a video call.",
        "2",
        ["foundation", "communicating"],
    ),
    (
        "staying-safe-online",
        "Staying safe online",
        "Strong passwords, spotting scams and keeping your details private.",
        "2",
        ["safety", "problem_solving"],
    ),
    (
        "applying-for-universal-credit-online",
        "Applying for Universal Credit online",
        "Set up your account, keep your journal and book appointments.",
        "1.5",
        ["transacting", "handling_information"],
    ),
    (
        "understanding-your-smart-meter",
        "Understanding your smart meter",
        "Read your in-home display and use your energy supplier's app.",
        "1",
        ["handling_information", "problem_solving"],
    ),
]

DEMO_QUESTIONS = [
    "I can use the internet to contact my bank or council",
    "I can make a video call to family or friends",
    "I can tell when an email or message is a scam",
    "I can fill in a form online, such as Universal Credit",
]


def seed_training_demo(stdout) -> None:
    """Courses, questions, sessions with bookings and attendance, and
    questionnaire answers for the demo loans. Idempotent: a course and site
    that already have sessions get no more."""
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from civic.models import Borough, Organisation, User
    from inclusion.models import (
        Booking,
        ConfidenceAnswer,
        ConfidenceCheck,
        ConfidenceQuestion,
        Course,
        Loan,
        Participant,
        Site,
        TrainingSession,
    )

    courses = []
    for slug, title, summary, hours, areas in DEMO_COURSES:
        course, _created = Course.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "summary": summary,
                "hours": Decimal(hours),
                "skill_areas": areas,
            },
        )
        courses.append(course)
    questions = []
    for order, text in enumerate(DEMO_QUESTIONS):
        question, _created = ConfidenceQuestion.objects.get_or_create(
            text=text, defaults={"sort_order": order}
        )
        questions.append(question)

    lewisham = Borough.objects.get(name="Lewisham")
    sites = list(Site.objects.filter(runs_training=True, is_active=True)[:3])
    if not sites:
        operator, _created = Organisation.objects.get_or_create(
            slug="lewisham-council-demo",
            defaults={
                "name": "Lewisham Council (demo)",
                "type": Organisation.Type.PUBLIC_BODY,
            },
        )
        site, _created = Site.objects.get_or_create(
            slug="lewisham-learning-centre",
            defaults={
                "name": "Lewisham Learning Centre",
                "kind": Site.Kind.COMMUNITY_CENTRE,
                "operator": operator,
                "address_line_1": "199 Lewisham High Street",
                "postcode": "SE13 6LG",
                "borough": lewisham,
                "accessibility": "Step-free entrance and a hearing loop.",
            },
        )
        sites = [site]
    tutor = User.objects.filter(email="inclusion@example.org").first()

    learners = []
    for n in range(1, 9):
        learner, _created = Participant.objects.get_or_create(
            email=f"demo-learner-{n}@example.org",
            defaults={
                "full_name": f"Demo Learner {n}",
                "date_of_birth": datetime.date(1950 + n * 3, 3, n),
                "address_line_1": f"{n} Rushey Green",
                "postcode": "SE6 4JF",
                "borough": lewisham,
                "consent_given_at": timezone.now(),
            },
        )
        learners.append(learner)

    today = timezone.localdate()
    made = 0
    for site in sites:
        for index, course in enumerate(courses):
            if TrainingSession.objects.filter(course=course, site=site).exists():
                continue
            hours = int(course.hours * 60)
            for days, capacity in ((-7, 8), (7 + index, 4), (14 + index, 8)):
                starts = timezone.make_aware(
                    datetime.datetime.combine(
                        today + datetime.timedelta(days=days), datetime.time(10)
                    )
                )
                session = TrainingSession.objects.create(
                    course=course,
                    site=site,
                    tutor=tutor,
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(minutes=hours),
                    capacity=capacity,
                    notes="Ask at the front desk for the learning room.",
                )
                made += 1
                if days < 0:
                    # Last week's session: booked and attended.
                    for position, learner in enumerate(learners[:6]):
                        attended = position != 5
                        Booking.objects.create(
                            session=session,
                            participant=learner,
                            status=Booking.Status.BOOKED,
                            attendance="attended" if attended else "absent",
                            hours=course.hours if attended else Decimal("0"),
                            attendance_recorded_by=tutor,
                            attendance_recorded_at=starts,
                        )
                    session.booked_count = 6
                    session.save(update_fields=["booked_count"])
                elif capacity == 4:
                    # A full session with a waiting list.
                    from inclusion.services.bookings import booking_create

                    for learner in learners[:6]:
                        booking_create(session=session, participant=learner)

    # Questionnaires for the demo loans (from the lending areas' seeders).
    answered = 0
    for loan in Loan.objects.exclude(status=Loan.Status.CANCELLED).order_by("pk")[:40]:
        stages = ["start"] + (["end"] if loan.status == Loan.Status.RETURNED else [])
        for stage in stages:
            check, created = ConfidenceCheck.objects.get_or_create(
                loan=loan,
                stage=stage,
                defaults={
                    "participant_id": loan.participant_id,
                    "source": ConfidenceCheck.Source.ONLINE,
                    "completed_at": timezone.now(),
                },
            )
            if created:
                answered += 1
                ConfidenceAnswer.objects.bulk_create(
                    ConfidenceAnswer(
                        check_record=check,
                        question=question,
                        score=min(
                            5, 1 + (loan.pk + i) % 3 + (2 if stage == "end" else 0)
                        ),
                    )
                    for i, question in enumerate(questions)
                )
    stdout.write(
        f"  training: {len(courses)} courses, {made} new sessions, "
        f"{answered} new questionnaires"
    )
