"""A poll embedded in a CMS page, and a survey's CSV export from the admin.
axe on every public page visited (the Wagtail admin is Wagtail's: not scanned)."""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from civic.models import ContentPage, HomePage
from talk_london.models import ExportJob, Poll, PollOption, PollVote
from talk_london.tests.factories import SurveyFactory, add_question
from tests.browser.helpers import sign_in_with_password, submit
from tests.fixtures import totp_code

pytestmark = pytest.mark.browser


def test_visitor_votes_in_a_poll_embedded_in_a_content_page(page, axe, core_pages):
    poll = Poll.objects.create(question="Bus or bike?", slug="bus-or-bike")
    for order, text in enumerate(["Bus", "Bike"]):
        PollOption.objects.create(poll=poll, text=text, sort_order=order)
    home = HomePage.objects.get()
    travel = home.add_child(
        instance=ContentPage(
            title="Getting about",
            slug="travel",
            body=[
                ("text", "<p>Tell us how you travel.</p>"),
                ("embed", {"kind": "poll", "reference": "bus-or-bike"}),
            ],
        )
    )
    travel.save_revision().publish()

    page.goto("/travel/")
    expect(page.locator("h1")).to_have_text("Getting about")
    axe(page)
    submit(page, "Vote")  # nothing chosen: the poll's page shows the error
    expect(page).to_have_url(re.compile(r"/talk-london/polls/bus-or-bike/$"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page)

    page.goto("/travel/")
    page.get_by_label("Bike", exact=True).check()
    submit(page, "Vote")
    expect(page).to_have_url(re.compile(r"/talk-london/polls/bus-or-bike/$"))
    expect(page.locator("#main-content")).to_contain_text("1 vote so far")
    axe(page)

    page.goto("/travel/")
    main = page.locator("#main-content")
    expect(main).to_contain_text("You have voted.")
    expect(page.get_by_role("radio")).to_have_count(0)
    axe(page)
    assert PollVote.objects.filter(poll=poll).count() == 1


def test_programme_manager_exports_a_survey_and_downloads_it(
    page, live_server, programme_manager, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    survey = SurveyFactory(title="Getting around")
    add_question(survey, "short_text", "Favourite route?")

    sign_in_with_password(page, programme_manager.email)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.fill("#id_code", totp_code())
    submit(page)
    expect(page).not_to_have_url(re.compile(r"/accounts/2fa/"))

    page.goto(f"/admin/talk-london/surveys/{survey.pk}/results/")
    page.get_by_role("button", name="Export all answers (CSV)").click()
    page.wait_for_load_state("load")
    # Celery runs eagerly here, once the request's transaction has committed.
    expect(page).to_have_url(re.compile(r"/admin/talk-london/surveys/exports/\d+/$"))
    expect(page.get_by_text("The export is ready")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the CSV file").click()
    download = download_info.value
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text("utf-8"))))
    assert rows == [["Respondent", "Sent", "1. Favourite route?"]]
    assert ExportJob.objects.get().status == ExportJob.Status.DONE
