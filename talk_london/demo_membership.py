"""Demo Talk London members with varied "about you" answers (idempotent).

The answers are made up for the demo dashboard; they are not real people and
not a model of London.
"""

import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from civic.models import Borough, User

from .models import AboutYou, Membership, Poll, PollOption
from .models.about_you import (
    PREFER_NOT_TO_SAY,
    AgeBand,
    Disability,
    EthnicBackground,
    EthnicGroup,
    GenderSameAsSex,
    HousingTenure,
    Sex,
    WorkingStatus,
)

DEMO_MEMBERS = 500
EMAIL = "talk-london-member-{:03d}@example.org"


def _pick(rng: random.Random, choices) -> str:
    values = [value for value, _label in choices]
    # Mostly real answers, now and then "Prefer not to say".
    if PREFER_NOT_TO_SAY in values and rng.random() < 0.05:
        return PREFER_NOT_TO_SAY
    return rng.choice([v for v in values if v != PREFER_NOT_TO_SAY])


def _answers(rng: random.Random, borough_codes: list[str]) -> dict[str, str]:
    group = _pick(rng, EthnicGroup.choices)
    background = (
        PREFER_NOT_TO_SAY
        if group == PREFER_NOT_TO_SAY
        else rng.choice(
            [v for v, _l in EthnicBackground.choices if v.startswith(f"{group}_")]
        )
    )
    return {
        "age_band": _pick(rng, AgeBand.choices),
        "sex": _pick(rng, Sex.choices),
        "gender_same_as_sex": _pick(rng, GenderSameAsSex.choices),
        "ethnic_group": group,
        "ethnic_background": background,
        "disability": _pick(rng, Disability.choices),
        "working_status": _pick(rng, WorkingStatus.choices),
        "housing_tenure": _pick(rng, HousingTenure.choices),
        # Skewed towards the first boroughs so the dashboard has something to show.
        "borough_code": rng.choice(borough_codes[: rng.choice([5, 12, 33])]),
    }


@transaction.atomic
def seed_membership_demo(stdout=None, *, count: int = DEMO_MEMBERS) -> None:
    rng = random.Random(2021)  # the same answers every run  # noqa: S311
    now = timezone.now()
    emails = [EMAIL.format(n) for n in range(1, count + 1)]
    password = make_password(None)  # they are demo rows, nobody signs in as them
    User.objects.bulk_create(
        [
            User(email=email, display_name=f"Demo member {n}", password=password)
            for n, email in enumerate(emails, start=1)
        ],
        ignore_conflicts=True,
    )
    users = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    Membership.objects.bulk_create(
        [Membership(user_id=users[email], terms_accepted_at=now) for email in emails],
        ignore_conflicts=True,
    )
    codes = list(Borough.objects.order_by("name").values_list("gss_code", flat=True))
    AboutYou.objects.bulk_create(
        [
            AboutYou(
                user_id=users[email],
                consent_given_at=now,
                confirmed_at=now,
                **_answers(rng, codes),
            )
            for email in emails
        ],
        ignore_conflicts=True,
    )
    poll, created = Poll.objects.get_or_create(
        slug="how-do-you-get-around-london",
        defaults={
            "question": "How do you usually get around London?",
            "description": "A quick Talk London poll: one click to vote.",
        },
    )
    if created:
        for order, text in enumerate(
            ["Walking", "Cycling", "Bus", "Tube, Overground or DLR", "Car"]
        ):
            PollOption.objects.create(poll=poll, text=text, sort_order=order)
    if stdout is not None:
        stdout.write(
            f"Talk London: {count} demo members with 'about you' answers, "
            f"and the poll {poll.get_absolute_url()}"
        )
