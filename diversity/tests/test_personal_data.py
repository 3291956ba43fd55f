"""Tech talent's part of "Download my data" and "Delete my account": an
applicant with applications, outcomes and equality answers, who also signed
their employer up to the charter and submitted its figures. After erase and
deleting the user nothing names them, their equality answers are gone, and
the programme's figures (starts, completions, outcomes) are unchanged."""

import datetime
import json

import pytest
from django.utils import timezone

from civic.equality import EthnicGroup, Sex
from civic.registry import registry
from civic.retention import run_retention
from civic.tests.factories import UserFactory
from diversity import personal_data
from diversity.models import Application, Cohort, EqualityMonitoring, Outcome
from diversity.selectors_programme import _measures, programme_dashboard
from diversity.tests.factories import (
    ApplicationFactory,
    CohortFactory,
    SignatoryFactory,
    SubmissionFactory,
)
from tests.data_rights import find_in_database, personal_strings

NAME = "Amara Nwosu-Kent"
EMAIL = "amara.nk@example.com"
POSTCODE = "E5 0QQ"


def _monitoring(application, sex=Sex.FEMALE, ethnic_group=EthnicGroup.BLACK):
    return EqualityMonitoring.objects.create(
        application=application,
        consent_given_at=timezone.now(),
        sex=sex,
        ethnic_group=ethnic_group,
        disability="no",
    )


@pytest.fixture
def staff(db):
    return UserFactory(email="provider@example.com", display_name="Pru Provider")


@pytest.fixture
def person(db):
    return UserFactory(email=EMAIL, display_name="Amara NK")


@pytest.fixture
def activity(person, staff):
    today = timezone.localdate()
    started = CohortFactory(
        starts_on=today - datetime.timedelta(days=200),
        applications_close_on=today - datetime.timedelta(days=214),
        accepted_count=1,
    )
    finished = ApplicationFactory(
        cohort=started,
        applicant=person,
        full_name=NAME,
        postcode=POSTCODE,
        why=f"I am {NAME} and I love data.",
        status=Application.Status.ACCEPTED,
        decided_by=staff,
        completion=Application.Completion.COMPLETED,
    )
    _monitoring(finished)
    Outcome.objects.create(
        application=finished, months_after=3, kind="job", recorded_by=staff
    )
    future = CohortFactory(accepted_count=1)
    place = ApplicationFactory(
        cohort=future,
        applicant=person,
        full_name=NAME,
        postcode=POSTCODE,
        status=Application.Status.ACCEPTED,
    )
    _monitoring(place)
    waiting = ApplicationFactory(applicant=person, full_name=NAME, postcode=POSTCODE)
    # Their employer on the charter: they signed it up, are its contact and
    # submitted its figures.
    signatory = SignatoryFactory(
        signed_by=person, contact_name=NAME, contact_email=EMAIL
    )
    SubmissionFactory(signatory=signatory, submitted_by=person)
    # Someone else on the same cohort, with their own answers.
    other = ApplicationFactory(
        cohort=started,
        full_name="Omar Other",
        status=Application.Status.ACCEPTED,
    )
    _monitoring(other, sex=Sex.MALE, ethnic_group=EthnicGroup.WHITE)
    return {
        "finished": finished,
        "place": place,
        "waiting": waiting,
        "signatory": signatory,
        "other": other,
    }


CIVIC_SECTION = "Your account"


def _delete_account(user):
    """What civic.services.privacy.account_delete does: this app's erase,
    then civic's own (emails waiting in the outbox, audit entries), then the
    user. (Not the service itself: it refuses staff accounts, and some of
    these people are assessors.)"""
    registry.personal_data[personal_data.SECTION].erase(user)
    registry.personal_data[CIVIC_SECTION].erase(user)
    user.delete()


def test_the_section_and_rule_are_registered():
    assert registry.personal_data["Tech talent"].erase is personal_data.erase
    assert "talent_equality_monitoring" in registry.retention_rules


def test_after_deleting_the_account_nothing_names_them(person, activity):
    strings = personal_strings(person, NAME, POSTCODE)

    _delete_account(person)

    assert find_in_database(strings) == []


def test_equality_answers_are_deleted_and_others_kept(person, activity):
    _delete_account(person)

    assert list(EqualityMonitoring.objects.values_list("application", flat=True)) == [
        activity["other"].pk
    ]


def _figures():
    """The dashboard's measures before suppression (small numbers would be
    hidden on the page, and hidden figures compare equal)."""
    return Application.objects.aggregate(**_measures(timezone.localdate()))


def test_programme_figures_are_unchanged_but_for_the_equality_answers(person, activity):
    before = _figures()
    outcomes_before = programme_dashboard(year=None).outcomes

    _delete_account(person)

    after = _figures()
    assert before["starts"] == 2 and before["completions"] == 1
    for name in ("applicants", "starts", "completions"):
        assert after[name] == before[name], name
    assert programme_dashboard(year=None).outcomes == outcomes_before
    # Her answers are gone: the shares are computed without her.
    assert (before["women"], before["sex_known"]) == (1, 2)
    assert (after["women"], after["sex_known"]) == (0, 1)


def test_the_finished_application_stays_anonymised(person, activity):
    _delete_account(person)

    kept = Application.objects.get(pk=activity["finished"].pk)
    assert kept.applicant is None
    assert (kept.full_name, kept.postcode, kept.why) == ("", "", "")
    assert kept.date_of_birth.month == 7 and kept.date_of_birth.day == 1
    assert kept.status == Application.Status.ACCEPTED
    assert kept.completion == Application.Completion.COMPLETED
    assert kept.outcomes.count() == 1


def test_open_applications_are_withdrawn_and_places_freed(person, activity):
    _delete_account(person)

    place = Application.objects.get(pk=activity["place"].pk)
    assert place.status == Application.Status.WITHDRAWN
    assert Cohort.objects.get(pk=place.cohort_id).accepted_count == 0
    waiting = Application.objects.get(pk=activity["waiting"].pk)
    assert waiting.status == Application.Status.WITHDRAWN
    # The started cohort keeps her start.
    started = Application.objects.get(pk=activity["finished"].pk).cohort
    assert started.accepted_count == 1


def test_the_charter_record_stays_without_them(person, activity):
    _delete_account(person)

    signatory = type(activity["signatory"]).objects.get(pk=activity["signatory"].pk)
    assert signatory.signed_by is None
    assert (signatory.contact_name, signatory.contact_email) == ("[removed]", "")
    assert signatory.sponsor_name == "Sam Sponsor"
    submission = signatory.submissions.get()
    assert submission.submitted_by is None and submission.tech_headcount == 100


def test_a_member_of_provider_staff_can_delete_their_account(person, activity, staff):
    strings = personal_strings(staff)

    _delete_account(staff)

    kept = Application.objects.get(pk=activity["finished"].pk)
    assert kept.decided_by is None
    assert kept.outcomes.get().recorded_by is None
    assert find_in_database(strings) == []


def test_export_holds_their_data_and_nobody_elses(person, activity):
    data = personal_data.export(person)

    applications = data["Your Digital Talent applications"]
    assert len(applications) == 3
    assert {a["full name"] for a in applications} == {NAME}
    finished = next(a for a in applications if a["completion"])
    assert finished["outcomes"] == [
        {"months after": 3, "doing": "In a job", "in a tech role": False}
    ]
    answers = data["Your equality monitoring answers"]
    assert len(answers) == 2
    assert answers[0]["sex"] == "Female"
    assert (
        data["Tech Talent Charter: organisations you signed up"][0]["contact's email"]
        == EMAIL
    )
    assert len(data["Tech Talent Charter: figures you submitted"]) == 1
    text = json.dumps(data)
    assert "Omar Other" not in text and "White" not in text


def test_export_for_someone_with_no_activity_is_empty(db):
    data = personal_data.export(UserFactory())
    assert all(rows == [] for rows in data.values())


# --- Retention -------------------------------------------------------------------


def test_equality_answers_go_three_years_after_the_cohort_started(db):
    today = timezone.localdate()

    def answered(days_ago: int):
        cohort = CohortFactory(
            starts_on=today - datetime.timedelta(days=days_ago),
            applications_close_on=today - datetime.timedelta(days=days_ago + 14),
        )
        return _monitoring(ApplicationFactory(cohort=cohort))

    old, recent = answered(1096), answered(1000)

    results = {r.name: r for r in run_retention(only=["talent_equality_monitoring"])}
    assert results["talent_equality_monitoring"].removed == 1
    again = {r.name: r for r in run_retention(only=["talent_equality_monitoring"])}
    assert again["talent_equality_monitoring"].removed == 0

    remaining = set(EqualityMonitoring.objects.values_list("pk", flat=True))
    assert old.pk not in remaining and recent.pk in remaining
    # The application itself stays.
    assert Application.objects.count() == 2
