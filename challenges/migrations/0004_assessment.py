"""Challenge managers assign assessors, decide applications and run pilots;
without this only superusers hold ``challenges.manage_applications``."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = ["manage_applications"]
GROUPS = ["Challenge managers"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("challenges")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    permissions = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="challenges", codename__in=PERMISSIONS
    )
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    permissions = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="challenges", codename__in=PERMISSIONS
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("challenges", "0003_topics"), ("civic", "0003_staff_groups")]
    operations = [migrations.RunPython(grant, revoke)]
