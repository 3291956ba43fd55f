"""City Hall's Crowdfund London pledges as 360Giving grants, and campaigns as
a plain CSV.

Which City Hall pledges are grants: a pledge is City Hall's decision to fund
a campaign, on condition that the campaign reaches its target (and any
further condition on the pledge). We publish it as an award from the day it
is made: *active* pledges (awarded, conditional on success) and *paid* ones.
A pledge that is released (the campaign did not reach its target) or
withdrawn was never paid, and leaves the file.

Identifiers: grants are ``<prefix>-<pledge id>``. The prefix is the
``CROWDFUND_360G_PREFIX`` setting (default ``360G-GLA-CFL``) and must be
registered with 360Giving before the file is published. The funder is the
``CROWDFUND_FUNDER_ORG_ID`` setting (default ``GB-LAE-GLA``, the id a public
360Giving funder list gives the Greater London Authority; to be confirmed
with 360Giving / org-id.guide before publishing).

No personal data: recipients are organisations; a project with no
organisation gets a local id and the project's name, never a person's.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from .models import CityHallPledge, Project

OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
STANDARD_VERSION = "1.4"
FUNDER_NAME = "Greater London Authority"
CHUNK = 500


def grant_prefix() -> str:
    return getattr(settings, "CROWDFUND_360G_PREFIX", "360G-GLA-CFL")


def funder_org_id() -> str:
    return getattr(settings, "CROWDFUND_FUNDER_ORG_ID", "GB-LAE-GLA")


# One flat row per grant: plain dicts rather than four model instances a
# row, which was most of the time it took to write a large file.
GRANT_ROW_FIELDS = (
    "pk",
    "amount_pence",
    "condition",
    "created_at",
    "settled_at",
    "project_id",
    "project__title",
    "project__slug",
    "project__summary",
    "project__description",
    "project__live_at",
    "project__deadline",
    "project__borough__name",
    "project__borough__gss_code",
    "project__organisation_id",
    "project__organisation__name",
    "project__organisation__charity_number",
    "project__organisation__company_number",
    "funding_round__slug",
    "funding_round__name",
)


def published_city_hall_pledges() -> QuerySet[CityHallPledge]:
    return CityHallPledge.objects.filter(
        status__in=CityHallPledge.COUNTED,
        project__status__in=Project.PUBLIC,
        project__is_hidden=False,
    ).order_by("pk")


def project_url_maker(site_url: str):
    """``slug -> absolute URL``, reversing the route once rather than per row."""
    placeholder = "SLUG"  # slugs are lower case, so this never appears in one
    template = site_url + reverse(
        "crowdfund:project_detail", kwargs={"slug": placeholder}
    )
    return lambda slug: template.replace(placeholder, slug)


def pounds(pence: int) -> int | float:
    """A JSON number of pounds: 1100000 -> 11000, 1050 -> 10.5."""
    amount = Decimal(pence) / 100
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def pounds_text(pence: int) -> str:
    return f"{Decimal(pence) / 100:.2f}"


def _date(value) -> str:
    return timezone.localtime(value).date().isoformat()


def recipient(row: dict, *, prefix: str) -> dict:
    """360Giving org-ids: a registered charity (GB-CHC) or company (GB-COH)
    number when the organisation has one, else a local id under our prefix."""
    if row["project__organisation_id"] is None:
        return {
            "id": f"{prefix}-PROJECT-{row['project_id']}",
            "name": row["project__title"],
        }
    charity_number = row["project__organisation__charity_number"]
    company_number = row["project__organisation__company_number"]
    if charity_number:
        org_id = f"GB-CHC-{charity_number}"
    elif company_number:
        org_id = f"GB-COH-{company_number}"
    else:
        org_id = f"{prefix}-ORG-{row['project__organisation_id']}"
    out = {"id": org_id, "name": row["project__organisation__name"]}
    if charity_number:
        out["charityNumber"] = charity_number
    if company_number:
        out["companyNumber"] = company_number
    return out


def grant(row: dict, *, prefix: str, funder_id: str, project_url, data_source) -> dict:
    description = (
        row["project__summary"]
        or row["project__description"][:500]
        or row["project__title"]
    )
    if row["condition"]:
        description = f"{description} Condition: {row['condition']}"
    modified = max(filter(None, [row["created_at"], row["settled_at"]]))
    out = {
        "id": f"{prefix}-{row['pk']}",
        "title": row["project__title"],
        "description": description,
        "currency": "GBP",
        "amountAwarded": pounds(row["amount_pence"]),
        "awardDate": _date(row["created_at"]),
        "url": project_url(row["project__slug"]),
        "recipientOrganization": [recipient(row, prefix=prefix)],
        "fundingOrganization": [{"id": funder_id, "name": FUNDER_NAME}],
        "grantProgramme": [
            {
                "code": row["funding_round__slug"],
                "title": f"Crowdfund London: {row['funding_round__name']}",
            }
        ],
        "fromOpenCall": "Yes",
        "dataSource": data_source,
        "dateModified": modified.isoformat(),
    }
    if row["project__borough__gss_code"]:
        out["beneficiaryLocation"] = [
            {
                "name": row["project__borough__name"],
                "countryCode": "GB",
                "geoCode": row["project__borough__gss_code"],
                "geoCodeType": "LA",
            }
        ]
    if row["project__live_at"] and row["project__deadline"]:
        # The campaign's dates: the project is delivered only if it succeeds.
        out["plannedDates"] = [
            {
                "startDate": _date(row["project__live_at"]),
                "endDate": _date(row["project__deadline"]),
                "description": "Crowdfunding campaign",
            }
        ]
    return out


def grants(*, site_url: str, data_source: str) -> Iterator[dict]:
    options = {
        "prefix": grant_prefix(),
        "funder_id": funder_org_id(),
        "project_url": project_url_maker(site_url),
        "data_source": data_source,
    }
    rows = published_city_hall_pledges().values(*GRANT_ROW_FIELDS)
    for row in rows.iterator(chunk_size=CHUNK):
        yield grant(row, **options)


def package_metadata(*, site_url: str, download_url: str, access_url: str, now) -> dict:
    return {
        "version": STANDARD_VERSION,
        "title": "Crowdfund London: City Hall pledges",
        "description": (
            "Money the Mayor of London has pledged to community projects' "
            "crowdfunding campaigns through Crowdfund London. A pledge is "
            "awarded on condition that the campaign reaches its target."
        ),
        "identifier": f"{grant_prefix()}-package",
        "issued": now.date().isoformat(),
        "modified": now.isoformat(),
        "publisher": {
            "identifier": funder_org_id(),
            "name": FUNDER_NAME,
            "website": "https://www.london.gov.uk/",
        },
        "downloadURL": download_url,
        "accessURL": access_url,
        "license": OGL_URL,
    }


# 360Giving's spreadsheet column titles.
GRANT_CSV_COLUMNS = [
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Awarded",
    "Award Date",
    "URL",
    "Planned Dates:Start Date",
    "Planned Dates:End Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Recipient Org:Charity Number",
    "Recipient Org:Company Number",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Beneficiary Location:0:Name",
    "Beneficiary Location:0:Country Code",
    "Beneficiary Location:0:Geographic Code",
    "Beneficiary Location:0:Geographic Code Type",
    "Grant Programme:Code",
    "Grant Programme:Title",
    "From An Open Call?",
    "Data Source",
    "Last Modified",
]


def grant_csv_row(data: dict) -> list:
    org = data["recipientOrganization"][0]
    funder = data["fundingOrganization"][0]
    location = (data.get("beneficiaryLocation") or [{}])[0]
    dates = (data.get("plannedDates") or [{}])[0]
    programme = data["grantProgramme"][0]
    return [
        data["id"],
        data["title"],
        data["description"],
        data["currency"],
        data["amountAwarded"],
        data["awardDate"],
        data["url"],
        dates.get("startDate", ""),
        dates.get("endDate", ""),
        org["id"],
        org["name"],
        org.get("charityNumber", ""),
        org.get("companyNumber", ""),
        funder["id"],
        funder["name"],
        location.get("name", ""),
        location.get("countryCode", ""),
        location.get("geoCode", ""),
        location.get("geoCodeType", ""),
        programme["code"],
        programme["title"],
        data["fromOpenCall"],
        data["dataSource"],
        data["dateModified"],
    ]


CAMPAIGN_CSV_COLUMNS = [
    "Title",
    "URL",
    "Borough",
    "Borough GSS code",
    "Theme",
    "Status",
    "Organisation",
    "Target (GBP)",
    "Raised from the crowd (GBP)",
    "Pledged by City Hall (GBP)",
    "Total (GBP)",
    "Percentage funded",
    "Backers",
    "Campaign start",
    "Campaign deadline",
]


def campaign_rows(*, site_url: str) -> Iterator[list]:
    """Public campaigns, oldest first: no person's name or email, only the
    organisation delivering the project."""
    projects = (
        Project.objects.filter(status__in=Project.PUBLIC, is_hidden=False)
        .select_related("borough", "theme", "organisation")
        .only(
            "title",
            "slug",
            "status",
            "target_pence",
            "crowd_pence",
            "city_hall_pence",
            "backer_count",
            "live_at",
            "deadline",
            "borough__name",
            "borough__gss_code",
            "theme__name",
            "organisation__name",
        )
        .order_by("live_at", "pk")
    )
    project_url = project_url_maker(site_url)
    for project in projects.iterator(chunk_size=CHUNK):
        yield [
            project.title,
            project_url(project.slug),
            project.borough.name if project.borough_id else "",
            project.borough.gss_code if project.borough_id else "",
            project.theme.name if project.theme_id else "",
            project.status,
            project.organisation.name if project.organisation_id else "",
            pounds_text(project.target_pence),
            pounds_text(project.crowd_pence),
            pounds_text(project.city_hall_pence),
            pounds_text(project.total_pence),
            project.percent_funded,
            project.backer_count,
            project.live_at.date().isoformat() if project.live_at else "",
            project.deadline.date().isoformat() if project.deadline else "",
        ]
