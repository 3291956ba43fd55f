"""civic.forms.money: the one parser every app uses for amounts people type."""

import pytest

from civic.forms.money import PoundsError, PoundsField, format_pounds, parse_pounds


@pytest.mark.parametrize(
    ("text", "pence"),
    [
        ("12", 1200),
        ("12.5", 1250),
        ("£1,200.50", 120050),
        (" 0.29 ", 29),  # a float would give 28
        ("1,000,000", 100_000_000),
    ],
)
def test_amounts_become_exact_pence(text, pence):
    assert parse_pounds(text) == pence


@pytest.mark.parametrize(
    ("text", "code"),
    [("", "required"), ("12.345", "decimals"), ("1,20", "invalid"), ("ten", "invalid")],
)
def test_what_is_not_money_says_why(text, code):
    with pytest.raises(PoundsError) as error:
        parse_pounds(text)
    assert error.value.code == code


def test_the_field_shows_stored_pence_as_pounds_and_limits_amounts():
    assert format_pounds(120050) == "1200.50" and format_pounds(1200) == "12"
    field = PoundsField(min_pence=200, max_pence=500_000)
    assert field.clean("£2") == 200
    with pytest.raises(Exception, match="£5,000 or less"):
        field.clean("5000.01")
