"""The Civic Innovation Challenge's share of ``seed_scale`` (issue 8) and its
benchmark pages.

Programmes and challenges (open, closed, archived, draft) from public-body
owners, startups' applications across them in every status, with assessors
assigned, conflicts declared and scores given, and topics for future
challenges with their supporters. Counters are computed from the rows made:
each topic's ``support_count``, each supporter's ``SupporterQuota`` and the
year's ``ReferenceCounter``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from challenges.models import (
    Application,
    Assignment,
    BudgetLine,
    Challenge,
    Criterion,
    Pitch,
    Programme,
    ReferenceCounter,
    Score,
    Support,
    SupporterQuota,
    Theme,
    Topic,
    VotingRound,
)
from challenges.services.applications import SECTION_KEYS
from civic import groups
from civic.models import Borough, Organisation, OrganisationMembership, User
from civic.scale import BenchPage, Progress, Scale, bulk_insert, scale_user_ids

A = Application.Status
FIRST_CHALLENGE_SLUG = "scale-challenge-0"
MANAGER_EMAIL = "scale-staff-challenge-managers@example.org"
ASSESSOR_EMAIL = "scale-staff-assessors@example.org"
EXTRA_ASSESSORS = 4
THEMES = [
    ("Net zero", "scale-net-zero"),
    ("Health and care", "scale-health-and-care"),
    ("Getting around", "scale-getting-around"),
    ("Housing", "scale-housing"),
    ("Safer streets", "scale-safer-streets"),
]
CRITERIA = [
    ("Impact", 30),
    ("Feasibility", 25),
    ("Team", 20),
    ("Value for money", 15),
    ("Inclusion", 10),
]
PROBLEMS = [
    "how to find a free electric vehicle charger",
    "how to cut waiting times at walk-in centres",
    "how to keep bus stops accessible during roadworks",
    "how to spot damp in council homes before it spreads",
    "how to light quiet streets without wasting energy",
]
# Statuses, weighted: applications to open challenges, then to closed ones.
OPEN_STATUSES = ([A.DRAFT] * 4) + ([A.SUBMITTED] * 5) + [A.WITHDRAWN]
CLOSED_STATUSES = (
    [A.SUBMITTED] * 3
    + [A.SHORTLISTED] * 2
    + [A.NOT_SHORTLISTED] * 2
    + [A.WINNER]
    + [A.NOT_SELECTED]
    + [A.WITHDRAWN]
)
DECIDED = (A.SHORTLISTED, A.NOT_SHORTLISTED, A.WINNER, A.NOT_SELECTED)
PITCHED = (A.SHORTLISTED, A.WINNER, A.NOT_SELECTED)


def _resident_ids() -> list[int]:
    staff = set(
        User.objects.filter(email__startswith="scale-staff-").values_list(
            "id", flat=True
        )
    )
    return [pk for pk in scale_user_ids() if pk not in staff]


def _html(text: str) -> str:
    return f"<p>{text}</p>"


def seed(scale: Scale, progress: Progress, rng) -> None:
    if Challenge.objects.filter(slug=FIRST_CHALLENGE_SLUG).exists():
        progress.step("challenges: already seeded").finish()
        return
    residents = _resident_ids()
    if not residents:
        raise RuntimeError("Seed civic's residents first (seed_scale does).")
    now = timezone.now()
    day = timedelta(days=1)
    boroughs = list(Borough.objects.order_by("pk").values_list("pk", flat=True))
    assessors = _assessors()
    manager = (
        User.objects.filter(email=MANAGER_EMAIL).values_list("pk", flat=True).first()
        or assessors[0]
    )

    themes = []
    for name, slug in THEMES:
        theme = Theme.objects.filter(Q(slug=slug) | Q(name=name)).first()
        themes.append(theme or Theme.objects.create(name=name, slug=slug))
    programmes = [
        Programme.objects.create(
            name=f"Civic Innovation Challenge {year}",
            slug=f"scale-programme-{year}",
            description=_html("Startups test their ideas with London's services."),
            starts_on=(now + offset * day).date(),
            ends_on=(now + (offset + 300) * day).date(),
        )
        for year, offset in ((2025, -700), (2026, -250), (2027, 60))
    ]
    for programme in programmes:
        programme.themes.set(themes)

    applications_wanted = max(1, scale.applications)
    challenge_count = max(2, applications_wanted // 10)
    owners = bulk_insert(
        Organisation,
        (
            Organisation(
                name=f"London Borough Service {n}",
                slug=f"scale-owner-{n}",
                type=Organisation.Type.PUBLIC_BODY,
                borough_id=boroughs[n % len(boroughs)],
            )
            for n in range(max(1, challenge_count // 5))
        ),
    )

    # Of every 20 challenges: 12 open, 6 closed, one archived, one draft,
    # mixed so that a few challenges already have each.
    pattern = (
        "open closed open closed archived open closed draft open closed "
        "open open closed open open closed open open open open"
    ).split()

    def state(i: int) -> str:
        return pattern[i % len(pattern)]

    states = [state(i) for i in range(challenge_count)]
    deadlines = [
        now + rng.randint(10, 90) * day
        if states[i] in ("open", "draft")
        else now - rng.randint(10, 500) * day
        for i in range(challenge_count)
    ]
    step = progress.step("challenges", challenge_count)
    challenges = bulk_insert(
        Challenge,
        (
            Challenge(
                programme=programmes[1 if deadlines[i] > now - 250 * day else 0],
                owner=owners[i % len(owners)],
                theme=themes[i % len(themes)],
                title=f"Challenge {i}: {PROBLEMS[i % len(PROBLEMS)]}",
                slug=f"scale-challenge-{i}",
                summary=f"We want to know {PROBLEMS[i % len(PROBLEMS)]}.",
                problem_statement=_html("Londoners tell us this is hard. " * 6),
                who_is_affected=_html("Residents across the borough."),
                success_looks_like=_html("Fewer complaints and faster answers."),
                eligibility=_html("Startups with fewer than 50 staff."),
                application_deadline=deadlines[i],
                status=(
                    Challenge.Status.DRAFT
                    if states[i] == "draft"
                    else Challenge.Status.ARCHIVED
                    if states[i] == "archived"
                    else Challenge.Status.PUBLISHED
                ),
                published_at=None if states[i] == "draft" else deadlines[i] - 60 * day,
            )
            for i in range(challenge_count)
        ),
        step=step,
    )
    criteria = defaultdict(list)
    for criterion in Criterion.objects.bulk_create(
        Criterion(
            challenge=challenge,
            name=name,
            description=f"What assessors look for in {name.lower()}.",
            weight_percent=weight,
            sort_order=n,
        )
        for challenge in challenges
        for n, (name, weight) in enumerate(CRITERIA)
    ):
        criteria[criterion.challenge_id].append(criterion)

    # Startups, each run by one resident (from the end of the list, so they
    # are rarely the same people as the other apps' creators).
    startup_count = max(1, min(len(residents), applications_wanted // 2))
    startups = bulk_insert(
        Organisation,
        (
            Organisation(
                name=f"Civic Startup {n} Ltd",
                slug=f"scale-startup-{n}",
                type=Organisation.Type.STARTUP,
                borough_id=boroughs[n % len(boroughs)],
            )
            for n in range(startup_count)
        ),
    )
    OrganisationMembership.objects.bulk_create(
        OrganisationMembership(
            organisation=startup,
            user_id=residents[-1 - n],
            role=OrganisationMembership.Role.OWNER,
        )
        for n, startup in enumerate(startups)
    )

    open_to = [c for i, c in enumerate(challenges) if states[i] != "draft"]
    is_open = {c.pk: c.is_open_for_applications(now) for c in open_to}
    count = min(applications_wanted, len(open_to) * len(startups))
    plans = []
    for k in range(count):
        challenge = open_to[k % len(open_to)]
        startup = startups[(k // len(open_to)) % len(startups)]
        if k == 0:
            status = A.DRAFT  # the benchmark's task list
        elif is_open[challenge.pk]:
            status = rng.choice(OPEN_STATUSES)
        else:
            status = rng.choice(CLOSED_STATUSES)
        deadline = challenge.application_deadline
        submitted_at = (
            None if status == A.DRAFT else min(now, deadline) - rng.randint(1, 30) * day
        )
        plans.append((challenge, startup, status, submitted_at))
    references = _references(plans)

    step = progress.step("challenge applications", count)
    applications = bulk_insert(
        Application,
        (
            _application(plan, references.get(k), rng, manager, residents, startups)
            for k, plan in enumerate(plans)
        ),
        step=step,
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(
            application=application, item=item, amount_pence=amount, sort_order=n
        )
        for application in applications
        if "budget" in application.completed_sections
        for n, (item, amount) in enumerate(
            [("Staff time", 900_000), ("Hosting and devices", 400_000)]
        )
    )
    Pitch.objects.bulk_create(
        Pitch(
            application=application,
            starts_at=application.challenge.application_deadline + 21 * day,
            place="City Hall, Kamal Chunchie Way, London E16 1ZE",
        )
        for application in applications
        if application.status in PITCHED
    )
    # bulk_create stamps created_at with now: a startup started a week
    # before it submitted (drafts: today).
    Application.objects.filter(
        challenge__in=challenges, submitted_at__isnull=False
    ).update(created_at=F("submitted_at") - timedelta(days=7))
    _assess(applications, assessors, manager, criteria, is_open, rng, progress)
    _topics(scale, residents, boroughs, rng, progress)


def _assessors() -> list[int]:
    """The seeded assessor and a few more, so each application can have three."""
    group = Group.objects.get(name=groups.ASSESSORS)
    ids = list(User.objects.filter(email=ASSESSOR_EMAIL).values_list("pk", flat=True))
    for n in range(EXTRA_ASSESSORS):
        user, created = User.objects.get_or_create(
            email=f"scale-staff-assessor-{n}@example.org",
            defaults={"display_name": f"Scale assessor {n}", "password": "!"},
        )
        if created:
            EmailAddress.objects.create(
                user=user, email=user.email, primary=True, verified=True
            )
            user.groups.add(group)
        ids.append(user.pk)
    return ids


def _references(plans) -> dict[int, str]:
    """CIC-<year>-<NNNN> for every application ever submitted, numbered in
    the order they were submitted, after any the database already has."""
    submitted = sorted(
        (plan[3], k) for k, plan in enumerate(plans) if plan[3] is not None
    )
    used = Counter()
    references = {}
    existing = dict(ReferenceCounter.objects.values_list("year", "last_number"))
    for submitted_at, k in submitted:
        year = timezone.localdate(submitted_at).year
        used[year] += 1
        references[k] = f"CIC-{year}-{existing.get(year, 0) + used[year]:04d}"
    for year, number in used.items():
        ReferenceCounter.objects.update_or_create(
            year=year, defaults={"last_number": existing.get(year, 0) + number}
        )
    return references


def _application(plan, reference, rng, manager, residents, startups) -> Application:
    challenge, startup, status, submitted_at = plan
    done = (
        list(SECTION_KEYS[: rng.randint(0, len(SECTION_KEYS))])
        if status == A.DRAFT
        else list(SECTION_KEYS)
    )
    creator = residents[-1 - startups.index(startup)]
    decided = status in DECIDED
    return Application(
        challenge=challenge,
        organisation=startup,
        created_by_id=creator,
        reference=reference,
        status=status,
        organisation_summary="We are a team of eight in Shoreditch."
        if "organisation" in done
        else "",
        solution_summary="An app that finds what you need nearby."
        if "solution" in done
        else "",
        solution_description="It uses open data and a simple map. " * 5
        if "solution" in done
        else "",
        evidence="Piloted in two boroughs in 2025." if "evidence" in done else "",
        testing_plan="Twelve weeks with the owner's team." if "testing" in done else "",
        team_description="Two engineers, a designer and a researcher."
        if "team" in done
        else "",
        declaration_accurate="declarations" in done,
        declaration_eligible="declarations" in done,
        declaration_data="declarations" in done,
        completed_sections=done,
        decision_feedback="Thank you: the panel liked the evidence." if decided else "",
        decided_by_id=manager if decided else None,
        decided_at=min(
            timezone.now() - timedelta(hours=1),
            challenge.application_deadline + timedelta(days=20),
        )
        if decided
        else None,
        submitted_at=submitted_at,
        withdrawn_at=submitted_at + timedelta(hours=3)
        if status == A.WITHDRAWN
        else None,
    )


def _assess(applications, assessors, manager, criteria, is_open, rng, progress):
    """Three assessors on each application past draft (not withdrawn): all
    three have scored decided ones; on a closed challenge's undecided ones
    two have; on an open challenge's, nobody has declared yet."""
    assignments = []
    submitted_scores = []
    for application in applications:
        if application.status in (A.DRAFT, A.WITHDRAWN):
            continue
        deadline = application.challenge.application_deadline
        chosen = rng.sample(assessors, min(3, len(assessors)))
        for n, assessor in enumerate(chosen):
            if is_open[application.challenge_id]:
                declared, conflict, scored = False, None, False
            elif application.status in DECIDED:
                declared, conflict, scored = True, False, True
            else:
                conflict = n == 2 and rng.random() < 0.2
                declared, scored = n < 2 or conflict, n < 2
            assignment = Assignment(
                application=application,
                assessor_id=assessor,
                assigned_by_id=manager,
                has_conflict=conflict if declared else None,
                conflict_details="I advised this startup last year."
                if conflict
                else "",
                declared_at=deadline + timedelta(days=2) if declared else None,
                submitted_at=deadline + timedelta(days=9) if scored else None,
            )
            assignments.append(assignment)
            submitted_scores.append(scored)
    step = progress.step("assessor assignments", len(assignments))
    made = bulk_insert(Assignment, assignments, step=step)
    # Assigned the day after applications closed (open challenges: today).
    closed = [pk for pk, still_open in is_open.items() if not still_open]
    Assignment.objects.filter(application__challenge__in=closed).update(
        assigned_at=Subquery(
            Challenge.objects.filter(applications=OuterRef("application_id")).values(
                "application_deadline"
            )[:1]
        )
        + timedelta(days=1)
    )
    scores = [
        Score(
            assignment=assignment,
            criterion=criterion,
            score=rng.randint(0, 5),
            comment="Clear and well evidenced.",
        )
        for assignment, scored in zip(made, submitted_scores, strict=True)
        if scored
        for criterion in criteria[assignment.application.challenge_id]
    ]
    step = progress.step("assessment scores", len(scores))
    bulk_insert(Score, scores, step=step)


def _topics(scale: Scale, residents, boroughs, rng, progress) -> None:
    """Topics in a closed round, the open round (when no other is open) and
    waiting for one, with supporters; counters are the rows' own counts."""
    now = timezone.now()
    day = timedelta(days=1)
    closed_round = VotingRound.objects.create(
        name="Topics for 2026",
        slug="scale-topics-2026",
        status=VotingRound.Status.CLOSED,
        opened_at=now - 400 * day,
        closed_at=now - 300 * day,
    )
    another_open = VotingRound.objects.filter(status=VotingRound.Status.OPEN).exists()
    current_round = VotingRound.objects.create(
        name="Topics for 2027",
        slug="scale-topics-2027",
        status=VotingRound.Status.CLOSED if another_open else VotingRound.Status.OPEN,
        opened_at=now - 20 * day,
        closed_at=now - day if another_open else None,
    )
    count = max(3, scale.applications // 5)
    rounds = [closed_round, current_round, None]
    plans = [
        rounds[0] if i % 5 == 0 else rounds[2] if i % 10 == 1 else rounds[1]
        for i in range(count)
    ]
    step = progress.step("challenge topics", count)
    topics = bulk_insert(
        Topic,
        (
            Topic(
                voting_round=plans[i],
                title=f"Topic {i}: {PROBLEMS[i % len(PROBLEMS)]}",
                problem="It takes too long and nobody knows who to ask. " * 3,
                who_it_affects="Older Londoners and people with young children.",
                borough_id=boroughs[i % len(boroughs)],
                proposed_by_id=residents[i % len(residents)],
                status=(
                    Topic.Status.TAKEN_FORWARD
                    if plans[i] is closed_round and i % 2
                    else Topic.Status.NOT_TAKEN_FORWARD
                    if plans[i] is closed_round
                    else Topic.Status.PROPOSED
                ),
                explanation="It became a challenge in 2026."
                if plans[i] is closed_round
                else "",
            )
            for i in range(count)
        ),
        step=step,
    )
    by_round = defaultdict(list)
    for topic in topics:
        if topic.voting_round_id:
            by_round[topic.voting_round_id].append(topic)
    supporters = rng.sample(residents, min(len(residents), scale.applications * 10))
    supports = []
    quotas = []
    for user in supporters:
        for round_id, round_topics in by_round.items():
            if rng.random() < 0.4:
                continue
            chosen = rng.sample(round_topics, min(len(round_topics), rng.randint(1, 5)))
            supports.extend(Support(topic=t, user_id=user) for t in chosen)
            quotas.append(
                SupporterQuota(
                    voting_round_id=round_id, user_id=user, active_supports=len(chosen)
                )
            )
    step = progress.step("topic supports", len(supports))
    bulk_insert(Support, supports, step=step)
    bulk_insert(SupporterQuota, quotas)
    counts = Counter(support.topic_id for support in supports)
    by_count = defaultdict(list)
    for topic in topics:
        by_count[counts.get(topic.pk, 0)].append(topic.pk)
    for support_count, pks in by_count.items():
        Topic.objects.filter(pk__in=pks).update(support_count=support_count)


# --- Benchmark pages ---------------------------------------------------------


def bench_pages() -> list[BenchPage]:
    pages = [BenchPage("Challenge list", reverse("challenges:challenge_list"))]
    draft = (
        Application.objects.filter(challenge__slug=FIRST_CHALLENGE_SLUG, status=A.DRAFT)
        .select_related("organisation")
        .first()
    )
    member = (
        OrganisationMembership.objects.filter(organisation_id=draft.organisation_id)
        .select_related("user")
        .first()
        if draft
        else None
    )
    if member is not None:
        pages.append(
            BenchPage(
                "Challenge application task list",
                reverse("challenges:application", args=[draft.public_id]),
                user_email=member.user.email,
            )
        )
    return pages


def register(registry) -> None:
    registry.register_scale_seeder("challenges", seed, order=30)
    registry.register_bench_pages("challenges", bench_pages)
