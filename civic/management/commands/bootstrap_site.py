from django.core.management.base import BaseCommand

from civic.services.site import ensure_core_pages, ensure_editor_permissions


class Command(BaseCommand):
    help = (
        "Create the CMS pages every copy of the portal needs (home, accessibility, "
        "privacy, cookies, contact) and give Content editors their page rights. "
        "Safe to run again: it only adds what is missing."
    )

    def handle(self, *args, **options):
        pages = ensure_core_pages()
        permissions = ensure_editor_permissions()
        for line in [*pages.created, *permissions.created]:
            self.stdout.write(f"Created {line}")
        for line in [*pages.changed, *permissions.changed]:
            self.stdout.write(f"Changed: {line}")
        if not (pages.did_anything or permissions.did_anything):
            self.stdout.write("Site already set up; nothing to do.")
        else:
            self.stdout.write(self.style.SUCCESS("Site set up."))
