"""Demo data for the Digital Talent Programme: ``python manage.py seed_demo``.

Three providers (the demo account ``provider@example.org`` owns the first),
seven published courses across subjects, boroughs and modes, each with a past,
a current and a future start date, industry partners and job roles; about 150
applications in every state, with completion and outcomes for the past
cohorts and equality monitoring answers for most; and the programme's target
for the current year.

Rows are created directly (the decision services email people) but keep the
same invariants: each cohort's ``accepted_count`` is the number of accepted
applications, never above its places, and completion and outcomes belong to
accepted people only. Random choices use a fixed seed so every run looks the
same.

Idempotent: a course whose slug exists is left alone, and accounts, providers
and the target are looked up before they are made.
"""

from __future__ import annotations

import datetime
import random

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from civic.models import Borough, Organisation, OrganisationMembership, User
from diversity.models import (
    Application,
    Cohort,
    Course,
    EqualityMonitoring,
    IndustryPartner,
    Outcome,
    ProgrammeTarget,
)
from diversity.services.decisions import outcome_due_on

PROVIDER_EMAIL = "provider@example.org"
T = Organisation.Type

PROVIDERS = [
    # slug, name, type, borough
    (
        "code-your-future-london",
        "Code Your Future London",
        T.TRAINING_PROVIDER,
        "Camden",
    ),
    ("hackney-community-college", "Hackney Community College", T.EDUCATION, "Hackney"),
    (
        "creative-digital-academy",
        "Creative Digital Academy",
        T.TRAINING_PROVIDER,
        "Lewisham",
    ),
]

# provider slug, course slug, title, subject, level, weeks, hours, mode, borough,
# venue, partners, job roles
COURSES = [
    (
        "code-your-future-london",
        "junior-web-developer-bootcamp",
        "Junior web developer bootcamp",
        "software",
        "entry",
        16,
        20,
        "in_person",
        "Camden",
        "The British Library, 96 Euston Road, NW1 2DB",
        ["Monzo", "Deliveroo"],
        "Junior software developer\nFront-end developer",
    ),
    (
        "code-your-future-london",
        "data-analysis-with-python",
        "Data analysis with Python",
        "data",
        "3",
        12,
        15,
        "online",
        None,
        "",
        ["Transport for London"],
        "Junior data analyst\nReporting analyst",
    ),
    (
        "code-your-future-london",
        "cloud-and-it-support",
        "Cloud and IT support",
        "infrastructure",
        "2",
        10,
        16,
        "blended",
        "Croydon",
        "Croydon Clocktower, Katharine Street, CR9 1ET",
        ["Microsoft", "Croydon Council"],
        "IT support technician\nCloud support associate",
    ),
    (
        "hackney-community-college",
        "cyber-security-foundations",
        "Cyber security foundations",
        "cyber",
        "3",
        14,
        18,
        "in_person",
        "Hackney",
        "Hackney Community College, Falkirk Street, N1 6HQ",
        ["BT Group"],
        "Security operations centre analyst\nIT security apprentice",
    ),
    (
        "hackney-community-college",
        "ux-design-for-beginners",
        "User experience design for beginners",
        "design",
        "entry",
        8,
        12,
        "in_person",
        "Hackney",
        "Hackney Community College, Falkirk Street, N1 6HQ",
        ["Government Digital Service"],
        "Junior user researcher\nJunior UX designer",
    ),
    (
        "creative-digital-academy",
        "games-and-interactive-media",
        "Games and interactive media",
        "creative",
        "3",
        20,
        21,
        "in_person",
        "Lewisham",
        "Deptford Lounge, 9 Giffin Street, SE8 4RJ",
        ["Sony Interactive Entertainment"],
        "Junior games developer\nQA tester",
    ),
    (
        "creative-digital-academy",
        "digital-marketing-essentials",
        "Digital marketing essentials",
        "marketing",
        "2",
        6,
        10,
        "online",
        None,
        "",
        ["Ogilvy UK"],
        "Social media executive\nDigital marketing assistant",
    ),
]

FIRST_NAMES = [
    "Amara",
    "Jayden",
    "Priya",
    "Kwame",
    "Sofia",
    "Tariq",
    "Chloe",
    "Ibrahim",
    "Mei",
    "Daniel",
    "Aaliyah",
    "Oliver",
    "Fatima",
    "Tunde",
    "Grace",
    "Yusuf",
    "Zara",
    "Kofi",
    "Leah",
    "Arjun",
    "Nia",
    "Samuel",
    "Hana",
    "Marcus",
]
LAST_NAMES = [
    "Okafor",
    "Ahmed",
    "Patel",
    "Mensah",
    "Silva",
    "Hussain",
    "Brown",
    "Khan",
    "Chen",
    "Williams",
    "Adeyemi",
    "Smith",
    "Begum",
    "Bakare",
    "Taylor",
    "Ali",
]
WHY = [
    "I have been teaching myself to code and want to make it my job.",
    "I want a career in tech and nobody in my family has worked in the industry.",
    "I enjoy solving problems and want to learn skills employers need.",
    "I left college last year and want to get into digital work.",
]
# Weights chosen so that some dashboard groups are 10 or more and some fewer.
SEXES = [("female", 54), ("male", 43), ("prefer_not_to_say", 3)]
ETHNIC_GROUPS = [
    ("black", 28),
    ("asian", 27),
    ("white", 25),
    ("mixed", 10),
    ("other", 4),
    ("prefer_not_to_say", 6),
]
OUTCOME_KINDS = [
    ("job", 40),
    ("apprenticeship", 20),
    ("further_study", 20),
    ("none", 15),
    ("unknown", 5),
]


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _user(email: str, name: str, password_hash: str | None = None) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"display_name": name}
    )
    if created:
        if password_hash:
            user.password = password_hash
        else:
            user.set_unusable_password()
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _providers(owner: User) -> dict[str, Organisation]:
    providers = {}
    for slug, name, kind, borough in PROVIDERS:
        organisation, _created = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "type": kind,
                "borough": Borough.objects.get(name=borough),
                "description": f"{name} runs Digital Talent Programme courses.",
            },
        )
        providers[slug] = organisation
    OrganisationMembership.objects.get_or_create(
        organisation=providers[PROVIDERS[0][0]],
        user=owner,
        defaults={"role": OrganisationMembership.Role.OWNER},
    )
    return providers


def _target(today: datetime.date) -> None:
    year = today.year if today.month >= 9 else today.year - 1
    ProgrammeTarget.objects.get_or_create(
        starts_on=datetime.date(year, 9, 1),
        defaults={
            "name": f"{year} to {year + 1}",
            "ends_on": datetime.date(year + 1, 8, 31),
            "women_percent": 50,
            "bame_percent": 60,
        },
    )


def _cohort_dates(today: datetime.date, weeks: int) -> list[tuple]:
    """(start, places, kind) for a past, a current and a future start date."""
    past = today - datetime.timedelta(weeks=weeks + 40)  # ended over 6 months ago
    current = today - datetime.timedelta(weeks=min(3, weeks - 1) or 1)
    future = today + datetime.timedelta(days=45)
    return [(past, 12, "past"), (current, 12, "current"), (future, 16, "future")]


# How many applications each kind of cohort gets, by status.
PLAN = {
    "past": {"accepted": 5, "not_accepted": 1, "withdrawn": 1},
    "current": {"accepted": 4, "waitlisted": 2, "not_accepted": 1},
    "future": {
        "submitted": 3,
        "accepted": 2,
        "waitlisted": 1,
        "withdrawn": 1,
        "not_accepted": 1,
    },
}


def seed(stdout=None) -> None:
    rng = random.Random(7)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    now = timezone.now()
    from civic.management.commands.seed_demo import DEMO_PASSWORD

    owner = _user(PROVIDER_EMAIL, "Priya Provider", make_password(DEMO_PASSWORD))
    providers = _providers(owner)
    _target(today)
    boroughs = list(Borough.objects.order_by("name"))
    counter = 0
    made = 0
    for spec in COURSES:
        (
            org,
            slug,
            title,
            subject,
            level,
            weeks,
            hours,
            mode,
            borough,
            venue,
            partners,
            roles,
        ) = spec
        if Course.objects.filter(slug=slug).exists():
            continue
        course = Course.objects.create(
            provider=providers[org],
            slug=slug,
            title=title,
            summary=f"{title}: a free course for 16 to 24 year olds in London.",
            description=(
                f"{title} is taught by {providers[org].name} with employers who "
                "helped design it. You will work on real projects and meet "
                "people who do these jobs."
            ),
            subject=subject,
            level=level,
            length_weeks=weeks,
            hours_per_week=hours,
            delivery_mode=mode,
            borough=Borough.objects.get(name=borough) if borough else None,
            venue=venue,
            job_roles=roles,
            status=Course.Status.PUBLISHED,
            published_at=now - datetime.timedelta(weeks=weeks + 50),
            created_by=owner,
        )
        for index, partner in enumerate(partners):
            IndustryPartner.objects.create(
                course=course,
                name=partner,
                approved_on=today - datetime.timedelta(days=400 + index * 30),
            )
        for starts_on, places, kind in _cohort_dates(today, weeks):
            cohort = Cohort.objects.create(
                course=course,
                starts_on=starts_on,
                applications_close_on=starts_on - datetime.timedelta(days=14),
                capacity=places,
            )
            accepted = 0
            for status, count in PLAN[kind].items():
                for _ in range(count):
                    counter += 1
                    accepted += status == "accepted"
                    _application(
                        rng, cohort, kind, status, counter, boroughs, owner, now
                    )
                    made += 1
            cohort.accepted_count = accepted
            cohort.save(update_fields=["accepted_count"])
    if stdout is not None:
        stdout.write(
            f"  Digital Talent: {made} applications added. Provider portal: "
            f"{PROVIDER_EMAIL} (demo password), owner of {PROVIDERS[0][1]}\n"
        )


def _application(rng, cohort, kind, status, n, boroughs, decider, now) -> None:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    applicant = _user(
        f"talent-applicant-{cohort.course.slug}-{n}@example.org", f"{first} {last}"
    )
    age = rng.randint(16, 24)
    start = cohort.starts_on
    if (start.month, start.day) == (2, 29):
        start = start - datetime.timedelta(days=1)
    born = start.replace(year=start.year - age) - datetime.timedelta(
        days=rng.randint(1, 300)
    )
    application = Application.objects.create(
        cohort=cohort,
        applicant=applicant,
        full_name=f"{first} {last}",
        date_of_birth=born,
        postcode="E8 1DY",
        borough=rng.choice(boroughs),
        connection=rng.choice(list(Application.Connection.values)),
        why=rng.choice(WHY),
        status=status,
        decided_at=None if status == "submitted" else now,
        decided_by=None if status in ("submitted", "withdrawn") else decider,
    )
    if status == "accepted" and kind in ("past", "current"):
        left_early = rng.random() < 0.2
        if kind == "past" or left_early:
            application.completion = "left_early" if left_early else "completed"
            application.completion_recorded_at = now
            application.save(update_fields=["completion", "completion_recorded_at"])
        if kind == "past":
            for months in (3, 6):
                if outcome_due_on(cohort, months) <= now.date():
                    kind_ = _pick(rng, OUTCOME_KINDS)
                    Outcome.objects.create(
                        application=application,
                        months_after=months,
                        kind=kind_,
                        in_tech_role=kind_ in ("job", "apprenticeship")
                        and rng.random() < 0.7,
                        recorded_by=decider,
                    )
    if rng.random() < 0.85:
        EqualityMonitoring.objects.create(
            application=application,
            consent_given_at=now,
            sex=_pick(rng, SEXES),
            gender_same_as_sex=rng.choice(
                ["yes", "yes", "yes", "no", "prefer_not_to_say"]
            ),
            ethnic_group=_pick(rng, ETHNIC_GROUPS),
            disability=rng.choice(["yes", "no", "no", "no", "prefer_not_to_say"]),
            care_leaver=rng.choice(["yes", "no", "no", "no", "no"]),
            free_school_meals=rng.choice(
                ["yes", "yes", "no", "no", "prefer_not_to_say"]
            ),
        )
