"""Who a lending scheme can help: the rule in ``Scheme``'s docstring."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from civic.models import Borough
from inclusion.models import Circumstance, Scheme


@dataclass
class Eligibility:
    eligible: bool
    reasons: list[str] = field(default_factory=list)


def age_on(date_of_birth: datetime.date, day: datetime.date) -> int:
    return (
        day.year
        - date_of_birth.year
        - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
    )


def _circumstance_labels(codes: Iterable[str]) -> list[str]:
    labels = dict(Circumstance.choices)
    # "Claiming Universal Credit" -> "claiming Universal Credit", mid-sentence.
    out = []
    for code in codes:
        if code in labels:
            text = str(labels[code])
            out.append(text[:1].lower() + text[1:])
    return out


def _or(tests: list[str]) -> str:
    """ "aged 50 or over, or unemployed": each test may itself contain "or"."""
    return _(", or ").join(tests)


def scheme_who_for(scheme: Scheme, boroughs: list[Borough] | None = None) -> str:
    """ "people who live in Lewisham, aged 50 or over, or unemployed ..." """
    boroughs = list(scheme.boroughs.all()) if boroughs is None else boroughs
    where = (
        _("people who live in %(places)s")
        % {"places": get_text_list([b.name for b in boroughs], _("or"))}
        if boroughs
        else _("people who live in London")
    )
    tests = []
    if scheme.min_age:
        tests.append(_("aged %(age)s or over") % {"age": scheme.min_age})
    tests += _circumstance_labels(scheme.circumstances)
    if not tests:
        return where
    return f"{where}, " + _or(tests)


def scheme_eligibility(
    *,
    scheme: Scheme,
    borough: Borough | None,
    date_of_birth: datetime.date | None,
    circumstances: Iterable[str],
    on: datetime.date,
) -> Eligibility:
    reasons: list[str] = []
    if not scheme.is_open:
        reasons.append(_("This scheme is not taking applications at the moment"))
    boroughs = list(scheme.boroughs.all())
    if boroughs and (borough is None or borough.pk not in {b.pk for b in boroughs}):
        reasons.append(
            _("This scheme is for people who live in %(places)s")
            % {"places": get_text_list([b.name for b in boroughs], _("or"))}
        )
    has_age_test = bool(scheme.min_age)
    has_circumstance_test = bool(scheme.circumstances)
    if has_age_test or has_circumstance_test:
        old_enough = (
            has_age_test
            and date_of_birth is not None
            and age_on(date_of_birth, on) >= scheme.min_age
        )
        qualifying = set(circumstances or ()) & set(scheme.circumstances)
        if not old_enough and not qualifying:
            tests = []
            if has_age_test:
                tests.append(_("aged %(age)s or over") % {"age": scheme.min_age})
            tests += _circumstance_labels(scheme.circumstances)
            reasons.append(
                _("This scheme is for people who are %(tests)s") % {"tests": _or(tests)}
            )
    return Eligibility(eligible=not reasons, reasons=reasons)
