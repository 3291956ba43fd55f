"""The charter's pledges (version 1) and the GLA Group bodies as signatories.

The pledge wording below is the portal's own plain-English summary of the
Tech Talent Charter's commitments, written for this site. It is NOT the
charter's legal text; the charter's own documents are authoritative.

The sponsor and contact of each GLA Group body are role titles and a shared
mailbox placeholder (``charter-contact-to-replace@london.gov.uk``) for
programme managers to replace in the admin: no personal names are invented.

Idempotent: running it on a database that already has any of these rows
leaves them as they are. Reversing removes only what it would create.
"""

import datetime

from django.db import migrations
from django.utils import timezone

EFFECTIVE_FROM = datetime.date(2026, 1, 1)
PLACEHOLDER_EMAIL = "charter-contact-to-replace@london.gov.uk"

PLEDGES = [
    (
        "senior-sponsor",
        "A named senior sponsor",
        "We will name a senior leader who is responsible for diversity and "
        "inclusion in our technology workforce, and who makes sure we keep "
        "these pledges.",
    ),
    (
        "inclusive-recruitment",
        "Inclusive recruitment",
        "We will use inclusive recruitment practices for technology roles. "
        "We will aim for diverse shortlists and write job adverts that "
        "welcome people of every background, and we will check our process "
        "for bias.",
    ),
    (
        "retention-progression",
        "Retention and progression",
        "We will support people from under-represented groups to stay and to "
        "progress in technology roles, for example through mentoring, "
        "flexible working and fair promotion.",
    ),
    (
        "share-data",
        "Share our workforce figures every year",
        "Every year we will share anonymous figures about the diversity of "
        "our technology workforce, so that progress across signatories can be "
        "measured. Only totals across organisations are ever published.",
    ),
    (
        "share-practice",
        "Share good practice",
        "We will share what works, and what does not, with other signatories "
        "so that every organisation can improve faster.",
    ),
]

# (slug, name, sponsor's role title, size band)
GLA_GROUP = [
    (
        "greater-london-authority",
        "Greater London Authority",
        "Chief Digital Officer",
        "1000+",
    ),
    (
        "transport-for-london",
        "Transport for London",
        "Chief Technology Officer",
        "1000+",
    ),
    (
        "mayors-office-for-policing-and-crime",
        "Mayor's Office for Policing and Crime",
        "Chief Executive",
        "250-999",
    ),
    (
        "london-fire-brigade",
        "London Fire Brigade",
        "Director of Digital and Technology",
        "1000+",
    ),
    (
        "london-legacy-development-corporation",
        "London Legacy Development Corporation",
        "Executive Director of Finance and Corporate Services",
        "50-249",
    ),
    (
        "old-oak-and-park-royal-development-corporation",
        "Old Oak and Park Royal Development Corporation",
        "Chief Executive",
        "1-49",
    ),
]


def seed(apps, schema_editor):
    Pledge = apps.get_model("diversity", "Pledge")
    PledgeVersion = apps.get_model("diversity", "PledgeVersion")
    Signatory = apps.get_model("diversity", "Signatory")
    PledgeAcceptance = apps.get_model("diversity", "PledgeAcceptance")
    Organisation = apps.get_model("civic", "Organisation")

    versions = []
    for order, (code, title, text) in enumerate(PLEDGES, start=1):
        pledge, _ = Pledge.objects.get_or_create(
            code=code, defaults={"sort_order": order}
        )
        version, _ = PledgeVersion.objects.get_or_create(
            pledge=pledge,
            version=1,
            defaults={"title": title, "text": text, "effective_from": EFFECTIVE_FROM},
        )
        versions.append(version)

    now = timezone.now()
    for slug, name, sponsor_role, size_band in GLA_GROUP:
        organisation, _ = Organisation.objects.get_or_create(
            slug=slug, defaults={"name": name, "type": "public_body"}
        )
        signatory, created = Signatory.objects.get_or_create(
            organisation=organisation,
            defaults={
                "sector": "public",
                "size_band": size_band,
                "is_gla_group": True,
                "sponsor_name": sponsor_role,
                "sponsor_job_title": sponsor_role,
                "sponsor_email": PLACEHOLDER_EMAIL,
                "contact_name": "Tech Talent Charter contact (to be replaced)",
                "contact_email": PLACEHOLDER_EMAIL,
                "signed_at": now,
            },
        )
        if created:
            PledgeAcceptance.objects.bulk_create(
                PledgeAcceptance(
                    signatory=signatory, pledge_version=version, accepted_at=now
                )
                for version in versions
            )


def unseed(apps, schema_editor):
    Signatory = apps.get_model("diversity", "Signatory")
    Pledge = apps.get_model("diversity", "Pledge")
    PledgeVersion = apps.get_model("diversity", "PledgeVersion")
    Organisation = apps.get_model("civic", "Organisation")
    slugs = [slug for slug, *_rest in GLA_GROUP]
    # Only signatories with no figures: reversing never deletes reported data.
    Signatory.objects.filter(
        organisation__slug__in=slugs, is_gla_group=True, submissions__isnull=True
    ).delete()
    Organisation.objects.filter(
        slug__in=slugs, charter_signatory__isnull=True, members__isnull=True
    ).delete()
    codes = [code for code, *_rest in PLEDGES]
    PledgeVersion.objects.filter(
        pledge__code__in=codes, version=1, acceptances__isnull=True
    ).delete()
    Pledge.objects.filter(code__in=codes, versions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("diversity", "0002_staff"),
        ("civic", "0005_embed_block"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
