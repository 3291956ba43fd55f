"""UK GDPR rights: "Download my data" (access) and "Delete my account" (erasure).

Every app says what it holds about a person through
``civic.registry.register_personal_data`` (civic's own part is
``civic.personal_data``); these services run every registered section, so an
app that registers appears here without civic knowing about it.

Erasure runs in one transaction: each feature app's ``erase(user)``, then
civic's own, then the user row. A section that must refuse (a live campaign
the person runs, holding other people's pledges) raises
:class:`AccountDeletionRefused` and nothing at all is deleted.
"""

from __future__ import annotations

import datetime
import decimal
import logging
import re
import uuid
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from civic.registry import PersonalDataSection, registry

logger = logging.getLogger(__name__)

# civic's own section; it is erased last (after the feature apps, whose rows
# point at the person's organisations and email addresses) and shown first.
CIVIC_SECTION = "Your account"

# What replaces a deleted person's name or email address inside text that is
# kept (a forum post that quoted their name, an audit entry's label). Stored,
# so it is not translated.
REDACTED = "[removed]"
# What the audit log calls a deleted person.
FORMER_MEMBER = "A former member"
ACCOUNT_DELETED = "civic.account_delete"


class AccountDeletionRefused(Exception):
    """The account cannot be deleted yet; ``reasons`` say what to do instead."""

    def __init__(self, reasons: Iterable[str]):
        self.reasons = [str(reason) for reason in reasons]
        super().__init__("; ".join(self.reasons))


def sections() -> list[PersonalDataSection]:
    """Every registered section, civic's own first, then by name."""
    found = list(registry.personal_data.values())
    return sorted(found, key=lambda s: (s.section != CIVIC_SECTION, str(s.section)))


# Export ----------------------------------------------------------------------


def _plain(value):
    """The JSON-safe form of what a section returned (dates as ISO 8601)."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if value.tzinfo else value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)  # lazy translations, choices labels


def account_export(*, user) -> dict:
    """Everything the portal holds about ``user``, section by section."""
    exported = {}
    for section in sections():
        exported[str(section.section)] = _plain(section.export(user) or {})
    return {
        "exported_at": timezone.localtime().isoformat(),
        "account_id": user.pk,
        "sections": exported,
    }


# Erasure ---------------------------------------------------------------------


def account_deletion_blockers(*, user) -> list[str]:
    """Why ``user``'s account cannot be deleted now (empty: it can)."""
    reasons: list[str] = []
    for section in sections():
        if section.blockers is not None:
            reasons.extend(str(reason) for reason in section.blockers(user))
    return reasons


def account_delete(*, user, by=None) -> None:
    """Delete ``user``'s account and personal data; anonymise what must stay.

    ``by`` is the member of staff acting on a request (None: the person
    themselves). Raises :class:`AccountDeletionRefused` and changes nothing
    if any section refuses.
    """
    User = get_user_model()
    with transaction.atomic():
        # One deletion at a time for a person (a double-clicked button).
        locked = User.objects.select_for_update().filter(pk=user.pk).first()
        if locked is None:
            return
        reasons = account_deletion_blockers(user=locked)
        if reasons:
            raise AccountDeletionRefused(reasons)
        ordered = sections()
        # Feature apps first: their rows point at civic's (organisations,
        # email addresses), civic's own part runs last, before the user row.
        for section in ordered[1:] + ordered[:1]:
            section.erase(locked)
        # That the account was deleted, when and by whom is kept; not whose
        # it was (the entry points at a row that no longer exists).
        log(
            instance=locked,
            action=ACCOUNT_DELETED,
            user=by or locked,
            title=FORMER_MEMBER,
            data={"by_owner": by is None},
        )
        try:
            locked.delete()
        except ProtectedError as error:
            # A section left a row that must not be deleted with the person:
            # a bug in that section's erase(), never something to half-do.
            logger.exception("Account %s could not be deleted", locked.pk)
            raise AccountDeletionRefused(
                [
                    _(
                        "Something we must keep still names you, so we could not "
                        "delete your account. We have been told and will contact "
                        "you."
                    )
                ]
            ) from error
    logger.info(
        "Account %s deleted%s",
        user.pk,
        f" by account {by.pk}" if by else " by its owner",
    )


# Helpers for sections --------------------------------------------------------


def identifying_strings(user) -> list[str]:
    """The person's email addresses and their display name (when it is long
    enough to be theirs rather than a common word), longest first, for
    :func:`redact`."""
    from allauth.account.models import EmailAddress

    strings = {user.email}
    strings.update(
        EmailAddress.objects.filter(user_id=user.pk).values_list("email", flat=True)
    )
    if len(user.display_name or "") >= 4:
        strings.add(user.display_name)
    return sorted((s for s in strings if s), key=len, reverse=True)


def redact(text: str, strings: Iterable[str], replacement: str = REDACTED) -> str:
    """``text`` with every case-insensitive occurrence of ``strings`` replaced."""
    strings = [s for s in strings if s]
    if not text or not strings:
        return text
    pattern = re.compile("|".join(re.escape(s) for s in strings), re.IGNORECASE)
    return pattern.sub(replacement, text)


def redact_data(value, strings: Iterable[str], replacement: str = REDACTED):
    """:func:`redact` through a JSON value (dicts, lists and strings)."""
    strings = list(strings)
    if isinstance(value, str):
        return redact(value, strings, replacement)
    if isinstance(value, dict):
        return {
            key: redact_data(item, strings, replacement) for key, item in value.items()
        }
    if isinstance(value, list):
        return [redact_data(item, strings, replacement) for item in value]
    return value
