"""UK postcodes, Companies House and charity numbers: what is accepted and how
it is tidied."""

import pytest
from django.core.exceptions import ValidationError

from civic.validators import (
    normalise_charity_number,
    normalise_company_number,
    normalise_postcode,
    validate_charity_number,
    validate_company_number,
    validate_uk_postcode,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("SW1A 1AA", "SW1A 1AA"),
        ("sw1a1aa", "SW1A 1AA"),
        ("  e8  1dy ", "E8 1DY"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
        ("M1 1AE", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("GIR 0AA", "GIR 0AA"),
        ("", ""),
    ],
)
def test_real_postcodes_are_accepted_and_tidied(typed, stored):
    validate_uk_postcode(typed)
    assert normalise_postcode(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "NOT A POSTCODE",
        "SW1A",
        "12345",
        "SW1A 1A",
        "QW1A 1AA",
        "SW1A 1AAA",
        "E8 1CY",
        "London",
    ],
)
def test_invalid_postcodes_are_refused_in_gov_uk_words(typed):
    with pytest.raises(ValidationError) as refused:
        validate_uk_postcode(typed)
    assert refused.value.messages == ["Enter a real postcode, like SW1A 1AA"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("01234567", "01234567"),
        ("sc123456", "SC123456"),
        ("OC 123456", "OC123456"),
        ("", ""),
    ],
)
def test_company_numbers(typed, stored):
    validate_company_number(typed)
    assert normalise_company_number(typed) == stored


@pytest.mark.parametrize("typed", ["1234567", "ABC12345", "SC12345", "012345678"])
def test_invalid_company_numbers_are_refused(typed):
    with pytest.raises(ValidationError, match="Enter a Companies House number"):
        validate_company_number(typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1234567", "1234567"),
        ("123456", "123456"),
        ("1234567-1", "1234567-1"),
        ("sc012345", "SC012345"),
        ("NIC100001", "NIC100001"),
        ("", ""),
    ],
)
def test_charity_numbers(typed, stored):
    validate_charity_number(typed)
    assert normalise_charity_number(typed) == stored


@pytest.mark.parametrize("typed", ["12345", "SC12345", "CHARITY", "12345678"])
def test_invalid_charity_numbers_are_refused(typed):
    with pytest.raises(ValidationError, match="Enter a charity number"):
        validate_charity_number(typed)
