"""What the Civic Innovation Challenge holds about a person: their part of
"Download my data" and "Delete my account" (civic.registry), and the
retention rule for application drafts that can never be submitted.

What stays after a person deletes their account, and why:

- An application belongs to the startup (the organisation), not to the
  member who started it: it stays, with ``created_by`` cleared and the
  person's name and email taken out of its text.
- Submitted scores are the panel's record of how a public testing fund was
  awarded; other assessors' scores and the decision rest on them. They stay,
  without the assessor: no name, no account, no conflict details. An
  assessment they had not submitted is deleted (it counted for nothing), except
  a declared conflict, kept (without its details) because it shows why the
  assessor was not on the panel.
- A topic they proposed stays for the people who supported it, shown without
  a proposer. Their support for a topic in a round still open is withdrawn (as
  if they withdrew it); in a closed round the published count stands and the
  support is kept without them (it counts as borough "Not known").
- Staff actions (decisions, assignments, approvals, mentoring logs) keep what
  happened and when, not who.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from civic.redaction import redact_fields, redact_log_entries
from civic.retention import cutoff

from .models import (
    Application,
    Assignment,
    Attachment,
    MentoringSession,
    Milestone,
    ProgressReport,
    Score,
    Support,
    SupporterQuota,
    Topic,
    VotingRound,
)

SECTION = "Civic Innovation Challenge"
DESCRIPTION = _(
    "Applications you start for your organisation and the files you upload "
    "(to run the challenge and award the testing fund; they stay with your "
    "organisation's application, without your name, if you delete your "
    "account); assessments you make as an assessor (the panel's record of how "
    "public money was awarded: kept without your name); topics you propose and "
    "support (to choose future challenges; kept without your name). Draft "
    "applications are deleted a while after the challenge closes (see below)."
)

APPLICATION_TEXT = [
    "organisation_summary",
    "solution_summary",
    "solution_description",
    "evidence",
    "testing_plan",
    "team_description",
    "decision_feedback",
]


def _when(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def _strings(user) -> list[str]:
    from allauth.account.models import EmailAddress

    return [
        user.email,
        user.display_name,
        *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
    ]


# --- Download my data --------------------------------------------------------


def export(user) -> dict:
    applications = (
        Application.objects.filter(created_by=user)
        .select_related("challenge", "organisation")
        .order_by("created_at", "pk")
    )
    assignments = (
        Assignment.objects.filter(assessor=user)
        .select_related("application__challenge")
        .prefetch_related("scores__criterion")
        .order_by("assigned_at", "pk")
    )
    supports = (
        Support.objects.filter(user=user)
        .select_related("topic__voting_round")
        .order_by("created_at", "pk")
    )
    return {
        "Applications you started": [
            {
                "reference": app.reference or "",
                "challenge": app.challenge.title,
                "organisation": app.organisation.name,
                "status": app.get_status_display(),
                "started": _when(app.created_at),
                "submitted": _when(app.submitted_at),
                **{name: getattr(app, name) for name in APPLICATION_TEXT},
            }
            for app in applications
        ],
        "Files you uploaded": [
            {
                "application": a.application.reference or "draft",
                "kind": a.get_kind_display(),
                "file name": a.original_name,
                "size in bytes": a.size_bytes,
                "uploaded": _when(a.uploaded_at),
            }
            for a in Attachment.objects.filter(uploaded_by=user).select_related(
                "application"
            )
        ],
        "Applications you assessed": [
            {
                "application": a.application.reference or "",
                "challenge": a.application.challenge.title,
                "assigned": _when(a.assigned_at),
                "conflict of interest": a.has_conflict,
                "conflict details": a.conflict_details,
                "declared": _when(a.declared_at),
                "submitted": _when(a.submitted_at),
                "scores": [
                    {
                        "criterion": s.criterion.name,
                        "score": s.score,
                        "comment": s.comment,
                    }
                    for s in a.scores.all()
                ],
            }
            for a in assignments
        ],
        "Progress reports you wrote": [
            {"pilot": str(r.pilot.application), "report": r.body}
            | {"written": _when(r.created_at)}
            for r in ProgressReport.objects.filter(author=user).select_related(
                "pilot__application"
            )
        ],
        "Mentoring sessions you logged": [
            {
                "pilot": str(m.pilot.application),
                "date": _when(m.held_on),
                "mentor": m.mentor_name,
                "what was covered": m.topics,
            }
            for m in MentoringSession.objects.filter(logged_by=user).select_related(
                "pilot__application"
            )
        ],
        "Topics you proposed": [
            {
                "topic": t.title,
                "the problem": t.problem,
                "who it affects": t.who_it_affects,
                "borough": t.borough.name if t.borough else "",
                "status": t.get_status_display(),
                "hidden by a moderator": t.is_hidden,
                "proposed": _when(t.created_at),
            }
            for t in Topic.objects.filter(proposed_by=user).select_related("borough")
        ],
        "Topics you support": [
            {
                "topic": s.topic.title,
                "voting round": s.topic.voting_round.name
                if s.topic.voting_round
                else "",
                "supported": _when(s.created_at),
            }
            for s in supports
        ],
        "Decisions you recorded as staff": [
            {
                "application": reference,
                "decision": str(Application.Status(status).label),
                "when": _when(decided_at),
            }
            for reference, status, decided_at in Application.objects.filter(
                decided_by=user
            ).values_list("reference", "status", "decided_at")
        ]
        + [
            {"milestone": title, "decision": "Approved", "when": _when(at)}
            for title, at in Milestone.objects.filter(approved_by=user).values_list(
                "title", "approved_at"
            )
        ]
        + [
            {
                "application": reference,
                "decision": "Assessor assigned",
                "when": _when(at),
            }
            for reference, at in Assignment.objects.filter(
                assigned_by=user
            ).values_list("application__reference", "assigned_at")
        ],
    }


# --- Delete my account -------------------------------------------------------


def erase(user) -> None:
    strings = _strings(user)
    with transaction.atomic():
        _erase_topics(user, strings)
        _erase_applications(user, strings)
        _erase_assessments(user, strings)
        ProgressReport.objects.filter(author=user).update(author=None)
        redact_fields(ProgressReport.objects.filter(author=None), ["body"], strings)
        MentoringSession.objects.filter(logged_by=user).update(logged_by=None)
        redact_fields(
            MentoringSession.objects.filter(logged_by=None),
            ["mentor_name", "topics"],
            strings,
        )
        Milestone.objects.filter(approved_by=user).update(approved_by=None)
        # Assigning an assessor logs their email as the entry's note.
        redact_log_entries(strings)


def _erase_topics(user, strings) -> None:
    supports = Support.objects.filter(user=user).select_related("topic__voting_round")
    for support in supports.select_for_update(of=("self",)):
        voting_round = support.topic.voting_round
        if voting_round and voting_round.status == VotingRound.Status.OPEN:
            # As if they withdrew it: the count and their quota go down.
            support.delete()
            Topic.objects.filter(pk=support.topic_id).update(
                support_count=F("support_count") - 1
            )
        else:
            Support.objects.filter(pk=support.pk).update(user=None)
    SupporterQuota.objects.filter(user=user).delete()
    proposed = Topic.objects.filter(proposed_by=user)
    pks = list(proposed.values_list("pk", flat=True))
    proposed.update(proposed_by=None)
    redact_fields(
        Topic.objects.filter(pk__in=pks),
        ["title", "problem", "who_it_affects", "explanation", "hidden_reason"],
        strings,
    )


def _erase_applications(user, strings) -> None:
    mine = Application.objects.filter(Q(created_by=user) | Q(decided_by=user))
    pks = list(mine.values_list("pk", flat=True))
    Application.objects.filter(created_by=user).update(created_by=None)
    Application.objects.filter(decided_by=user).update(decided_by=None)
    redact_fields(Application.objects.filter(pk__in=pks), APPLICATION_TEXT, strings)
    uploads = Attachment.objects.filter(uploaded_by=user)
    upload_pks = list(uploads.values_list("pk", flat=True))
    uploads.update(uploaded_by=None)
    redact_fields(
        Attachment.objects.filter(pk__in=upload_pks), ["original_name"], strings
    )


def _erase_assessments(user, strings) -> None:
    Assignment.objects.filter(assigned_by=user).update(assigned_by=None)
    mine = Assignment.objects.filter(assessor=user)
    # Not submitted and no conflict declared: it counted for nothing.
    mine.filter(submitted_at__isnull=True).exclude(has_conflict=True).delete()
    kept = list(mine.values_list("pk", flat=True))
    mine.update(assessor=None, conflict_details="")
    redact_fields(Score.objects.filter(assignment__in=kept), ["comment"], strings)


# --- Retention ---------------------------------------------------------------

DRAFTS_PERIOD = "challenge_drafts"


def purge_drafts(now: datetime.datetime) -> int:
    """Draft applications whose challenge closed more than the period ago:
    they can never be submitted now."""
    stale = Application.objects.filter(
        status=Application.Status.DRAFT,
        challenge__application_deadline__lt=cutoff(now, DRAFTS_PERIOD),
    )
    pks = list(stale.values_list("pk", flat=True))
    files = [
        name
        for name in Attachment.objects.filter(application__in=pks).values_list(
            "file", flat=True
        )
        if name
    ]
    deleted = (
        Application.objects.filter(pk__in=pks)
        .delete()[1]
        .get(Application._meta.label, 0)
    )
    if files:
        transaction.on_commit(lambda: _delete_files(files))
    return deleted


def _delete_files(names: list[str]) -> None:
    from civic.storage import private_storage

    for name in names:
        private_storage.delete(name)


def register() -> None:
    from civic.registry import registry

    registry.register_personal_data(
        SECTION, export=export, erase=erase, description=DESCRIPTION
    )
    registry.register_retention(
        "challenge_drafts",
        purge=purge_drafts,
        period_setting=DRAFTS_PERIOD,
        description=_(
            "Civic Innovation Challenge: draft applications never submitted, "
            "with their files, after the challenge has closed."
        ),
    )
