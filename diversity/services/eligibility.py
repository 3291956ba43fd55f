"""Who can apply to the Digital Talent Programme: aged 16 to 24 on the cohort's
start date, living or studying in London (issue 7).

One rule for the application pages and for ``application_submit``, so that a
page skipped or a form replayed cannot let an ineligible application in.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from diversity.models import MAX_AGE, MIN_AGE, Application

TOO_YOUNG = "too_young"
TOO_OLD = "too_old"
NOT_IN_LONDON = "not_in_london"

# "neither" is an answer on the form, never stored: it means not eligible.
NOT_IN_LONDON_ANSWER = "neither"
LONDON_CONNECTIONS = frozenset(Application.Connection.values)

REASON_MESSAGES = {
    TOO_YOUNG: _(
        "You need to be at least %(min)s years old on the day the course starts."
    )
    % {"min": MIN_AGE},
    TOO_OLD: _(
        "You need to be %(max)s or younger on the day the course starts. "
        "The programme is for people aged %(min)s to %(max)s."
    )
    % {"min": MIN_AGE, "max": MAX_AGE},
    NOT_IN_LONDON: _("You need to live or study in London."),
}


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...] = ()

    @property
    def messages(self) -> list[str]:
        return [str(REASON_MESSAGES[code]) for code in self.reasons]


def age_on(*, date_of_birth: datetime.date, day: datetime.date) -> int:
    """Whole years on ``day``. Someone born on 29 February turns a year older on
    1 March in a year without one, as in UK law."""
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - before_birthday


def talent_eligibility(
    *,
    date_of_birth: datetime.date,
    starts_on: datetime.date,
    borough=None,
    connection: str | None = None,
    check_london: bool = True,
) -> Eligibility:
    """Whether this person can apply to a cohort starting on ``starts_on``.

    Eligible from the 16th birthday (inclusive) until the day before the 25th.
    ``check_london=False`` checks the age alone, for the date of birth page,
    which comes before the question about where they live.
    """
    reasons = []
    age = age_on(date_of_birth=date_of_birth, day=starts_on)
    if age < MIN_AGE:
        reasons.append(TOO_YOUNG)
    elif age > MAX_AGE:
        reasons.append(TOO_OLD)
    if check_london and (borough is None or connection not in LONDON_CONNECTIONS):
        reasons.append(NOT_IN_LONDON)
    return Eligibility(eligible=not reasons, reasons=tuple(reasons))
