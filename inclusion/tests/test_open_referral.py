"""The Open Referral UK output validates against HSDS 3.0 with the ORUK
profile applied (schemas copied into inclusion/data/open_referral/), has the
fields the standard requires, keeps its identifiers stable and publishes
nothing about people."""

import copy
import datetime
import hashlib
import json
import uuid
from pathlib import Path

import jsonschema
import pytest
from django.urls import reverse
from django.utils import timezone

from inclusion import open_referral
from inclusion.tests.factories import (
    BookingFactory,
    CourseFactory,
    OpeningHoursFactory,
    ParticipantFactory,
    SiteFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "open_referral"


def _load(name):
    return json.loads((DATA / name).read_text())


def _merge_patch(target, patch):
    """RFC 7386: the ORUK profile is a merge patch on HSDS (null removes)."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = _merge_patch(result.get(key), value)
    return result


def _profile(name):
    patch = _load(f"oruk_profile_{name}.json")
    patch.pop("name", None)
    patch.pop("path", None)
    return patch


def _oruk_service_schema():
    schema = _merge_patch(_load("service.json"), _profile("service"))
    props = schema["properties"]
    props["organization"] = _merge_patch(
        props["organization"], _profile("organization")
    )
    props["contacts"]["items"] = _merge_patch(
        props["contacts"]["items"], _profile("contact")
    )
    props["schedules"]["items"] = _merge_patch(
        props["schedules"]["items"], _profile("schedule")
    )
    sal = props["service_at_locations"]["items"]["properties"]
    sal["location"] = _merge_patch(sal["location"], _profile("location"))
    sal["schedules"]["items"] = _merge_patch(
        sal["schedules"]["items"], _profile("schedule")
    )
    return schema


def _closed(schema):
    """The profile removes properties by deleting them; HSDS leaves objects
    open, so close them to catch any field the profile does not allow."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                node["additionalProperties"] = False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


def _oruk_list_item_schema():
    schema = _merge_patch(_load("service_list.json"), _profile("service"))
    props = schema["properties"]
    props["organization"] = _merge_patch(
        props["organization"], _profile("organization")
    )
    return schema


SERVICE_SCHEMA = _closed(_oruk_service_schema())
LIST_ITEM_SCHEMA = _closed(_oruk_list_item_schema())
PAGE_SCHEMA = _load("page.json")


_VALIDATORS = {}


def _validate(instance, schema):
    key = id(schema)
    if key not in _VALIDATORS:
        _VALIDATORS[key] = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.FormatChecker()
        )
    _VALIDATORS[key].validate(instance)


@pytest.fixture
def catford():
    site = SiteFactory(
        name="Catford Library",
        slug="catford-library",
        description="Library with a digital skills corner.",
        latitude="51.445000",
        longitude="-0.020000",
    )
    for day in range(5):
        OpeningHoursFactory(site=site, weekday=day)
    return site


@pytest.fixture
def session(catford):
    starts = timezone.make_aware(datetime.datetime(2026, 12, 3, 10, 0))
    return TrainingSessionFactory(
        site=catford,
        course=CourseFactory(title="Getting started with your tablet"),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )


@pytest.fixture(autouse=True)
def _before_the_session(monkeypatch):
    now = timezone.make_aware(datetime.datetime(2026, 11, 26, 12, 0))
    monkeypatch.setattr(open_referral.timezone, "now", lambda: now)


def _list(client, **params):
    return client.get(reverse("inclusion:oruk_service_list"), params)


def _detail(client, service_id):
    url = reverse("inclusion:oruk_service_detail", kwargs={"service_id": service_id})
    return client.get(url)


# SHA-256 of the official files: HSDS 3.0's compiled schemas
# (openreferral/specification at 279fd2e, schema/compiled/) and the ORUK
# profile (OpenReferralUK/uk-profile at ecdfabf, profile/). The copies here
# must be those files byte for byte, so the tests validate against the
# standard itself and not an edited version of it.
OFFICIAL_SHA256 = {
    "service.json": (
        "5cd7c2ecb5776947e437a4d5b9656f9a80db56bef3ad49f5bb142d49dbe66156"
    ),
    "service_list.json": (
        "251cc879b756b1a444c5c95ff45887e09363e3fd7ad9d8691a1131b3ecd4ff4e"
    ),
    "oruk_profile_contact.json": (
        "78402073d3b5a8c02281a6946d56ab46b91b6a0553985c53dbb36795b4e8e207"
    ),
    "oruk_profile_location.json": (
        "d056c42f90cacb60c083fa4e07d1cdfd4431864a93d7d19588e7b6bad107ba3d"
    ),
    "oruk_profile_organization.json": (
        "6af3951ea4767d924fa9039b3b894bf2e96eae54155b81c5d6aa68894ea9f47f"
    ),
    "oruk_profile_schedule.json": (
        "bcc0872b5965d64da34a04d797f9c432c670f208d24eb2e585473ee6cb8c6664"
    ),
    "oruk_profile_service.json": (
        "3e80eee8e25cdf61a30b617a4256cdea7446f8091f55bfdfd924c4a72f41a186"
    ),
}


@pytest.mark.parametrize("name", sorted(OFFICIAL_SHA256))
def test_the_schema_copies_are_the_official_files_unchanged(name):
    digest = hashlib.sha256((DATA / name).read_bytes()).hexdigest()
    assert digest == OFFICIAL_SHA256[name]


def test_the_profile_is_applied_before_validating():
    # Fields the ORUK profile removes are refused, so they cannot slip out.
    service = SERVICE_SCHEMA["properties"]
    assert "phones" not in service and "program_id" not in service
    assert "phones" not in service["organization"]["properties"]
    assert "email" not in service["contacts"]["items"]["properties"]
    sal = service["service_at_locations"]["items"]["properties"]
    assert "transportation" not in sal["location"]["properties"]
    assert "timezone" not in sal["schedules"]["items"]["properties"]
    assert "phones" not in LIST_ITEM_SCHEMA["properties"]["organization"]["properties"]
    with pytest.raises(jsonschema.ValidationError):
        _validate({"id": str(uuid.uuid4()), "name": "x"}, SERVICE_SCHEMA)  # no status


def test_the_copied_schemas_are_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SERVICE_SCHEMA)
    jsonschema.Draft202012Validator.check_schema(LIST_ITEM_SCHEMA)
    jsonschema.Draft202012Validator.check_schema(PAGE_SCHEMA)


def test_site_service_validates_and_has_required_fields(client, catford):
    response = _detail(client, catford.public_id)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    service = response.json()
    _validate(service, SERVICE_SCHEMA)
    assert service["id"] == str(catford.public_id)
    assert service["name"] == "Borrow a tablet or laptop at Catford Library"
    assert service["status"] == "active"
    assert service["organization"]["name"] == catford.operator.name
    [sal] = service["service_at_locations"]
    location = sal["location"]
    assert location["location_type"] == "physical"
    [address] = location["addresses"]
    assert address["postal_code"] == "SE6 4RU"
    assert address["country"] == "GB"
    assert "Step-free" in location["accessibility"][0]["description"]
    assert [s["byday"] for s in sal["schedules"]] == ["MO", "TU", "WE", "TH", "FR"]
    assert sal["schedules"][0]["opens_at"] == "09:00:00"
    assert sal["phones"][0]["number"] == "020 8314 6399"
    assert service["contacts"][0]["name"] == "Catford Library"
    # jsonschema's optional uri and date-time checkers are not installed.
    assert service["url"] == "http://testserver/get-online/places/catford-library/"
    assert datetime.datetime.fromisoformat(service["last_modified"]).tzinfo


def test_session_service_validates_and_is_named_for_people(client, session):
    service_id = uuid.uuid5(open_referral.NAMESPACE, f"inclusion-session-{session.pk}")
    response = _detail(client, service_id)
    assert response.status_code == 200
    service = response.json()
    _validate(service, SERVICE_SCHEMA)
    assert service["name"] == (
        "Getting started with your tablet, Catford Library, 3 December 2026 10am"
    )
    [schedule] = service["service_at_locations"][0]["schedules"]
    assert schedule["valid_from"] == schedule["dtstart"] == "2026-12-03"
    assert (schedule["opens_at"], schedule["closes_at"]) == ("10:00:00", "12:00:00")


def test_list_is_a_paginated_envelope_of_valid_services(client, catford, session):
    SiteFactory(name="Teaching only", lends_devices=False)
    SiteFactory(name="Closed site", is_active=False)
    TrainingSessionFactory(site=catford, cancelled_at=timezone.now())
    TrainingSessionFactory(
        site=catford,
        starts_at=timezone.make_aware(datetime.datetime(2026, 11, 1, 10, 0)),
        ends_at=timezone.make_aware(datetime.datetime(2026, 11, 1, 12, 0)),
    )
    body = _list(client).json()
    _validate(body, PAGE_SCHEMA)
    for item in body["contents"]:
        _validate(item, LIST_ITEM_SCHEMA)
    names = [item["name"] for item in body["contents"]]
    assert names == [
        "Borrow a tablet or laptop at Catford Library",
        "Getting started with your tablet, Catford Library, 3 December 2026 10am",
    ]
    assert body["total_items"] == 2
    assert body["first_page"] and body["last_page"] and not body["empty"]


def test_list_pages_through_sites_then_sessions(client, catford, session):
    SiteFactory.create_batch(2)
    first = _list(client, per_page=2, page=1).json()
    second = _list(client, per_page=2, page=2).json()
    assert first["total_items"] == 4 and first["total_pages"] == 2
    assert [i["id"] for i in first["contents"] + second["contents"]] == [
        i["id"] for i in _list(client).json()["contents"]
    ]
    assert second["last_page"] and not second["first_page"]
    beyond = _list(client, per_page=2, page=9).json()
    assert beyond["empty"] and beyond["contents"] == []


def test_per_page_is_capped(client, catford):
    assert _list(client, per_page=100000).json()["size"] == open_referral.MAX_PER_PAGE


@pytest.mark.parametrize("params", [{"page": "x"}, {"page": 0}, {"per_page": "-1"}])
def test_bad_page_parameters_are_a_400_not_a_500(client, params):
    response = _list(client, **params)
    assert response.status_code == 400
    assert "detail" in response.json()


def test_ids_are_stable_between_requests(client, catford, session):
    assert _list(client).json() == _list(client).json()
    assert _detail(client, catford.public_id).json() == (
        _detail(client, catford.public_id).json()
    )


def test_unknown_or_unpublished_service_is_404(client, catford):
    assert _detail(client, uuid.uuid4()).status_code == 404
    teaching_only = SiteFactory(lends_devices=False)
    assert _detail(client, teaching_only.public_id).status_code == 404
    cancelled = TrainingSessionFactory(site=catford, cancelled_at=timezone.now())
    gone = uuid.uuid5(open_referral.NAMESPACE, f"inclusion-session-{cancelled.pk}")
    assert _detail(client, gone).status_code == 404


def test_nothing_about_people_is_published(client, session):
    participant = ParticipantFactory(full_name="Winifred Private", email="w@x.org")
    BookingFactory(session=session, participant=participant)
    text = (
        _list(client).content.decode()
        + _detail(client, open_referral.session_service_id(session.pk)).content.decode()
    )
    assert "Winifred" not in text and "w@x.org" not in text


@pytest.mark.parametrize("size", [1, 6])
def test_list_query_count_does_not_grow(
    client, django_assert_max_num_queries, catford, size
):
    for _ in range(size):
        site = SiteFactory()
        OpeningHoursFactory(site=site)
        TrainingSessionFactory(site=site, starts_at=session_start())
    with django_assert_max_num_queries(5):
        assert _list(client).status_code == 200


@pytest.mark.parametrize("size", [1, 6])
def test_detail_query_count_does_not_grow(
    client, django_assert_max_num_queries, catford, size
):
    for day in range(size):
        OpeningHoursFactory(
            site=catford,
            weekday=day,
            opens_at=datetime.time(18, 0),
            closes_at=datetime.time(20, 0),
        )
    with django_assert_max_num_queries(3):
        assert _detail(client, catford.public_id).status_code == 200


def session_start():
    return timezone.make_aware(datetime.datetime(2026, 12, 10, 10, 0))
