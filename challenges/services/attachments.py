"""Pitch decks and evidence: PDFs kept in private storage under our own names."""

from __future__ import annotations

import logging

from django.db import transaction

from challenges.models import Application, Attachment
from challenges.services.applications import _check_editable, _check_member, _lock
from challenges.uploads import display_name, validate_pdf
from civic.storage import private_storage

logger = logging.getLogger(__name__)


def attachment_add(
    *, application: Application, user, kind: str, uploaded
) -> Attachment:
    """Store an uploaded PDF (validated again here: the service is the last
    line, whatever form called it)."""
    validate_pdf(uploaded)
    with transaction.atomic():
        locked = _lock(application)
        _check_member(user, locked.organisation_id)
        _check_editable(locked)
        attachment = Attachment(
            application=locked,
            kind=kind,
            original_name=display_name(uploaded.name),
            size_bytes=uploaded.size,
            uploaded_by=user,
        )
        # upload_to chooses the stored name; the uploaded name is ignored.
        attachment.file.save("upload.pdf", uploaded, save=False)
        stored = attachment.file.name
        try:
            attachment.save()
        except Exception:
            private_storage.delete(stored)
            raise
    return attachment


def attachment_delete(*, attachment: Attachment, user) -> None:
    with transaction.atomic():
        locked = _lock(attachment.application)
        _check_member(user, locked.organisation_id)
        _check_editable(locked)
        name = attachment.file.name
        Attachment.objects.filter(pk=attachment.pk).delete()
        transaction.on_commit(lambda: delete_stored_files([name]))


def delete_stored_files(names: list[str]) -> None:
    for name in names:
        try:
            private_storage.delete(name)
        except OSError:  # pragma: no cover - a file already gone is fine
            logger.warning("Could not delete private file %s", name)
