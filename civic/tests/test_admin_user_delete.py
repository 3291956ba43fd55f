"""Deleting someone else's account from the Wagtail admin's Users screen (a
request made by phone, letter or email) runs the portal's account deletion:
every app erases its part, the same refusals apply, the audit log names the
member of staff. Wagtail's own Delete removed the user row and nothing else."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from civic.models import OutboxEmail, User
from civic.tests.factories import UserFactory
from talk_london.models import AboutYou
from talk_london.tests.factories import AboutYouFactory
from tests.data_rights import find_in_database, personal_strings
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db


def _person(email: str, name: str) -> User:
    user = UserFactory(email=email, display_name=name)
    AboutYouFactory(user=user)
    OutboxEmail.objects.create(to=[email], subject=f"Hello {name}", body=f"Dear {name}")
    return user


def _blocked(email: str) -> User:
    """Someone running a live campaign alone that holds another's pledge."""
    from crowdfund.tests.factories import LiveProjectFactory, pledge_counted

    user = UserFactory(email=email)
    live = LiveProjectFactory(created_by=user, title="Nunhead orchard")
    pledge_counted(project=live, backer=UserFactory())
    return user


@pytest.fixture
def admin(client, superuser):
    force_login_with_mfa(client, superuser)
    return client


def test_the_confirm_page_says_what_deleting_does(admin):
    person = _person("rosa.reader@example.org", "Rosa Readerton")
    page = admin.get(reverse("wagtailusers_users:delete", args=[person.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "erases their personal data in every part of the portal" in html
    assert "Yes, delete the account and its personal data" in html


def test_deleting_from_the_users_screen_erases_the_persons_data(admin, superuser):
    person = _person("rosa.reader@example.org", "Rosa Readerton")
    strings = personal_strings(person)
    assert find_in_database(strings)
    response = admin.post(reverse("wagtailusers_users:delete", args=[person.pk]))
    assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()
    assert not AboutYou.objects.filter(user_id=person.pk).exists()
    hits = find_in_database(strings)
    assert not hits, "\n".join(str(hit) for hit in hits)
    entry = ModelLogEntry.objects.get(action="civic.account_delete")
    assert entry.user_id == superuser.pk
    assert entry.data == {"by_owner": False}


def test_an_account_that_cannot_go_yet_is_explained_and_kept(admin):
    person = _blocked("olu.organiser@example.org")
    url = reverse("wagtailusers_users:delete", args=[person.pk])
    html = admin.get(url).content.decode()
    assert "cannot be deleted yet" in html
    assert "Nunhead orchard" in html
    assert "Yes, delete" not in html
    response = admin.post(url, follow=True)
    assert "Nunhead orchard" in response.content.decode()
    assert User.objects.filter(pk=person.pk).exists()


def _bulk_url(*people) -> str:
    ids = "&".join(f"id={p.pk}" for p in people)
    base = reverse("wagtail_bulk_action", args=["civic", "user", "delete"])
    return f"{base}?{ids}&next=/admin/users/"


def test_deleting_several_from_the_list_erases_each(admin, superuser):
    one = _person("rosa.reader@example.org", "Rosa Readerton")
    two = _person("sam.second@example.org", "Samira Secondly")
    strings = personal_strings(one) + personal_strings(two)
    assert admin.get(_bulk_url(one, two)).status_code == 200
    response = admin.post(_bulk_url(one, two), follow=True)
    assert "2 accounts and their personal data have been deleted" in (
        response.content.decode()
    )
    assert not User.objects.filter(pk__in=[one.pk, two.pk]).exists()
    hits = find_in_database(strings)
    assert not hits, "\n".join(str(hit) for hit in hits)
    assert (
        ModelLogEntry.objects.filter(
            action="civic.account_delete", user_id=superuser.pk
        ).count()
        == 2
    )


def test_several_with_one_that_cannot_go_yet_deletes_none(admin):
    fine = _person("rosa.reader@example.org", "Rosa Readerton")
    blocked = _blocked("olu.organiser@example.org")
    response = admin.post(_bulk_url(fine, blocked), follow=True)
    html = response.content.decode()
    assert "olu.organiser@example.org cannot be deleted yet" in html
    assert "Nunhead orchard" in html
    assert User.objects.filter(pk__in=[fine.pk, blocked.pk]).count() == 2
    assert OutboxEmail.objects.filter(subject="Hello Rosa Readerton").exists()


def test_other_staff_cannot_delete_accounts(client, moderator):
    person = _person("rosa.reader@example.org", "Rosa Readerton")
    force_login_with_mfa(client, moderator)
    url = reverse("wagtailusers_users:delete", args=[person.pk])
    assert client.get(url).status_code in (302, 403)
    client.post(url)
    client.post(_bulk_url(person))
    assert User.objects.filter(pk=person.pk).exists()
