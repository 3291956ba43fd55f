import datetime

import pytest
from django.utils import timezone

from challenges.models import Application, BudgetLine, ReferenceCounter
from challenges.services.applications import (
    SECTION_KEYS,
    ApplicationError,
    application_save_budget,
    application_save_section,
    application_start,
    application_submit,
    application_withdraw,
    reference_next,
)
from challenges.tests.factories import ApplicationFactory, ChallengeFactory
from civic.models import Organisation
from civic.tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _complete(application, user):
    application_save_section(
        application=application,
        user=user,
        section="organisation",
        data={"organisation_summary": "We connect neighbours."},
    )
    application_save_section(
        application=application,
        user=user,
        section="solution",
        data={"solution_summary": "A phone line.", "solution_description": "It works."},
    )
    for section, field in [
        ("evidence", "evidence"),
        ("testing", "testing_plan"),
        ("team", "team_description"),
    ]:
        application_save_section(
            application=application, user=user, section=section, data={field: "Yes."}
        )
    application_save_section(
        application=application,
        user=user,
        section="declarations",
        data={
            "declaration_accurate": True,
            "declaration_eligible": True,
            "declaration_data": True,
        },
    )
    application_save_budget(
        application=application, user=user, lines=[("Staff time", 1_000_000)]
    )
    application.refresh_from_db()
    return application


def _close(challenge):
    challenge.application_deadline = timezone.now() - datetime.timedelta(minutes=1)
    challenge.save()


# --- Starting -------------------------------------------------------------------


def test_a_startup_member_starts_one_application_and_starting_again_returns_it(
    challenge, startup, startup_member
):
    first, created = application_start(
        challenge=challenge, organisation=startup, user=startup_member
    )
    again, created_again = application_start(
        challenge=challenge, organisation=startup, user=startup_member
    )
    assert created and not created_again
    assert first.pk == again.pk
    assert Application.objects.count() == 1


def test_someone_outside_the_startup_cannot_start_its_application(
    challenge, startup, other_startup_member
):
    with pytest.raises(ApplicationError):
        application_start(
            challenge=challenge, organisation=startup, user=other_startup_member
        )


def test_an_organisation_that_is_not_a_startup_cannot_apply(challenge, org_owner):
    charity = org_owner.organisations.get()
    assert charity.type != Organisation.Type.STARTUP
    with pytest.raises(ApplicationError):
        application_start(challenge=challenge, organisation=charity, user=org_owner)


def test_starting_after_the_deadline_is_refused(challenge, startup, startup_member):
    _close(challenge)
    with pytest.raises(ApplicationError, match="closed"):
        application_start(
            challenge=challenge, organisation=startup, user=startup_member
        )


# --- Sections -------------------------------------------------------------------


def test_each_section_saves_on_its_own_and_is_marked_complete(
    draft_application, startup_member
):
    application_save_section(
        application=draft_application,
        user=startup_member,
        section="team",
        data={"team_description": "Three founders."},
    )
    draft_application.refresh_from_db()
    assert draft_application.team_description == "Three founders."
    assert draft_application.completed_sections == ["team"]


def test_any_member_of_the_startup_can_edit(draft_application, startup):
    colleague = UserFactory()
    MembershipFactory(organisation=startup, user=colleague)
    application_save_section(
        application=draft_application,
        user=colleague,
        section="testing",
        data={"testing_plan": "Six months."},
    )
    draft_application.refresh_from_db()
    assert draft_application.testing_plan == "Six months."


def test_another_startup_cannot_edit(draft_application, other_startup_member):
    with pytest.raises(ApplicationError):
        application_save_section(
            application=draft_application,
            user=other_startup_member,
            section="team",
            data={"team_description": "Not ours."},
        )


def test_nothing_can_be_saved_after_the_deadline(draft_application, startup_member):
    _close(draft_application.challenge)
    with pytest.raises(ApplicationError, match="deadline"):
        application_save_section(
            application=draft_application,
            user=startup_member,
            section="team",
            data={"team_description": "Too late."},
        )
    with pytest.raises(ApplicationError, match="deadline"):
        application_save_budget(
            application=draft_application, user=startup_member, lines=[("A", 100)]
        )
    draft_application.refresh_from_db()
    assert draft_application.team_description == ""


def test_declarations_need_all_three(draft_application, startup_member):
    with pytest.raises(ApplicationError):
        application_save_section(
            application=draft_application,
            user=startup_member,
            section="declarations",
            data={
                "declaration_accurate": True,
                "declaration_eligible": False,
                "declaration_data": True,
            },
        )


# --- Budget ---------------------------------------------------------------------


def test_budget_lines_replace_the_old_ones(draft_application, startup_member):
    application_save_budget(
        application=draft_application,
        user=startup_member,
        lines=[("Staff", 1_000_000), ("Devices", 250_050)],
    )
    application_save_budget(
        application=draft_application, user=startup_member, lines=[("Staff", 900_000)]
    )
    assert list(
        BudgetLine.objects.filter(application=draft_application).values_list(
            "item", "amount_pence"
        )
    ) == [("Staff", 900_000)]


def test_a_budget_exactly_at_the_testing_fund_is_accepted(
    draft_application, startup_member
):
    fund = draft_application.challenge.programme.testing_fund_pence
    application_save_budget(
        application=draft_application,
        user=startup_member,
        lines=[("Staff", fund - 1), ("Printing", 1)],
    )
    assert "budget" in Application.objects.get().completed_sections


def test_a_budget_over_the_testing_fund_is_refused(draft_application, startup_member):
    fund = draft_application.challenge.programme.testing_fund_pence
    with pytest.raises(ApplicationError, match="more than the testing fund"):
        application_save_budget(
            application=draft_application,
            user=startup_member,
            lines=[("Staff", fund), ("Printing", 1)],
        )
    assert not BudgetLine.objects.exists()


def test_an_empty_budget_is_refused(draft_application, startup_member):
    with pytest.raises(ApplicationError):
        application_save_budget(
            application=draft_application, user=startup_member, lines=[]
        )


# --- Submitting -----------------------------------------------------------------


def test_submit_needs_every_section(draft_application, startup_member):
    with pytest.raises(ApplicationError, match="Complete every section"):
        application_submit(application=draft_application, user=startup_member)


def test_submit_gives_a_reference_and_emails_every_member(
    draft_application,
    startup,
    startup_member,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    colleague = UserFactory(email="colleague@neighbourly.example.com")
    MembershipFactory(organisation=startup, user=colleague)
    _complete(draft_application, startup_member)
    assert draft_application.completed_sections == list(SECTION_KEYS)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = application_submit(
            application=draft_application, user=startup_member
        )
    year = timezone.localdate().year
    assert submitted.reference == f"CIC-{year}-0001"
    assert submitted.status == Application.Status.SUBMITTED
    assert sorted(m.to[0] for m in mailoutbox) == [
        "colleague@neighbourly.example.com",
        "founder@neighbourly.example.com",
    ]
    assert all(f"CIC-{year}-0001" in m.subject for m in mailoutbox)
    assert all(f"CIC-{year}-0001" in m.body for m in mailoutbox)
    assert all(
        f"/challenges/applications/{draft_application.public_id}/" in m.body
        for m in mailoutbox
    )


def test_submitting_twice_is_refused(draft_application, startup_member):
    _complete(draft_application, startup_member)
    application_submit(application=draft_application, user=startup_member)
    with pytest.raises(ApplicationError, match="already"):
        application_submit(application=draft_application, user=startup_member)


def test_late_submission_is_impossible(draft_application, startup_member):
    _complete(draft_application, startup_member)
    _close(draft_application.challenge)
    with pytest.raises(ApplicationError, match="deadline"):
        application_submit(application=draft_application, user=startup_member)
    draft_application.refresh_from_db()
    assert draft_application.status == Application.Status.DRAFT
    assert draft_application.reference is None


def test_a_submitted_application_can_be_changed_until_the_deadline(
    submitted_application, startup_member
):
    application_save_section(
        application=submitted_application,
        user=startup_member,
        section="team",
        data={"team_description": "We hired a designer."},
    )
    submitted_application.refresh_from_db()
    assert submitted_application.status == Application.Status.SUBMITTED
    assert submitted_application.team_description == "We hired a designer."


def test_references_count_up_within_a_year_and_restart_the_next():
    assert reference_next(year=2026) == "CIC-2026-0001"
    assert reference_next(year=2026) == "CIC-2026-0002"
    assert reference_next(year=2027) == "CIC-2027-0001"
    assert ReferenceCounter.objects.get(year=2026).last_number == 2


# --- Withdrawing ----------------------------------------------------------------


def test_withdrawing_a_draft_deletes_it_so_the_startup_can_start_again(
    draft_application, startup, startup_member
):
    assert (
        application_withdraw(application=draft_application, user=startup_member) is None
    )
    assert not Application.objects.exists()
    _again, created = application_start(
        challenge=draft_application.challenge, organisation=startup, user=startup_member
    )
    assert created


def test_withdrawing_a_submitted_application_keeps_it_marked_withdrawn(
    submitted_application, startup_member
):
    withdrawn = application_withdraw(
        application=submitted_application, user=startup_member
    )
    assert withdrawn.status == Application.Status.WITHDRAWN
    assert withdrawn.reference == submitted_application.reference
    with pytest.raises(ApplicationError):
        application_save_section(
            application=withdrawn,
            user=startup_member,
            section="team",
            data={"team_description": "Back again?"},
        )


def test_a_decided_application_cannot_be_withdrawn(startup_member, startup):
    decided = ApplicationFactory(
        challenge=ChallengeFactory(),
        organisation=startup,
        status=Application.Status.SHORTLISTED,
        reference="CIC-2026-0100",
    )
    with pytest.raises(ApplicationError):
        application_withdraw(application=decided, user=startup_member)


def test_only_members_can_withdraw(draft_application, other_startup_member):
    with pytest.raises(ApplicationError):
        application_withdraw(application=draft_application, user=other_startup_member)
    assert Application.objects.exists()


def test_a_hidden_startup_is_not_offered(startup, startup_member):
    from challenges.services.applications import startups_of

    assert startups_of(startup_member) == [startup]
    Organisation.objects.filter(pk=startup.pk).update(is_hidden=True)
    assert startups_of(startup_member) == []


def test_a_second_startup_of_the_same_person_applies_separately(
    challenge, startup, startup_member
):
    second = OrganisationFactory(type=Organisation.Type.STARTUP)
    MembershipFactory(organisation=second, user=startup_member)
    a, _ = application_start(
        challenge=challenge, organisation=startup, user=startup_member
    )
    b, _ = application_start(
        challenge=challenge, organisation=second, user=startup_member
    )
    assert a.pk != b.pk
