"""Get online in the Wagtail admin: only Inclusion officers (and superusers)
manage sites, devices, schemes, courses and sessions; the database's rules
come back as form errors."""

import pytest
from django.urls import reverse

from inclusion.models import Device, Scheme, TrainingSession
from inclusion.tests.factories import (
    BookingFactory,
    CourseFactory,
    DeviceFactory,
    SiteFactory,
    TrainingSessionFactory,
)
from inclusion.wagtail_admin import GetOnlineViewSetGroup, stock_by_site
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db

DEVICE_LIST = "wagtailsnippets_inclusion_device:list"
DEVICE_ADD = "wagtailsnippets_inclusion_device:add"
DEVICE_EDIT = "wagtailsnippets_inclusion_device:edit"
STOCK = "inclusion_stock:index"


def _sign_in(client, request, persona):
    if persona != "anonymous":
        force_login_with_mfa(client, request.getfixturevalue(persona))


def _device_form(site, **overrides):
    data = {
        "asset_tag": "LEW-9001",
        "kind": "tablet",
        "model_name": "Samsung Galaxy Tab A9",
        "home_site": site.pk,
        "status": "available",
        "condition_notes": "",
    }
    data.update(overrides)
    return data


def test_the_menu_group_holds_every_viewset():
    names = {
        getattr(vs, "model", None).__name__
        for vs in GetOnlineViewSetGroup.items
        if getattr(vs, "model", None)
    }
    assert names == {
        "Site",
        "OpeningHours",
        "Device",
        "Scheme",
        "Course",
        "TrainingSession",
        "ConfidenceQuestion",
    }


@pytest.mark.parametrize("persona", ["inclusion_officer", "superuser"])
def test_officer_lists_and_creates_a_device(client, request, persona):
    site = SiteFactory()
    DeviceFactory(asset_tag="LEW-0001", home_site=site)
    _sign_in(client, request, persona)
    listing = client.get(reverse(DEVICE_LIST), {"q": "LEW-0001"})
    assert listing.status_code == 200
    assert "LEW-0001" in listing.content.decode()
    assert client.get(reverse(DEVICE_ADD)).status_code == 200
    response = client.post(reverse(DEVICE_ADD), _device_form(site))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Device.objects.filter(asset_tag="LEW-9001").exists()


@pytest.mark.parametrize("persona", ["anonymous", "resident", "crowdfund_officer"])
def test_others_cannot_see_or_create_devices(client, request, persona):
    site = SiteFactory()
    _sign_in(client, request, persona)
    assert client.get(reverse(DEVICE_LIST)).status_code in (302, 403)
    assert client.get(reverse(STOCK)).status_code in (302, 403)
    response = client.post(reverse(DEVICE_ADD), _device_form(site))
    assert response.status_code in (302, 403)
    assert not Device.objects.filter(asset_tag="LEW-9001").exists()


def test_the_menu_shows_get_online_to_officers_only(client, inclusion_officer):
    force_login_with_mfa(client, inclusion_officer)
    assert "Get online" in client.get(reverse("wagtailadmin_home")).content.decode()


def test_other_staff_do_not_see_the_menu(client, crowdfund_officer):
    force_login_with_mfa(client, crowdfund_officer)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Get online" not in html


def test_a_device_needing_a_wipe_cannot_be_made_available(client, inclusion_officer):
    device = DeviceFactory(status="being_wiped", needs_wipe=True)
    force_login_with_mfa(client, inclusion_officer)
    url = reverse(DEVICE_EDIT, args=[device.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "needs a data wipe" in page.content.decode()
    response = client.post(
        url,
        _device_form(device.home_site, asset_tag=device.asset_tag, status="available"),
    )
    assert response.status_code == 200
    assert "Record the wipe before you make it available" in response.content.decode()
    device.refresh_from_db()
    assert device.status == "being_wiped"
    # Other changes still save.
    response = client.post(
        url,
        _device_form(device.home_site, asset_tag=device.asset_tag, status="in_repair"),
    )
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.status == "in_repair" and device.needs_wipe


def test_session_capacity_cannot_go_below_bookings(client, inclusion_officer):
    session = TrainingSessionFactory(tutor=inclusion_officer)
    for _ in range(3):
        BookingFactory(session=session)
    TrainingSession.objects.filter(pk=session.pk).update(booked_count=3)
    force_login_with_mfa(client, inclusion_officer)
    url = reverse("wagtailsnippets_inclusion_trainingsession:edit", args=[session.pk])
    assert client.get(url).status_code == 200
    local = session.starts_at.astimezone()
    data = {
        "course": session.course.pk,
        "site": session.site.pk,
        "tutor": inclusion_officer.pk,
        "starts_at": local.strftime("%Y-%m-%d %H:%M"),
        "ends_at": session.ends_at.astimezone().strftime("%Y-%m-%d %H:%M"),
        "capacity": "2",
        "notes": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "3 people are booked on this session" in response.content.decode()
    session.refresh_from_db()
    assert session.capacity == 8


def test_scheme_circumstances_are_checkboxes(client, inclusion_officer):
    site = SiteFactory()
    force_login_with_mfa(client, inclusion_officer)
    url = reverse("wagtailsnippets_inclusion_scheme:add")
    html = client.get(url).content.decode()
    assert 'type="checkbox" name="circumstances" value="unemployed"' in html
    from civic.models import Borough

    response = client.post(
        url,
        {
            "name": "Lewisham tablet loans",
            "slug": "lewisham-tablet-loans",
            "summary": "For over-50s and unemployed people in Lewisham.",
            "boroughs": [Borough.objects.get(name="Lewisham").pk],
            "min_age": "50",
            "circumstances": ["unemployed", "carer"],
            "sites": [site.pk],
            "other_help": "Call the helpline.",
            "is_open": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    scheme = Scheme.objects.get(slug="lewisham-tablet-loans")
    assert scheme.circumstances == ["unemployed", "carer"]


def test_course_skill_areas_are_checkboxes(client, inclusion_officer):
    course = CourseFactory()
    force_login_with_mfa(client, inclusion_officer)
    url = reverse("wagtailsnippets_inclusion_course:edit", args=[course.pk])
    html = client.get(url).content.decode()
    assert 'type="checkbox" name="skill_areas" value="safety"' in html


@pytest.mark.parametrize("size", [1, 5])
def test_stock_report_counts_devices(
    client, inclusion_officer, django_assert_max_num_queries, size
):
    site = SiteFactory(name="Catford Library")
    for _ in range(size):
        DeviceFactory(home_site=site)
    DeviceFactory(home_site=site, status="being_wiped", needs_wipe=True)
    rows, totals = stock_by_site()
    assert rows[0]["total"] == size + 1
    assert rows[0]["needs_wipe"] == totals["needs_wipe"] == 1
    force_login_with_mfa(client, inclusion_officer)
    client.get(reverse("wagtailadmin_home"))
    with django_assert_max_num_queries(20):
        response = client.get(reverse(STOCK))
    assert response.status_code == 200
    assert "Catford Library" in response.content.decode()


def test_site_edit_shows_its_opening_hours_with_a_filtered_link(
    client, inclusion_officer
):
    from inclusion.tests.factories import OpeningHoursFactory

    site = SiteFactory()
    other = SiteFactory()
    mine = OpeningHoursFactory(site=site, weekday=2)
    theirs = OpeningHoursFactory(site=other, weekday=4)
    force_login_with_mfa(client, inclusion_officer)
    url = reverse("wagtailsnippets_inclusion_site:edit", args=[site.pk])
    html = client.get(url).content.decode()
    assert "Wednesday" in html
    hours_list = reverse("wagtailsnippets_inclusion_openinghours:list")
    assert f"{hours_list}?site={site.pk}" in html
    listing = client.get(hours_list, {"site": site.pk}).content.decode()
    edit = "wagtailsnippets_inclusion_openinghours:edit"
    assert reverse(edit, args=[mine.pk]) in listing
    assert reverse(edit, args=[theirs.pk]) not in listing
