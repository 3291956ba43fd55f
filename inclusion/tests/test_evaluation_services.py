"""The confidence questionnaire (service) and the evaluation's numbers."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from inclusion.models import Booking, ConfidenceCheck, Loan
from inclusion.selectors_evaluation import programme_evaluation
from inclusion.services.evaluation import ConfidenceError, confidence_check_record
from inclusion.tests.factories import (
    BookingFactory,
    ConfidenceQuestionFactory,
    LoanFactory,
    ParticipantFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions():
    return [ConfidenceQuestionFactory() for _ in range(3)]


def _scores(questions, score):
    return {q.pk: score for q in questions}


def test_online_answers_are_saved(questions):
    loan = LoanFactory()
    check = confidence_check_record(
        loan=loan, stage="start", scores=_scores(questions, 2), source="online"
    )
    assert check.participant == loan.participant
    assert check.answers.count() == 3


def test_paper_answers_name_the_staff_member(questions, inclusion_officer):
    loan = LoanFactory()
    check = confidence_check_record(
        loan=loan,
        stage="end",
        scores=_scores(questions, 4),
        source="paper",
        entered_by=inclusion_officer,
    )
    assert check.source == ConfidenceCheck.Source.PAPER
    assert check.entered_by == inclusion_officer


def test_a_paper_form_without_staff_is_refused(questions):
    with pytest.raises(ConfidenceError):
        confidence_check_record(
            loan=LoanFactory(),
            stage="end",
            scores=_scores(questions, 4),
            source="paper",
        )


def test_each_stage_is_answered_once(questions):
    loan = LoanFactory()
    confidence_check_record(
        loan=loan, stage="start", scores=_scores(questions, 2), source="online"
    )
    with pytest.raises(ConfidenceError) as error:
        confidence_check_record(
            loan=loan, stage="start", scores=_scores(questions, 3), source="online"
        )
    assert error.value.code == "already_answered"
    assert ConfidenceCheck.objects.count() == 1


def test_scores_outside_1_to_5_are_refused(questions):
    with pytest.raises(ConfidenceError):
        confidence_check_record(
            loan=LoanFactory(),
            stage="start",
            scores=_scores(questions, 6),
            source="online",
        )


# --- The evaluation's numbers ---------------------------------------------------


def _attended(participant, site, hours):
    now = timezone.now()
    return BookingFactory(
        participant=participant,
        session__site=site,
        session__starts_at=now - datetime.timedelta(days=1),
        session__ends_at=now - datetime.timedelta(days=1) + datetime.timedelta(hours=6),
        attendance=Booking.Attendance.ATTENDED,
        hours=Decimal(hours),
    )


def _born(age):
    today = timezone.localdate()
    return today.replace(year=today.year - age) - datetime.timedelta(days=10)


def make_programme(questions, site, people=12):
    """``people`` borrowers at ``site``, aged 67; half complete 6 hours; all
    answer at the start (2) and end (4)."""
    for i in range(people):
        participant = ParticipantFactory(date_of_birth=_born(67))
        loan = LoanFactory(
            participant=participant,
            request__participant=participant,
            request__site=site,
        )
        _attended(participant, site, "6" if i % 2 == 0 else "2")
        for stage, score in (("start", 2), ("end", 4)):
            confidence_check_record(
                loan=loan,
                stage=stage,
                scores=_scores(questions, score),
                source="online",
            )


def test_numbers_for_the_whole_programme_and_by_group(questions):
    big = SiteFactory(name="Catford Library")
    small = SiteFactory(name="Deptford Lounge")
    make_programme(questions, big, people=12)
    # Three people who only trained, at a small site, aged 40.
    for _ in range(3):
        _attended(ParticipantFactory(date_of_birth=_born(40)), small, "1")
    # Not helped: booked but did not attend; a cancelled loan.
    BookingFactory(participant=ParticipantFactory())
    LoanFactory(status=Loan.Status.CANCELLED)

    result = programme_evaluation()

    total = result.total
    assert total.people == 15
    assert total.completed == 6
    assert total.avg_hours == Decimal("3.4")  # (6 * 6 + 6 * 2 + 3 * 1) / 15
    assert total.confidence_change == 2.0
    assert total.with_both == 12
    assert result.loans_by_status == {"on_loan": 12}

    by_site = {row.label: row for row in result.breakdowns[0].rows}
    assert by_site["Catford Library"].people == 12
    assert by_site["Deptford Lounge"].people == 3
    # The small group is "fewer than 10"; the other is hidden with it, since
    # the total would give it away.
    assert by_site["Deptford Lounge"].people_text == "fewer than 10"
    assert by_site["Catford Library"].suppressed
    assert by_site["Catford Library"].people_text == "hidden"

    by_age = {row.key: row for row in result.breakdowns[1].rows}
    assert by_age["65_74"].people == 12
    assert by_age["under_50"].people == 3
    assert by_age["50_64"].people == 0


def test_evaluation_queries_do_not_grow_with_data(
    questions, django_assert_max_num_queries
):
    site = SiteFactory()
    make_programme(questions, site, people=2)
    with django_assert_max_num_queries(12) as small:
        programme_evaluation()
    make_programme(questions, SiteFactory(), people=10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        programme_evaluation()
