import datetime

import pytest

from diversity.services.eligibility import (
    NOT_IN_LONDON,
    TOO_OLD,
    TOO_YOUNG,
    age_on,
    talent_eligibility,
)

STARTS = datetime.date(2027, 3, 15)
HACKNEY = object()  # any borough: the rule only asks whether there is one


def check(born, starts=STARTS, borough=HACKNEY, connection="lives"):
    return talent_eligibility(
        date_of_birth=born, starts_on=starts, borough=borough, connection=connection
    )


def test_the_day_before_the_16th_birthday_is_too_young():
    result = check(datetime.date(2011, 3, 16))
    assert not result.eligible
    assert result.reasons == (TOO_YOUNG,)


def test_the_16th_birthday_is_old_enough():
    assert check(datetime.date(2011, 3, 15)).eligible


def test_the_day_before_the_25th_birthday_is_still_eligible():
    assert check(datetime.date(2002, 3, 16)).eligible


def test_the_25th_birthday_is_too_old():
    result = check(datetime.date(2002, 3, 15))
    assert not result.eligible
    assert result.reasons == (TOO_OLD,)


@pytest.mark.parametrize(
    ("starts", "eligible"),
    [
        # Born 29 February 2008: 16 on 29 February 2024 (a leap year).
        (datetime.date(2024, 2, 28), False),
        (datetime.date(2024, 2, 29), True),
        # In a year without 29 February the birthday is 1 March.
        (datetime.date(2024, 3, 1), True),
        # 25 in 2033 (not a leap year): on 1 March.
        (datetime.date(2033, 2, 28), True),
        (datetime.date(2033, 3, 1), False),
    ],
)
def test_leap_day_birthdays(starts, eligible):
    assert check(datetime.date(2008, 2, 29), starts=starts).eligible is eligible


def test_a_leap_day_birthday_is_1_march_in_other_years():
    born = datetime.date(2008, 2, 29)
    assert age_on(date_of_birth=born, day=datetime.date(2025, 2, 28)) == 16
    assert age_on(date_of_birth=born, day=datetime.date(2027, 2, 28)) == 18
    assert age_on(date_of_birth=born, day=datetime.date(2027, 3, 1)) == 19


def test_outside_london_is_not_eligible():
    result = check(datetime.date(2005, 1, 1), borough=None, connection="neither")
    assert not result.eligible
    assert result.reasons == (NOT_IN_LONDON,)


def test_a_borough_without_living_or_studying_there_is_not_enough():
    assert not check(datetime.date(2005, 1, 1), connection="neither").eligible


@pytest.mark.parametrize("connection", ["lives", "studies", "both"])
def test_living_or_studying_in_london_is_enough(connection):
    assert check(datetime.date(2005, 1, 1), connection=connection).eligible


def test_too_old_and_outside_london_gives_both_reasons():
    result = check(datetime.date(1990, 1, 1), borough=None, connection="neither")
    assert result.reasons == (TOO_OLD, NOT_IN_LONDON)
    assert len(result.messages) == 2


def test_age_alone_before_the_london_question():
    result = talent_eligibility(
        date_of_birth=datetime.date(2005, 1, 1), starts_on=STARTS, check_london=False
    )
    assert result.eligible
