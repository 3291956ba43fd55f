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

from .models import CityHallPledge, Project

OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
STANDARD_VERSION = "1.4"
FUNDER_NAME = "Greater London Authority"
CHUNK = 500


def grant_prefix() -> str:
    return getattr(settings, "CROWDFUND_360G_PREFIX", "360G-GLA-CFL")


def funder_org_id() -> str:
    return getattr(settings, "CROWDFUND_FUNDER_ORG_ID", "GB-LAE-GLA")


def published_city_hall_pledges() -> QuerySet[CityHallPledge]:
    return (
        CityHallPledge.objects.filter(
            status__in=CityHallPledge.COUNTED,
            project__status__in=Project.PUBLIC,
            project__is_hidden=False,
        )
        .select_related(
            "project", "project__borough", "project__organisation", "funding_round"
        )
        .order_by("pk")
    )


def pounds(pence: int) -> int | float:
    """A JSON number of pounds: 1100000 -> 11000, 1050 -> 10.5."""
    amount = Decimal(pence) / 100
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def pounds_text(pence: int) -> str:
    return f"{Decimal(pence) / 100:.2f}"


def recipient(project: Project) -> dict:
    """360Giving org-ids: a registered charity (GB-CHC) or company (GB-COH)
    number when the organisation has one, else a local id under our prefix."""
    organisation = project.organisation
    if organisation is None:
        return {
            "id": f"{grant_prefix()}-PROJECT-{project.pk}",
            "name": project.title,
        }
    if organisation.charity_number:
        org_id = f"GB-CHC-{organisation.charity_number}"
    elif organisation.company_number:
        org_id = f"GB-COH-{organisation.company_number}"
    else:
        org_id = f"{grant_prefix()}-ORG-{organisation.pk}"
    out = {"id": org_id, "name": organisation.name}
    if organisation.charity_number:
        out["charityNumber"] = organisation.charity_number
    if organisation.company_number:
        out["companyNumber"] = organisation.company_number
    return out


def grant(pledge: CityHallPledge, *, site_url: str, data_source: str) -> dict:
    project = pledge.project
    description = project.summary or project.description[:500] or project.title
    if pledge.condition:
        description = f"{description} Condition: {pledge.condition}"
    modified = max(filter(None, [pledge.created_at, pledge.settled_at]))
    out = {
        "id": f"{grant_prefix()}-{pledge.pk}",
        "title": project.title,
        "description": description,
        "currency": "GBP",
        "amountAwarded": pounds(pledge.amount_pence),
        "awardDate": pledge.created_at.date().isoformat(),
        "url": site_url + project.get_absolute_url(),
        "recipientOrganization": [recipient(project)],
        "fundingOrganization": [{"id": funder_org_id(), "name": FUNDER_NAME}],
        "grantProgramme": [
            {
                "code": pledge.funding_round.slug,
                "title": f"Crowdfund London: {pledge.funding_round.name}",
            }
        ],
        "fromOpenCall": "Yes",
        "dataSource": data_source,
        "dateModified": modified.isoformat(),
    }
    if project.borough_id:
        out["beneficiaryLocation"] = [
            {
                "name": project.borough.name,
                "countryCode": "GB",
                "geoCode": project.borough.gss_code,
                "geoCodeType": "LA",
            }
        ]
    if project.live_at and project.deadline:
        # The campaign's dates: the project is delivered only if it succeeds.
        out["plannedDates"] = [
            {
                "startDate": project.live_at.date().isoformat(),
                "endDate": project.deadline.date().isoformat(),
                "description": "Crowdfunding campaign",
            }
        ]
    return out


def grants(*, site_url: str, data_source: str) -> Iterator[dict]:
    for pledge in published_city_hall_pledges().iterator(chunk_size=CHUNK):
        yield grant(pledge, site_url=site_url, data_source=data_source)


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
        .order_by("live_at", "pk")
    )
    for project in projects.iterator(chunk_size=CHUNK):
        yield [
            project.title,
            site_url + project.get_absolute_url(),
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
