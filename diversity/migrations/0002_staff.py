"""Programme managers run the Digital Talent Programme's dashboard and targets
and the Tech Talent Charter's years and pledge wordings. Pledge wordings are
added, never changed (a change is a new version), so there is no
change_pledgeversion permission to give."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Programme managers"
PERMISSIONS = [
    "view_programme_dashboard",
    "manage_charter",
    "add_programmetarget",
    "change_programmetarget",
    "view_programmetarget",
    "add_reportingyear",
    "change_reportingyear",
    "view_reportingyear",
    "add_pledge",
    "view_pledge",
    "add_pledgeversion",
    "view_pledgeversion",
    "view_signatory",
    "change_signatory",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("diversity")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(
        *apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="diversity", codename__in=PERMISSIONS
        )
    )


def revoke(apps, schema_editor):
    permissions = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="diversity", codename__in=PERMISSIONS
    )
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("diversity", "0001_initial"),
        ("civic", "0003_staff_groups"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
