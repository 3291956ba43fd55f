"""Demo data for Get online: ``python manage.py seed_demo``.

A Lewisham lending scheme run by the council from three libraries, 30
devices in every status, loans (current, due in 3 days, overdue, returned
and wiped, returned and waiting for a wipe, reserved, lost), a waiting list,
the four courses, past sessions with attendance and future ones with
bookings (one full, with a waiting list), and confidence questionnaires.

The demo resident (resident@example.org) has a current loan and 4 hours of
training; one participant has no email (letters) and was signed up by the
demo Inclusion officer (inclusion@example.org), who works at the three
libraries and teaches the sessions.

Rows are written with the models directly (the services are another area's)
but keep every rule: one active loan per device and period, 28-day first
periods, wipes before re-lending, ``booked_count`` equal to the bookings.

Idempotent: every row is found by a natural key before it is created, and
loans, bookings and questionnaires only once per request, session or loan,
so running it twice adds nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from civic.models import Borough, Organisation, User

from .models import (
    Booking,
    BorrowRequest,
    ConfidenceAnswer,
    ConfidenceCheck,
    ConfidenceQuestion,
    Course,
    Device,
    DeviceIncident,
    DeviceWipe,
    Loan,
    OpeningHours,
    Participant,
    Scheme,
    Site,
    TrainingSession,
)

SCHEME_SLUG = "lewisham-tablet-loans"
RESIDENT_EMAIL = "resident@example.org"
OFFICER_EMAIL = "inclusion@example.org"

WEEKDAYS_9_TO_7 = [(day, "09:00", "19:00") for day in range(5)]

SITES = [
    {
        "slug": "lewisham-library",
        "name": "Lewisham Library",
        "address_line_1": "199-201 Lewisham High Street",
        "postcode": "SE13 6LG",
        "latitude": "51.458540",
        "longitude": "-0.012380",
        "phone": "020 8314 9800",
        "accessibility": (
            "Step-free entrance from Lewisham High Street, lift to all floors, "
            "hearing loop at the enquiry desk, accessible toilet on the ground "
            "floor."
        ),
        "hours": [*WEEKDAYS_9_TO_7, (5, "09:00", "17:00")],
    },
    {
        "slug": "catford-library",
        "name": "Catford Library",
        "address_line_1": "Laurence House",
        "address_line_2": "1 Catford Road",
        "postcode": "SE6 4RU",
        "latitude": "51.445010",
        "longitude": "-0.020900",
        "phone": "020 8314 6399",
        "accessibility": (
            "Level access through Laurence House, lift to the library, hearing "
            "loop, accessible toilet. Blue badge parking on Holbeach Road."
        ),
        "hours": [
            (0, "09:00", "13:00"),
            (0, "14:00", "17:00"),
            (1, "09:00", "17:00"),
            (3, "09:00", "19:00"),
            (4, "09:00", "17:00"),
            (5, "10:00", "16:00"),
        ],
    },
    {
        "slug": "deptford-lounge",
        "name": "Deptford Lounge",
        "address_line_1": "9 Giffin Street",
        "postcode": "SE8 4RJ",
        "latitude": "51.477010",
        "longitude": "-0.025990",
        "phone": "020 8314 7299",
        "accessibility": (
            "Step-free access, lifts, hearing loop at reception, accessible "
            "toilets and a quiet room on request."
        ),
        "hours": [*WEEKDAYS_9_TO_7, (5, "10:00", "17:00"), (6, "12:00", "16:00")],
    },
]

COURSES = [
    (
        "getting-started-with-your-tablet",
        "Getting started with your tablet",
        "Switch it on, connect to wifi, use the touch screen and make a video call.",
        Decimal("2"),
        ["foundation", "communicating"],
    ),
    (
        "staying-safe-online",
        "Staying safe online",
        "Strong passwords, spotting scam emails and texts, and keeping your "
        "details private.",
        Decimal("2"),
        ["safety", "problem_solving"],
    ),
    (
        "applying-for-universal-credit-online",
        "Applying for Universal Credit online",
        "Set up an account, fill in your journal and upload documents.",
        Decimal("3"),
        ["transacting", "handling_information"],
    ),
    (
        "understanding-your-smart-meter",
        "Understanding your smart meter",
        "Read the in-home display, top up online and understand your bills.",
        Decimal("1.5"),
        ["transacting", "problem_solving"],
    ),
]

QUESTIONS = [
    "I can use the internet to contact my bank or council",
    "I can make a video call to family or friends",
    "I can tell when an email or text message is a scam",
    "I can apply for a benefit or service online",
    "I can find information I need online, like bus times or opening hours",
]

# (full name, date of birth, email or "" for letters, address)
PEOPLE = [
    ("Rita Resident", "1958-03-14", RESIDENT_EMAIL, "12 Rushey Green"),
    ("Arthur Okafor", "1949-07-02", "arthur.okafor@example.org", "4 Brownhill Road"),
    ("Joan Whitfield", "1944-11-20", "", "31 Sangley Road"),  # letters
    ("Samira Haddad", "1971-01-09", "samira.haddad@example.org", "8 Bromley Road"),
    ("Derek Mensah", "1960-05-30", "derek.mensah@example.org", "55 Lewisham Way"),
    ("Priya Nair", "1985-09-12", "priya.nair@example.org", "2 Deptford Church St"),
    ("Tom Gallagher", "1952-02-25", "tom.gallagher@example.org", "19 Hither Green Ln"),
    ("Grace Adeyemi", "1956-06-06", "grace.adeyemi@example.org", "7 Ladywell Road"),
    ("Kwame Boateng", "1990-12-01", "kwame.boateng@example.org", "40 Evelyn Street"),
    ("Maureen Clarke", "1947-04-18", "maureen.clarke@example.org", "3 Stanstead Rd"),
    ("Leon Fraser", "1963-08-08", "leon.fraser@example.org", "66 Sydenham Road"),
]
POSTCODES = ["SE6 4AG", "SE6 2AA", "SE6 1AB", "SE6 4HG", "SE4 1UT", "SE8 4BQ"]


def _user(email: str, name: str, borough: Borough) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, display_name=name, borough=borough)
    return user


def _time(value: str) -> datetime.time:
    return datetime.time.fromisoformat(value)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def seed(stdout=None) -> None:
    today = timezone.localdate()
    now = timezone.now()
    lewisham = Borough.objects.get(name="Lewisham")
    officer = _user(OFFICER_EMAIL, "Ines Inclusion", lewisham)
    resident_user = _user(RESIDENT_EMAIL, "Rita Resident", lewisham)

    council, _ = Organisation.objects.get_or_create(
        slug="london-borough-of-lewisham",
        defaults={
            "name": "London Borough of Lewisham",
            "type": Organisation.Type.PUBLIC_BODY,
            "description": "The local council for Lewisham. It runs the borough's "
            "libraries and the Lewisham tablet loans scheme.",
            "website": "https://lewisham.gov.uk",
            "borough": lewisham,
        },
    )

    sites = []
    for spec in SITES:
        site, created = Site.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "kind": Site.Kind.LIBRARY,
                "operator": council,
                "description": "Borrow a tablet and learn to use it with our "
                "digital champions.",
                "address_line_1": spec["address_line_1"],
                "address_line_2": spec.get("address_line_2", ""),
                "postcode": spec["postcode"],
                "borough": lewisham,
                "latitude": Decimal(spec["latitude"]),
                "longitude": Decimal(spec["longitude"]),
                "accessibility": spec["accessibility"],
                "phone": spec["phone"],
                "email": "libraries@lewisham.gov.uk",
                "website": "https://lewisham.gov.uk/libraries",
            },
        )
        if created:
            OpeningHours.objects.bulk_create(
                OpeningHours(
                    site=site,
                    weekday=day,
                    opens_at=_time(opens),
                    closes_at=_time(closes),
                )
                for day, opens, closes in spec["hours"]
            )
        site.staff.add(officer)
        sites.append(site)
    lewisham_library, catford, deptford = sites

    scheme, created = Scheme.objects.get_or_create(
        slug=SCHEME_SLUG,
        defaults={
            "name": "Lewisham tablet loans: residents aged 50 or over, or unemployed",
            "summary": "For people who live in Lewisham and are aged 50 or over, "
            "or are unemployed. Borrow a tablet for up to 4 weeks, with 6 hours "
            "of free training.",
            "min_age": 50,
            "circumstances": ["unemployed"],
            "other_help": "Lewisham Local's digital helpline on 020 8314 0000 can "
            "help anyone in the borough, and every Lewisham library has free "
            "computers and wifi.",
        },
    )
    if created:
        scheme.boroughs.set([lewisham])
        scheme.sites.set(sites)

    courses = {}
    for slug, title, summary, hours, areas in COURSES:
        courses[slug], _ = Course.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "summary": summary,
                "hours": hours,
                "skill_areas": areas,
            },
        )

    questions = [
        ConfidenceQuestion.objects.get_or_create(
            text=text, defaults={"sort_order": order}
        )[0]
        for order, text in enumerate(QUESTIONS, start=1)
    ]

    people = []
    for i, (name, born, email, address) in enumerate(PEOPLE):
        letter = not email
        person, _ = Participant.objects.get_or_create(
            full_name=name,
            date_of_birth=datetime.date.fromisoformat(born),
            defaults={
                "user": resident_user if email == RESIDENT_EMAIL else None,
                "email": email,
                "address_line_1": address,
                "postcode": POSTCODES[i % len(POSTCODES)],
                "borough": lewisham,
                "contact_preference": (
                    Participant.Contact.LETTER if letter else Participant.Contact.EMAIL
                ),
                # Joan is not online: the officer signed her up at the desk.
                "created_by": officer if letter else None,
                "consent_given_at": now - datetime.timedelta(days=70),
            },
        )
        people.append(person)

    devices = _devices(sites)
    _loans(scheme, sites, people, devices, officer, today, now)
    _sessions(courses, sites, people, officer, today, now)
    _questionnaires(questions, people, officer, now)
    if stdout is not None:
        stdout.write(
            f"  Get online: {len(sites)} sites, {Device.objects.count()} devices, "
            f"{Loan.objects.count()} loans"
        )


# 30 devices: tag -> (kind, site index, status, needs_wipe).
def _device_specs():
    S = Device.Status
    specs = []
    statuses = (
        [S.ON_LOAN] * 4  # 001-004: Rita, due soon, overdue, another current
        + [S.RESERVED]  # 005: reserved for collection
        + [S.AVAILABLE] * 14  # 006-019 (006 came back and was wiped)
        + [S.BEING_WIPED] * 3  # 020-022: back from loans, wipe pending
        + [S.IN_REPAIR] * 3  # 023-025 (023 also came back unwiped)
        + [S.RETIRED] * 2  # 026-027
        + [S.LOST] * 3  # 028-030 (028 lost on a loan)
    )
    for n, status in enumerate(statuses, start=1):
        kind = (
            Device.Kind.LAPTOP
            if n % 10 == 7
            else Device.Kind.HOTSPOT
            if n % 10 == 9
            else Device.Kind.TABLET
        )
        needs_wipe = status == S.BEING_WIPED or n == 23
        specs.append((f"LEW-{n:03d}", kind, (n - 1) % 3, status, needs_wipe))
    return specs


MODELS = {
    Device.Kind.TABLET: "Samsung Galaxy Tab A9",
    Device.Kind.LAPTOP: "Lenovo IdeaPad 1",
    Device.Kind.HOTSPOT: "Vodafone R219 mobile wifi",
}


def _devices(sites) -> dict[str, Device]:
    devices = {}
    for tag, kind, site_index, status, needs_wipe in _device_specs():
        devices[tag], _ = Device.objects.get_or_create(
            asset_tag=tag,
            defaults={
                "kind": kind,
                "model_name": MODELS[kind],
                "home_site": sites[site_index],
                "status": status,
                "needs_wipe": needs_wipe,
                "condition_notes": "Screen scratched on the back."
                if status == Device.Status.IN_REPAIR
                else "",
            },
        )
    return devices


def _request(scheme, site, person, status, now, officer=None):
    request = BorrowRequest.objects.filter(
        scheme=scheme, participant=person, status=status
    ).first()
    if request is None:
        request = BorrowRequest.objects.create(
            scheme=scheme,
            site=site,
            participant=person,
            status=status,
            circumstances=[] if person.age_on(now.date()) >= 50 else ["unemployed"],
            applied_by=officer,
            consent_note="Agreed in person at the desk, form signed" if officer else "",
            consent_given_at=now - datetime.timedelta(days=60),
            closed_at=now
            if status
            in (BorrowRequest.Status.COMPLETED, BorrowRequest.Status.WITHDRAWN)
            else None,
        )
    return request


def _loans(scheme, sites, people, devices, officer, today, now) -> None:
    lewisham_library, catford, deptford = sites
    rita, arthur, joan, samira, derek, priya, tom, grace, kwame, maureen, leon = people
    days = datetime.timedelta
    R = BorrowRequest.Status
    L = Loan.Status
    # (person, site, device, request status, loan status, start offset, length,
    #  returned offset)
    plan = [
        (rita, catford, "LEW-001", R.ON_LOAN, L.ON_LOAN, -10, 28, None),
        (arthur, lewisham_library, "LEW-002", R.ON_LOAN, L.ON_LOAN, -25, 28, None),
        (joan, catford, "LEW-003", R.ON_LOAN, L.ON_LOAN, -33, 28, None),  # overdue
        (samira, deptford, "LEW-004", R.ON_LOAN, L.ON_LOAN, -3, 28, None),
        (derek, lewisham_library, "LEW-005", R.ALLOCATED, L.RESERVED, 2, 28, None),
        (priya, deptford, "LEW-006", R.COMPLETED, L.RETURNED, -60, 28, -33),
        (tom, catford, "LEW-020", R.COMPLETED, L.RETURNED, -31, 28, -2),
        (grace, lewisham_library, "LEW-028", R.COMPLETED, L.LOST, -50, 28, None),
    ]
    for person, site, tag, request_status, status, start, length, back in plan:
        assisted = officer if person.created_by_id else None
        request = _request(scheme, site, person, request_status, now, assisted)
        if request.loans.exists():
            continue
        device = devices[tag]
        starts_on = today + days(start)
        loan = Loan.objects.create(
            device=device,
            request=request,
            participant=person,
            site=site,
            status=status,
            collection_at=_at(starts_on, 11),
            starts_on=starts_on,
            original_due_on=starts_on + days(length),
            due_on=starts_on + days(length),
            returned_on=today + days(back) if back is not None else None,
            allocated_by=officer,
            collected_recorded_by=officer if status != L.RESERVED else None,
            returned_recorded_by=officer if back is not None else None,
        )
        if tag == "LEW-006":
            DeviceWipe.objects.create(
                device=device,
                loan=loan,
                wiped_by=officer,
                wiped_at=_at(today + days(back), 15),
                notes="Factory reset; Google account removed.",
            )
        if tag == "LEW-028":
            DeviceIncident.objects.create(
                device=device,
                loan=loan,
                kind=DeviceIncident.Kind.LOST,
                description="Left on a bus; reported to TfL lost property.",
                reported_by=officer,
            )
    if not DeviceIncident.objects.filter(device=devices["LEW-023"]).exists():
        DeviceIncident.objects.create(
            device=devices["LEW-023"],
            kind=DeviceIncident.Kind.DAMAGED,
            description="Cracked screen when returned.",
            reported_by=officer,
        )
    # The waiting list: several people at Catford and Lewisham, one of them
    # back for a second loan after returning his first.
    for person, site in [
        (kwame, catford),
        (maureen, catford),
        (leon, lewisham_library),
        (tom, catford),
    ]:
        requests = BorrowRequest.objects.filter(scheme=scheme, participant=person)
        if requests.filter(status__in=BorrowRequest.OPEN_STATUSES).exists():
            continue
        if person is not tom and requests.exists():
            continue
        BorrowRequest.objects.create(
            scheme=scheme,
            site=site,
            participant=person,
            status=R.WAITING,
            circumstances=["unemployed"] if person.age_on(today) < 50 else [],
            consent_given_at=now,
        )


def _sessions(courses, sites, people, officer, today, now) -> None:
    lewisham_library, catford, deptford = sites
    rita, arthur, joan, samira, derek, priya, tom, grace, kwame, maureen, leon = people
    days = datetime.timedelta
    plan = [
        # key, course, site, day offset, hour, capacity, booked, waitlisted, past
        (
            "past-1",
            "getting-started-with-your-tablet",
            catford,
            -14,
            10,
            8,
            [rita, joan, arthur, tom],
            [],
            True,
        ),
        (
            "past-2",
            "staying-safe-online",
            lewisham_library,
            -7,
            14,
            8,
            [rita, arthur, samira],
            [],
            True,
        ),
        (
            "next-1",
            "getting-started-with-your-tablet",
            catford,
            7,
            10,
            8,
            [samira, derek],
            [],
            False,
        ),
        (
            "next-2",
            "applying-for-universal-credit-online",
            deptford,
            9,
            10,
            4,
            [kwame, priya, leon, grace],
            [maureen, tom],
            False,
        ),  # full
        (
            "next-3",
            "understanding-your-smart-meter",
            lewisham_library,
            12,
            14,
            10,
            [rita],
            [],
            False,
        ),
    ]
    for key, course_slug, site, offset, hour, capacity, booked, waiting, past in plan:
        course = courses[course_slug]
        marker = f"Demo session {key}. Meet at the front desk."
        session, created = TrainingSession.objects.get_or_create(
            site=site,
            course=course,
            notes=marker,
            defaults={
                "tutor": officer,
                "starts_at": _at(today + days(offset), hour),
                "ends_at": _at(today + days(offset), hour)
                + datetime.timedelta(hours=float(course.hours)),
                "capacity": capacity,
            },
        )
        if not created:
            continue
        for n, person in enumerate(booked):
            attended = past and n != 3  # the fourth learner did not come
            Booking.objects.create(
                session=session,
                participant=person,
                status=Booking.Status.BOOKED,
                booked_by=officer if person.created_by_id else None,
                attendance=(
                    (
                        Booking.Attendance.ATTENDED
                        if attended
                        else Booking.Attendance.ABSENT
                    )
                    if past
                    else Booking.Attendance.NOT_RECORDED
                ),
                hours=course.hours if past and attended else Decimal("0"),
                attendance_recorded_by=officer if past else None,
                attendance_recorded_at=session.ends_at if past else None,
            )
        for person in waiting:
            Booking.objects.create(
                session=session, participant=person, status=Booking.Status.WAITLISTED
            )
        session.booked_count = len(booked)
        session.save(update_fields=["booked_count"])


def _questionnaires(questions, people, officer, now) -> None:
    rita, arthur, joan, samira, derek, priya, *_ = people
    plan = [
        (
            rita,
            ConfidenceCheck.Stage.START,
            ConfidenceCheck.Source.ONLINE,
            [2, 1, 2, 1, 3],
        ),
        (
            joan,
            ConfidenceCheck.Stage.START,
            ConfidenceCheck.Source.PAPER,
            [1, 1, 1, 1, 2],
        ),
        (
            priya,
            ConfidenceCheck.Stage.START,
            ConfidenceCheck.Source.PAPER,
            [2, 2, 3, 2, 3],
        ),
        (
            priya,
            ConfidenceCheck.Stage.END,
            ConfidenceCheck.Source.PAPER,
            [4, 4, 4, 3, 5],
        ),
    ]
    for person, stage, source, scores in plan:
        loan = Loan.objects.filter(participant=person).order_by("starts_on").first()
        if (
            loan is None
            or ConfidenceCheck.objects.filter(loan=loan, stage=stage).exists()
        ):
            continue
        check = ConfidenceCheck.objects.create(
            participant=person,
            loan=loan,
            stage=stage,
            source=source,
            entered_by=officer if source == ConfidenceCheck.Source.PAPER else None,
            completed_at=now,
        )
        ConfidenceAnswer.objects.bulk_create(
            ConfidenceAnswer(check_record=check, question=question, score=score)
            for question, score in zip(questions, scores, strict=True)
        )
