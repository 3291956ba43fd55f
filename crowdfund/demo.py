"""Demo data for Crowdfund London: ``python manage.py seed_demo``.

A funding round with themes, two organisations and a project in every state
(draft, in review, live, funded, unfunded, delivering, completed), with cost
lines, needs and offers, updates, pledges with messages (some anonymous) and
City Hall pledges, among them "Colour in Romford": £27,000 from the crowd and
£11,000 from the Mayor.

Rows are created directly (the pledge services live in another area of the
app) but keep the same invariants: each project's totals are the sums of its
counted pledges, and the round's committed amount is the sum of its counted
City Hall pledges. Each backer pledges once per project, so "backers" means
the same whether it counts pledges or people.

Idempotent: a project whose slug exists is left alone, so running it twice
adds nothing.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.db.models import Sum
from django.utils import timezone

from civic.models import Borough, Organisation, User

from .models import (
    CityHallPledge,
    CostLine,
    FundingRound,
    Need,
    NeedOffer,
    Pledge,
    Project,
    ProjectImage,
    ProjectUpdate,
    TeamMember,
    Theme,
)

ROUND_SLUG = "crowdfund-london-2026"

THEMES = [
    ("green-spaces", "Green spaces"),
    ("arts-and-culture", "Arts and culture"),
    ("food", "Food"),
    ("play-and-sport", "Play and sport"),
    ("community-spaces", "Community spaces"),
]

_GROUP = Organisation.Type.CHARITY  # "Charity or community group"

ORGANISATIONS = [
    # slug, name, type, borough, charity number, company number
    (
        "romford-arts-collective",
        "Romford Arts Collective",
        Organisation.Type.CHARITY,
        "Havering",
        "1187654",
        "",
    ),
    (
        "canning-town-fridge-cic",
        "Canning Town Community Fridge CIC",
        # A community interest company: a community group with a company number
        # (civic's demo keeps to startup, charity and public body types).
        Organisation.Type.CHARITY,
        "Newham",
        "",
        "11223344",
    ),
    # Community groups without a charity or company number: the 360Giving file
    # publishes them under a local identifier.
    ("hackney-play-streets", "Hackney Play Streets", _GROUP, "Hackney", "", ""),
    ("friends-of-peckham-rye", "Friends of Peckham Rye", _GROUP, "Southwark", "", ""),
    ("tottenham-readers", "Tottenham Readers", _GROUP, "Haringey", "", ""),
    ("brixton-film-club", "Brixton Film Club", _GROUP, "Lambeth", "", ""),
    ("croydon-skaters", "Croydon Skaters Association", _GROUP, "Croydon", "", ""),
]

BACKER_NAMES = [
    "Amara Okafor",
    "Ben Hughes",
    "Chen Wei",
    "Dev Patel",
    "Ellie Murphy",
    "Fatima Rahman",
    "George Ashby",
    "Hana Kowalska",
    "Idris Bello",
    "Jo Lambert",
    "Kemi Adeyemi",
    "Liam O'Connor",
]


@dataclass
class DemoProject:
    slug: str
    title: str
    status: str
    borough: str
    theme: str
    summary: str
    description: str
    location: str
    costs: list[tuple[str, int]]
    creator: str = "resident@example.org"
    organisation: str = ""
    # Days from now: negative is in the past.
    live_days_ago: int | None = None
    deadline_in_days: int | None = None
    # (amount in pence, message, anonymous); every pledge from a different backer.
    pledges: list[tuple[int, str, bool]] = field(default_factory=list)
    pledge_status: str = Pledge.Status.CONFIRMED
    city_hall: tuple[int, str, str] | None = None  # amount, status, condition
    needs: list[tuple[str, str, int]] = field(default_factory=list)
    updates: list[tuple[str, str]] = field(default_factory=list)
    # A picture drawn here (no files to ship or fetch): palette name, alt text.
    image: tuple[str, str] | None = None


def _romford_pledges() -> list[tuple[int, str, bool]]:
    amounts = [
        500_000,
        500_000,
        500_000,
        400_000,
        300_000,
        250_000,
        150_000,
        50_000,
        25_000,
        25_000,
    ]  # £27,000
    messages = [
        "Romford deserves colour. Can't wait to see it.",
        "",
        "For my nan, who has lived on South Street for sixty years.",
        "",
        "Brilliant idea, well done everyone.",
        "",
        "Happy to help paint too!",
        "",
        "",
        "Good luck!",
    ]
    anonymous = [False, True, False, True, False, False, True, False, False, False]
    return list(zip(amounts, messages, anonymous, strict=True))


PROJECTS = [
    DemoProject(
        slug="tool-library-walthamstow",
        title="A tool library for Walthamstow",
        status=Project.Status.DRAFT,
        borough="Waltham Forest",
        theme="community-spaces",
        summary="Borrow a drill instead of buying one.",
        description="A lending library of tools, run by volunteers from a shop unit.",
        location="E17 7JN",
        costs=[("Shelving and tools", 350_000), ("Six months' rent", 600_000)],
    ),
    DemoProject(
        slug="hackney-play-streets-kit",
        title="Play streets kit for Hackney",
        status=Project.Status.IN_REVIEW,
        borough="Hackney",
        theme="play-and-sport",
        organisation="hackney-play-streets",
        summary="Road-closure signs, cones and games so any street can host a play day.",
        description="A shared kit that residents can book to run a play street.",
        location="Clapton",
        costs=[("Signs and barriers", 180_000), ("Games and chalk", 70_000)],
    ),
    DemoProject(
        slug="deptford-larder-kitchen",
        title="A kitchen for Deptford Community Larder",
        status=Project.Status.LIVE,
        borough="Lewisham",
        theme="food",
        organisation="deptford-community-larder",
        summary="A proper kitchen so the larder can cook hot meals five days a week.",
        description=(
            "Deptford Community Larder gives out food parcels three days a week. "
            "With a kitchen we can cook hot meals for 80 people a day, run "
            "cookery classes and cut food waste from local shops."
        ),
        location="Deptford High Street, SE8",
        costs=[
            ("Commercial oven and hob", 650_000),
            ("Sinks, worktops and installation", 900_000),
            ("Food hygiene training for volunteers", 150_000),
        ],
        live_days_ago=12,
        deadline_in_days=23,
        pledges=[
            (5_000, "Hot meals make all the difference.", False),
            (2_500, "", True),
            (10_000, "From the Tuesday volunteers.", False),
            (20_000, "", False),
            (3_000, "Keep going!", True),
        ],
        city_hall=(
            500_000,
            CityHallPledge.Status.ACTIVE,
            "Released once 25% of the target is raised from the crowd.",
        ),
        needs=[
            (Need.Kind.VOLUNTEERS, "Volunteers to cook on weekday lunchtimes", 10),
            (Need.Kind.SKILLS, "A qualified electrician to sign off the oven", 1),
        ],
        image=(
            "kitchen",
            "Illustration: a kitchen worktop with an oven and two pans.",
        ),
        updates=[
            ("We have a date for the builders", "Work starts on 2 March."),
            ("Thank you!", "We passed £400 in the first week."),
        ],
    ),
    DemoProject(
        slug="peckham-rye-pocket-orchard",
        title="Peckham Rye pocket orchard",
        status=Project.Status.LIVE,
        borough="Southwark",
        theme="green-spaces",
        organisation="friends-of-peckham-rye",
        summary="Twenty fruit trees on an unloved corner of the common.",
        description="We will plant apple, pear and plum trees that anyone can pick.",
        location="Peckham Rye, SE22",
        costs=[("Fruit trees and stakes", 240_000), ("Tools and compost", 60_000)],
        live_days_ago=40,
        deadline_in_days=3,
        pledges=[
            (50_000, "Apples for everyone!", False),
            (25_000, "", True),
            (10_000, "", False),
        ],
        needs=[(Need.Kind.EQUIPMENT, "Spades and wheelbarrows for planting day", 6)],
        image=(
            "orchard",
            "Illustration: a row of round green fruit trees on a grassy slope.",
        ),
    ),
    DemoProject(
        slug="tottenham-reading-benches",
        title="Reading benches for Tottenham",
        status=Project.Status.LIVE,
        borough="Haringey",
        theme="arts-and-culture",
        organisation="tottenham-readers",
        summary="Benches painted by local artists, each with a little free library.",
        description="Five benches along the High Road, each a shelf of free books.",
        location="Tottenham High Road, N17",
        costs=[("Benches", 400_000), ("Artists' fees", 250_000)],
        live_days_ago=5,
        deadline_in_days=40,
        pledges=[(2_000, "", False)],
    ),
    DemoProject(
        slug="colour-in-romford",
        title="Colour in Romford",
        status=Project.Status.FUNDED,
        borough="Havering",
        theme="arts-and-culture",
        organisation="romford-arts-collective",
        summary="Murals and painted shopfronts to bring colour back to the market town.",
        description=(
            "Local artists and young people will design and paint murals on "
            "eight walls and shutters around Romford Market, with the traders."
        ),
        location="Romford Market, RM1",
        costs=[
            ("Artists' fees", 1_800_000),
            ("Paint, scaffolding and access equipment", 1_400_000),
            ("Workshops with young people", 600_000),
        ],
        live_days_ago=70,
        deadline_in_days=-10,
        pledges=_romford_pledges(),
        pledge_status=Pledge.Status.COLLECTED,
        city_hall=(
            1_100_000,
            CityHallPledge.Status.PAID,
            "Released once 25% of the target is raised from the crowd.",
        ),
        updates=[("We did it!", "Thank you to all 10 backers and the Mayor.")],
        image=(
            "colour",
            "Illustration: bands of bright pink, yellow, blue and green, like "
            "a painted wall.",
        ),
    ),
    DemoProject(
        slug="brixton-rooftop-cinema",
        title="Brixton rooftop cinema",
        status=Project.Status.UNFUNDED,
        borough="Lambeth",
        theme="arts-and-culture",
        organisation="brixton-film-club",
        summary="Free summer films on a car-park roof.",
        description="A screen, a projector and deckchairs for ten free screenings.",
        location="Brixton, SW2",
        costs=[("Screen and projector", 900_000), ("Licences", 300_000)],
        live_days_ago=90,
        deadline_in_days=-30,
        pledges=[(5_000, "Shame it didn't work out.", False), (2_000, "", True)],
        pledge_status=Pledge.Status.RELEASED,
    ),
    DemoProject(
        slug="canning-town-community-fridge",
        title="Canning Town community fridge",
        status=Project.Status.DELIVERING,
        borough="Newham",
        theme="food",
        organisation="canning-town-fridge-cic",
        summary="A public fridge where shops and neighbours share surplus food.",
        description="Two fridges in the community centre, open every day.",
        location="Canning Town, E16",
        costs=[("Two commercial fridges", 300_000), ("Signs and cleaning kit", 50_000)],
        live_days_ago=100,
        deadline_in_days=-60,
        pledges=[
            (100_000, "So much food goes to waste. Great idea.", False),
            (150_000, "", True),
            (100_000, "From the Rathbone Market traders.", False),
        ],
        pledge_status=Pledge.Status.COLLECTED,
        needs=[(Need.Kind.VOLUNTEERS, "Volunteers to check the fridge each day", 7)],
        updates=[
            ("The fridges have arrived", "They go in next week."),
            ("Open!", "The fridge is open every day from 9am to 7pm."),
        ],
    ),
    DemoProject(
        slug="croydon-skate-park-murals",
        title="Croydon skate park murals",
        status=Project.Status.COMPLETED,
        borough="Croydon",
        theme="play-and-sport",
        organisation="croydon-skaters",
        summary="Young skaters designed and painted murals for their skate park.",
        description="Workshops with young people, then a week of painting.",
        location="Wandle Park, CR0",
        costs=[("Paint and materials", 120_000), ("Artist", 180_000)],
        live_days_ago=300,
        deadline_in_days=-260,
        pledges=[
            (150_000, "Looks amazing.", False),
            (150_000, "", False),
        ],
        pledge_status=Pledge.Status.COLLECTED,
        updates=[("Finished", "Come and see the murals at Wandle Park.")],
    ),
]


def demo_image(kind: str) -> ContentFile:
    """A simple 1200 x 630 picture (the size link previews use), drawn with
    Pillow so the demo needs no image files or network."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 630), "#f3f2f1")
    draw = ImageDraw.Draw(image)
    if kind == "colour":
        for i, colour in enumerate(["#d4006a", "#ffdd00", "#1d70b8", "#00703c"]):
            draw.rectangle([i * 300, 0, i * 300 + 299, 630], fill=colour)
        for i in range(6):
            draw.ellipse([80 + i * 180, 220, 220 + i * 180, 360], fill="#ffffff")
    elif kind == "orchard":
        draw.rectangle([0, 420, 1200, 630], fill="#85994b")
        for i in range(5):
            x = 120 + i * 220
            draw.rectangle([x + 45, 300, x + 75, 460], fill="#6f4e37")
            draw.ellipse([x - 20, 140, x + 140, 320], fill="#00703c")
    else:  # kitchen
        draw.rectangle([0, 380, 1200, 630], fill="#505a5f")
        draw.rectangle([450, 380, 750, 620], fill="#0b0c0c")
        draw.rectangle([480, 420, 720, 580], fill="#b1b4b6")
        draw.ellipse([300, 320, 440, 380], fill="#1d70b8")
        draw.ellipse([760, 320, 900, 380], fill="#d4351c")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=f"demo-{kind}.png")


def _user(email: str, name: str) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"display_name": name}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return user


def _round(now) -> FundingRound:
    funding_round, _ = FundingRound.objects.get_or_create(
        slug=ROUND_SLUG,
        defaults={
            "name": "Crowdfund London 2026",
            "ideas_open_at": now - timedelta(days=400),
            "ideas_close_at": now + timedelta(days=60),
            "campaigns_open_at": now - timedelta(days=400),
            "campaigns_close_at": now + timedelta(days=200),
            "budget_pence": 100_000_000,  # £1,000,000
            "eligibility": (
                "Community groups, charities and social enterprises delivering "
                "a project in a London borough."
            ),
        },
    )
    for slug, name in THEMES:
        theme, _ = Theme.objects.get_or_create(slug=slug, defaults={"name": name})
        funding_round.themes.add(theme)
    return funding_round


def _organisation(slug, name, kind, borough, charity_number, company_number):
    organisation, _ = Organisation.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "type": kind,
            "borough": Borough.objects.get(name=borough),
            "charity_number": charity_number,
            "company_number": company_number,
        },
    )
    return organisation


def _project(
    demo: DemoProject, funding_round, backers, officer, now, *, with_images: bool
) -> Project:
    creator = _user(demo.creator, "Rita Resident")
    live_at = deadline = None
    target = sum(amount for _, amount in demo.costs)
    if demo.live_days_ago is not None:
        live_at = now - timedelta(days=demo.live_days_ago)
        deadline = now + timedelta(days=demo.deadline_in_days)
    has_campaign = live_at is not None
    project = Project.objects.create(
        funding_round=funding_round,
        slug=demo.slug,
        title=demo.title,
        summary=demo.summary,
        description=demo.description,
        borough=Borough.objects.get(name=demo.borough),
        location=demo.location,
        theme=Theme.objects.get(slug=demo.theme),
        organisation=(
            Organisation.objects.filter(slug=demo.organisation).first()
            if demo.organisation
            else None
        ),
        created_by=creator,
        needs_permission=False,
        has_insurance=True,
        insurance_details="Public liability cover of £5m.",
        status=demo.status,
        campaign_days=min(max((deadline - live_at).days, 1), 60)
        if has_campaign
        else 60,
        target_pence=target if demo.status != Project.Status.DRAFT else 0,
        submitted_at=(now - timedelta(days=(demo.live_days_ago or 0) + 7))
        if demo.status != Project.Status.DRAFT
        else None,
        live_at=live_at,
        deadline=deadline,
        closed_at=deadline if has_campaign and deadline < now else None,
        completed_at=now - timedelta(days=20)
        if demo.status == Project.Status.COMPLETED
        else None,
    )
    TeamMember.objects.create(
        project=project, user=creator, role=TeamMember.Role.CREATOR
    )
    for i, (item, amount) in enumerate(demo.costs):
        CostLine.objects.create(
            project=project, item=item, amount_pence=amount, sort_order=i
        )
    for i, (amount, message, anonymous) in enumerate(demo.pledges):
        settled = demo.pledge_status in (
            Pledge.Status.COLLECTED,
            Pledge.Status.RELEASED,
        )
        Pledge.objects.create(
            project=project,
            backer=backers[i],
            amount_pence=amount,
            is_anonymous=anonymous,
            message=message,
            status=demo.pledge_status,
            idempotency_key=uuid.uuid4(),
            payment_reference=f"demo-auth-{demo.slug}-{i}",
            capture_reference=f"demo-capture-{demo.slug}-{i}"
            if demo.pledge_status == Pledge.Status.COLLECTED
            else "",
            confirmed_at=live_at + timedelta(days=1) if live_at else now,
            settled_at=deadline if settled else None,
        )
    if demo.city_hall:
        amount, status, condition = demo.city_hall
        city_hall_pledge = CityHallPledge.objects.create(
            project=project,
            funding_round=funding_round,
            amount_pence=amount,
            condition=condition,
            min_crowd_percent=25,
            status=status,
            pledged_by=officer,
            settled_at=deadline if status == CityHallPledge.Status.PAID else None,
        )
        # City Hall pledges only to live campaigns, and the date is the award
        # date in the 360Giving file: the day after the campaign went live.
        CityHallPledge.objects.filter(pk=city_hall_pledge.pk).update(
            created_at=live_at + timedelta(days=1)
        )
    for i, (kind, description, quantity) in enumerate(demo.needs):
        need = Need.objects.create(
            project=project,
            kind=kind,
            description=description,
            quantity=quantity,
            sort_order=i,
        )
        NeedOffer.objects.create(
            need=need,
            user=backers[-1 - i],
            message="I can help on Saturdays.",
        )
    if demo.image and with_images:
        kind, alt_text = demo.image
        ProjectImage.objects.create(
            project=project, image=demo_image(kind), alt_text=alt_text
        )
    for title, body in demo.updates:
        ProjectUpdate.objects.create(
            project=project, author=creator, title=title, body=body
        )
    return project


def recount(project: Project) -> None:
    """Totals from the rows, as the pledge services keep them."""
    crowd = project.pledges.filter(status__in=Pledge.COUNTED).aggregate(
        total=Sum("amount_pence")
    )["total"]
    city_hall = project.city_hall_pledges.filter(
        status__in=CityHallPledge.COUNTED
    ).aggregate(total=Sum("amount_pence"))["total"]
    Project.objects.filter(pk=project.pk).update(
        crowd_pence=crowd or 0,
        city_hall_pence=city_hall or 0,
        backer_count=project.pledges.filter(status__in=Pledge.COUNTED).count(),
    )


def recount_round(funding_round: FundingRound) -> None:
    committed = funding_round.city_hall_pledges.filter(
        status__in=CityHallPledge.COUNTED
    ).aggregate(total=Sum("amount_pence"))["total"]
    FundingRound.objects.filter(pk=funding_round.pk).update(
        committed_pence=committed or 0
    )


def seed(stdout=None, *, with_images: bool = True) -> None:
    """``with_images=False`` skips the pictures (for tests whose server does
    not serve uploaded media)."""
    now = timezone.now()
    funding_round = _round(now)
    for organisation in ORGANISATIONS:
        _organisation(*organisation)
    backers = [
        _user(f"backer{i + 1}@example.org", name) for i, name in enumerate(BACKER_NAMES)
    ]
    officer = _user("crowdfund@example.org", "Cara Crowdfund")
    created = 0
    for demo in PROJECTS:
        if Project.objects.filter(slug=demo.slug).exists():
            continue
        project = _project(
            demo, funding_round, backers, officer, now, with_images=with_images
        )
        recount(project)
        created += 1
    recount_round(funding_round)
    if stdout is not None:
        stdout.write(f"  Crowdfund London: {created} demo projects added.")
