"""Get online's share of ``seed_scale`` (issue 8): lending sites in every
borough, ``scale.devices`` devices and ``scale.loans`` loans (each device's
loans one after another, never overlapping, so the exclusion constraint
holds), with their participants and waiting-list requests, courses and
sessions."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from civic.scale import BenchPage, bulk_insert, scale_user_ids

SITES_PER_BOROUGH = 3


def seed(scale, progress, rng) -> None:
    from civic.models import Borough, Organisation

    from .models import (
        BorrowRequest,
        Course,
        Device,
        Loan,
        OpeningHours,
        Participant,
        Scheme,
        Site,
        TrainingSession,
    )

    if Site.objects.filter(slug__startswith="scale-").exists():
        progress.step("inclusion: already seeded").finish()
        return
    now = timezone.now()
    today = timezone.localdate()
    boroughs = list(Borough.objects.all())
    operator, _ = Organisation.objects.get_or_create(
        slug="scale-libraries",
        defaults={"name": "London Libraries Consortium", "type": "public_body"},
    )
    step = progress.step("lending sites", len(boroughs) * SITES_PER_BOROUGH)
    sites = bulk_insert(
        Site,
        (
            Site(
                name=f"{borough.name} Library {n + 1}",
                slug=f"scale-{borough.slug}-{n + 1}",
                kind=Site.Kind.LIBRARY if n else Site.Kind.COMMUNITY_CENTRE,
                operator=operator,
                address_line_1=f"{n + 1} High Street",
                postcode=f"E{(i % 20) + 1} {n + 1}AA",
                borough=borough,
                accessibility="Step-free entrance and a hearing loop.",
                phone="020 7983 4000",
            )
            for i, borough in enumerate(boroughs)
            for n in range(SITES_PER_BOROUGH)
        ),
        step=step,
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(
            site=site,
            weekday=day,
            opens_at=datetime.time(9),
            closes_at=datetime.time(17),
        )
        for site in sites
        for day in range(6)
    )
    scheme = Scheme.objects.create(
        name="London tablet loans",
        slug="scale-london-tablets",
        summary="Londoners aged 50 or over, or unemployed.",
        min_age=50,
        circumstances=["unemployed"],
        other_help="Ask at your library.",
    )
    scheme.sites.set(sites)

    step = progress.step("devices", scale.devices)
    devices = bulk_insert(
        Device,
        (
            Device(
                asset_tag=f"SCALE-{n:06d}",
                kind=Device.Kind.TABLET if n % 5 else Device.Kind.LAPTOP,
                model_name="Samsung Galaxy Tab A9",
                home_site=sites[n % len(sites)],
                status=Device.Status.AVAILABLE,
            )
            for n in range(scale.devices)
        ),
        step=step,
    )

    # Participants: one per two loans, linked to the seeded residents where
    # there are enough of them.
    user_ids = scale_user_ids()
    people = max(1, scale.loans // 2)
    step = progress.step("participants", people)
    participants = bulk_insert(
        Participant,
        (
            Participant(
                user_id=user_ids[n] if n < len(user_ids) // 2 else None,
                full_name=f"Participant {n}",
                date_of_birth=datetime.date(1940 + n % 40, 1 + n % 12, 1 + n % 28),
                email=f"participant-{n}@example.org" if n % 4 else "",
                contact_preference="email" if n % 4 else "letter",
                address_line_1=f"{n} Station Road",
                postcode="SE6 4RU",
                borough=boroughs[n % len(boroughs)],
                consent_given_at=now,
            )
            for n in range(people)
        ),
        step=step,
    )

    # Each device's loans run back to back, 30 days apart, ending before
    # today; every 10th device's last loan is current.
    per_device = max(1, scale.loans // max(1, len(devices)))
    plan = []  # (device, participant, start, current)
    current_count = 0
    for d, device in enumerate(devices):
        for k in range(per_device):
            if len(plan) >= scale.loans:
                break
            start = today - datetime.timedelta(days=30 * (per_device - k) + 10)
            current = k == per_device - 1 and d % 10 == 0
            if current:
                # One open request per person and scheme: each current loan
                # goes to someone of its own.
                start = today - datetime.timedelta(days=7)
                participant = participants[current_count % len(participants)]
                current_count += 1
            else:
                participant = participants[-1 - len(plan) % len(participants)]
            plan.append((device, participant, start, current))
    step = progress.step("borrowing requests", len(plan))
    requests = bulk_insert(
        BorrowRequest,
        (
            BorrowRequest(
                scheme=scheme,
                site=device.home_site,
                participant=participant,
                status="on_loan" if current else "completed",
                consent_given_at=now,
                closed_at=None if current else now,
            )
            for device, participant, start, current in plan
        ),
        step=step,
    )
    step = progress.step("loans", len(plan))
    staff = operator.memberships.first()
    allocated_by_id = staff.user_id if staff else user_ids[0]
    bulk_insert(
        Loan,
        (
            Loan(
                device=device,
                request=request,
                participant=participant,
                site=device.home_site,
                status="on_loan" if current else "returned",
                collection_at=now,
                starts_on=start,
                original_due_on=start + datetime.timedelta(days=28),
                due_on=start + datetime.timedelta(days=28),
                returned_on=None if current else start + datetime.timedelta(days=27),
                allocated_by_id=allocated_by_id,
            )
            for (device, participant, start, current), request in zip(
                plan, requests, strict=True
            )
        ),
        step=step,
    )
    Device.objects.filter(
        pk__in=[device.pk for device, _, _, current in plan if current]
    ).update(status="on_loan")
    # A waiting list at every site.
    on_loan = {participant.pk for _, participant, _, current in plan if current}
    waiting = [
        p
        for p in participants[-min(len(participants), len(sites) * 5) :]
        if p.pk not in on_loan
    ]
    BorrowRequest.objects.bulk_create(
        BorrowRequest(
            scheme=scheme,
            site=sites[n % len(sites)],
            participant=participant,
            consent_given_at=now,
        )
        for n, participant in enumerate(waiting)
    )

    courses = Course.objects.bulk_create(
        Course(
            title=title,
            slug=f"scale-{n}",
            summary="A friendly, practical session.",
            hours=Decimal(hours),
            skill_areas=["foundation"],
        )
        for n, (title, hours) in enumerate(
            [
                ("Getting started with your tablet", "2"),
                ("Staying safe online", "2"),
                ("Applying for Universal Credit online", "1.5"),
                ("Understanding your smart meter", "1"),
            ]
        )
    )
    start = now.replace(minute=0, second=0, microsecond=0)
    TrainingSession.objects.bulk_create(
        TrainingSession(
            course=courses[n % len(courses)],
            site=site,
            starts_at=start + datetime.timedelta(days=1 + n % 20, hours=10),
            ends_at=start + datetime.timedelta(days=1 + n % 20, hours=12),
            capacity=8,
        )
        for n, site in enumerate(sites * 2)
    )


def bench_pages() -> list[BenchPage]:
    return [
        BenchPage("Find a place to borrow", reverse("inclusion:site_list")),
        BenchPage(
            "Find a place, by postcode district",
            reverse("inclusion:site_list") + "?postcode=E1",
        ),
    ]
