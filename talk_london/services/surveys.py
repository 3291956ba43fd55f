"""Writing surveys and their responses.

Every write to a response locks that response's row first
(``select_for_update``), so two tabs or a double click cannot interleave: the
second one sees what the first did. The unique constraint on (survey, user)
means there is never a second response to lock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talk_london.models.surveys import (
    AGREEMENT_OPTIONS,
    OPTION_KINDS,
    TYPED_OPTION_KINDS,
    Answer,
    Question,
    QuestionKind,
    QuestionOption,
    Response,
    ResponseStatus,
    Survey,
)


class SurveyError(Exception):
    """A refusal with a message fit to show the person."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _closed_error(survey: Survey) -> SurveyError:
    if not survey.has_opened:
        return SurveyError("not_open", _("This survey is not open yet."))
    return SurveyError(
        "closed",
        _("This survey closed on %(date)s. We cannot accept any more answers.")
        % {"date": timezone.localtime(survey.closes_at).strftime("%-d %B %Y at %H:%M")},
    )


# --- Building ------------------------------------------------------------------


def _wanted_options(question: Question) -> list[tuple[str, bool]]:
    if question.kind in TYPED_OPTION_KINDS:
        wanted = [(line, False) for line in question.option_lines]
        if question.kind == QuestionKind.SINGLE and question.allow_other:
            wanted.append((_("Other"), True))
        return wanted
    if question.kind == QuestionKind.AGREEMENT:
        return [(str(label), False) for label in AGREEMENT_OPTIONS]
    return []


@transaction.atomic
def survey_sync_structure(*, survey: Survey) -> None:
    """Turn the builder's typed options and conditions into rows and keys.

    Runs after every save in the admin. Options keep their primary key while
    their label stays the same, so answers and results survive edits; options
    whose line was removed are retired when someone chose them, deleted
    otherwise.
    """
    questions = list(survey.questions.order_by("sort_order", "pk"))
    options_by_question: dict[int, dict[str, QuestionOption]] = {}
    existing = QuestionOption.objects.filter(question__survey=survey)
    for option in existing:
        options_by_question.setdefault(option.question_id, {})[option.label] = option
    for question in questions:
        current = options_by_question.get(question.pk, {})
        wanted = _wanted_options(question)
        wanted_labels = {label for label, _is_other in wanted}
        for position, (label, is_other) in enumerate(wanted):
            option = current.get(label)
            if option is None:
                current[label] = QuestionOption.objects.create(
                    question=question, label=label, position=position, is_other=is_other
                )
            elif (option.position, option.is_active, option.is_other) != (
                position,
                True,
                is_other,
            ):
                option.position, option.is_active, option.is_other = (
                    position,
                    True,
                    is_other,
                )
                option.save(update_fields=["position", "is_active", "is_other"])
        gone = [
            option for label, option in current.items() if label not in wanted_labels
        ]
        if gone:
            used = set(
                Answer.objects.filter(option__in=gone).values_list(
                    "option_id", flat=True
                )
            )
            QuestionOption.objects.filter(
                pk__in=[o.pk for o in gone if o.pk not in used]
            ).delete()
            QuestionOption.objects.filter(pk__in=used).update(is_active=False)
        options_by_question[question.pk] = current

    for question in questions:
        condition = None
        number = question.show_if_question_number
        if number and question.show_if_answer and 1 <= number <= len(questions):
            earlier = questions[number - 1]
            condition = options_by_question.get(earlier.pk, {}).get(
                question.show_if_answer.strip()
            )
        if question.condition_option_id != (condition.pk if condition else None):
            question.condition_option = condition
            Question.objects.filter(pk=question.pk).update(condition_option=condition)


# --- Answering -------------------------------------------------------------------


@dataclass
class AnswerValue:
    """What a person gave for one question, as the answer form cleans it."""

    options: list[QuestionOption]  # chosen, or ranked in order
    text: str = ""
    number: int | None = None
    borough_id: int | None = None


def applicable_questions(
    questions: Iterable[Question], chosen_option_ids: set[int]
) -> list[Question]:
    """The questions this person should see, in order: a question with a
    condition is shown when its (earlier) condition question was shown and
    answered with the condition's option."""
    shown: list[Question] = []
    shown_ids: set[int] = set()
    option_question: dict[int, int] = {}
    for question in questions:
        for option in question.options.all():
            option_question[option.pk] = question.pk
    for question in questions:
        condition = question.condition_option_id
        if condition is not None and (
            condition not in chosen_option_ids
            or option_question.get(condition) not in shown_ids
        ):
            continue
        shown.append(question)
        shown_ids.add(question.pk)
    return shown


def response_start(*, survey: Survey, user) -> Response:
    """This person's response to the survey, made on their first visit."""
    existing = Response.objects.filter(survey=survey, user=user).first()
    if existing is not None:
        return existing
    if not survey.is_open:
        raise _closed_error(survey)
    try:
        with transaction.atomic():
            return Response.objects.create(survey=survey, user=user)
    except IntegrityError:
        # A second tab started at the same moment: use the row it made.
        return Response.objects.get(survey=survey, user=user)


def _lock(response: Response) -> Response:
    locked = (
        Response.objects.select_related("survey")
        .select_for_update()
        .get(pk=response.pk)
    )
    if locked.is_submitted:
        raise SurveyError(
            "submitted", _("You have already sent your answers to this survey.")
        )
    if not locked.survey.is_open:
        raise _closed_error(locked.survey)
    return locked


def _answer_rows(response: Response, question: Question, value: AnswerValue):
    if question.kind == QuestionKind.RANKING:
        return [
            Answer(response=response, question=question, option=option, rank=rank)
            for rank, option in enumerate(value.options, start=1)
        ]
    if question.kind in OPTION_KINDS and value.options:
        return [
            Answer(
                response=response,
                question=question,
                option=option,
                rank=place if question.kind == QuestionKind.MULTIPLE else None,
                text_value=value.text if option.is_other else "",
            )
            for place, option in enumerate(value.options, start=1)
        ]
    # Text, number, borough, or an optional question left blank (an empty
    # row, so that "continue where you left off" knows it was seen).
    return [
        Answer(
            response=response,
            question=question,
            text_value=value.text,
            number_value=value.number,
            borough_id=value.borough_id,
        )
    ]


def _prune(response: Response) -> None:
    """Drop answers to questions that no longer apply (an earlier answer
    changed, so a branch is no longer taken)."""
    questions = list(
        response.survey.questions.prefetch_related("options").order_by(
            "sort_order", "pk"
        )
    )
    chosen = set(
        Answer.objects.filter(response=response, option__isnull=False).values_list(
            "option_id", flat=True
        )
    )
    shown = {q.pk for q in applicable_questions(questions, chosen)}
    Answer.objects.filter(response=response).exclude(question_id__in=shown).delete()


def answer_save(*, response: Response, question: Question, value: AnswerValue) -> None:
    """Replace this person's answer to one question (and drop any answers the
    change makes irrelevant)."""
    with transaction.atomic():
        locked = _lock(response)
        Answer.objects.filter(response=locked, question=question).delete()
        Answer.objects.bulk_create(_answer_rows(locked, question, value))
        _prune(locked)
        Response.objects.filter(pk=locked.pk).update(updated_at=timezone.now())


def response_submit(*, response: Response) -> Response:
    """Send the answers. Refused (with a message) when already sent, when the
    survey has closed, or when a required question has no answer."""
    with transaction.atomic():
        locked = _lock(response)
        questions = list(
            locked.survey.questions.prefetch_related("options").order_by(
                "sort_order", "pk"
            )
        )
        answers = list(Answer.objects.filter(response=locked))
        chosen = {a.option_id for a in answers if a.option_id}
        answered = {a.question_id for a in answers if _is_real_answer(a)}
        for question in applicable_questions(questions, chosen):
            if question.required and question.pk not in answered:
                raise SurveyError(
                    "incomplete",
                    _("Answer “%(question)s” before you send your answers")
                    % {"question": question.text},
                )
        locked.status = ResponseStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["status", "submitted_at", "updated_at"])
    return locked


def _is_real_answer(answer: Answer) -> bool:
    return bool(
        answer.option_id
        or answer.text_value
        or answer.number_value is not None
        or answer.borough_id
    )
