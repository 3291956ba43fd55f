"""Challenge managers run the voting rounds for future-challenge topics and
publish decisions on topics; without this only superusers could."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    "add_votinground",
    "change_votinground",
    "view_votinground",
    "change_topic",
    "view_topic",
]
GROUP = "Challenge managers"


def grant(apps, schema_editor):
    app_config = apps.get_app_config("challenges")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(
        *apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="challenges", codename__in=PERMISSIONS
        )
    )


def revoke(apps, schema_editor):
    permissions = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="challenges", codename__in=PERMISSIONS
    )
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0002_applications"),
        ("civic", "0003_staff_groups"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
