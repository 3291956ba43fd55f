"""The "Tech talent" admin: programme managers run years, pledges, wordings,
signatories and targets; nobody can edit a wording; closing a year and
withdrawing a signatory are audit-logged."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from diversity.models import PledgeVersion, ReportingYear, Signatory
from diversity.services.submissions import YEAR_CLOSE
from diversity.tests.factories import ReportingYearFactory, SignatoryFactory
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db

LISTS = [
    "wagtailsnippets_diversity_reportingyear:list",
    "wagtailsnippets_diversity_pledge:list",
    "wagtailsnippets_diversity_pledgeversion:list",
    "wagtailsnippets_diversity_signatory:list",
    "wagtailsnippets_diversity_programmetarget:list",
]


@pytest.fixture
def year():
    today = timezone.localdate()
    return ReportingYearFactory(
        year=today.year,
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=30),
    )


def test_programme_manager_sees_the_menu_and_every_list(
    client, programme_manager, year
):
    force_login_with_mfa(client, programme_manager)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Tech talent" in html
    for name in LISTS:
        assert client.get(reverse(name)).status_code == 200, name


@pytest.mark.parametrize("persona", ["inclusion_officer", "moderator"])
def test_other_staff_do_not_see_it(client, request, persona, year):
    force_login_with_mfa(client, request.getfixturevalue(persona))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Tech talent" not in html
    for name in LISTS:
        assert client.get(reverse(name)).status_code in (302, 403), name
    url = reverse("diversity_charter_admin:close_year", args=[year.pk])
    assert client.post(url).status_code == 403
    year.refresh_from_db()
    assert year.locked_at is None


def test_residents_cannot_reach_the_admin(client, resident, year):
    client.force_login(resident)
    for name in LISTS:
        assert client.get(reverse(name)).status_code == 403
    response = client.post(
        reverse("diversity_charter_admin:close_year", args=[year.pk])
    )
    assert response.status_code in (302, 403)
    year.refresh_from_db()
    assert year.locked_at is None


def test_the_signatory_list_searches_by_organisation_name(client, programme_manager):
    force_login_with_mfa(client, programme_manager)
    response = client.get(
        reverse("wagtailsnippets_diversity_signatory:list"), {"q": "fire brigade"}
    )
    html = response.content.decode()
    assert "London Fire Brigade" in html
    assert "Transport for London" not in html


@pytest.mark.parametrize("persona", ["programme_manager", "superuser"])
def test_nobody_can_edit_or_delete_a_wording(client, request, persona):
    force_login_with_mfa(client, request.getfixturevalue(persona))
    version = PledgeVersion.objects.get(pledge__code="senior-sponsor", version=1)
    listing = client.get(
        reverse("wagtailsnippets_diversity_pledgeversion:list")
    ).content.decode()
    edit_url = reverse(
        "wagtailsnippets_diversity_pledgeversion:edit", args=[version.pk]
    )
    delete_url = reverse(
        "wagtailsnippets_diversity_pledgeversion:delete", args=[version.pk]
    )
    assert edit_url not in listing
    assert delete_url not in listing
    original = version.text
    response = client.post(
        edit_url,
        {
            "pledge": version.pledge_id,
            "title": "x",
            "text": "changed",
            "effective_from": "2026-01-01",
        },
    )
    assert response.status_code in (302, 403)
    version.refresh_from_db()
    assert version.text == original
    assert client.post(delete_url).status_code in (302, 403)
    assert PledgeVersion.objects.filter(pk=version.pk).exists()
    inspect = reverse(
        "wagtailsnippets_diversity_pledgeversion:inspect", args=[version.pk]
    )
    assert client.get(inspect).status_code == 200


def test_a_new_wording_is_added_as_the_next_version(client, programme_manager):
    force_login_with_mfa(client, programme_manager)
    version = PledgeVersion.objects.get(pledge__code="senior-sponsor", version=1)
    response = client.post(
        reverse("wagtailsnippets_diversity_pledgeversion:add"),
        {
            "pledge": version.pledge_id,
            "title": "A named senior sponsor",
            "text": "Clearer words.",
            "effective_from": "2027-01-01",
        },
    )
    assert response.status_code == 302
    new = PledgeVersion.objects.get(pledge=version.pledge, version=2)
    assert new.text == "Clearer words."
    version.refresh_from_db()
    assert version.version == 1 and version.text != "Clearer words."


def test_programme_manager_edits_year_dates(client, programme_manager, year):
    force_login_with_mfa(client, programme_manager)
    url = reverse("wagtailsnippets_diversity_reportingyear:edit", args=[year.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"year": year.year, "opens_on": "2026-04-01", "closes_on": "2026-03-01"}
    )
    assert response.status_code == 200  # closes before it opens: refused
    year.refresh_from_db()
    assert year.closes_on != datetime.date(2026, 3, 1)


def test_close_year_locks_it_and_is_logged(client, programme_manager, year):
    force_login_with_mfa(client, programme_manager)
    listing = client.get(
        reverse("wagtailsnippets_diversity_reportingyear:list")
    ).content.decode()
    url = reverse("diversity_charter_admin:close_year", args=[year.pk])
    assert url in listing
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    year = ReportingYear.objects.get(pk=year.pk)
    assert year.locked_at is not None
    entry = ModelLogEntry.objects.get(action=YEAR_CLOSE)
    assert entry.user_id == programme_manager.pk
    listing = client.get(
        reverse("wagtailsnippets_diversity_reportingyear:list")
    ).content.decode()
    assert url not in listing


def test_mark_signatory_withdrawn(client, programme_manager):
    signatory = SignatoryFactory()
    force_login_with_mfa(client, programme_manager)
    url = reverse("diversity_charter_admin:withdraw_signatory", args=[signatory.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    signatory = Signatory.objects.get(pk=signatory.pk)
    assert signatory.withdrawn_at is not None
    assert ModelLogEntry.objects.filter(
        action="diversity.charter.withdraw", object_id=str(signatory.pk)
    ).exists()


def test_the_audit_log_labels_are_registered(client, superuser, year):
    from wagtail.log_actions import registry

    for action in (
        "diversity.submission.create",
        "diversity.submission.correct",
        "diversity.submission.year_close",
        "diversity.charter.sign",
    ):
        assert registry.action_exists(action)


def test_pledges_are_named_by_their_newest_wording_in_the_lists(
    client, programme_manager
):
    version = PledgeVersion.objects.get(pledge__code="senior-sponsor", version=1)
    PledgeVersion.objects.create(
        pledge=version.pledge,
        version=2,
        title="A senior sponsor, named",
        text="Newer words.",
        effective_from=datetime.date(2027, 1, 1),
    )
    force_login_with_mfa(client, programme_manager)
    pledges = client.get(reverse("wagtailsnippets_diversity_pledge:list"))
    assert "A senior sponsor, named" in pledges.content.decode()
    wordings = client.get(
        reverse("wagtailsnippets_diversity_pledgeversion:list")
    ).content.decode()
    # Both wordings' rows name the pledge by its newest title.
    assert wordings.count("A senior sponsor, named") >= 3  # title + 2 pledge cells
    add = client.get(reverse("wagtailsnippets_diversity_pledgeversion:add"))
    assert "A senior sponsor, named" in add.content.decode()
