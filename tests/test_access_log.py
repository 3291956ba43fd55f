"""Staff access to personal data is logged, and only superusers see the log."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from civic.access_log import is_personal_data_route, purge_access_log
from civic.models import PersonalDataAccess
from inclusion.tests.factories import ParticipantFactory
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant():
    return ParticipantFactory(full_name="Pat Participant")


def test_the_route_patterns_match_what_they_name():
    assert is_personal_data_route("inclusion:participant_detail")
    assert is_personal_data_route("talk_london_surveys:export_download")
    assert not is_personal_data_route("inclusion:site_list")
    assert not is_personal_data_route("crowdfund:project_detail")


def test_an_officer_opening_a_residents_record_is_logged(
    client, inclusion_officer, participant
):
    force_login_with_mfa(client, inclusion_officer)
    url = reverse(
        "inclusion:participant_detail", kwargs={"public_id": participant.public_id}
    )
    assert client.get(url).status_code == 200
    entry = PersonalDataAccess.objects.get()
    assert entry.user == inclusion_officer
    assert entry.user_label == inclusion_officer.email
    assert entry.kind == PersonalDataAccess.Kind.VIEWED
    assert entry.route == "inclusion:participant_detail"
    assert entry.path == url
    assert entry.status_code == 200


def test_a_download_is_logged_as_an_export(client, inclusion_officer):
    force_login_with_mfa(client, inclusion_officer)
    response = client.get(reverse("inclusion:evaluation_csv"))
    assert response.status_code == 200
    entry = PersonalDataAccess.objects.get()
    assert entry.kind == PersonalDataAccess.Kind.EXPORTED


def test_a_refused_request_is_not_logged(client, resident, participant):
    client.force_login(resident)
    url = reverse(
        "inclusion:participant_detail", kwargs={"public_id": participant.public_id}
    )
    assert client.get(url).status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_a_residents_own_pages_are_not_logged(client, resident):
    client.force_login(resident)
    assert client.get(reverse("inclusion:my_programme")).status_code == 200
    assert client.get(reverse("civic:account")).status_code == 200
    assert not PersonalDataAccess.objects.exists()


def test_the_log_survives_the_staff_account_being_deleted(
    client, inclusion_officer, participant
):
    force_login_with_mfa(client, inclusion_officer)
    client.get(
        reverse(
            "inclusion:participant_detail", kwargs={"public_id": participant.public_id}
        )
    )
    email = inclusion_officer.email
    inclusion_officer.delete()
    entry = PersonalDataAccess.objects.get()
    assert entry.user is None and entry.user_label == email


def _log(n, **kwargs):
    PersonalDataAccess.objects.bulk_create(
        PersonalDataAccess(
            user_label=f"staff{i}@example.com",
            kind=PersonalDataAccess.Kind.VIEWED,
            route="inclusion:participant_detail",
            path=f"/get-online/staff/residents/{i}/",
            status_code=200,
            **kwargs,
        )
        for i in range(n)
    )


def test_superusers_see_the_log_in_pages_with_a_fixed_number_of_queries(
    client, superuser, django_assert_max_num_queries
):
    _log(3)
    force_login_with_mfa(client, superuser)
    url = reverse("civic_access_log:index")
    response = client.get(url)
    assert response.status_code == 200
    assert b"staff2@example.com" in response.content
    _log(120)
    with django_assert_max_num_queries(20) as captured:
        response = client.get(url, {"p": 2})
    few = len(captured)
    with django_assert_max_num_queries(few):
        client.get(url, {"p": 3})
    assert b"Page 2 of 3" in client.get(url, {"p": 2}).content


def test_the_log_can_be_filtered_by_staff_member_and_kind(client, superuser):
    _log(3)
    force_login_with_mfa(client, superuser)
    url = reverse("civic_access_log:index")
    response = client.get(url, {"who": "staff1@"})
    assert b"staff1@example.com" in response.content
    assert b"staff2@example.com" not in response.content
    assert b"staff1" not in client.get(url, {"kind": "exported"}).content


@pytest.mark.parametrize(
    "persona", ["moderator", "inclusion_officer", "content_editor"]
)
def test_other_staff_cannot_see_the_log(client, persona, request):
    force_login_with_mfa(client, request.getfixturevalue(persona))
    assert client.get(reverse("civic_access_log:index")).status_code == 403


def test_residents_and_visitors_cannot_see_the_log(client, resident):
    url = reverse("civic_access_log:index")
    assert client.get(url).status_code == 302
    client.force_login(resident)
    assert client.get(url).status_code in (302, 403)
    assert client.get(url).status_code != 200


def test_the_retention_rule_deletes_only_old_entries(settings):
    settings.CIVIC_RETENTION_DAYS = {"access_log": 30}
    _log(2)
    old = PersonalDataAccess.objects.first()
    PersonalDataAccess.objects.filter(pk=old.pk).update(
        at=timezone.now() - datetime.timedelta(days=31)
    )
    assert purge_access_log(timezone.now()) == 1
    assert PersonalDataAccess.objects.count() == 1
    assert purge_access_log(timezone.now()) == 0
