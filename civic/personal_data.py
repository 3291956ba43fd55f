"""civic's own part of "Download my data" and "Delete my account".

The account itself: profile, email addresses, organisations, invitations,
reports made to the moderators, two-factor authenticators (never their
secrets), sessions and audit log entries. Registered from ``CivicConfig.ready``.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.models import ModelLogEntry, PageLogEntry

from civic.models import (
    OrganisationInvitation,
    OrganisationMembership,
    Report,
    User,
)
from civic.services.privacy import (
    ACCOUNT_DELETED,
    CIVIC_SECTION,
    FORMER_MEMBER,
    REDACTED,
    identifying_strings,
    redact,
    redact_data,
)

DESCRIPTION = gettext_lazy(
    "Your profile (display name, borough, postcode and email choices), your "
    "email addresses, the organisations you belong to and invitations to "
    "join them, reports you made to the moderators, how you sign in (the "
    "type of two-factor authentication, never its secret), your signed-in "
    "sessions and the audit log's record of what you did and what was done "
    "to your account. We keep these while you have an account."
)


def _is_staff(user) -> bool:
    return user.is_staff or user.is_superuser or user.groups.exists()


def _user_sessions(user) -> list[Session]:
    """The person's unexpired sessions. Sessions are not indexed by person,
    so each is decoded: fine for a request that happens once per account."""
    found = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            found.append(session)
    return found


def _user_content_type() -> ContentType:
    return ContentType.objects.get_for_model(User)


def _invitations_to(user):
    emails = [
        user.email,
        *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
    ]
    query = Q()
    for email in set(emails):
        query |= Q(email__iexact=email)
    return OrganisationInvitation.objects.filter(query)


def export(user) -> dict:
    memberships = OrganisationMembership.objects.filter(user=user).select_related(
        "organisation"
    )
    user_type = _user_content_type()
    return {
        "Profile": [
            {
                "Email address": user.email,
                "Display name": user.display_name,
                "Borough": user.borough.name if user.borough else "",
                "Postcode": user.postcode,
                "Email me about things I take part in": user.email_updates,
                "Email me news about new ways to take part": user.email_news,
                "Account created": user.date_joined,
                "Last signed in": user.last_login,
                "Suspended": user.suspended_at,
                "Reason for suspension": user.suspension_reason,
            }
        ],
        "Email addresses": [
            {
                "Email address": address.email,
                "Confirmed": address.verified,
                "Primary": address.primary,
            }
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "Organisations": [
            {
                "Organisation": membership.organisation.name,
                "Role": membership.get_role_display(),
                "Joined": membership.joined_at,
            }
            for membership in memberships
        ],
        "Invitations to join an organisation": [
            {
                "Organisation": invitation.organisation.name,
                "Role": invitation.get_role_display(),
                "Sent to": invitation.email,
                "Sent": invitation.created_at,
                "Accepted": invitation.accepted_at,
            }
            for invitation in _invitations_to(user).select_related("organisation")
        ],
        # Who they invited is the other person's data: only where and when.
        "Invitations you sent": [
            {
                "Organisation": invitation.organisation.name,
                "Role": invitation.get_role_display(),
                "Sent": invitation.created_at,
            }
            for invitation in OrganisationInvitation.objects.filter(
                invited_by=user
            ).select_related("organisation")
        ],
        "Reports you made to the moderators": [
            {
                "About": report.content_type.name,
                "Reason": report.get_reason_display(),
                "More detail": report.note,
                "Status": report.get_status_display(),
                "Made": report.created_at,
                "Resolved": report.resolved_at,
            }
            for report in Report.objects.filter(reporter=user).select_related(
                "content_type"
            )
        ],
        # The type and dates only: a secret or a recovery code is never
        # written into a file that may be left in a downloads folder.
        "Two-factor authentication": [
            {
                "Type": authenticator.get_type_display(),
                "Set up": authenticator.created_at,
                "Last used": authenticator.last_used_at,
            }
            for authenticator in Authenticator.objects.filter(user=user)
        ],
        "Signed-in sessions": [
            {"Ends": session.expire_date} for session in _user_sessions(user)
        ],
        "Audit log: what you did": [
            {
                "Action": entry.action,
                # Staff act on other people's accounts; whose is theirs.
                "About": _("another person's account")
                if entry.content_type_id == user_type.pk
                and entry.object_id != str(user.pk)
                else entry.label,
                "When": entry.timestamp,
            }
            for model in (ModelLogEntry, PageLogEntry)
            for entry in model.objects.filter(user_id=user.pk).order_by("timestamp")
        ],
        # What staff did to the account; who did it is theirs, not yours.
        "Audit log: changes to your account": [
            {"Action": entry.action, "When": entry.timestamp}
            for entry in ModelLogEntry.objects.filter(
                content_type=user_type, object_id=str(user.pk)
            ).order_by("timestamp")
        ],
    }


def blockers(user) -> list[str]:
    if _is_staff(user):
        return [
            _(
                "This is a staff account. The record of what staff do on the "
                "portal must be kept, so a portal administrator closes staff "
                "accounts: ask them to close yours."
            )
        ]
    return []


def _keep_an_owner(user) -> None:
    """An organisation the person owns alone passes to its longest-standing
    other member, so that it is not left with nobody to run it."""
    owned = OrganisationMembership.objects.filter(
        user=user, role=OrganisationMembership.Role.OWNER
    ).values_list("organisation_id", flat=True)
    for organisation_id in owned:
        others = OrganisationMembership.objects.filter(
            organisation_id=organisation_id
        ).exclude(user=user)
        if others.filter(role=OrganisationMembership.Role.OWNER).exists():
            continue
        successor = others.order_by("joined_at", "pk").first()
        if successor is not None:
            successor.role = OrganisationMembership.Role.OWNER
            successor.save(update_fields=["role"])


def _redact_log_entries(user, strings: list[str]) -> None:
    """Audit entries keep that something happened, when, and to what; not the
    person's name or email address. Entries about the account itself are
    relabelled; any other label or data naming them is redacted."""
    user_type = _user_content_type()
    ModelLogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(
        label=FORMER_MEMBER
    )
    for model in (ModelLogEntry, PageLogEntry):
        naming = Q()
        for needle in strings:
            naming |= Q(label__icontains=needle) | Q(_data__icontains=needle)
        entries = model.objects.annotate(_data=Cast("data", TextField())).filter(naming)
        for entry in entries:
            entry.label = redact(entry.label, strings)
            entry.data = redact_data(entry.data, strings)
            entry.save(update_fields=["label", "data"])
    # Django's admin log: the account's own entries, and any naming them.
    naming = Q(content_type=user_type, object_id=str(user.pk))
    for needle in strings:
        naming |= Q(object_repr__icontains=needle) | Q(change_message__icontains=needle)
    for entry in AdminLogEntry.objects.filter(naming):
        entry.object_repr = (
            FORMER_MEMBER
            if entry.content_type_id == user_type.pk and entry.object_id == str(user.pk)
            else redact(entry.object_repr, strings)
        )
        entry.change_message = redact(entry.change_message, strings)
        entry.save(update_fields=["object_repr", "change_message"])


def _optional_model(label: str):
    # Models that arrive with other work on the portal (the email outbox and
    # the failed-task record, from the reliability work) are handled when
    # they exist, so this module works before and after that lands.
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _redact_outbox(strings: list[str]) -> None:
    """Emails to the person: ones only to them go, whether sent or not (no
    point sending to an account that no longer exists); ones to several
    people keep the others, with the person's name taken out."""
    outbox = _optional_model("civic.OutboxEmail")
    if outbox is not None:
        emails = {s.lower() for s in strings if "@" in s}
        naming = Q()
        for needle in strings:
            naming |= Q(_to__icontains=needle) | Q(body__icontains=needle)
        for email in outbox.objects.annotate(_to=Cast("to", TextField())).filter(
            naming
        ):
            remaining = [a for a in email.to if str(a).lower() not in emails]
            if not remaining:
                email.delete()
                continue
            email.to = remaining
            email.subject = redact(email.subject, strings)
            email.body = redact(email.body, strings)
            email.html_body = redact(email.html_body, strings)
            email.save(update_fields=["to", "subject", "body", "html_body"])
    failed = _optional_model("civic.FailedTask")
    if failed is not None:
        fields = ("args", "kwargs", "exception", "traceback")
        naming = Q()
        for needle in strings:
            for name in fields:
                naming |= Q(**{f"{name}__icontains": needle})
        for task in failed.objects.filter(naming):
            for name in fields:
                setattr(task, name, redact(getattr(task, name), strings))
            task.save(update_fields=list(fields))


def erase(user) -> None:
    strings = identifying_strings(user)
    _redact_outbox(strings)
    _keep_an_owner(user)
    _invitations_to(user).delete()
    # Email addresses, authenticators, memberships and reports made go with
    # the user row (they cascade); sessions are not linked to it, so they go
    # here: the person is signed out everywhere.
    Session.objects.filter(
        session_key__in=[s.session_key for s in _user_sessions(user)]
    ).delete()
    _redact_log_entries(user, strings)


@hooks.register("register_log_actions")
def register_account_log_actions(actions):
    @actions.register_action(ACCOUNT_DELETED)
    class AccountDeleted(LogFormatter):
        label = gettext_lazy("Account: delete")
        message = gettext_lazy("Account and personal data deleted")


def register() -> None:
    from civic.registry import registry

    registry.register_personal_data(
        CIVIC_SECTION,
        export=export,
        erase=erase,
        description=DESCRIPTION,
        blockers=blockers,
    )


__all__ = ["REDACTED", "register"]
