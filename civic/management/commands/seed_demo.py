"""Demo data for a local copy of the portal: ``python manage.py seed_demo``.

Idempotent: it creates what is missing and puts the demo accounts back as
they were (same password, verified email, same groups), so running it twice
leaves the same rows. Feature apps add their own demo data through
``civic.registry.registry.register_demo_seeder``.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from civic import groups
from civic.models import Borough, Organisation, OrganisationMembership, User
from civic.registry import registry

# One obvious password for every demo account. Local demo only: the command
# refuses to run with DEBUG off unless forced.
DEMO_PASSWORD = "london-demo-password"  # noqa: S105


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    display_name: str
    borough: str
    group: str | None = None
    superuser: bool = False

    @property
    def is_staff_account(self) -> bool:
        return bool(self.group or self.superuser)


ACCOUNTS = [
    DemoAccount("Resident", "resident@example.org", "Rita Resident", "Lewisham"),
    DemoAccount(
        "Startup member", "startup@example.org", "Sam Startup", "Tower Hamlets"
    ),
    DemoAccount(
        "Moderator",
        "moderator@example.org",
        "Mo Moderator",
        "Camden",
        groups.MODERATORS,
    ),
    DemoAccount(
        "Crowdfund officer",
        "crowdfund@example.org",
        "Cara Crowdfund",
        "Southwark",
        groups.CROWDFUND_OFFICERS,
    ),
    DemoAccount(
        "Assessor", "assessor@example.org", "Asha Assessor", "Hackney", groups.ASSESSORS
    ),
    DemoAccount(
        "Inclusion officer",
        "inclusion@example.org",
        "Ines Inclusion",
        "Newham",
        groups.INCLUSION_OFFICERS,
    ),
    DemoAccount(
        "Programme manager",
        "programmes@example.org",
        "Priya Programmes",
        "Croydon",
        groups.PROGRAMME_MANAGERS,
    ),
    DemoAccount(
        "Challenge manager",
        "challenges@example.org",
        "Chidi Challenges",
        "Islington",
        groups.CHALLENGE_MANAGERS,
    ),
    DemoAccount(
        "Content editor",
        "editor@example.org",
        "Ed Editor",
        "Westminster",
        groups.CONTENT_EDITORS,
    ),
    DemoAccount(
        "Superuser", "admin@example.org", "Ada Admin", "City of London", superuser=True
    ),
]


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    type: str
    description: str
    borough: str
    company_number: str = ""
    charity_number: str = ""
    owner_email: str | None = None


ORGANISATIONS = [
    DemoOrganisation(
        slug="bow-civic-tech",
        name="Bow Civic Tech Ltd",
        type=Organisation.Type.STARTUP,
        description="A startup building tools for reporting broken street lights.",
        borough="Tower Hamlets",
        company_number="12345678",
        owner_email="startup@example.org",
    ),
    DemoOrganisation(
        slug="deptford-community-larder",
        name="Deptford Community Larder",
        type=Organisation.Type.CHARITY,
        description="A volunteer-run food larder and community kitchen in Deptford.",
        borough="Lewisham",
        charity_number="1123456",
        owner_email="resident@example.org",
    ),
    DemoOrganisation(
        slug="london-borough-of-camden",
        name="London Borough of Camden",
        type=Organisation.Type.PUBLIC_BODY,
        description="The local council for Camden.",
        borough="Camden",
    ),
]


class Command(BaseCommand):
    help = (
        "Load demo data (users for every role, organisations, CMS pages and each "
        "feature app's demo content) and print the demo logins. Local demo only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off. Never do this on a real site: the "
            "demo accounts share one published password.",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password, so it only "
                "runs with DEBUG=1. Use --force if you really mean it (never on a "
                "real site)."
            )
        # Hashed once: a strong hash is slow on purpose, and every account shares it.
        password_hash = make_password(DEMO_PASSWORD)
        with transaction.atomic():
            self._core_pages()
            users = {
                account.email: self._account(account, password_hash)
                for account in ACCOUNTS
            }
            for organisation in ORGANISATIONS:
                self._organisation(organisation, users)
        for name, seeder in registry.demo_seeders.items():
            self.stdout.write(f"Seeding {name} ...")
            with transaction.atomic():
                seeder(self.stdout)
        self._print_logins()

    def _core_pages(self) -> None:
        from civic.services.site import ensure_core_pages, ensure_editor_permissions

        ensure_core_pages()
        ensure_editor_permissions()

    def _account(self, account: DemoAccount, password_hash: str) -> User:
        user, _ = User.objects.update_or_create(
            email=account.email,
            defaults={
                "display_name": account.display_name,
                "borough": Borough.objects.get(name=account.borough),
                "password": password_hash,
                "is_staff": account.superuser,
                "is_superuser": account.superuser,
                "is_active": True,
                "suspended_at": None,
                "suspension_reason": "",
            },
        )
        EmailAddress.objects.update_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        if account.group:
            user.groups.add(Group.objects.get(name=account.group))
        return user

    def _organisation(self, demo: DemoOrganisation, users: dict[str, User]) -> None:
        organisation, _ = Organisation.objects.update_or_create(
            slug=demo.slug,
            defaults={
                "name": demo.name,
                "type": demo.type,
                "description": demo.description,
                "borough": Borough.objects.get(name=demo.borough),
                "company_number": demo.company_number,
                "charity_number": demo.charity_number,
            },
        )
        if demo.owner_email:
            OrganisationMembership.objects.update_or_create(
                organisation=organisation,
                user=users[demo.owner_email],
                defaults={"role": OrganisationMembership.Role.OWNER},
            )

    def _print_logins(self) -> None:
        out = self.stdout
        width = max(len(account.email) for account in ACCOUNTS)
        out.write("")
        out.write(
            self.style.SUCCESS(
                "Demo data loaded. Sign in at http://127.0.0.1:8000/accounts/login/"
            )
        )
        out.write("")
        out.write(f"  {'Role':<20} {'Email':<{width}}  Password")
        out.write(f"  {'-' * 20} {'-' * width}  {'-' * len(DEMO_PASSWORD)}")
        for account in ACCOUNTS:
            out.write(f"  {account.role:<20} {account.email:<{width}}  {DEMO_PASSWORD}")
        out.write("")
        out.write(
            "The password is for this local demo only. Staff accounts (every role "
            "except Resident and Startup member) must set up an authenticator app "
            "the first time they open /admin/."
        )
