"""Demo data for the Tech Talent Charter: 30 signatories across sectors and
size bands (so some benchmark groups pass the 3-organisation rule and some do
not) besides the GLA Group, last year's figures (the year closed and locked)
and this year's (open, not everyone has reported yet), and a demo account,
charter@example.org, owning a signatory that reported last year and has not
reported this year.

Idempotent: rows are found by slug, email or (signatory, year) and reused.
"""

from __future__ import annotations

import datetime
import random

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from civic.models import Borough, Organisation, OrganisationMembership, User
from diversity.models import (
    PledgeAcceptance,
    ReportingYear,
    Signatory,
    Submission,
)
from diversity.services.charter import current_pledge_versions

DEMO_EMAIL = "charter@example.org"
DEMO_ORG_SLUG = "demo-charter-shoreditch-software"

# (name, sector, size band); the first is the demo account's organisation.
SIGNATORIES = [
    ("Shoreditch Software", "tech", "50-249"),
    ("Camden Cloud", "tech", "250-999"),
    ("Lambeth Labs", "tech", "1-49"),
    ("Hackney Hardware", "tech", "50-249"),
    ("Islington Interactive", "tech", "1000+"),
    ("Brixton Bytes", "tech", "1-49"),
    ("Deptford Data", "tech", "250-999"),
    ("Woolwich Web", "tech", "50-249"),
    ("Canary Capital", "finance", "1000+"),
    ("Moorgate Mutual", "finance", "1000+"),
    ("Bishopsgate Bank", "finance", "250-999"),
    ("Lombard Lending", "finance", "50-249"),
    ("Threadneedle Payments", "finance", "250-999"),
    ("Cheapside Insurance", "finance", "1000+"),
    ("Soho Studios", "creative", "50-249"),
    ("Southbank Media", "creative", "250-999"),
    ("Dalston Design", "creative", "1-49"),
    ("Peckham Pictures", "creative", "1-49"),
    ("Whitechapel Games", "creative", "50-249"),
    ("Holborn Advisers", "professional", "1000+"),
    ("Temple Legal", "professional", "250-999"),
    ("Farringdon Consulting", "professional", "50-249"),
    ("Aldgate Accountants", "professional", "250-999"),
    ("Oxford Street Retail", "retail", "1000+"),
    ("Borough Market Traders", "retail", "50-249"),
    ("Lewisham Learning Trust", "education", "250-999"),
    ("Ealing College", "education", "250-999"),
    ("Tottenham Tech Charity", "charity", "1-49"),
    ("Croydon Community Digital", "charity", "50-249"),
    ("Barking Builders", "other", "250-999"),
]

HEADCOUNT = {
    "1-49": (6, 20),
    "50-249": (15, 60),
    "250-999": (40, 200),
    "1000+": (150, 900),
}


def reporting_years(today: datetime.date) -> tuple[ReportingYear, ReportingYear]:
    """This year (April to March, open) and last year (closed and locked)."""
    this = today.year if today >= datetime.date(today.year, 4, 1) else today.year - 1
    current, _ = ReportingYear.objects.get_or_create(
        year=this,
        defaults={
            "opens_on": datetime.date(this, 4, 1),
            "closes_on": datetime.date(this + 1, 3, 31),
        },
    )
    last, _ = ReportingYear.objects.get_or_create(
        year=this - 1,
        defaults={
            "opens_on": datetime.date(this - 1, 4, 1),
            "closes_on": datetime.date(this, 3, 31),
        },
    )
    if last.locked_at is None:
        last.locked_at = timezone.now()
        last.save(update_fields=["locked_at"])
    return current, last


def _figures(rng: random.Random, size_band: str, women_share: float) -> dict:
    low, high = HEADCOUNT[size_band]
    people = rng.randint(low, high)
    women = round(people * women_share)
    other = 1 if people > 30 else 0
    men = people - women - other
    ethnicity = [0.5, 0.05, 0.2, 0.12, 0.04]
    parts = [int(people * share) for share in ethnicity]
    unknown = people - sum(parts)
    recruited = rng.randint(0, max(1, people // 5))
    recruited_women = min(recruited, round(recruited * (women_share + 0.05)))
    return {
        "tech_headcount": people,
        "women": women,
        "men": men,
        "sex_other_or_unknown": other,
        "ethnicity_white": parts[0],
        "ethnicity_mixed": parts[1],
        "ethnicity_asian": parts[2],
        "ethnicity_black": parts[3],
        "ethnicity_other": parts[4],
        "ethnicity_unknown": unknown,
        "recruited": recruited,
        "recruited_women": recruited_women,
    }


def _demo_user() -> User:
    from civic.management.commands.seed_demo import DEMO_PASSWORD

    user = User.objects.filter(email=DEMO_EMAIL).first()
    if user is None:
        user = User(
            email=DEMO_EMAIL,
            display_name="Chidi Charter",
            borough=Borough.objects.get(name="Hackney"),
            password=make_password(DEMO_PASSWORD),
        )
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=DEMO_EMAIL, defaults={"verified": True, "primary": True}
    )
    return user


def seed(stdout=None) -> None:
    rng = random.Random(2018)  # noqa: S311 - the same demo figures every run
    today = timezone.localdate()
    current, last = reporting_years(today)
    versions = current_pledge_versions()
    user = _demo_user()
    now = timezone.now()
    signatories = []
    for index, (name, sector, size_band) in enumerate(SIGNATORIES):
        slug = DEMO_ORG_SLUG if index == 0 else f"demo-charter-{index}"
        organisation, _ = Organisation.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "type": Organisation.Type.COMPANY},
        )
        signatory, created = Signatory.objects.get_or_create(
            organisation=organisation,
            defaults={
                "sector": sector,
                "size_band": size_band,
                "sponsor_name": "Demo Sponsor",
                "sponsor_job_title": "Chief Technology Officer",
                "sponsor_email": f"sponsor@{slug}.example.org",
                "contact_name": "Demo Contact",
                "contact_email": f"charter@{slug}.example.org",
                "signed_by": user if index == 0 else None,
                "signed_at": now - datetime.timedelta(days=400 - index),
            },
        )
        if created:
            PledgeAcceptance.objects.bulk_create(
                PledgeAcceptance(
                    signatory=signatory,
                    pledge_version=version,
                    accepted_at=signatory.signed_at,
                )
                for version in versions
            )
        signatories.append(signatory)
    OrganisationMembership.objects.update_or_create(
        organisation=signatories[0].organisation,
        user=user,
        defaults={"role": OrganisationMembership.Role.OWNER},
    )
    gla = list(Signatory.objects.filter(is_gla_group=True))
    for index, signatory in enumerate([*signatories, *gla]):
        share = rng.uniform(0.12, 0.38)
        _submit(signatory, last, _figures(rng, signatory.size_band, share), user, now)
        # This year: the demo organisation and every third other have not yet.
        if index != 0 and index % 3 != 0:
            figures = _figures(rng, signatory.size_band, min(share + 0.02, 0.5))
            _submit(signatory, current, figures, user, now)
    if stdout is not None:
        stdout.write(
            f"  Tech Talent Charter: {len(signatories) + len(gla)} signatories; "
            f"{DEMO_EMAIL} owns {signatories[0].organisation.name}"
        )


def _submit(signatory, year, figures, user, now) -> None:
    Submission.objects.get_or_create(
        signatory=signatory,
        year=year,
        defaults={**figures, "submitted_by": user, "submitted_at": now},
    )
