"""The loan rules PostgreSQL can hold that SQLite cannot, and the staff group.

- A device is never on two active loans or reservations whose periods
  overlap: an exclusion constraint over (device, [starts_on, due_on]).
- A first loan period is at most 28 days, an extension at most 14 more, and
  a loan at most 42 days in all: CHECKs with date arithmetic.

Inclusion officers run the lending desks, manage sites, devices, schemes and
courses in the Wagtail admin, and see the evaluation.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

from civic.db import PostgreSQLOnlySQL

GROUP = "Inclusion officers"
MANAGED = [
    "site",
    "openinghours",
    "device",
    "scheme",
    "course",
    "trainingsession",
    "confidencequestion",
]
PERMISSIONS = ["run_lending", "view_evaluation"] + [
    f"{action}_{model}"
    for model in MANAGED
    for action in ("add", "change", "delete", "view")
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("inclusion")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(
        *apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="inclusion", codename__in=PERMISSIONS
        )
    )


def revoke(apps, schema_editor):
    permissions = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="inclusion", codename__in=PERMISSIONS
    )
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("inclusion", "0001_initial"),
        ("civic", "0003_staff_groups"),
    ]

    operations = [
        BtreeGistExtension(),
        PostgreSQLOnlySQL(
            sql=[
                """
                ALTER TABLE inclusion_loan
                ADD CONSTRAINT inclusion_loan_device_never_double_booked
                EXCLUDE USING gist (
                    device_id WITH =,
                    daterange(starts_on, due_on, '[]') WITH &&
                ) WHERE (status IN ('reserved', 'on_loan'))
                """,
                """
                ALTER TABLE inclusion_loan
                ADD CONSTRAINT inclusion_loan_first_period_at_most_28_days
                CHECK (original_due_on <= starts_on + 28)
                """,
                """
                ALTER TABLE inclusion_loan
                ADD CONSTRAINT inclusion_loan_extension_at_most_14_days
                CHECK (due_on <= original_due_on + 14)
                """,
                """
                ALTER TABLE inclusion_loan
                ADD CONSTRAINT inclusion_loan_at_most_42_days
                CHECK (due_on <= starts_on + 42)
                """,
            ],
            reverse_sql=[
                "ALTER TABLE inclusion_loan DROP CONSTRAINT "
                "inclusion_loan_device_never_double_booked",
                "ALTER TABLE inclusion_loan DROP CONSTRAINT "
                "inclusion_loan_first_period_at_most_28_days",
                "ALTER TABLE inclusion_loan DROP CONSTRAINT "
                "inclusion_loan_extension_at_most_14_days",
                "ALTER TABLE inclusion_loan DROP CONSTRAINT "
                "inclusion_loan_at_most_42_days",
            ],
        ),
        migrations.RunPython(grant, revoke),
    ]
