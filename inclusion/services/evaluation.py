"""The confidence questionnaire, taken online or entered from paper."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inclusion.models import ConfidenceAnswer, ConfidenceCheck, ConfidenceQuestion, Loan


class ConfidenceError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _already_answered() -> ConfidenceError:
    return ConfidenceError(
        "already_answered",
        _("The questionnaire for this stage of the loan has already been answered."),
    )


def confidence_check_record(
    *,
    loan: Loan,
    stage: str,
    scores: dict[int, int],
    source: str,
    entered_by=None,
) -> ConfidenceCheck:
    """Save one questionnaire: ``scores`` maps question id to 1–5.

    Once per loan and stage: the unique constraint refuses a second."""
    if stage not in ConfidenceCheck.Stage.values:
        raise ConfidenceError("stage", _("Choose the start or the end of the loan."))
    if source == ConfidenceCheck.Source.PAPER and entered_by is None:
        raise ConfidenceError("staff", _("A paper form needs the staff member named."))
    questions = {q.pk: q for q in ConfidenceQuestion.objects.filter(pk__in=scores)}
    if set(questions) != set(scores) or not all(1 <= s <= 5 for s in scores.values()):
        raise ConfidenceError("scores", _("Answer every question from 1 to 5."))
    try:
        with transaction.atomic():
            check = ConfidenceCheck.objects.create(
                participant_id=loan.participant_id,
                loan=loan,
                stage=stage,
                source=source,
                entered_by=entered_by,
                completed_at=timezone.now(),
            )
            ConfidenceAnswer.objects.bulk_create(
                ConfidenceAnswer(check_record=check, question_id=pk, score=score)
                for pk, score in scores.items()
            )
    except IntegrityError:
        raise _already_answered() from None
    return check


def confidence_already_answered(*, loan: Loan, stage: str) -> bool:
    return ConfidenceCheck.objects.filter(loan=loan, stage=stage).exists()
