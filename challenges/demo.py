"""Demo data for the whole Civic Innovation Challenge: the 2018-19 programme
and its three themes, challenges from a public body and a company,
applications in every state, assessment (with a conflict declared), a pitch,
a pilot, and voting rounds with topics and supports.

Rows are created directly (the services belong to each area) but every
invariant holds: references come from ``ReferenceCounter``, milestones add
up to the award, and each topic's ``support_count`` and each person's
``SupporterQuota`` equal their ``Support`` rows. Idempotent: what exists
(by slug, email or natural key) is reused, and counters are recomputed.
"""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db.models import Count
from django.utils import timezone

from challenges.models import (
    Application,
    Assignment,
    Challenge,
    Criterion,
    MentoringSession,
    Milestone,
    Pilot,
    Pitch,
    Programme,
    ProgressReport,
    ReferenceCounter,
    Score,
    Support,
    SupporterQuota,
    Theme,
    Topic,
    VotingRound,
)
from challenges.models.topics import MAX_ACTIVE_SUPPORTS
from civic import groups
from civic.models import Borough, Organisation, OrganisationMembership, User

PROGRAMME_SLUG = "civic-innovation-challenge-2018-19"
THEMES = [
    ("reducing-inequality", "Reducing inequality"),
    ("preventing-climate-change", "Preventing climate change"),
    ("supporting-londons-ageing-population", "Supporting London's ageing population"),
]
CRITERIA = [
    ("Impact", 30, "How much difference it would make, and for whom."),
    ("Feasibility", 25, "Whether it can be tested in the time and budget."),
    ("Team", 20, "Whether the team can deliver it."),
    ("Value for money", 15, "What the testing fund buys."),
    ("Inclusion", 10, "Whether it works for Londoners who are often left out."),
]

# email, display name, borough, group (the first four are seed_demo's own).
PEOPLE = [
    ("startup@example.org", "Sam Startup", "Tower Hamlets", None),
    ("assessor@example.org", "Asha Assessor", "Hackney", groups.ASSESSORS),
    (
        "challenges@example.org",
        "Chidi Challenges",
        "Islington",
        groups.CHALLENGE_MANAGERS,
    ),
    ("resident@example.org", "Rita Resident", "Lewisham", None),
    ("assessor2@example.org", "Ben Assessor", "Brent", groups.ASSESSORS),
    ("founder.silverlink@example.org", "Sade Silverlink", "Croydon", None),
    ("founder.greenloop@example.org", "Gus Greenloop", "Southwark", None),
    ("founder.fairshare@example.org", "Farah Fairshare", "Newham", None),
    ("founder.kinhub@example.org", "Kit Kinhub", "Ealing", None),
    ("founder.careclock@example.org", "Cal Careclock", "Barnet", None),
    ("owner.camden@example.org", "Olu Camden", "Camden", None),
]

ORGANISATIONS = [
    # slug, name, type, borough, member email (owner)
    (
        "bow-civic-tech",
        "Bow Civic Tech Ltd",
        Organisation.Type.STARTUP,
        "Tower Hamlets",
        "startup@example.org",
    ),
    (
        "silverlink",
        "Silverlink Ltd",
        Organisation.Type.STARTUP,
        "Croydon",
        "founder.silverlink@example.org",
    ),
    (
        "greenloop",
        "Greenloop Ltd",
        Organisation.Type.STARTUP,
        "Southwark",
        "founder.greenloop@example.org",
    ),
    (
        "fairshare",
        "Fairshare Ltd",
        Organisation.Type.STARTUP,
        "Newham",
        "founder.fairshare@example.org",
    ),
    (
        "kinhub",
        "Kinhub Ltd",
        Organisation.Type.STARTUP,
        "Ealing",
        "founder.kinhub@example.org",
    ),
    (
        "careclock",
        "Careclock Ltd",
        Organisation.Type.STARTUP,
        "Barnet",
        "founder.careclock@example.org",
    ),
    (
        "london-borough-of-camden",
        "London Borough of Camden",
        Organisation.Type.PUBLIC_BODY,
        "Camden",
        "owner.camden@example.org",
    ),
    (
        "thames-freight",
        "Thames Freight plc",
        Organisation.Type.COMPANY,
        "Greenwich",
        None,
    ),
    (
        "civic-innovation-partners",
        "Civic Innovation Partners Ltd",
        Organisation.Type.COMPANY,
        "Westminster",
        None,
    ),
]

HTML = "<p>{}</p>"

# The supporters of the voting rounds: many, in a few boroughs, so that the
# results by borough have counts both above and below the small-number line.
SUPPORTER_BOROUGHS = ["Hackney"] * 12 + ["Lewisham"] * 11 + ["Camden"] * 4 + [None] * 3


def seed(stdout=None) -> None:
    now = timezone.now()
    people = {
        email: _person(email, name, borough, group)
        for email, name, borough, group in PEOPLE
    }
    orgs = {
        slug: _organisation(slug, name, kind, borough, people.get(member))
        for slug, name, kind, borough, member in ORGANISATIONS
    }
    programme = _programme(orgs["civic-innovation-partners"])
    themes = dict(_themes(programme))
    older = _challenge(
        programme,
        owner=orgs["london-borough-of-camden"],
        theme=themes["supporting-londons-ageing-population"],
        slug="older-londoners-stay-connected",
        title="Helping older Londoners stay connected",
        summary="How might we reduce loneliness among older people living alone?",
        problem="One in five older Londoners says they often feel lonely.",
        affected="People over 65 living alone in Camden, and their carers.",
        success="Fewer older residents report feeling lonely after six months.",
        assets="Anonymised social prescribing data and access to three day centres.",
        deadline=now - datetime.timedelta(days=90),
    )
    deliveries = _challenge(
        programme,
        owner=orgs["thames-freight"],
        theme=themes["preventing-climate-change"],
        slug="cleaner-last-mile-deliveries",
        title="Cleaner last-mile deliveries",
        summary="How might we cut emissions from parcel deliveries in central London?",
        problem="Delivery vans make up a growing share of traffic and emissions.",
        affected="Residents on busy streets, drivers and local businesses.",
        success="A measured fall in van miles on a test route.",
        assets="Route and drop data from our Greenwich depot.",
        deadline=now + datetime.timedelta(days=45),
    )
    _challenge(
        programme,
        owner=orgs["london-borough-of-camden"],
        theme=themes["reducing-inequality"],
        slug="fairer-access-to-affordable-credit",
        title="Fairer access to affordable credit",
        summary="How might we help residents avoid high-cost lenders?",
        problem="Residents on low incomes pay far more to borrow.",
        affected="Households on low or irregular incomes.",
        success="More residents use affordable credit instead of payday loans.",
        assets="Introductions to credit unions and advice services.",
        deadline=now + datetime.timedelta(days=60),
    )

    manager = people["challenges@example.org"]
    applications = {
        "draft": _application(
            deliveries, orgs["bow-civic-tech"], Application.Status.DRAFT
        ),
        "submitted": _application(
            deliveries, orgs["greenloop"], Application.Status.SUBMITTED
        ),
        "withdrawn": _application(
            older, orgs["fairshare"], Application.Status.WITHDRAWN
        ),
        "shortlisted": _application(
            older, orgs["kinhub"], Application.Status.SHORTLISTED, manager
        ),
        "not_shortlisted": _application(
            older, orgs["careclock"], Application.Status.NOT_SHORTLISTED, manager
        ),
        "winner": _application(
            older, orgs["bow-civic-tech"], Application.Status.WINNER, manager
        ),
        "not_selected": _application(
            older, orgs["silverlink"], Application.Status.NOT_SELECTED, manager
        ),
    }
    assessor, second = people["assessor@example.org"], people["assessor2@example.org"]
    for key in ("shortlisted", "not_shortlisted", "winner", "not_selected"):
        application = applications[key]
        base = {"winner": 4, "shortlisted": 4, "not_selected": 3, "not_shortlisted": 2}[
            key
        ]
        _scored(application, assessor, manager, base)
        if key == "shortlisted":
            # The second assessor advises this startup: conflicted, no scores,
            # cannot see the application.
            Assignment.objects.get_or_create(
                application=application,
                assessor=second,
                defaults={
                    "assigned_by": manager,
                    "has_conflict": True,
                    "conflict_details": "I was an unpaid adviser to Kinhub in 2018.",
                    "declared_at": now - datetime.timedelta(days=70),
                },
            )
        else:
            # Two points apart on one criterion: the moderation view flags it.
            _scored(application, second, manager, base, disagree=(key == "winner"))

    Pitch.objects.get_or_create(
        application=applications["shortlisted"],
        defaults={
            "starts_at": now + datetime.timedelta(days=14),
            "place": "City Hall, Kamal Chunchie Way, London E16 1ZE",
            "details": "Ten minutes to pitch and ten for questions.",
        },
    )
    Pitch.objects.get_or_create(
        application=applications["winner"],
        defaults={
            "starts_at": now - datetime.timedelta(days=40),
            "place": "City Hall, Kamal Chunchie Way, London E16 1ZE",
        },
    )
    _pilot(applications["winner"], people["startup@example.org"], manager, programme)
    _voting_rounds(people, now)
    if stdout is not None:
        stdout.write(
            "  Civic Innovation Challenge: programme, challenges, pilot, topics"
        )


# --- people and organisations ---------------------------------------------------


def _person(email: str, name: str, borough: str, group: str | None) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        # seed_demo makes the demo logins (password and all) before this
        # runs; anyone else here is a demo extra who cannot sign in.
        user = User(email=email, display_name=name, borough=_borough(borough))
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def _borough(name: str | None) -> Borough | None:
    return Borough.objects.get(name=name) if name else None


def _organisation(slug, name, kind, borough, member) -> Organisation:
    organisation, _created = Organisation.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "type": kind,
            "borough": _borough(borough),
            "description": f"{name}: a demo organisation.",
        },
    )
    if member is not None:
        OrganisationMembership.objects.get_or_create(
            organisation=organisation,
            user=member,
            defaults={"role": OrganisationMembership.Role.OWNER},
        )
    return organisation


# --- programme and challenges ----------------------------------------------------


def _programme(partner: Organisation) -> Programme:
    programme, _created = Programme.objects.get_or_create(
        slug=PROGRAMME_SLUG,
        defaults={
            "name": "Civic Innovation Challenge 2018-19",
            "description": HTML.format(
                "The Mayor's Civic Innovation Challenge matches startups with "
                "public bodies and companies to solve London's pressing problems."
            ),
            "starts_on": datetime.date(2018, 9, 1),
            "ends_on": datetime.date(2019, 12, 31),
            "delivery_partner": partner,
        },
    )
    return programme


def _themes(programme: Programme):
    for slug, name in THEMES:
        theme, _created = Theme.objects.get_or_create(
            slug=slug, defaults={"name": name}
        )
        programme.themes.add(theme)
        yield slug, theme


def _challenge(
    programme,
    *,
    owner,
    theme,
    slug,
    title,
    summary,
    problem,
    affected,
    success,
    assets,
    deadline,
) -> Challenge:
    challenge, _created = Challenge.objects.get_or_create(
        slug=slug,
        defaults={
            "programme": programme,
            "owner": owner,
            "theme": theme,
            "title": title,
            "summary": summary,
            "problem_statement": HTML.format(problem),
            "who_is_affected": HTML.format(affected),
            "success_looks_like": HTML.format(success),
            "data_and_assets": HTML.format(assets),
            "eligibility": HTML.format("Startups with a working product or prototype."),
            "support_offered": HTML.format(
                "Mentoring from Civic Innovation Partners and up to £15,000 for testing."
            ),
            "application_deadline": deadline,
            "status": Challenge.Status.PUBLISHED,
            "published_at": deadline - datetime.timedelta(days=60),
        },
    )
    for order, (name, weight, description) in enumerate(CRITERIA):
        Criterion.objects.get_or_create(
            challenge=challenge,
            name=name,
            defaults={
                "weight_percent": weight,
                "description": description,
                "sort_order": order,
            },
        )
    return challenge


# --- applications and assessment ----------------------------------------------------


def _next_reference() -> str:
    year = timezone.localdate().year
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
        year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"CIC-{year}-{counter.last_number:04d}"


def _application(challenge, organisation, status, manager=None) -> Application:
    existing = Application.objects.filter(
        challenge=challenge, organisation=organisation
    ).first()
    if existing is not None:
        return existing
    now = timezone.now()
    member = organisation.members.order_by("pk").first()
    submitted = status != Application.Status.DRAFT
    decided = status not in (
        Application.Status.DRAFT,
        Application.Status.SUBMITTED,
        Application.Status.WITHDRAWN,
    )
    feedback = {
        Application.Status.SHORTLISTED: "A strong plan: we would like to hear your pitch.",
        Application.Status.NOT_SHORTLISTED: (
            "The panel liked the idea but found the testing plan too thin."
        ),
        Application.Status.WINNER: "The panel was impressed by your evidence and your team.",
        Application.Status.NOT_SELECTED: "A close call: the panel chose a plan with more evidence.",
    }
    return Application.objects.create(
        challenge=challenge,
        organisation=organisation,
        created_by=member,
        status=status,
        reference=_next_reference() if submitted else None,
        organisation_summary=f"{organisation.name} builds tools for Londoners.",
        solution_summary="A service that matches people with help nearby.",
        solution_description="People call or text; we match them within a day.",
        evidence="A three-month trial with 120 users in one borough.",
        testing_plan="Six months with the owner's front-line teams.",
        team_description="Three founders with backgrounds in care and software.",
        declaration_accurate=submitted,
        declaration_eligible=submitted,
        declaration_data=submitted,
        completed_sections=["organisation", "solution"] if not submitted else [],
        submitted_at=now - datetime.timedelta(days=100) if submitted else None,
        withdrawn_at=now - datetime.timedelta(days=95)
        if status == Application.Status.WITHDRAWN
        else None,
        decision_feedback=feedback.get(status, ""),
        decided_by=manager if decided else None,
        decided_at=now - datetime.timedelta(days=60) if decided else None,
    )


def _scored(application, assessor, manager, base: int, disagree: bool = False) -> None:
    now = timezone.now()
    assignment, created = Assignment.objects.get_or_create(
        application=application,
        assessor=assessor,
        defaults={
            "assigned_by": manager,
            "has_conflict": False,
            "declared_at": now - datetime.timedelta(days=80),
            "submitted_at": now - datetime.timedelta(days=75),
        },
    )
    if not created:
        return
    for i, criterion in enumerate(application.challenge.criteria.all()):
        score = min(base + i % 2, 5)
        if disagree and i == 0:
            score = max(base - 2, 0)
        Score.objects.create(
            assignment=assignment,
            criterion=criterion,
            score=score,
            comment=f"{criterion.name}: a clear case, with some risks noted.",
        )


# --- the winner's pilot ---------------------------------------------------------------


def _pilot(application, founder, manager, programme) -> None:
    today = timezone.localdate()
    award = programme.testing_fund_pence
    pilot, created = Pilot.objects.get_or_create(
        application=application,
        defaults={
            "award_pence": award,
            "started_on": today - datetime.timedelta(days=30),
        },
    )
    if not created:
        return
    thirds = [award // 3, award // 3, award - 2 * (award // 3)]
    plan = [
        ("Recruit 50 older residents", -10, Milestone.Status.APPROVED),
        ("Run the service for three months", 60, Milestone.Status.SUBMITTED),
        ("Final evaluation with Camden", 150, Milestone.Status.PENDING),
    ]
    milestones = []
    for order, ((title, due, status), payment) in enumerate(
        zip(plan, thirds, strict=True)
    ):
        milestones.append(
            Milestone.objects.create(
                pilot=pilot,
                title=title,
                due_on=today + datetime.timedelta(days=due),
                payment_pence=payment,
                status=status,
                approved_by=manager if status == Milestone.Status.APPROVED else None,
                approved_at=timezone.now()
                if status == Milestone.Status.APPROVED
                else None,
                sort_order=order,
            )
        )
    ProgressReport.objects.create(
        pilot=pilot,
        milestone=milestones[0],
        author=founder,
        body="We have recruited 54 residents through two day centres.",
    )
    MentoringSession.objects.create(
        pilot=pilot,
        held_on=today - datetime.timedelta(days=14),
        mentor_name="Civic Innovation Partners: Jo Mentor",
        topics="Pricing the service for councils after the pilot.",
        logged_by=manager,
    )


# --- voting rounds, topics and supports ----------------------------------------------------


CLOSED_TOPICS = [
    (
        "Safer walking routes to school",
        "Lewisham",
        Topic.Status.TAKEN_FORWARD,
        "This became the 2019 challenge on school streets, set by two boroughs.",
    ),
    (
        "Less food waste from markets",
        "Hackney",
        Topic.Status.NOT_TAKEN_FORWARD,
        "Markets already run a food waste scheme with the boroughs; we are backing that instead.",
    ),
    ("Warmer homes for private renters", None, Topic.Status.PROPOSED, ""),
]
OPEN_TOPICS = [
    ("Cleaner air near schools", "Camden"),
    ("Help for carers to take a break", "Hackney"),
    ("Cheaper ways to heat older homes", None),
    ("Getting online in later life", "Lewisham"),
    ("Finding affordable childcare", "Newham"),
    ("Fewer empty shops on the high street", "Croydon"),
]


def _voting_rounds(people, now) -> None:
    proposers = [
        people[email] for email, _name, _borough, group in PEOPLE if group is None
    ]
    supporters = [
        _person(
            f"supporter{i + 1}@example.org", f"Demo Supporter {i + 1}", borough, None
        )
        for i, borough in enumerate(SUPPORTER_BOROUGHS)
    ]
    closed, _created = VotingRound.objects.get_or_create(
        slug="future-challenges-2019",
        defaults={
            "name": "Future challenges 2019",
            "description": "Which problems should the 2019 challenges take on?",
            "status": VotingRound.Status.CLOSED,
            "opened_at": now - datetime.timedelta(days=400),
            "closed_at": now - datetime.timedelta(days=340),
        },
    )
    closed_topics = [
        _topic(closed, title, borough, proposers[i], status, explanation)
        for i, (title, borough, status, explanation) in enumerate(CLOSED_TOPICS)
    ]
    # Only one round may be open: open ours only if none is.
    current = VotingRound.objects.filter(slug="future-challenges-2026").first()
    if current is None:
        has_open = VotingRound.objects.filter(status=VotingRound.Status.OPEN).exists()
        current = VotingRound.objects.create(
            slug="future-challenges-2026",
            name="Future challenges 2026",
            description="Tell us which problems the next challenges should take on.",
            status=VotingRound.Status.DRAFT if has_open else VotingRound.Status.OPEN,
            opened_at=None if has_open else now - datetime.timedelta(days=10),
        )
    open_topics = [
        _topic(current, title, borough, proposers[i % len(proposers)])
        for i, (title, borough) in enumerate(OPEN_TOPICS)
    ]
    # Each supporter backs up to five topics; the first topics get the most.
    for i, person in enumerate(supporters):
        for topic in open_topics[: 1 + i % MAX_ACTIVE_SUPPORTS]:
            Support.objects.get_or_create(topic=topic, user=person)
        for topic in closed_topics[: 1 + i % 3]:
            Support.objects.get_or_create(topic=topic, user=person)
    # A topic waiting for the next round.
    _topic(
        None, "Quieter streets at night", "Islington", people["resident@example.org"]
    )
    _recount(closed)
    _recount(current)


def _topic(
    voting_round, title, borough, proposer, status=Topic.Status.PROPOSED, explanation=""
):
    topic, _created = Topic.objects.get_or_create(
        title=title,
        proposed_by=proposer,
        defaults={
            "voting_round": voting_round,
            "problem": f"{title}: this matters to a lot of people where I live.",
            "who_it_affects": "Families, older people and anyone on a low income.",
            "borough": _borough(borough),
            "status": status,
            "explanation": explanation,
        },
    )
    return topic


def _recount(voting_round: VotingRound) -> None:
    """Make the denormalised counters equal the Support rows."""
    for topic in voting_round.topics.annotate(n=Count("supports")):
        if topic.support_count != topic.n:
            Topic.objects.filter(pk=topic.pk).update(support_count=topic.n)
    per_person = (
        Support.objects.filter(topic__voting_round=voting_round)
        .values("user")
        .annotate(n=Count("pk"))
    )
    for row in per_person:
        SupporterQuota.objects.update_or_create(
            voting_round=voting_round,
            user_id=row["user"],
            defaults={"active_supports": row["n"]},
        )
