"""A year's figures: each validation rule with its message, correcting until
the year closes, locking after, and the audit log."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from diversity.forms.charter import SubmissionForm
from diversity.services.submissions import (
    CORRECT,
    CREATE,
    YEAR_CLOSE,
    SubmissionError,
    submission_save,
    year_close,
    year_is_closed,
    year_is_open,
)
from diversity.tests.factories import (
    ReportingYearFactory,
    SignatoryFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db

GOOD = {
    "tech_headcount": "100",
    "women": "30",
    "men": "68",
    "sex_other_or_unknown": "2",
    "ethnicity_white": "50",
    "ethnicity_mixed": "5",
    "ethnicity_asian": "25",
    "ethnicity_black": "15",
    "ethnicity_other": "3",
    "ethnicity_unknown": "2",
    "recruited": "12",
    "recruited_women": "5",
}


@pytest.fixture
def open_year():
    today = timezone.localdate()
    return ReportingYearFactory(
        year=today.year,
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=30),
    )


@pytest.fixture
def signatory(organisation):
    return SignatoryFactory(organisation=organisation)


def _errors(**changes):
    form = SubmissionForm({**GOOD, **changes})
    assert not form.is_valid()
    return form.errors


# --- Validation -------------------------------------------------------------------


def test_good_figures_are_valid():
    assert SubmissionForm(GOOD).is_valid()


def test_zero_everywhere_is_valid():
    assert SubmissionForm(dict.fromkeys(GOOD, "0")).is_valid()


@pytest.mark.parametrize("value", ["12.5", "twelve", "1e3", "1,000", "½"])
def test_numbers_must_be_whole(value):
    assert _errors(recruited=value)["recruited"] == ["Enter a whole number, like 12"]


@pytest.mark.parametrize("value", ["-1", "-12"])
def test_numbers_must_not_be_negative(value):
    errors = _errors(recruited=value, recruited_women="0")
    assert errors["recruited"] == ["Enter a number of 0 or more"]


def test_numbers_have_an_upper_bound():
    assert _errors(recruited="99999999999")["recruited"] == [
        "Enter a number of 1,000,000 or fewer"
    ]


def test_each_figure_is_required():
    assert _errors(tech_headcount="")["tech_headcount"] == [
        "Enter the number of people in tech roles"
    ]
    assert _errors(women="")["women"] == ["Enter the number of women, or 0"]


def test_numbers_by_sex_must_add_up():
    assert _errors(women="25")["women"] == [
        "The numbers by sex add up to 95. They must add up to the 100 people in "
        "tech roles"
    ]


def test_numbers_by_ethnic_group_must_add_up():
    assert _errors(ethnicity_black="20")["ethnicity_white"] == [
        "The numbers by ethnic group add up to 105. They must add up to the 100 "
        "people in tech roles"
    ]


def test_recruited_women_within_recruited():
    assert _errors(recruited_women="13")["recruited_women"] == [
        "The number of women recruited must be no more than the 12 people recruited"
    ]


def test_a_missing_part_gives_its_own_message_not_a_sum_message():
    errors = _errors(men="")
    assert errors["men"] == ["Enter the number of men, or 0"]
    assert "women" not in errors


# --- Open, closed, locked ---------------------------------------------------------


def test_year_is_open_between_its_dates_inclusive():
    year = ReportingYearFactory(
        year=2030,
        opens_on=datetime.date(2030, 4, 1),
        closes_on=datetime.date(2031, 3, 31),
    )
    assert not year_is_open(year, today=datetime.date(2030, 3, 31))
    assert year_is_open(year, today=datetime.date(2030, 4, 1))
    assert year_is_open(year, today=datetime.date(2031, 3, 31))
    assert not year_is_open(year, today=datetime.date(2031, 4, 1))
    assert year_is_closed(year, today=datetime.date(2031, 4, 1))
    year.locked_at = timezone.now()
    assert not year_is_open(year, today=datetime.date(2030, 6, 1))
    assert year_is_closed(year, today=datetime.date(2030, 6, 1))


def test_create_and_correct_are_audit_logged_with_before_and_after(
    signatory, open_year, org_member
):
    figures = {k: int(v) for k, v in GOOD.items()}
    submission = submission_save(
        signatory=signatory, year=open_year, user=org_member, figures=figures
    )
    created = ModelLogEntry.objects.get(action=CREATE, object_id=str(submission.pk))
    assert created.data["before"] is None
    assert created.data["after"]["women"] == 30
    assert created.user_id == org_member.pk
    submission_save(
        signatory=signatory,
        year=open_year,
        user=org_member,
        figures={**figures, "women": 31, "men": 67},
    )
    corrected = ModelLogEntry.objects.get(action=CORRECT, object_id=str(submission.pk))
    assert corrected.data["before"]["women"] == 30
    assert corrected.data["after"]["women"] == 31


def test_closing_locks_and_is_logged_once(open_year, programme_manager):
    year_close(year=open_year, user=programme_manager)
    year_close(year=open_year, user=programme_manager)
    open_year.refresh_from_db()
    assert open_year.locked_at is not None
    assert open_year.locked_by == programme_manager
    assert ModelLogEntry.objects.filter(action=YEAR_CLOSE).count() == 1


def test_saving_after_the_year_is_closed_is_refused(
    signatory, open_year, org_member, programme_manager
):
    year_close(year=open_year, user=programme_manager)
    with pytest.raises(SubmissionError) as error:
        submission_save(
            signatory=signatory,
            year=open_year,
            user=org_member,
            figures={k: int(v) for k, v in GOOD.items()},
        )
    assert error.value.code == "closed"


def test_saving_after_the_closing_date_is_refused(signatory, org_member):
    year = ReportingYearFactory(
        year=2020,
        opens_on=datetime.date(2020, 4, 1),
        closes_on=datetime.date(2021, 3, 31),
    )
    with pytest.raises(SubmissionError):
        submission_save(
            signatory=signatory,
            year=year,
            user=org_member,
            figures={k: int(v) for k, v in GOOD.items()},
        )


def test_a_withdrawn_signatory_cannot_send_figures(signatory, open_year, org_member):
    signatory.withdrawn_at = timezone.now()
    signatory.save()
    with pytest.raises(SubmissionError) as error:
        submission_save(
            signatory=signatory,
            year=open_year,
            user=org_member,
            figures={k: int(v) for k, v in GOOD.items()},
        )
    assert error.value.code == "withdrawn"


def test_database_checks_are_the_backstop(signatory, open_year, org_member):
    from django.db import IntegrityError

    figures = {k: int(v) for k, v in GOOD.items()}
    with pytest.raises(IntegrityError):
        submission_save(
            signatory=signatory,
            year=open_year,
            user=org_member,
            figures={**figures, "women": 1},
        )


# --- The page once the year has closed --------------------------------------------


def test_closed_year_is_read_only_and_post_is_refused(
    client, signatory, open_year, org_member, programme_manager
):
    submission = SubmissionFactory(signatory=signatory, year=open_year)
    year_close(year=open_year, user=programme_manager)
    client.force_login(org_member)
    url = reverse(
        "diversity:submission_edit", args=[signatory.organisation.slug, open_year.year]
    )
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "has closed" in html
    assert "<form" not in html.split('id="main-content"')[1]
    assert "People in tech roles" in html
    response = client.post(url, {**GOOD, "women": "31", "men": "67"})
    assert response.status_code == 403
    submission.refresh_from_db()
    assert submission.women == 24
    assert not ModelLogEntry.objects.filter(action__startswith="diversity.submission.c")


def test_year_not_yet_open_is_read_only(client, signatory, org_member):
    today = timezone.localdate()
    year = ReportingYearFactory(
        year=today.year + 1,
        opens_on=today + datetime.timedelta(days=5),
        closes_on=today + datetime.timedelta(days=100),
    )
    client.force_login(org_member)
    url = reverse(
        "diversity:submission_edit", args=[signatory.organisation.slug, year.year]
    )
    response = client.get(url)
    assert response.status_code == 200
    assert "You can send figures for this year from" in response.content.decode()
    assert client.post(url, GOOD).status_code == 403


def test_the_schedule_locks_years_whose_closing_date_has_passed():
    from civic.celery import app
    from diversity.tasks_charter import CLOSE_YEARS_TASK, close_due_reporting_years

    today = timezone.localdate()
    past = ReportingYearFactory(
        year=today.year - 1,
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=1),
    )
    current = ReportingYearFactory(
        year=today.year,
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today,  # still open today
    )

    assert close_due_reporting_years() == 1
    assert close_due_reporting_years() == 0  # idempotent

    past.refresh_from_db()
    current.refresh_from_db()
    assert past.locked_at is not None and past.locked_by is None
    assert current.locked_at is None
    entry = ModelLogEntry.objects.get(action=YEAR_CLOSE)
    assert entry.object_id == str(past.pk)
    assert entry.user is None
    scheduled = {s["task"] for s in app.conf.beat_schedule.values()}
    assert CLOSE_YEARS_TASK in scheduled
