"""Discussion topics are run by Talk London's programme managers and the
content editors who write their introductions; without this only superusers
could create them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TOPIC_PERMISSIONS = ["add_topic", "change_topic", "delete_topic", "view_topic"]
GROUPS = ["Programme managers", "Content editors"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("talk_london")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    permissions = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="talk_london", codename__in=TOPIC_PERMISSIONS
    )
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    permissions = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="talk_london", codename__in=TOPIC_PERMISSIONS
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("talk_london", "0004_discussions")]
    operations = [migrations.RunPython(grant, revoke)]
