"""Crowdfund London's share of ``seed_scale`` (issue 8) and its benchmark pages.

Projects in every state across the 33 boroughs and three funding rounds, the
organisations and teams behind them, City Hall pledges, and pledges from the
crowd, most on live and funded campaigns, with one live campaign that has many
of them. The shapes follow ``benchmarks/crowdfund_public_pages.py``.

Each pledge's status is the one the services would have left it in for its
campaign's state (live: confirmed; funded: confirmed or collected; delivering
and completed: collected or failed; unfunded: released), and every total is
computed from the rows made here: ``crowd_pence`` and ``backer_count`` from the
counted pledges, ``city_hall_pence`` from the active and paid City Hall pledges,
and each round's ``committed_pence`` from those same City Hall pledges.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils import timezone

from civic.models import Borough, Organisation, OrganisationMembership, User
from civic.scale import BenchPage, Progress, Scale, bulk_insert, scale_user_ids
from crowdfund.models import (
    CityHallPledge,
    CostLine,
    FundingRound,
    GatewayTransaction,
    Pledge,
    Project,
    ProjectUpdate,
    TeamMember,
    Theme,
)

S = Project.Status
P = Pledge.Status
BIG_CAMPAIGN_SLUG = "scale-big-campaign"
OFFICER_EMAIL = "scale-staff-crowdfund-officers@example.org"
ROUND_SLUGS = ("scale-2025", "scale-2026", "scale-2027")
THEMES = [
    ("Community spaces", "scale-community-spaces"),
    ("Green and growing", "scale-green-and-growing"),
    ("Arts and culture", "scale-arts-and-culture"),
    ("Food", "scale-food"),
    ("Play and sport", "scale-play-and-sport"),
    ("Skills and learning", "scale-skills-and-learning"),
]
WORDS = ["garden", "mural", "kitchen", "orchard", "cinema", "library", "skate park"]
# Of every 20 projects (the first is always the big live campaign).
STATES = (
    [S.LIVE] * 7
    + [S.FUNDED] * 2
    + [S.DELIVERING] * 2
    + [S.COMPLETED] * 2
    + [S.UNFUNDED] * 2
    + [S.DRAFT, S.DRAFT, S.IN_REVIEW, S.CHANGES_REQUESTED, S.REJECTED]
)
CLOSED = (S.FUNDED, S.UNFUNDED, S.DELIVERING, S.COMPLETED)
# Where the crowd's pledges go: most on live and funded campaigns.
PLEDGE_WEIGHT = {
    S.LIVE: 6,
    S.FUNDED: 5,
    S.DELIVERING: 2,
    S.COMPLETED: 2,
    S.UNFUNDED: 1,
}
# The pledges a campaign in each state has, as the services leave them:
# (statuses, weights).
PLEDGE_STATUSES = {
    S.LIVE: ([P.CONFIRMED, P.PENDING, P.CANCELLED], [95, 3, 2]),
    S.FUNDED: ([P.CONFIRMED, P.COLLECTED], [1, 1]),
    S.DELIVERING: ([P.COLLECTED, P.FAILED], [99, 1]),
    S.COMPLETED: ([P.COLLECTED, P.FAILED], [99, 1]),
    S.UNFUNDED: ([P.RELEASED, P.CANCELLED], [97, 3]),
}
AMOUNTS = [500, 1_000, 1_000, 2_000, 2_500, 2_500, 5_000, 10_000, 25_000, 50_000]
MESSAGES = [
    "Good luck from round the corner!",
    "My kids will love this.",
    "Brilliant idea, long overdue.",
    "",
    "",
    "",
]


def _resident_ids() -> list[int]:
    staff = set(
        User.objects.filter(email__startswith="scale-staff-").values_list(
            "id", flat=True
        )
    )
    return [pk for pk in scale_user_ids() if pk not in staff]


def _officer_id(fallback: int) -> int:
    officer = User.objects.filter(email=OFFICER_EMAIL).values_list("pk", flat=True)
    return officer.first() or fallback


def _key(rng) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def seed(scale: Scale, progress: Progress, rng) -> None:
    if Project.objects.filter(slug=BIG_CAMPAIGN_SLUG).exists():
        progress.step("crowdfund: already seeded").finish()
        return
    residents = _resident_ids()
    if not residents:
        raise RuntimeError("Seed civic's residents first (seed_scale does).")
    now = timezone.now()
    rounds = _rounds(now)
    themes = []
    for name, slug in THEMES:
        theme = Theme.objects.filter(Q(slug=slug) | Q(name=name)).first()
        themes.append(theme or Theme.objects.create(name=name, slug=slug))
    for funding_round in rounds:
        funding_round.themes.set(themes)
    boroughs = list(Borough.objects.order_by("pk").values_list("pk", flat=True))
    officer = _officer_id(residents[0])

    count = max(1, scale.projects)
    states = [S.LIVE] + [STATES[i % len(STATES)] for i in range(1, count)]
    creators = [residents[i % len(residents)] for i in range(count)]

    # Organisations: one for every two projects past draft, run by the creator.
    needs_org = [i for i in range(count) if states[i] != S.DRAFT]
    step = progress.step("organisations", (len(needs_org) + 1) // 2)
    orgs = bulk_insert(
        Organisation,
        (
            Organisation(
                name=f"{WORDS[n % len(WORDS)].title()} Friends of {n}",
                slug=f"scale-crowdfund-org-{n}",
                type=Organisation.Type.CHARITY,
                description="A community group run by volunteers.",
                borough_id=boroughs[n % len(boroughs)],
            )
            for n in range((len(needs_org) + 1) // 2)
        ),
        step=step,
    )
    org_of = {i: orgs[k // 2].pk for k, i in enumerate(needs_org)}

    # Pledges: the big campaign gets a twentieth, the rest goes by weight.
    total_pledges = max(0, scale.pledges)
    big_share = min(total_pledges, max(1, total_pledges // 20))
    per_project = defaultdict(int)
    per_project[0] = big_share
    public = [i for i in range(1, count) if states[i] in PLEDGE_WEIGHT]
    if public:
        weights = [PLEDGE_WEIGHT[states[i]] for i in public]
        for i in rng.choices(public, weights=weights, k=total_pledges - big_share):
            per_project[i] += 1
    else:
        per_project[0] = total_pledges

    # Pledge rows first (in memory, as plain tuples), so each project's totals
    # and target can be set from them before anything is written.
    plans = [
        _plan(i, states[i], per_project[i], rounds, residents, now, rng)
        for i in range(count)
    ]

    step = progress.step("projects", count)
    projects = bulk_insert(
        Project,
        (
            _project(i, plans[i], creators[i], org_of.get(i), themes, boroughs, now)
            for i in range(count)
        ),
        step=step,
    )
    if any(p.pk is None for p in projects):  # a backend that gives no ids back
        by_slug = dict(
            Project.objects.filter(slug__startswith="scale-").values_list("slug", "pk")
        )
        for project in projects:
            project.pk = project.id = by_slug[project.slug]

    TeamMember.objects.bulk_create(
        TeamMember(project_id=p.pk, user_id=creators[i], role=TeamMember.Role.CREATOR)
        for i, p in enumerate(projects)
    )
    OrganisationMembership.objects.bulk_create(
        (
            OrganisationMembership(
                organisation_id=org_id,
                user_id=creators[i],
                role=OrganisationMembership.Role.OWNER,
            )
            for i, org_id in org_of.items()
        ),
        ignore_conflicts=True,  # one person may create two of an org's projects
    )
    CostLine.objects.bulk_create(
        (
            CostLine(
                project_id=p.pk,
                item=item,
                amount_pence=amount,
                sort_order=n,
            )
            for i, p in enumerate(projects)
            for n, (item, amount) in enumerate(_cost_lines(plans[i]["target"]))
        ),
        batch_size=5000,
    )
    CityHallPledge.objects.bulk_create(
        (
            CityHallPledge(
                project_id=p.pk,
                funding_round=plans[i]["round"],
                amount_pence=plans[i]["city_hall"],
                status=plans[i]["city_hall_status"],
                condition="Released once 25% is raised from the crowd."
                if i % 2
                else "",
                min_crowd_percent=25 if i % 2 else 0,
                pledged_by_id=officer,
                settled_at=plans[i]["deadline"]
                if plans[i]["city_hall_status"] != CityHallPledge.Status.ACTIVE
                else None,
            )
            for i, p in enumerate(projects)
            if plans[i]["city_hall"]
        ),
        batch_size=5000,
    )
    updates = [
        ProjectUpdate(
            project_id=projects[0].pk,
            author_id=creators[0],
            title=f"Update {n + 1}: we are on our way",
            body="Thank you to everyone who has pledged so far. " * 4,
        )
        for n in range(20)
    ]
    ProjectUpdate.objects.bulk_create(updates)

    step = progress.step("pledges", total_pledges)
    pledges = bulk_insert(Pledge, _pledges(projects, plans, rng), step=step)
    # A funded campaign's confirmed pledges wait to be captured: record their
    # authorisations with the offline gateway, so that a capture (the beat
    # task resumes them) succeeds instead of finding nothing to take.
    funded = {p.pk for i, p in enumerate(projects) if states[i] == S.FUNDED}
    GatewayTransaction.objects.bulk_create(
        (
            GatewayTransaction(
                pledge_id=pledge.pk,
                gateway="offline",
                kind=GatewayTransaction.Kind.AUTHORISE,
                outcome=GatewayTransaction.Outcome.SUCCEEDED,
                amount_pence=pledge.amount_pence,
                reference=pledge.payment_reference,
                detail="Card ending 1111",
            )
            for pledge in pledges
            if pledge.project_id in funded
            and pledge.status == P.CONFIRMED
            and pledge.pk is not None
        ),
        batch_size=5000,
    )

    # bulk_create stamps created_at with now: date each pledge a few minutes
    # before it was confirmed, and City Hall's on the day the campaign went live.
    ours = Q(project__funding_round__in=rounds)
    Pledge.objects.filter(ours, confirmed_at__isnull=False).update(
        created_at=F("confirmed_at") - timedelta(minutes=5)
    )
    CityHallPledge.objects.filter(ours).update(
        created_at=Subquery(
            Project.objects.filter(pk=OuterRef("project_id")).values("live_at")[:1]
        )
    )

    # Each round commits what its active and paid City Hall pledges add up to,
    # out of a budget with a quarter left to spare.
    for funding_round in rounds:
        committed = CityHallPledge.objects.filter(
            funding_round=funding_round, status__in=CityHallPledge.COUNTED
        ).aggregate(total=Sum("amount_pence"))["total"]
        committed = committed or 0
        FundingRound.objects.filter(pk=funding_round.pk).update(
            committed_pence=committed,
            budget_pence=max(100_000_000, committed * 5 // 4 // 100_000 * 100_000),
        )


def _plan(i, state, pledges, rounds, residents, now, rng) -> dict:
    """Project ``i``'s dates, round, pledges (backer, amount, status) and the
    totals, target and City Hall pledge that follow from them."""
    day = timedelta(days=1)
    plan = {"state": state}
    if state in CLOSED:
        deadline = now - rng.randint(5, 600) * day
        plan.update(live_at=deadline - 60 * day, deadline=deadline)
        plan["round"] = rounds[0] if deadline < now - 200 * day else rounds[1]
    elif state == S.LIVE:
        live_at = now - (20 if i == 0 else rng.randint(1, 55)) * day
        plan.update(live_at=live_at, deadline=live_at + 60 * day)
        plan["round"] = rounds[1]
    else:
        plan.update(live_at=None, deadline=None)
        plan["round"] = rounds[2] if state == S.DRAFT else rounds[1]
    statuses, weights = PLEDGE_STATUSES.get(state, ([], []))
    plan["pledges"] = [
        (
            rng.choice(residents),
            rng.choice(AMOUNTS),
            rng.choices(statuses, weights)[0],
        )
        for _ in range(pledges)
    ]
    counted = [(b, a) for b, a, s in plan["pledges"] if s in Pledge.COUNTED]
    plan["crowd"] = sum(a for _b, a in counted)
    plan["backers"] = len({b for b, _a in counted})
    _set_target_and_city_hall(plan, i, rng)
    return plan


def _rounds(now) -> list[FundingRound]:
    day = timedelta(days=1)
    windows = [
        (now - 800 * day, now - 200 * day),
        (now - 200 * day, now + 120 * day),
        (now - 10 * day, now + 500 * day),
    ]
    return [
        FundingRound.objects.create(
            name=f"Crowdfund London {slug[-4:]}",
            slug=slug,
            ideas_open_at=opens,
            ideas_close_at=opens + 90 * day,
            campaigns_open_at=opens,
            campaigns_close_at=closes,
            # Set to what the City Hall pledges need once they are made.
            budget_pence=10**12,
            eligibility="Community groups, charities and social enterprises.",
        )
        for slug, (opens, closes) in zip(ROUND_SLUGS, windows, strict=True)
    ]


def _set_target_and_city_hall(plan: dict, i: int, rng) -> None:
    """A target, and a City Hall pledge, that fit the campaign's state."""
    state, crowd = plan["state"], plan["crowd"]
    released = sum(a for _b, a, s in plan["pledges"] if s == P.RELEASED)
    with_city_hall = i % 3 != 2
    plan["city_hall_status"] = CityHallPledge.Status.ACTIVE
    if state in (S.FUNDED, S.DELIVERING, S.COMPLETED):
        # Funded: the crowd plus City Hall reached the target.
        city_hall = min(5_000_000, max(50_000, crowd // 3)) if with_city_hall else 0
        target = max(10_000, (crowd + city_hall) // 100 * 100)
        if not crowd and not city_hall:
            city_hall, target = 50_000, 50_000
        plan["city_hall_status"] = CityHallPledge.Status.PAID
    elif state == S.UNFUNDED:
        # What was pledged (now released) fell short.
        city_hall = 100_000 if with_city_hall else 0
        target = (released + city_hall) * 2 // 100 * 100 + 500_000
        plan["city_hall_status"] = CityHallPledge.Status.RELEASED
    elif state == S.LIVE:
        target = (
            max(crowd * 2, 1_000_000) // 100 * 100
            if i == 0
            else rng.choice([300_000, 500_000, 800_000, 1_200_000, 2_500_000])
        )
        city_hall = min(5_000_000, target // 4) if with_city_hall else 0
    else:
        target = rng.choice([300_000, 500_000, 800_000, 1_200_000])
        city_hall = 0
    plan["target"] = target
    plan["city_hall"] = city_hall
    counted = plan["city_hall_status"] in CityHallPledge.COUNTED
    plan["city_hall_pence"] = city_hall if counted else 0


def _cost_lines(target: int) -> list[tuple[str, int]]:
    if target < 20_000:
        return [("Materials", target)]
    materials = target * 6 // 10
    return [("Materials", materials), ("Running costs", target - materials)]


def _project(i, plan, creator, org_id, themes, boroughs, now) -> Project:
    state = plan["state"]
    word = WORDS[i % len(WORDS)]
    deadline = plan["deadline"]
    return Project(
        funding_round=plan["round"],
        title="Big Lewisham community kitchen" if i == 0 else f"Community {word} {i}",
        slug=BIG_CAMPAIGN_SLUG if i == 0 else f"scale-{word.replace(' ', '-')}-{i}",
        summary=f"A {word} for the neighbourhood, made with local people.",
        description=f"We will build a {word} with local people. " * 8,
        borough_id=boroughs[i % len(boroughs)],
        location="SE13 6LH",
        theme=themes[i % len(themes)],
        organisation_id=org_id,
        created_by_id=creator,
        needs_permission=False,
        has_insurance=True,
        insurance_details="Public liability insurance for £5 million.",
        status=state,
        campaign_days=60,
        target_pence=plan["target"],
        crowd_pence=plan["crowd"],
        city_hall_pence=plan["city_hall_pence"],
        backer_count=plan["backers"],
        review_message="Tell us more about who will run it."
        if state in (S.CHANGES_REQUESTED, S.REJECTED)
        else "",
        submitted_at=None
        if state == S.DRAFT
        else (plan["live_at"] or now) - timedelta(days=14),
        live_at=plan["live_at"],
        deadline=deadline,
        closed_at=deadline if state in CLOSED else None,
        completed_at=deadline + timedelta(days=120) if state == S.COMPLETED else None,
    )


def _pledges(projects, plans, rng):
    now = timezone.now()
    for i, project in enumerate(projects):
        plan = plans[i]
        live_at, deadline = plan["live_at"], plan["deadline"]
        settled_at = deadline if deadline and deadline < now else now
        for n, (backer, amount, status) in enumerate(plan["pledges"]):
            # A pending pledge's backer has not reached the payment page yet.
            paid = status != P.PENDING
            yield Pledge(
                project_id=project.pk,
                backer_id=backer,
                amount_pence=amount,
                is_anonymous=n % 4 == 0,
                message=MESSAGES[n % len(MESSAGES)],
                status=status,
                idempotency_key=_key(rng),
                payment_reference=f"offline-scale-{project.pk}-{n}" if paid else "",
                capture_reference=f"capture-scale-{project.pk}-{n}"
                if status == P.COLLECTED
                else "",
                failure_reason="The card issuer refused the payment"
                if status == P.FAILED
                else "",
                collection_attempts=1 if status in (P.COLLECTED, P.FAILED) else 0,
                confirmed_at=min(now, live_at + timedelta(hours=1 + n % 1000))
                if paid and live_at
                else None,
                settled_at=settled_at
                if status in (P.COLLECTED, P.FAILED, P.RELEASED, P.CANCELLED)
                else None,
            )


# --- Benchmark pages ---------------------------------------------------------


def bench_pages() -> list[BenchPage]:
    pages = [BenchPage("Campaign browse", reverse("crowdfund:browse"))]
    if Project.objects.filter(slug=BIG_CAMPAIGN_SLUG).exists():
        pages.append(
            BenchPage(
                "Campaign page",
                reverse("crowdfund:project_detail", args=[BIG_CAMPAIGN_SLUG]),
            )
        )
    return pages


def campaign_totals(project_pk: int) -> dict[str, int]:
    """What a campaign's totals should be, summed from its pledges."""
    counted = Pledge.objects.filter(project_id=project_pk, status__in=Pledge.COUNTED)
    crowd = counted.aggregate(
        total=Sum("amount_pence"), backers=Count("backer", distinct=True)
    )
    city_hall = CityHallPledge.objects.filter(
        project_id=project_pk, status__in=CityHallPledge.COUNTED
    ).aggregate(total=Sum("amount_pence"))
    return {
        "crowd_pence": crowd["total"] or 0,
        "backer_count": crowd["backers"] or 0,
        "city_hall_pence": city_hall["total"] or 0,
    }


def register(registry) -> None:
    registry.register_scale_seeder("crowdfund", seed, order=20)
    registry.register_bench_pages("crowdfund", bench_pages)
