"""The Civic Innovation Challenge's open data: challenges, winners and pilot
outcomes. Only what is already public and about organisations: no person's
name, email or anything they wrote that was not meant to be published."""

from __future__ import annotations

from django.utils import timezone

from challenges.models import Application, Challenge, Criterion, Pilot
from challenges.selectors import PUBLIC_STATUSES

LICENCE = "Open Government Licence v3.0"
LICENCE_URL = (
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
)
DATASETS = ("challenges", "winners", "pilots")

CHALLENGE_COLUMNS = [
    "slug",
    "title",
    "summary",
    "programme",
    "theme",
    "owner",
    "application_deadline",
    "status",
    "testing_fund_pence",
    "criteria",
]
WINNER_COLUMNS = ["challenge_slug", "challenge", "startup", "award_pence"]
PILOT_COLUMNS = [
    "challenge_slug",
    "challenge",
    "startup",
    "status",
    "award_pence",
    "started_on",
    "outcome_summary",
]


def _criteria_text(criteria: list[dict]) -> str:
    return "; ".join(f"{c['name']} {c['weight_percent']}%" for c in criteria)


def challenges_rows() -> list[dict]:
    challenges = list(
        Challenge.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("programme", "theme", "owner")
        .order_by("application_deadline", "slug")
    )
    criteria: dict[int, list[dict]] = {}
    for criterion in Criterion.objects.filter(
        challenge__in=[c.pk for c in challenges]
    ).order_by("sort_order", "pk"):
        criteria.setdefault(criterion.challenge_id, []).append(
            {"name": criterion.name, "weight_percent": criterion.weight_percent}
        )
    return [
        {
            "slug": c.slug,
            "title": c.title,
            "summary": c.summary,
            "programme": c.programme.name,
            "theme": c.theme.name,
            "owner": c.owner.name,
            "application_deadline": timezone.localtime(
                c.application_deadline
            ).isoformat(),
            "status": c.status,
            "testing_fund_pence": c.programme.testing_fund_pence,
            "criteria": criteria.get(c.pk, []),
        }
        for c in challenges
    ]


def winners_rows() -> list[dict]:
    winners = (
        Application.objects.filter(
            status=Application.Status.WINNER, challenge__status__in=PUBLIC_STATUSES
        )
        .select_related("challenge", "organisation")
        .order_by("challenge__slug", "organisation__name")
    )
    awards = dict(
        Pilot.objects.filter(application__in=winners).values_list(
            "application_id", "award_pence"
        )
    )
    return [
        {
            "challenge_slug": a.challenge.slug,
            "challenge": a.challenge.title,
            "startup": a.organisation.name,
            "award_pence": awards.get(a.pk),
        }
        for a in winners
    ]


def pilots_rows() -> list[dict]:
    pilots = (
        Pilot.objects.filter(application__challenge__status__in=PUBLIC_STATUSES)
        .select_related("application__challenge", "application__organisation")
        .order_by("application__challenge__slug", "started_on", "pk")
    )
    return [
        {
            "challenge_slug": p.application.challenge.slug,
            "challenge": p.application.challenge.title,
            "startup": p.application.organisation.name,
            "status": p.status,
            "award_pence": p.award_pence,
            "started_on": p.started_on.isoformat(),
            "outcome_summary": p.outcome_summary,
        }
        for p in pilots
    ]


def open_data_document() -> dict:
    return {
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "generated_at": timezone.now().isoformat(),
        "challenges": challenges_rows(),
        "winners": winners_rows(),
        "pilots": pilots_rows(),
    }


def csv_rows(dataset: str) -> tuple[list[str], list[list]]:
    if dataset == "challenges":
        rows = challenges_rows()
        for row in rows:
            row["criteria"] = _criteria_text(row["criteria"])
        columns = CHALLENGE_COLUMNS
    elif dataset == "winners":
        rows, columns = winners_rows(), WINNER_COLUMNS
    elif dataset == "pilots":
        rows, columns = pilots_rows(), PILOT_COLUMNS
    else:
        raise KeyError(dataset)
    return columns, [[row[c] for c in columns] for row in rows]
