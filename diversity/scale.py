"""Tech talent's share of ``seed_scale`` (issue 8): ``scale.courses``
published courses with two cohorts each from 100 providers,
``scale.course_applications`` applications (accepted counts kept equal to
the accepted rows, never over capacity) with equality monitoring for most,
and ``scale.signatories`` charter signatories with ``scale.figure_years``
years of figures whose parts add up."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from civic.scale import BenchPage, bulk_insert, scale_user_ids

PROVIDERS = 100
SUBJECTS = ["software", "data", "cyber", "design", "creative", "marketing"]
SECTORS = ["public", "tech", "finance", "retail", "professional", "creative"]
SIZE_BANDS = ["1-49", "50-249", "250-999", "1000+"]
ETHNIC = ["white", "mixed", "asian", "black", "other", "prefer_not_to_say"]


def seed(scale, progress, rng) -> None:
    from civic.models import Borough, Organisation

    from .models import (
        Application,
        Cohort,
        Course,
        EqualityMonitoring,
        IndustryPartner,
        Pledge,
        PledgeAcceptance,
        PledgeVersion,
        ReportingYear,
        Signatory,
        Submission,
    )

    if Organisation.objects.filter(slug__startswith="scale-provider-").exists():
        progress.step("diversity: already seeded").finish()
        return
    now = timezone.now()
    today = timezone.localdate()
    boroughs = list(Borough.objects.all())
    user_ids = scale_user_ids()

    providers = Organisation.objects.bulk_create(
        Organisation(
            name=f"Digital Skills Provider {n}",
            slug=f"scale-provider-{n}",
            type=Organisation.Type.TRAINING_PROVIDER,
        )
        for n in range(min(PROVIDERS, scale.courses))
    )
    step = progress.step("Digital Talent courses", scale.courses)
    courses = bulk_insert(
        Course,
        (
            Course(
                provider=providers[n % len(providers)],
                title=f"{SUBJECTS[n % len(SUBJECTS)].title()} course {n}",
                slug=f"scale-course-{n}",
                summary="Twelve weeks to a first job in tech.",
                description="Hands-on projects with an employer.",
                subject=SUBJECTS[n % len(SUBJECTS)],
                level="entry",
                length_weeks=12,
                hours_per_week=15,
                delivery_mode="online" if n % 4 == 0 else "in_person",
                borough=None if n % 4 == 0 else boroughs[n % len(boroughs)],
                job_roles="Junior developer\nData analyst",
                status=Course.Status.PUBLISHED,
                published_at=now,
                created_by_id=user_ids[0],
            )
            for n in range(scale.courses)
        ),
        step=step,
    )
    IndustryPartner.objects.bulk_create(
        IndustryPartner(course=course, name="Employer Ltd", approved_on=today)
        for course in courses
    )
    cohorts = Cohort.objects.bulk_create(
        Cohort(
            course=course,
            starts_on=today + datetime.timedelta(days=30 + 60 * k + n % 30),
            applications_close_on=today + datetime.timedelta(days=20 + 60 * k),
            capacity=30,
        )
        for n, course in enumerate(courses)
        for k in range(2)
    )

    per_cohort = max(1, scale.course_applications // len(cohorts))
    applicants = user_ids[: max(per_cohort, 1) * 3] or user_ids
    rows = []
    accepted: dict[int, int] = {}
    for c, cohort in enumerate(cohorts):
        for k in range(per_cohort):
            if len(rows) >= scale.course_applications:
                break
            status = "submitted"
            if accepted.get(cohort.pk, 0) < cohort.capacity and k % 3 == 0:
                status = "accepted"
                accepted[cohort.pk] = accepted.get(cohort.pk, 0) + 1
            elif k % 3 == 1:
                status = "waitlisted"
            rows.append(
                Application(
                    cohort=cohort,
                    applicant_id=applicants[(c + k) % len(applicants)],
                    full_name=f"Applicant {len(rows)}",
                    date_of_birth=cohort.starts_on.replace(year=2005, day=1),
                    postcode="E8 1DY",
                    borough=boroughs[(c + k) % len(boroughs)],
                    connection="lives",
                    why="I want to work in tech.",
                    status=status,
                )
            )
    # One application per person per cohort: the applicant index walks
    # forward within a cohort, so it needs at least per_cohort people.
    step = progress.step("Digital Talent applications", len(rows))
    applications = bulk_insert(Application, iter(rows), step=step)
    for cohort in cohorts:
        if accepted.get(cohort.pk):
            cohort.accepted_count = accepted[cohort.pk]
    Cohort.objects.bulk_update(cohorts, ["accepted_count"], batch_size=1000)
    step = progress.step(
        "equality monitoring", sum(1 for n in range(len(applications)) if n % 5)
    )
    bulk_insert(
        EqualityMonitoring,
        (
            EqualityMonitoring(
                application=application,
                consent_given_at=now,
                sex="female" if n % 2 else "male",
                ethnic_group=ETHNIC[n % len(ETHNIC)],
                disability="no",
            )
            for n, application in enumerate(applications)
            if n % 5
        ),
        step=step,
    )

    # The charter.
    if not PledgeVersion.objects.exists():
        pledge = Pledge.objects.create(code="scale-sponsor", sort_order=1)
        PledgeVersion.objects.create(
            pledge=pledge,
            version=1,
            title="A named senior sponsor",
            text="We will name a senior sponsor for diversity in tech.",
            effective_from=datetime.date(2026, 1, 1),
        )
    versions = list(PledgeVersion.objects.all())
    step = progress.step("charter signatories", scale.signatories)
    orgs = bulk_insert(
        Organisation,
        (
            Organisation(
                name=f"Signatory {n}",
                slug=f"scale-signatory-{n}",
                type=Organisation.Type.COMPANY,
            )
            for n in range(scale.signatories)
        ),
        step=step,
    )
    signatories = Signatory.objects.bulk_create(
        Signatory(
            organisation=org,
            sector=SECTORS[n % len(SECTORS)],
            size_band=SIZE_BANDS[n % len(SIZE_BANDS)],
            sponsor_name="Senior Sponsor",
            sponsor_job_title="Chief Technology Officer",
            sponsor_email="sponsor@example.org",
            contact_name="Charter Contact",
            contact_email="contact@example.org",
            signed_at=now,
        )
        for n, org in enumerate(orgs)
    )
    PledgeAcceptance.objects.bulk_create(
        PledgeAcceptance(signatory=s, pledge_version=v, accepted_at=now)
        for s in signatories
        for v in versions
    )
    this_year = today.year
    years = []
    for k in range(scale.figure_years):
        year = this_year - k
        found = ReportingYear.objects.filter(year=year).first()
        years.append(
            found
            or ReportingYear.objects.create(
                year=year,
                opens_on=datetime.date(year, 4, 1),
                closes_on=datetime.date(year + 1, 3, 31),
            )
        )
    step = progress.step("charter submissions", len(signatories) * len(years))
    bulk_insert(
        Submission,
        (
            _submission(signatory, year, n, user_ids[0], now)
            for n, signatory in enumerate(signatories)
            for year in years
        ),
        step=step,
    )


def _submission(signatory, year, n, user_id, now):
    from .models import Submission

    headcount = 20 + (n * 37) % 400
    women = headcount * (15 + n % 20) // 100
    unknown = n % 3
    men = headcount - women - unknown
    asian = headcount // 5
    black = headcount // 10
    mixed = headcount // 20
    other = headcount // 50
    not_known = n % 4
    white = headcount - asian - black - mixed - other - not_known
    recruited = max(1, headcount // 10)
    return Submission(
        signatory=signatory,
        year=year,
        tech_headcount=headcount,
        women=women,
        men=men,
        sex_other_or_unknown=unknown,
        ethnicity_white=white,
        ethnicity_mixed=mixed,
        ethnicity_asian=asian,
        ethnicity_black=black,
        ethnicity_other=other,
        ethnicity_unknown=not_known,
        recruited=recruited,
        recruited_women=recruited // 3,
        submitted_by_id=user_id,
        submitted_at=now,
    )


def bench_pages() -> list[BenchPage]:
    year = timezone.localdate().year
    return [
        BenchPage("Course finder", reverse("diversity:course_list")),
        BenchPage("Charter benchmark", reverse("diversity:benchmark", args=[year])),
    ]
