"""Assigning assessors, declaring conflicts, scoring, and the panel's decisions.

Every write locks the row it changes (``select_for_update``) so that two
clicks, or a manager and an assessor at once, cannot leave it half-changed;
emails go out only after the transaction commits (``email_send``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from civic import groups
from civic.models import OrganisationMembership
from civic.services.email import email_send

from ..models import Application, Assignment, Challenge, Criterion, Pitch, Score

ASSIGN = "challenges.assign_assessor"
UNASSIGN = "challenges.unassign_assessor"
SHORTLIST = "challenges.shortlist"
NOT_SHORTLIST = "challenges.not_shortlist"
PITCH = "challenges.invite_to_pitch"
WINNER = "challenges.select_winner"
NOT_SELECTED = "challenges.not_selected"

# Applications a panel works on: submitted, and everything decided after.
ASSESSABLE = (
    Application.Status.SUBMITTED,
    Application.Status.SHORTLISTED,
    Application.Status.NOT_SHORTLISTED,
    Application.Status.WINNER,
    Application.Status.NOT_SELECTED,
)


class AssessmentError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ScoreInput:
    score: int | None
    comment: str


def eligible_assessors(*, challenge: Challenge) -> QuerySet:
    """Members of the Assessors staff group and of the challenge owner."""
    return (
        get_user_model()
        .objects.filter(
            Q(groups__name=groups.ASSESSORS)
            | Q(memberships__organisation_id=challenge.owner_id),
            is_active=True,
        )
        .distinct()
        .order_by("display_name", "email")
    )


def _member_emails(organisation_id: int) -> list[str]:
    return list(
        OrganisationMembership.objects.filter(
            organisation_id=organisation_id, user__is_active=True
        ).values_list("user__email", flat=True)
    )


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def _lock_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("challenge")
        .get(pk=application.pk)
    )


@transaction.atomic
def assignment_create(*, application: Application, assessor, assigned_by) -> Assignment:
    application = _lock_application(application)
    if application.status != Application.Status.SUBMITTED:
        raise AssessmentError(
            _("You can only assign assessors to a submitted application.")
        )
    if (
        not eligible_assessors(challenge=application.challenge)
        .filter(pk=assessor.pk)
        .exists()
    ):
        raise AssessmentError(
            _("Choose an assessor from the Assessors group or the challenge owner.")
        )
    if OrganisationMembership.objects.filter(
        organisation_id=application.organisation_id, user=assessor
    ).exists():
        raise AssessmentError(_("Someone from the startup cannot assess it."))
    if Assignment.objects.filter(application=application, assessor=assessor).exists():
        raise AssessmentError(
            _("%(name)s is already assessing this application.")
            % {"name": assessor.public_name}
        )
    assignment = Assignment.objects.create(
        application=application, assessor=assessor, assigned_by=assigned_by
    )
    log(
        instance=application,
        action=ASSIGN,
        user=assigned_by,
        title=str(application),
        data={"assessor": assessor.pk, "note": assessor.email},
    )
    email_send(
        to=assessor.email,
        template="challenges/email/assessment_assigned",
        context={
            "application": application,
            "challenge": application.challenge,
            "assessor": assessor,
            "url": absolute_url(reverse("challenges:assessor_home")),
        },
    )
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: Assignment, removed_by) -> None:
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.submitted_at is not None:
        raise AssessmentError(
            _("This assessor has submitted their scores, so they stay on the panel.")
        )
    application = locked.application
    log(
        instance=application,
        action=UNASSIGN,
        user=removed_by,
        title=str(application),
        data={
            "assessor": locked.assessor_id,
            "note": locked.assessor.email if locked.assessor else "",
        },
    )
    locked.delete()


@transaction.atomic
def conflict_declare(
    *, assignment: Assignment, has_conflict: bool, details: str = ""
) -> Assignment:
    locked = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("application", "assigned_by", "assessor")
        .get(pk=assignment.pk)
    )
    if locked.has_conflict is not None:
        raise AssessmentError(_("You have already declared any conflict of interest."))
    locked.has_conflict = has_conflict
    locked.conflict_details = details.strip() if has_conflict else ""
    locked.declared_at = timezone.now()
    locked.save(update_fields=["has_conflict", "conflict_details", "declared_at"])
    if has_conflict and locked.assigned_by is not None:
        email_send(
            to=locked.assigned_by.email,
            template="challenges/email/assessment_conflict",
            context={
                "assignment": locked,
                "application": locked.application,
                "assessor": locked.assessor,
            },
        )
    return locked


@transaction.atomic
def scores_save(
    *, assignment: Assignment, scores: dict[int, ScoreInput], submit: bool
) -> Assignment:
    """Save a draft (any criteria) or submit (every criterion scored)."""
    locked = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("application")
        .get(pk=assignment.pk)
    )
    if locked.has_conflict is not False:
        raise AssessmentError(_("Declare that you have no conflict of interest first."))
    if locked.submitted_at is not None:
        raise AssessmentError(_("You have already submitted your scores."))
    criteria = list(
        Criterion.objects.filter(challenge_id=locked.application.challenge_id)
    )
    if submit and any(
        scores.get(c.pk) is None or scores[c.pk].score is None for c in criteria
    ):
        raise AssessmentError(_("Score every criterion before you submit."))
    existing = {s.criterion_id: s for s in locked.scores.all()}
    for criterion in criteria:
        given = scores.get(criterion.pk)
        if given is None or given.score is None:
            continue
        score = existing.get(criterion.pk)
        if score is None:
            Score.objects.create(
                assignment=locked,
                criterion=criterion,
                score=given.score,
                comment=given.comment,
            )
        elif (score.score, score.comment) != (given.score, given.comment):
            score.score, score.comment = given.score, given.comment
            score.save(update_fields=["score", "comment"])
    if submit:
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["submitted_at"])
    return locked


def _decide(
    *,
    application: Application,
    decided_by,
    from_status: str,
    to_status: str,
    feedback: str,
    action: str,
    template: str,
) -> Application:
    locked = _lock_application(application)
    if locked.status != from_status:
        raise AssessmentError(
            _("This application is %(status)s, so you cannot decide that now.")
            % {"status": locked.get_status_display().lower()}
        )
    feedback = feedback.strip()
    if not feedback:
        raise AssessmentError(_("Enter feedback for the applicant."))
    locked.status = to_status
    locked.decision_feedback = feedback
    locked.decided_by = decided_by
    locked.decided_at = timezone.now()
    locked.save(
        update_fields=[
            "status",
            "decision_feedback",
            "decided_by",
            "decided_at",
            "updated_at",
        ]
    )
    log(
        instance=locked,
        action=action,
        user=decided_by,
        title=str(locked),
        data={"reason": feedback},
    )
    email_send(
        to=_member_emails(locked.organisation_id),
        template=template,
        context={
            "application": locked,
            "challenge": locked.challenge,
            "feedback": feedback,
        },
    )
    application.status = locked.status
    application.decision_feedback = locked.decision_feedback
    return locked


@transaction.atomic
def application_shortlist(
    *, application: Application, decided_by, shortlisted: bool, feedback: str
) -> Application:
    return _decide(
        application=application,
        decided_by=decided_by,
        from_status=Application.Status.SUBMITTED,
        to_status=(
            Application.Status.SHORTLISTED
            if shortlisted
            else Application.Status.NOT_SHORTLISTED
        ),
        feedback=feedback,
        action=SHORTLIST if shortlisted else NOT_SHORTLIST,
        template=(
            "challenges/email/assessment_shortlisted"
            if shortlisted
            else "challenges/email/assessment_not_shortlisted"
        ),
    )


@transaction.atomic
def application_final_decide(
    *, application: Application, decided_by, winner: bool, feedback: str
) -> Application:
    return _decide(
        application=application,
        decided_by=decided_by,
        from_status=Application.Status.SHORTLISTED,
        to_status=(
            Application.Status.WINNER if winner else Application.Status.NOT_SELECTED
        ),
        feedback=feedback,
        action=WINNER if winner else NOT_SELECTED,
        template=(
            "challenges/email/assessment_winner"
            if winner
            else "challenges/email/assessment_not_selected"
        ),
    )


@transaction.atomic
def pitch_invite(
    *,
    application: Application,
    invited_by,
    starts_at: datetime.datetime,
    place: str,
    details: str = "",
) -> Pitch:
    """Invite (or re-invite, with new details) a shortlisted startup."""
    locked = _lock_application(application)
    if locked.status != Application.Status.SHORTLISTED:
        raise AssessmentError(_("Only a shortlisted startup can be invited to pitch."))
    pitch, _created = Pitch.objects.update_or_create(
        application=locked,
        defaults={"starts_at": starts_at, "place": place, "details": details},
    )
    log(
        instance=locked,
        action=PITCH,
        user=invited_by,
        title=str(locked),
        data={"note": f"{starts_at:%Y-%m-%d %H:%M}, {place}"},
    )
    email_send(
        to=_member_emails(locked.organisation_id),
        template="challenges/email/assessment_pitch",
        context={"application": locked, "challenge": locked.challenge, "pitch": pitch},
    )
    return pitch
