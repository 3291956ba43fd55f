"""Reporting content and the moderators' decisions on it.

Every decision is written to Wagtail's audit log (``wagtail.log_actions.log``)
against the object it is about, with the moderator and their reason, so it
shows in the admin's site history and on the item's moderation page. The log
actions are registered in ``civic.wagtail_hooks``.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from civic.models import ModeratedContent, Report, User
from civic.registry import registry

HIDE = "civic.moderation.hide"
RESTORE = "civic.moderation.restore"
DISMISS = "civic.moderation.dismiss"
SUSPEND = "civic.user.suspend"
UNSUSPEND = "civic.user.unsuspend"


class AlreadyReported(Exception):
    """This person already has an open report about this item."""


class ModerationError(Exception):
    """A decision that cannot be made (for example, suspending a member of staff)."""


def _title(obj: models.Model) -> str:
    moderated = registry.moderated_type_for(obj)
    return str(moderated.get_title(obj) if moderated else obj)[:255]


def open_reports_for(obj: models.Model) -> models.QuerySet[Report]:
    return Report.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        status=Report.Status.OPEN,
    )


def _resolve_open_reports(
    obj: models.Model, *, moderator: User, status: str, note: str
) -> int:
    return open_reports_for(obj).update(
        status=status,
        resolved_at=timezone.now(),
        resolved_by=moderator,
        resolution_note=note,
    )


def report_create(
    *, reporter: User, content_object: models.Model, reason: str, note: str = ""
) -> Report:
    """Record a signed-in person's report; one open report per person per item.

    Raises ``AlreadyReported`` if they already have one open (the database
    constraint decides, so a double submit cannot make two).
    """
    if registry.moderated_type_for(content_object) is None:
        raise ValueError(
            f"{content_object._meta.label} is not registered for moderation"
        )
    try:
        with transaction.atomic():
            return Report.objects.create(
                content_object=content_object,
                reporter=reporter,
                reason=reason,
                note=note.strip(),
            )
    except IntegrityError as error:
        raise AlreadyReported from error


def _lock(obj: models.Model) -> models.Model:
    if not isinstance(obj, ModeratedContent):
        raise ModerationError(f"{obj._meta.label} cannot be hidden")
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


@transaction.atomic
def content_hide(*, obj: models.Model, moderator: User, reason: str) -> models.Model:
    """Hide content from everyone but staff, and close its open reports."""
    locked = _lock(obj)
    locked.is_hidden = True
    locked.hidden_at = timezone.now()
    locked.hidden_reason = reason
    locked.save(update_fields=["is_hidden", "hidden_at", "hidden_reason"])
    resolved = _resolve_open_reports(
        locked, moderator=moderator, status=Report.Status.HIDDEN, note=reason
    )
    log(
        instance=locked,
        action=HIDE,
        user=moderator,
        title=_title(locked),
        data={"reason": reason, "reports_resolved": resolved},
    )
    obj.is_hidden, obj.hidden_at, obj.hidden_reason = (
        locked.is_hidden,
        locked.hidden_at,
        locked.hidden_reason,
    )
    return locked


@transaction.atomic
def content_restore(*, obj: models.Model, moderator: User, reason: str) -> models.Model:
    """Show hidden content again; any reports still open are dismissed."""
    locked = _lock(obj)
    locked.is_hidden = False
    locked.hidden_at = None
    locked.hidden_reason = ""
    locked.save(update_fields=["is_hidden", "hidden_at", "hidden_reason"])
    resolved = _resolve_open_reports(
        locked, moderator=moderator, status=Report.Status.DISMISSED, note=reason
    )
    log(
        instance=locked,
        action=RESTORE,
        user=moderator,
        title=_title(locked),
        data={"reason": reason, "reports_resolved": resolved},
    )
    obj.is_hidden, obj.hidden_at, obj.hidden_reason = False, None, ""
    return locked


@transaction.atomic
def reports_dismiss(*, obj: models.Model, moderator: User, note: str = "") -> int:
    """Close the open reports about an item without acting on it."""
    resolved = _resolve_open_reports(
        obj, moderator=moderator, status=Report.Status.DISMISSED, note=note
    )
    log(
        instance=obj,
        action=DISMISS,
        user=moderator,
        title=_title(obj),
        data={"note": note, "reports_resolved": resolved},
    )
    return resolved


@transaction.atomic
def reports_dismiss_orphaned(
    *, content_type: ContentType, object_id: int, moderator: User, note: str = ""
) -> int:
    """Close open reports about an item that has since been deleted. With no item
    to log against, each report gets the audit log entry."""
    reports = list(
        Report.objects.select_for_update().filter(
            content_type=content_type, object_id=object_id, status=Report.Status.OPEN
        )
    )
    now = timezone.now()
    for report in reports:
        report.status = Report.Status.DISMISSED
        report.resolved_at = now
        report.resolved_by = moderator
        report.resolution_note = note
        report.save(
            update_fields=["status", "resolved_at", "resolved_by", "resolution_note"]
        )
        log(
            instance=report,
            action=DISMISS,
            user=moderator,
            data={"note": note, "reports_resolved": 1, "item_deleted": True},
        )
    return len(reports)


def _check_can_suspend(user: User, moderator: User) -> None:
    if user.pk == moderator.pk:
        raise ModerationError(_("You cannot suspend your own account"))
    if user.is_superuser or user.is_staff or user.groups.exists():
        raise ModerationError(_("Staff accounts cannot be suspended here"))


@transaction.atomic
def user_suspend(*, user: User, moderator: User, reason: str) -> User:
    """Stop a person signing in (and end their sessions: Django checks
    ``is_active`` on every request). Their content stays as it is; moderators
    hide it item by item."""
    _check_can_suspend(user, moderator)
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.is_active = False
    locked.suspended_at = timezone.now()
    locked.suspension_reason = reason
    locked.save(update_fields=["is_active", "suspended_at", "suspension_reason"])
    log(
        instance=locked,
        action=SUSPEND,
        user=moderator,
        title=locked.public_name,
        data={"reason": reason},
    )
    user.is_active, user.suspended_at, user.suspension_reason = (
        False,
        locked.suspended_at,
        reason,
    )
    return locked


@transaction.atomic
def user_unsuspend(*, user: User, moderator: User, reason: str) -> User:
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.is_active = True
    locked.suspended_at = None
    locked.suspension_reason = ""
    locked.save(update_fields=["is_active", "suspended_at", "suspension_reason"])
    log(
        instance=locked,
        action=UNSUSPEND,
        user=moderator,
        title=locked.public_name,
        data={"reason": reason},
    )
    user.is_active, user.suspended_at, user.suspension_reason = True, None, ""
    return locked
