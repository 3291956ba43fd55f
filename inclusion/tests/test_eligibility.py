"""The scheme rule: live in one of its boroughs AND (old enough OR a
qualifying circumstance); no boroughs means all of London."""

import datetime

import pytest

from civic.models import Borough
from inclusion.services.eligibility import age_on, scheme_eligibility, scheme_who_for
from inclusion.tests.factories import SchemeFactory, lewisham

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)
FIFTY_TODAY = datetime.date(1976, 11, 26)
FIFTY_TOMORROW = datetime.date(1976, 11, 27)


def _check(scheme, *, borough=None, dob=FIFTY_TODAY, circumstances=()):
    return scheme_eligibility(
        scheme=scheme,
        borough=borough or lewisham(),
        date_of_birth=dob,
        circumstances=list(circumstances),
        on=TODAY,
    )


def test_fiftieth_birthday_today_is_eligible():
    result = _check(SchemeFactory(), dob=FIFTY_TODAY)
    assert result.eligible
    assert result.reasons == []


def test_the_day_before_the_fiftieth_birthday_is_not_eligible():
    result = _check(SchemeFactory(), dob=FIFTY_TOMORROW)
    assert not result.eligible
    assert result.reasons == [
        "This scheme is for people who are aged 50 or over, or unemployed or "
        "looking for work"
    ]


def test_under_fifty_with_a_qualifying_circumstance_is_eligible():
    result = _check(SchemeFactory(), dob=FIFTY_TOMORROW, circumstances=["unemployed"])
    assert result.eligible


def test_a_circumstance_the_scheme_does_not_accept_does_not_count():
    result = _check(SchemeFactory(), dob=FIFTY_TOMORROW, circumstances=["carer"])
    assert not result.eligible


def test_no_boroughs_means_all_of_london():
    scheme = SchemeFactory(boroughs=[])
    result = _check(scheme, borough=Borough.objects.get(name="Camden"))
    assert result.eligible


def test_someone_outside_the_borough_is_told_where_the_scheme_is_for():
    result = _check(SchemeFactory(), borough=Borough.objects.get(name="Camden"))
    assert not result.eligible
    assert result.reasons == ["This scheme is for people who live in Lewisham"]


def test_outside_the_borough_and_too_young_gives_both_reasons():
    result = _check(
        SchemeFactory(),
        borough=Borough.objects.get(name="Camden"),
        dob=FIFTY_TOMORROW,
    )
    assert len(result.reasons) == 2


def test_no_age_and_no_circumstances_is_everyone_in_the_boroughs():
    scheme = SchemeFactory(min_age=None, circumstances=[])
    assert _check(scheme, dob=datetime.date(2005, 1, 1)).eligible
    assert not _check(scheme, borough=Borough.objects.get(name="Camden")).eligible


def test_circumstances_only_scheme():
    scheme = SchemeFactory(min_age=None, circumstances=["smart_meter"])
    assert not _check(scheme).eligible
    assert _check(scheme, circumstances=["smart_meter"]).eligible


def test_a_closed_scheme_takes_nobody():
    result = _check(SchemeFactory(is_open=False))
    assert not result.eligible
    assert "This scheme is not taking applications at the moment" in result.reasons


def test_age_on_leap_day_birthday():
    born = datetime.date(1976, 2, 29)
    assert age_on(born, datetime.date(2026, 2, 28)) == 49
    assert age_on(born, datetime.date(2026, 3, 1)) == 50


def test_who_for_in_plain_english():
    scheme = SchemeFactory()
    assert (
        scheme_who_for(scheme)
        == "people who live in Lewisham, aged 50 or over, or unemployed or "
        "looking for work"
    )
