from django.core.management.base import BaseCommand, CommandError

from civic.registry import registry
from civic.retention import period_days, run_retention


class Command(BaseCommand):
    help = (
        "Delete personal data past its retention period "
        "(settings.CIVIC_RETENTION_DAYS), as the nightly task does. "
        "Safe to run again: a second run finds nothing left to delete."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be deleted, and delete nothing.",
        )
        parser.add_argument(
            "--only",
            action="append",
            metavar="RULE",
            help="Run only this rule (repeatable). --list shows the rules.",
        )
        parser.add_argument(
            "--list",
            action="store_true",
            dest="show_list",
            help="List the rules and their periods.",
        )

    def handle(self, *args, dry_run=False, only=None, show_list=False, **options):
        if show_list:
            for name, rule in sorted(registry.retention_rules.items()):
                days = period_days(rule.period_setting)
                period = "kept (off)" if days is None else f"{days} days"
                self.stdout.write(
                    f"{name}: {period} [{rule.period_setting}] {rule.description}"
                )
            return
        try:
            results = run_retention(dry_run=dry_run, only=only)
        except KeyError as error:
            raise CommandError(error.args[0]) from error
        verb = "would delete" if dry_run else "deleted"
        for result in results:
            if result.error:
                self.stderr.write(f"{result.name}: FAILED {result.error}")
            elif result.skipped:
                self.stdout.write(f"{result.name}: skipped (period off)")
            else:
                self.stdout.write(f"{result.name}: {verb} {result.removed}")
        if any(result.error for result in results):
            raise CommandError("Some retention rules failed; see above.")
        total = sum(result.removed or 0 for result in results)
        self.stdout.write(self.style.SUCCESS(f"{verb.capitalize()} {total} in all."))
