"""Crowdfund officers run funding rounds and themes, review projects and
pledge City Hall money; without this only superusers could."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Crowdfund officers"
PERMISSIONS = [
    ("crowdfund", "add_fundinground"),
    ("crowdfund", "change_fundinground"),
    ("crowdfund", "delete_fundinground"),
    ("crowdfund", "view_fundinground"),
    ("crowdfund", "add_theme"),
    ("crowdfund", "change_theme"),
    ("crowdfund", "delete_theme"),
    ("crowdfund", "view_theme"),
    ("crowdfund", "review_project"),
    ("crowdfund", "pledge_city_hall"),
    ("wagtailadmin", "access_admin"),
]


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in PERMISSIONS
    ]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations. (access_admin
    # exists already: civic's 0003 made it.)
    app_config = apps.get_app_config("crowdfund")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group is not None:
        # access_admin came with the group (civic 0003); keep it.
        group.permissions.remove(*_permissions(apps)[:-1])


class Migration(migrations.Migration):
    dependencies = [
        ("crowdfund", "0001_initial"),
        ("civic", "0003_staff_groups"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
