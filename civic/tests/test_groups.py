"""Staff groups come from migration 0003 with the permissions they need."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from civic import groups

pytestmark = pytest.mark.django_db


def perms(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.mark.parametrize("name", groups.STAFF_GROUPS)
def test_each_staff_group_exists_and_may_use_the_admin(name):
    assert "wagtailadmin.access_admin" in perms(name)


def test_there_are_seven_staff_groups():
    assert len(groups.STAFF_GROUPS) == 7
    assert Group.objects.filter(name__in=groups.STAFF_GROUPS).count() == 7


def test_moderators_may_moderate_and_suspend():
    assert {"civic.moderate_content", "civic.suspend_user"} <= perms(groups.MODERATORS)


@pytest.mark.parametrize(
    "name", [name for name in groups.STAFF_GROUPS if name != groups.MODERATORS]
)
def test_only_moderators_may_moderate(name):
    assert "civic.moderate_content" not in perms(name)
    assert "civic.suspend_user" not in perms(name)


def test_wagtails_default_editors_group_is_gone():
    assert not Group.objects.filter(name="Editors").exists()


def test_moderators_have_no_page_or_collection_permissions():
    moderators = Group.objects.get(name=groups.MODERATORS)

    assert not GroupPagePermission.objects.filter(group=moderators).exists()
    assert not GroupCollectionPermission.objects.filter(group=moderators).exists()


def test_content_editors_may_manage_images_and_documents():
    assert {
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    } <= perms(groups.CONTENT_EDITORS)


def test_persona_fixtures_belong_to_their_groups(moderator, content_editor):
    assert moderator.groups.filter(name=groups.MODERATORS).exists()
    assert content_editor.groups.filter(name=groups.CONTENT_EDITORS).exists()
    assert moderator.has_perm("civic.moderate_content")
    assert not content_editor.has_perm("civic.moderate_content")
