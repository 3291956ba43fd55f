from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_GROUPS = [
    "Moderators",
    "Crowdfund officers",
    "Challenge managers",
    "Assessors",
    "Inclusion officers",
    "Programme managers",
    "Content editors",
]
CORE_PERMISSIONS = {
    "Moderators": [("civic", "moderate_content"), ("civic", "suspend_user")],
    "Content editors": [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # Wagtail's first migration makes "Editors" and "Moderators" groups that may
    # publish any page. Our Moderators moderate people's content, not CMS pages,
    # and page rights belong to Content editors, so those defaults go.
    apps.get_model("wagtailcore", "GroupPagePermission").objects.filter(
        group__name__in=["Editors", "Moderators"]
    ).delete()
    apps.get_model("wagtailcore", "GroupCollectionPermission").objects.filter(
        group__name__in=["Editors", "Moderators"]
    ).delete()
    Group.objects.filter(name="Editors").delete()
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for name in STAFF_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for app_label, codename in CORE_PERMISSIONS.get(name, []):
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=STAFF_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("civic", "0002_load_boroughs"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
