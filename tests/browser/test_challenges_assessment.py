"""Civic Innovation Challenge assessment in a browser: an assessor declares no
conflict, scores (with a missing score first) and submits, then sees the other
assessor's scores; a manager shortlists in the Wagtail admin; the challenge
owner then reads the shortlisted application. axe on every page of ours
(the Wagtail admin is Wagtail's and is not scanned)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from challenges.models import Application, Assignment, Score
from challenges.tests import conftest as challenge_fixtures
from challenges.tests.factories import AssignmentFactory
from civic.tests.factories import UserFactory
from tests.browser.helpers import sign_in_as, sign_in_with_password, submit
from tests.fixtures import totp_code

pytestmark = pytest.mark.browser

# The challenges app's fixtures (startup, owner, application, ...), shared with
# its unit tests rather than copied.
challenge_owner_org = challenge_fixtures.challenge_owner_org
owner_member = challenge_fixtures.owner_member
challenge = challenge_fixtures.challenge
startup = challenge_fixtures.startup
startup_member = challenge_fixtures.startup_member
submitted_application = challenge_fixtures.submitted_application
assigned_assessor = challenge_fixtures.assigned_assessor


@pytest.fixture
def other_assessors_scores(submitted_application, challenge_manager):
    other = AssignmentFactory(
        application=submitted_application,
        assessor=UserFactory(display_name="Olu Other", groups=["Assessors"]),
        assigned_by=challenge_manager,
        has_conflict=False,
    )
    for criterion in submitted_application.challenge.criteria.all():
        Score.objects.create(
            assignment=other,
            criterion=criterion,
            score=2,
            comment=f"Other assessor on {criterion.name}",
        )
    other.submitted_at = timezone.now()
    other.save()
    return other


def _score(page, criterion, value, comment):
    page.locator(f"input[name='score_{criterion.pk}'][value='{value}']").check()
    page.locator(f"#id_comment_{criterion.pk}").fill(comment)


def test_assessor_declares_scores_and_then_sees_the_other_scores(
    page,
    axe,
    live_server,
    submitted_application,
    assigned_assessor,
    other_assessors_scores,
):
    criteria = list(submitted_application.challenge.criteria.all())
    sign_in_as(page, live_server, assigned_assessor)
    page.goto(reverse("challenges:assessor_home"))
    expect(page.locator("h1")).to_have_text("Your assessments")
    axe(page)

    page.get_by_role(
        "link", name=re.compile(re.escape(submitted_application.reference))
    ).click()
    expect(page.locator("h1")).to_have_text("Conflict of interest")
    expect(page.locator("#main-content")).not_to_contain_text(
        submitted_application.solution_description
    )
    axe(page)
    submit(page, "Continue")  # nothing chosen: the error state
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select yes if you have a conflict of interest"
    )
    expect(page).to_have_title(re.compile("^Error:"))
    axe(page)
    page.get_by_label("No", exact=True).check()
    submit(page, "Continue")

    expect(page.locator("h1")).to_contain_text(submitted_application.reference)
    expect(page.locator("#main-content")).to_contain_text(
        submitted_application.solution_description
    )
    expect(page.locator("#main-content")).not_to_contain_text("Other assessor on")
    axe(page)

    for criterion in criteria[:-1]:
        _score(page, criterion, "4", f"Mine on {criterion.name}")
    page.locator(f"#id_comment_{criteria[-1].pk}").fill("Forgot the score")
    submit(page, "Submit your scores")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(f"Select a score for {criteria[-1].name}")
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(f"#id_score_{criteria[-1].pk}-error")).to_be_visible()
    axe(page)
    assert not Assignment.objects.get(assessor=assigned_assessor).submitted_at

    # The answers given are kept; add the missing score and submit.
    expect(
        page.locator(f"input[name='score_{criteria[0].pk}'][value='4']")
    ).to_be_checked()
    page.locator(f"input[name='score_{criteria[-1].pk}'][value='5']").check()
    submit(page, "Submit your scores")

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your scores are submitted"
    )
    expect(page.locator("#main-content")).to_contain_text("Other assessor on Impact")
    expect(page.get_by_role("button", name="Save as draft")).to_have_count(0)
    axe(page)
    assignment = Assignment.objects.get(assessor=assigned_assessor)
    assert assignment.submitted_at
    assert assignment.scores.count() == len(criteria)


def test_manager_shortlists_in_the_admin_and_the_owner_then_reads_it(
    page,
    axe,
    live_server,
    submitted_application,
    challenge_manager,
    owner_member,
    other_assessors_scores,
):
    sign_in_with_password(page, challenge_manager.email)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.fill("#id_code", totp_code())
    submit(page)
    expect(page).not_to_have_url(re.compile(r"/accounts/2fa/"))

    page.goto(reverse("challenges_assessment:index"))
    page.get_by_role("link", name=submitted_application.challenge.title).click()
    page.wait_for_load_state("load")
    expect(page.locator("main")).to_contain_text("Olu Other")
    page.get_by_role(
        "link", name=re.compile(re.escape(submitted_application.reference))
    ).click()
    page.wait_for_load_state("load")

    # No feedback: refused, with the error on the form.
    page.get_by_label("Shortlisted", exact=True).check()
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_load_state("load")
    expect(page.locator("main")).to_contain_text("Enter feedback for the applicant")
    submitted_application.refresh_from_db()
    assert submitted_application.status == Application.Status.SUBMITTED

    page.get_by_label("Shortlisted", exact=True).check()
    page.get_by_label("Feedback to the applicant").fill("Strong evidence of demand.")
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_load_state("load")
    expect(page.locator("main")).to_contain_text("Invite to pitch")
    submitted_application.refresh_from_db()
    assert submitted_application.status == Application.Status.SHORTLISTED
    assert submitted_application.decision_feedback == "Strong evidence of demand."

    # The challenge owner's member now sees it, read-only, on the front end.
    page.context.clear_cookies()
    sign_in_as(page, live_server, owner_member)
    page.goto(reverse("challenges:owner_home"))
    expect(page.locator("h1")).to_have_text("Your challenges")
    axe(page)
    page.get_by_role(
        "link", name=re.compile(re.escape(submitted_application.reference))
    ).click()
    expect(page.locator("#main-content")).to_contain_text(
        submitted_application.solution_description
    )
    axe(page)


def test_startup_reports_on_its_pilot_and_the_partner_logs_mentoring(
    page, axe, live_server, submitted_application, startup_member
):
    from challenges.models import MentoringSession, Milestone, ProgressReport
    from challenges.tests.factories import MilestoneFactory, PilotFactory
    from civic.tests.factories import MembershipFactory

    Application.objects.filter(pk=submitted_application.pk).update(
        status=Application.Status.WINNER
    )
    pilot = PilotFactory(application=submitted_application)
    milestone = MilestoneFactory(pilot=pilot, title="Recruit 50 callers")
    mentor = UserFactory(email="mentor@partner.example.com")
    MembershipFactory(
        organisation=pilot.application.challenge.programme.delivery_partner,
        user=mentor,
    )

    sign_in_as(page, live_server, startup_member)
    page.goto(reverse("challenges:pilot_detail", args=[pilot.public_id]))
    expect(page.locator("h1")).to_contain_text("Pilot:")
    axe(page)
    submit(page, "Post report")  # empty: the error state
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter your progress report"
    )
    expect(page).to_have_title(re.compile("^Error:"))
    axe(page)
    page.get_by_label("Which milestone is this about? (optional)").select_option(
        label="Recruit 50 callers"
    )
    page.get_by_label("Progress report").fill("32 callers so far.")
    submit(page, "Post report")
    expect(page.locator("#main-content")).to_contain_text("32 callers so far.")
    axe(page)
    submit(page, "Ready for approval")
    expect(page.locator("#main-content")).to_contain_text("Ready for approval")
    axe(page)
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.SUBMITTED
    assert ProgressReport.objects.get().milestone == milestone

    page.context.clear_cookies()
    sign_in_as(page, live_server, mentor)
    page.goto(reverse("challenges:pilot_detail", args=[pilot.public_id]))
    axe(page)
    page.get_by_label("Mentor", exact=True).fill("Maya Mentor")
    submit(page, "Log session")  # no date, no topics: the error state
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the date of the session"
    )
    axe(page)
    page.locator("#id_held_on").fill("3")
    page.locator("#id_held_on_1").fill("2")
    page.locator("#id_held_on_2").fill("2027")
    page.get_by_label("What was covered").fill("Pricing and procurement")
    submit(page, "Log session")
    expect(page.locator("#main-content")).to_contain_text("Pricing and procurement")
    axe(page)
    assert MentoringSession.objects.get().mentor_name == "Maya Mentor"
