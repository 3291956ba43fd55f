"""Reporting content, the moderation queue and the moderators' decisions."""

from dataclasses import replace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from civic.models import Organisation, Report
from civic.registry import registry
from civic.services import moderation as services
from civic.tests.factories import DEFAULT_PASSWORD, OrganisationFactory, ReportFactory
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db


def report_url(org) -> str:
    return reverse("civic:report", args=["civic.organisation", org.pk])


def item_url(org) -> str:
    return reverse("civic_moderation:item", args=["civic.organisation", org.pk])


QUEUE_URL = "/admin/moderation/"


def logs_for(obj, action):
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        action=action,
    )


@pytest.fixture
def organisation_has_author(organisation, org_owner):
    """Register organisations with an author (their owner) for this test only,
    as feature apps do for posts and comments."""
    key = "civic.organisation"
    original = registry.moderated_types[key]
    registry.moderated_types[key] = replace(
        original,
        get_author=lambda org: org.memberships.filter(role="owner").first().user,
    )
    yield org_owner
    registry.moderated_types[key] = original


# --- Reporting (public side) ---------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in_to_report(client, organisation):
    response = client.get(report_url(organisation))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_resident_sees_the_report_form(client, resident, organisation):
    client.force_login(resident)

    response = client.get(report_url(organisation))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Why are you reporting this?" in html
    assert organisation.name in html
    assert html.count("<h1") == 1
    assert str(Report.Reason.SPAM.label) in html


def test_resident_reports_an_organisation(client, resident, organisation):
    client.force_login(resident)

    response = client.post(
        report_url(organisation), {"reason": "spam", "note": " Adverts "}
    )

    assert response.status_code == 302
    assert response.url == reverse("civic:report_done")
    report = Report.objects.get()
    assert report.content_object == organisation
    assert report.reporter == resident
    assert report.reason == Report.Reason.SPAM
    assert report.note == "Adverts"
    assert report.status == Report.Status.OPEN
    done = client.get(response.url)
    assert "Report sent" in done.content.decode()
    assert organisation.get_absolute_url() in done.content.decode()


def test_reporting_twice_is_handled_gracefully(client, resident, organisation):
    client.force_login(resident)
    client.post(report_url(organisation), {"reason": "spam"})

    response = client.post(report_url(organisation), {"reason": "abuse"}, follow=True)

    assert response.status_code == 200
    assert "You have already reported this. Our moderators will look at it." in (
        response.content.decode()
    )
    assert Report.objects.count() == 1


def test_report_form_says_already_reported_when_a_report_is_open(
    client, resident, organisation
):
    ReportFactory(content_object=organisation, reporter=resident)
    client.force_login(resident)

    response = client.get(report_url(organisation), follow=True)

    assert "You have already reported this" in response.content.decode()


def test_double_submit_race_creates_one_report_and_no_error(resident, organisation):
    services.report_create(
        reporter=resident, content_object=organisation, reason="spam"
    )

    with pytest.raises(services.AlreadyReported):
        services.report_create(
            reporter=resident, content_object=organisation, reason="spam"
        )

    assert Report.objects.count() == 1


def test_a_person_can_report_again_once_their_report_is_closed(
    resident, organisation, moderator
):
    services.report_create(
        reporter=resident, content_object=organisation, reason="spam"
    )
    services.reports_dismiss(obj=organisation, moderator=moderator, note="")

    services.report_create(
        reporter=resident, content_object=organisation, reason="abuse"
    )

    assert Report.objects.filter(status=Report.Status.OPEN).count() == 1


def test_other_people_can_report_the_same_item(resident, other_resident, organisation):
    services.report_create(
        reporter=resident, content_object=organisation, reason="spam"
    )
    services.report_create(
        reporter=other_resident, content_object=organisation, reason="spam"
    )

    assert Report.objects.count() == 2


def test_report_without_a_reason_shows_an_error(client, resident, organisation):
    client.force_login(resident)

    response = client.post(report_url(organisation), {"note": "Hmm"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_reason"' in html
    assert "Select why you are reporting this" in html
    assert "<title>Error: " in html
    assert not Report.objects.exists()


def test_something_else_needs_a_note(client, resident, organisation):
    client.force_login(resident)

    response = client.post(report_url(organisation), {"reason": "other", "note": "  "})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Tell us what is wrong" in html
    assert 'href="#id_note"' in html
    assert not Report.objects.exists()


def test_a_note_over_1000_characters_is_refused(client, resident, organisation):
    client.force_login(resident)

    response = client.post(
        report_url(organisation), {"reason": "other", "note": "x" * 1001}
    )

    assert "Your note must be 1,000 characters or fewer" in response.content.decode()
    assert not Report.objects.exists()


def test_made_up_reason_is_refused(client, resident, organisation):
    client.force_login(resident)

    response = client.post(report_url(organisation), {"reason": "boring"})

    assert "Select why you are reporting this" in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "content_type", ["nothing.here", "civic.user", "civic.report", "civic.borough"]
)
def test_unregistered_types_cannot_be_reported(client, resident, content_type):
    client.force_login(resident)

    response = client.get(reverse("civic:report", args=[content_type, resident.pk]))

    assert response.status_code == 404


def test_missing_item_cannot_be_reported(client, resident):
    client.force_login(resident)

    response = client.get(reverse("civic:report", args=["civic.organisation", 99999]))

    assert response.status_code == 404


def test_hidden_item_cannot_be_reported(client, resident, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(is_hidden=True)
    client.force_login(resident)

    response = client.post(report_url(organisation), {"reason": "spam"})

    assert response.status_code == 404
    assert not Report.objects.exists()


def test_report_form_query_count_is_small(
    client, resident, organisation, django_assert_max_num_queries
):
    client.force_login(resident)

    with django_assert_max_num_queries(8):
        response = client.get(report_url(organisation))

    assert response.status_code == 200


def test_report_done_page_needs_sign_in(client):
    response = client.get(reverse("civic:report_done"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_report_done_page_without_a_report_goes_to_your_account(client, resident):
    client.force_login(resident)

    response = client.get(reverse("civic:report_done"))

    assert response.status_code == 302
    assert response.url == reverse("civic:account")


# --- The queue in the Wagtail admin ------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in_for_the_queue(client):
    response = client.get(QUEUE_URL)

    assert response.status_code == 302
    assert "login" in response.url


def test_resident_cannot_reach_the_queue(client, resident):
    client.force_login(resident)

    response = client.get(QUEUE_URL)

    # Refused outright: a sign-in page would only send them back here.
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["content_editor", "crowdfund_officer", "assessor"])
def test_staff_without_the_moderation_permission_are_refused(client, request, persona):
    force_login_with_mfa(client, request.getfixturevalue(persona))

    assert client.get(QUEUE_URL).status_code == 403


@pytest.mark.parametrize("persona", ["moderator", "superuser"])
def test_moderators_see_the_queue(client, request, persona):
    force_login_with_mfa(client, request.getfixturevalue(persona))

    assert client.get(QUEUE_URL).status_code == 200


def test_moderation_menu_item_shows_only_for_moderators(
    client, moderator, content_editor
):
    force_login_with_mfa(client, moderator)
    assert QUEUE_URL in client.get("/admin/").content.decode()

    force_login_with_mfa(client, content_editor)
    assert QUEUE_URL not in client.get("/admin/").content.decode()


def test_queue_groups_reports_per_item(client, moderator, organisation):
    other = OrganisationFactory(name="Quiet Allotment Society")
    ReportFactory(content_object=organisation, reason=Report.Reason.SPAM)
    ReportFactory(content_object=organisation, reason=Report.Reason.ABUSE)
    ReportFactory(content_object=organisation, reason=Report.Reason.SPAM)
    ReportFactory(content_object=other, reason=Report.Reason.MISLEADING)
    force_login_with_mfa(client, moderator)

    response = client.get(QUEUE_URL)

    items = {item.title: item for item in response.context["items"]}
    assert set(items) == {organisation.name, other.name}
    garden = items[organisation.name]
    assert garden.report_count == 3
    assert garden.label == "Organisation profile"
    assert garden.reasons == [Report.Reason.SPAM.label, Report.Reason.ABUSE.label]
    assert garden.public_url == organisation.get_absolute_url()
    html = response.content.decode()
    assert item_url(organisation) in html
    assert str(Report.Reason.ABUSE.label) in html


def test_queue_leaves_out_closed_reports(client, moderator, organisation):
    ReportFactory(content_object=organisation, status=Report.Status.DISMISSED)
    force_login_with_mfa(client, moderator)

    response = client.get(QUEUE_URL)

    assert response.context["items"] == []
    closed = client.get(QUEUE_URL + "?status=closed")
    assert [item.title for item in closed.context["items"]] == [organisation.name]


def test_queue_shows_reports_about_deleted_items(client, moderator, organisation):
    ReportFactory(content_object=organisation)
    Organisation.objects.filter(pk=organisation.pk).delete()
    force_login_with_mfa(client, moderator)

    response = client.get(QUEUE_URL)

    assert [item.title for item in response.context["items"]] == ["Deleted item"]


def _queries_for_queue(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(QUEUE_URL)
    assert response.status_code == 200
    return len(captured)


def test_queue_query_count_does_not_grow_with_reports(client, moderator):
    force_login_with_mfa(client, moderator)
    for _ in range(2):
        org = OrganisationFactory()
        ReportFactory(content_object=org)
    client.get(QUEUE_URL)  # warm caches (content types, session)
    small = _queries_for_queue(client)

    for _ in range(18):
        org = OrganisationFactory()
        ReportFactory(content_object=org)
        ReportFactory(content_object=org, reason=Report.Reason.ABUSE)
    large = _queries_for_queue(client)

    assert large == small


def test_queue_is_paginated(client, moderator):
    for _ in range(26):
        ReportFactory(content_object=OrganisationFactory())
    force_login_with_mfa(client, moderator)

    first = client.get(QUEUE_URL)
    second = client.get(QUEUE_URL + "?p=2")

    assert len(first.context["items"]) == 25
    assert len(second.context["items"]) == 1


# --- The item page and its decisions ------------------------------------------------


def test_moderator_sees_an_item_with_its_reports(client, moderator, organisation):
    ReportFactory(content_object=organisation, note="Selling phones")
    force_login_with_mfa(client, moderator)

    response = client.get(item_url(organisation))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Selling phones" in html
    assert 'value="hide"' in html
    assert 'value="dismiss"' in html
    assert 'value="suspend"' not in html  # organisations have no author


def test_item_page_is_served_as_html(client, moderator, organisation):
    # Regression: a view attribute called content_type became the response's
    # Content-Type header, so browsers showed the page as plain text.
    ReportFactory(content_object=organisation)
    force_login_with_mfa(client, moderator)

    response = client.get(item_url(organisation))

    assert response["Content-Type"].startswith("text/html")


def test_item_page_is_refused_without_the_permission(
    client, content_editor, organisation
):
    ReportFactory(content_object=organisation)
    force_login_with_mfa(client, content_editor)

    assert client.get(item_url(organisation)).status_code == 403
    response = client.post(
        item_url(organisation), {"action": "hide", "hide-reason": "x"}
    )
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert not organisation.is_hidden


def test_item_page_for_unknown_type_or_item_is_404(client, moderator):
    force_login_with_mfa(client, moderator)

    assert client.get("/admin/moderation/nothing.here/1/").status_code == 404
    assert client.get("/admin/moderation/civic.organisation/99999/").status_code == 404


def test_moderator_hides_an_item_with_a_reason(client, moderator, organisation):
    reports = [ReportFactory(content_object=organisation) for _ in range(2)]
    force_login_with_mfa(client, moderator)

    response = client.post(
        item_url(organisation), {"action": "hide", "hide-reason": "Advertising phones"}
    )

    assert response.status_code == 302
    assert response.url == QUEUE_URL
    organisation.refresh_from_db()
    assert organisation.is_hidden
    assert organisation.hidden_at is not None
    assert organisation.hidden_reason == "Advertising phones"
    for report in reports:
        report.refresh_from_db()
        assert report.status == Report.Status.HIDDEN
        assert report.resolved_by == moderator
    entry = logs_for(organisation, "civic.moderation.hide").get()
    assert entry.user == moderator
    assert entry.data["reason"] == "Advertising phones"
    assert entry.data["reports_resolved"] == 2
    assert entry.label == organisation.name


def test_hiding_needs_a_reason(client, moderator, organisation):
    ReportFactory(content_object=organisation)
    force_login_with_mfa(client, moderator)

    response = client.post(
        item_url(organisation), {"action": "hide", "hide-reason": " "}
    )

    assert response.status_code == 200
    assert "Enter a reason" in response.content.decode()
    organisation.refresh_from_db()
    assert not organisation.is_hidden
    assert not logs_for(organisation, "civic.moderation.hide").exists()


def test_moderator_restores_a_hidden_item(client, moderator, organisation):
    services.content_hide(obj=organisation, moderator=moderator, reason="Spam")
    force_login_with_mfa(client, moderator)

    response = client.post(
        item_url(organisation), {"action": "restore", "restore-reason": "Appeal upheld"}
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert not organisation.is_hidden
    assert organisation.hidden_reason == ""
    entry = logs_for(organisation, "civic.moderation.restore").get()
    assert entry.user == moderator
    assert entry.data["reason"] == "Appeal upheld"


def test_moderator_dismisses_reports(client, moderator, organisation):
    report = ReportFactory(content_object=organisation)
    force_login_with_mfa(client, moderator)

    response = client.post(
        item_url(organisation), {"action": "dismiss", "dismiss-reason": "Not spam"}
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.DISMISSED
    assert report.resolution_note == "Not spam"
    organisation.refresh_from_db()
    assert not organisation.is_hidden
    assert logs_for(organisation, "civic.moderation.dismiss").get().user == moderator


def test_reports_about_a_deleted_item_can_be_dismissed(client, moderator, organisation):
    report = ReportFactory(content_object=organisation)
    Organisation.objects.filter(pk=organisation.pk).delete()
    force_login_with_mfa(client, moderator)

    response = client.post(
        item_url(organisation), {"action": "dismiss", "dismiss-reason": ""}
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.DISMISSED
    assert logs_for(report, "civic.moderation.dismiss").exists()


def test_moderation_actions_need_csrf(moderator, organisation):
    ReportFactory(content_object=organisation)
    client = Client(enforce_csrf_checks=True)
    force_login_with_mfa(client, moderator)

    response = client.post(
        item_url(organisation), {"action": "hide", "hide-reason": "Spam"}
    )

    assert response.status_code == 403
    organisation.refresh_from_db()
    assert not organisation.is_hidden


def test_unknown_action_is_404(client, moderator, organisation):
    ReportFactory(content_object=organisation)
    force_login_with_mfa(client, moderator)

    assert client.post(item_url(organisation), {"action": "delete"}).status_code == 404


def test_moderator_suspends_the_author(
    client, moderator, organisation, organisation_has_author
):
    author = organisation_has_author
    ReportFactory(content_object=organisation)
    force_login_with_mfa(client, moderator)
    assert 'value="suspend"' in client.get(item_url(organisation)).content.decode()

    response = client.post(
        item_url(organisation), {"action": "suspend", "suspend-reason": "Repeated spam"}
    )

    assert response.status_code == 302
    author.refresh_from_db()
    assert not author.is_active
    assert author.suspended_at is not None
    assert author.suspension_reason == "Repeated spam"
    entry = logs_for(author, "civic.user.suspend").get()
    assert entry.user == moderator
    assert entry.data["reason"] == "Repeated spam"


def test_moderator_lifts_a_suspension(
    client, moderator, organisation, organisation_has_author
):
    author = organisation_has_author
    services.user_suspend(user=author, moderator=moderator, reason="Spam")
    force_login_with_mfa(client, moderator)

    response = client.post(
        item_url(organisation), {"action": "unsuspend", "unsuspend-reason": "Mistake"}
    )

    assert response.status_code == 302
    author.refresh_from_db()
    assert author.is_active
    assert author.suspended_at is None
    assert logs_for(author, "civic.user.unsuspend").get().data["reason"] == "Mistake"


def test_suspended_user_cannot_sign_in(client, resident, moderator):
    services.user_suspend(user=resident, moderator=moderator, reason="Abuse")

    client.post(
        reverse("account_login"),
        {"login": resident.email, "password": DEFAULT_PASSWORD},
    )

    assert "_auth_user_id" not in client.session
    assert client.get(reverse("civic:account")).status_code == 302


def test_suspension_ends_a_signed_in_session(client, resident, moderator):
    client.force_login(resident)
    assert client.get(reverse("civic:account")).status_code == 200

    services.user_suspend(user=resident, moderator=moderator, reason="Abuse")

    response = client.get(reverse("civic:account"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_staff_and_yourself_cannot_be_suspended(moderator, content_editor, superuser):
    for person in (moderator, content_editor, superuser):
        with pytest.raises(services.ModerationError):
            services.user_suspend(user=person, moderator=moderator, reason="No")
    content_editor.refresh_from_db()
    assert content_editor.is_active


def test_hiding_content_that_is_not_moderated_content_is_refused(moderator, resident):
    with pytest.raises(services.ModerationError):
        services.content_hide(obj=resident, moderator=moderator, reason="No")


def test_moderation_actions_have_readable_labels():
    labels = {action: str(label) for action, label in log_registry.get_choices()}

    assert labels["civic.moderation.hide"] == "Moderation: hide"
    assert labels["civic.moderation.restore"] == "Moderation: restore"
    assert labels["civic.moderation.dismiss"] == "Moderation: dismiss reports"
    assert labels["civic.user.suspend"] == "User: suspend"


def test_the_reason_is_the_audit_log_comment(moderator, organisation):
    services.content_hide(obj=organisation, moderator=moderator, reason="Spam links")
    entry = ModelLogEntry.objects.get(action="civic.moderation.hide")

    assert log_registry.get_formatter(entry).format_comment(entry) == "Spam links"


def test_decisions_show_in_wagtail_site_history(
    client, superuser, moderator, organisation
):
    services.content_hide(obj=organisation, moderator=moderator, reason="Spam")
    force_login_with_mfa(client, superuser)

    response = client.get(reverse("wagtailadmin_reports:site_history"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Moderation: hide" in html or "Hidden by a moderator" in html
    assert organisation.name in html


def test_item_page_shows_history_of_decisions(client, moderator, organisation):
    services.content_hide(obj=organisation, moderator=moderator, reason="Spam adverts")
    force_login_with_mfa(client, moderator)

    html = client.get(item_url(organisation)).content.decode()

    assert "Hidden by a moderator" in html
    assert "Spam adverts" in html
    assert 'value="restore"' in html
