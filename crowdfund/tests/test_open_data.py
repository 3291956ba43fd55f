"""360Giving grants (JSON and CSV) and the campaigns CSV."""

import csv
import datetime
import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from civic.models import Borough
from civic.tests.factories import OrganisationFactory, UserFactory
from crowdfund import open_data
from crowdfund.models import CityHallPledge, Project
from crowdfund.tests.factories import (
    CityHallPledgeFactory,
    LiveProjectFactory,
    ProjectFactory,
    pledge_counted,
)

pytestmark = pytest.mark.django_db

DATA = Path(open_data.__file__).parent / "data"
REQUIRED = [
    "id",
    "title",
    "description",
    "currency",
    "amountAwarded",
    "awardDate",
    "recipientOrganization",
    "fundingOrganization",
]


def _schemas():
    package = json.loads((DATA / "360-giving-package-schema.json").read_text())
    grant = json.loads((DATA / "360-giving-schema.json").read_text())
    # The files say "http://json-schema.org/draft/2020-12/schema" (not https),
    # which referencing does not recognise by itself.
    resource = DRAFT202012.create_resource(grant)
    # The 1.4.3 package schema points at the grant schema by its 1.4.2 address.
    registry = Registry().with_resources(
        [
            (grant["$id"], resource),
            (package["properties"]["grants"]["items"]["$ref"], resource),
        ]
    )
    return package, registry


def _format_checker() -> FormatChecker:
    """Formats checked as 360Giving's own validator (CoVE) does. jsonschema
    checks "date-time" and "uri" only with optional packages we do not
    install, and the standard's dates rely on it: awardDate is "oneOf" a
    date-time or a YYYY-MM-DD pattern, so an unchecked format matches both."""
    checker = FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value) -> bool:
        if not isinstance(value, str):
            return True
        if "T" not in value.upper():
            raise ValueError("not a date-time")
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True

    @checker.checks("uri")
    def is_uri(value) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme and parts.netloc)

    return checker


def validate_package(document):
    package, registry = _schemas()
    validator = Draft202012Validator(
        package, registry=registry, format_checker=_format_checker()
    )
    errors = sorted(validator.iter_errors(document), key=lambda e: e.path)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


@pytest.fixture
def grants_data(db):
    """Three City Hall pledges: a charity, a company and an unregistered group,
    plus a withdrawn pledge and one to a hidden project (neither published)."""
    romford = LiveProjectFactory(
        title="Colour in Romford",
        borough=Borough.objects.get(gss_code="E09000016"),
        organisation=OrganisationFactory(name="Romford Arts", charity_number="1187654"),
        status=Project.Status.FUNDED,
    )
    company = LiveProjectFactory(
        organisation=OrganisationFactory(name="Fridge CIC", company_number="11223344")
    )
    group = LiveProjectFactory(organisation=OrganisationFactory(name="Friends of X"))
    hidden = LiveProjectFactory(is_hidden=True)
    backer = UserFactory(email="backer-secret@example.com", display_name="Bea Backer")
    pledge_counted(project=romford, backer=backer, message="Lovely")
    paid = CityHallPledgeFactory(
        project=romford,
        amount_pence=1_100_000,
        status=CityHallPledge.Status.PAID,
        condition="Released once 25% is raised from the crowd.",
    )
    active = CityHallPledgeFactory(project=company, amount_pence=250_050)
    CityHallPledgeFactory(project=group, amount_pence=100_000)
    CityHallPledgeFactory(
        project=group, amount_pence=90_000, status=CityHallPledge.Status.WITHDRAWN
    )
    CityHallPledgeFactory(project=hidden, amount_pence=80_000)
    return {"paid": paid, "active": active, "romford": romford, "group": group}


def _json(client):
    response = client.get(reverse("crowdfund:grants_json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "max-age=3600" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    return json.loads(b"".join(response.streaming_content))


def test_grants_json_is_a_valid_360giving_package(client, grants_data):
    document = _json(client)
    validate_package(document)
    assert document["license"] == open_data.OGL_URL
    assert len(document["grants"]) == 3
    for grant in document["grants"]:
        for field in REQUIRED:
            assert grant[field], field
        assert grant["currency"] == "GBP"
        assert grant["id"].startswith("360G-GLA-CFL-")
        assert grant["fundingOrganization"][0]["id"] == "GB-LAE-GLA"


def test_grant_fields_for_a_paid_city_hall_pledge(client, grants_data):
    paid = grants_data["paid"]
    grant = next(
        g for g in _json(client)["grants"] if g["id"] == f"360G-GLA-CFL-{paid.pk}"
    )
    assert grant["title"] == "Colour in Romford"
    assert grant["amountAwarded"] == 11000
    assert grant["awardDate"] == paid.created_at.date().isoformat()
    assert grant["recipientOrganization"] == [
        {"id": "GB-CHC-1187654", "name": "Romford Arts", "charityNumber": "1187654"}
    ]
    assert grant["beneficiaryLocation"] == [
        {
            "name": "Havering",
            "countryCode": "GB",
            "geoCode": "E09000016",
            "geoCodeType": "LA",
        }
    ]
    assert "Released once 25%" in grant["description"]
    assert grant["plannedDates"][0]["startDate"]
    assert grant["dataSource"].endswith(reverse("crowdfund:grants_json"))
    assert grant["url"].endswith(grants_data["romford"].get_absolute_url())


def test_recipient_ids_company_and_local(client, grants_data):
    grants = {g["title"]: g for g in _json(client)["grants"]}
    ids = sorted(g["recipientOrganization"][0]["id"] for g in grants.values())
    assert "GB-COH-11223344" in ids
    group_org = grants_data["group"].organisation
    assert f"360G-GLA-CFL-ORG-{group_org.pk}" in ids
    amounts = sorted(g["amountAwarded"] for g in grants.values())
    assert amounts == [1000, 2500.5, 11000]


def test_a_project_without_organisation_is_published_under_a_local_id(client, db):
    project = LiveProjectFactory(organisation=None, title="Street party")
    CityHallPledgeFactory(project=project)
    document = _json(client)
    validate_package(document)
    assert document["grants"][0]["recipientOrganization"] == [
        {"id": f"360G-GLA-CFL-PROJECT-{project.pk}", "name": "Street party"}
    ]


def test_settings_change_prefix_and_funder(client, grants_data, settings):
    settings.CROWDFUND_360G_PREFIX = "360G-TEST"
    settings.CROWDFUND_FUNDER_ORG_ID = "GB-XXX-1"
    document = _json(client)
    assert all(g["id"].startswith("360G-TEST-") for g in document["grants"])
    assert document["publisher"]["identifier"] == "GB-XXX-1"


def test_no_personal_data_in_the_grants(client, grants_data, resident):
    body = json.dumps(_json(client))
    csv_body = _csv(client, "crowdfund:grants_csv")
    for text in (body, csv_body):
        assert "@" not in text.replace("@context", "")
        assert "Bea Backer" not in text
        assert resident.display_name not in text
        assert "Lovely" not in text


def _csv(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "max-age=3600" in response["Cache-Control"]
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_grants_csv_uses_360giving_column_titles(client, grants_data):
    rows = list(csv.DictReader(io.StringIO(_csv(client, "crowdfund:grants_csv"))))
    assert len(rows) == 3
    for column in [
        "Identifier",
        "Title",
        "Description",
        "Currency",
        "Amount Awarded",
        "Award Date",
        "Recipient Org:Identifier",
        "Recipient Org:Name",
        "Funding Org:Identifier",
        "Funding Org:Name",
        "Beneficiary Location:0:Geographic Code",
        "Beneficiary Location:0:Geographic Code Type",
    ]:
        assert column in rows[0]
    romford = next(r for r in rows if r["Title"] == "Colour in Romford")
    assert romford["Amount Awarded"] == "11000"
    assert romford["Beneficiary Location:0:Geographic Code"] == "E09000016"
    assert romford["Recipient Org:Identifier"] == "GB-CHC-1187654"


def test_campaigns_csv_lists_public_campaigns_without_personal_data(
    client, grants_data, resident
):
    ProjectFactory(title="Secret draft", created_by=resident)
    text = _csv(client, "crowdfund:campaigns_csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == open_data.CAMPAIGN_CSV_COLUMNS
    titles = {row["Title"] for row in rows}
    assert "Colour in Romford" in titles
    assert "Secret draft" not in titles
    assert len(rows) == 3  # the hidden project is left out
    romford = next(r for r in rows if r["Title"] == "Colour in Romford")
    assert romford["Borough GSS code"] == "E09000016"
    assert romford["Status"] == "funded"
    assert romford["Pledged by City Hall (GBP)"] == "0.00"  # totals are the row's
    assert romford["Raised from the crowd (GBP)"] == "25.00"
    assert romford["Backers"] == "1"
    assert "@" not in text
    assert "Bea Backer" not in text and resident.display_name not in text


def test_open_data_page_explains_files_and_licence(client, db):
    response = client.get(reverse("crowdfund:open_data"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Open Government Licence" in page
    for name in ("grants_json", "grants_csv", "campaigns_csv"):
        assert reverse(f"crowdfund:{name}") in page


def test_open_data_urls_are_stable():
    assert reverse("crowdfund:grants_json") == "/crowdfund/open-data/360giving.json"
    assert reverse("crowdfund:grants_csv") == "/crowdfund/open-data/360giving.csv"
    assert reverse("crowdfund:campaigns_csv") == "/crowdfund/open-data/campaigns.csv"


@pytest.mark.parametrize("n", [3, 40])
def test_open_data_query_count_does_not_grow(client, django_assert_max_num_queries, n):
    for _ in range(n):
        CityHallPledgeFactory(project=LiveProjectFactory())
    for name in ("grants_json", "grants_csv", "campaigns_csv"):
        with django_assert_max_num_queries(3):
            response = client.get(reverse(f"crowdfund:{name}"))
            b"".join(response.streaming_content)
    with django_assert_max_num_queries(2):
        assert client.get(reverse("crowdfund:open_data")).status_code == 200


def test_demo_data_is_valid_360giving(client):
    from crowdfund import demo

    demo.seed(with_images=False)
    document = _json(client)
    validate_package(document)
    assert {g["amountAwarded"] for g in document["grants"]} == {11000, 5000}


def test_the_schema_check_catches_a_broken_grant(client, grants_data):
    document = _json(client)
    del document["grants"][0]["fundingOrganization"]
    document["grants"][1]["awardDate"] = "26/11/2026"
    with pytest.raises(AssertionError):
        validate_package(document)


@pytest.mark.parametrize("count", [0, 1, 2, 3, 4])
def test_grants_json_is_well_formed_whatever_the_batch_boundaries(
    client, db, monkeypatch, count
):
    from crowdfund.views import open_data as views

    monkeypatch.setattr(views, "BATCH", 2)
    for _ in range(count):
        CityHallPledgeFactory(project=LiveProjectFactory())
    assert len(_json(client)["grants"]) == count
