"""Checks on uploaded attachments: a PDF by its content, never by its name."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.utils.translation import gettext_lazy as _

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024  # 10 MB
PDF_MAGIC = b"%PDF-"
# Anything else the uploader's browser sent as a name is replaced by "_".
_UNSAFE = re.compile(r"[^\w\-. ()]+")


def validate_pdf(uploaded) -> None:
    """Refuse anything that is empty, bigger than 10 MB or does not start with
    the PDF signature. The declared content type and the file name are both
    under the uploader's control, so neither is trusted."""
    if uploaded.size == 0:
        raise ValidationError(_("The selected file is empty"), code="empty")
    if uploaded.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The selected file must be smaller than 10MB"), code="too_big"
        )
    uploaded.seek(0)
    head = uploaded.read(1024)
    uploaded.seek(0)
    # The specification lets a PDF start within its first 1024 bytes, but
    # every real writer puts the header first; demanding that is safer.
    if not head.startswith(PDF_MAGIC):
        raise ValidationError(_("The selected file must be a PDF"), code="not_pdf")


def display_name(name: str) -> str:
    """The uploaded name made safe to show and to offer in a download:
    no folders, no control characters, nothing outside a short safe set."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" .")
    if not name:
        name = "document"
    stem, dot, ext = name.rpartition(".")
    if not dot or ext.lower() != "pdf":
        stem, ext = name, "pdf"
    return f"{stem[:150]}.{ext.lower()}"


class CappedUploadHandler(TemporaryFileUploadHandler):
    """Streams an upload to a temporary file but stops writing once it is past
    the limit, so a huge upload cannot fill the disk. The file still reports
    its real size, so the form refuses it with the GOV.UK message rather than
    the request failing."""

    def receive_data_chunk(self, raw_data, start):
        room = MAX_ATTACHMENT_BYTES + 1 - start
        if room > 0:
            self.file.write(raw_data[:room])
        return None
