"""Criteria are edited inline with their challenge in the Wagtail admin
(ParentalKey), and Challenge managers get the admin rights they need."""

import django.db.models.deletion
import modelcluster.fields
from django.contrib.auth.management import create_permissions
from django.db import migrations

CHALLENGE_MANAGERS = "Challenge managers"
MANAGER_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("theme", "programme", "challenge")
    for action in ("add", "change", "delete", "view")
] + ["manage_applications"]


def grant_manager_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist.
    app_config = apps.get_app_config("challenges")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=CHALLENGE_MANAGERS)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="challenges", codename__in=MANAGER_PERMISSIONS
        ),
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ),
    )


def revoke_manager_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=CHALLENGE_MANAGERS).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="challenges",
                codename__in=MANAGER_PERMISSIONS,
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0001_initial"),
        ("civic", "0003_staff_groups"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name="criterion",
            name="challenge",
            field=modelcluster.fields.ParentalKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="criteria",
                to="challenges.challenge",
            ),
        ),
        migrations.RunPython(grant_manager_permissions, revoke_manager_permissions),
    ]
