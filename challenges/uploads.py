"""Checks on uploaded attachments: a PDF by its content, never by its name."""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext_lazy as _

from civic import uploads

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024  # 10 MB
# Anything else the uploader's browser sent as a name is replaced by "_".
_UNSAFE = re.compile(r"[^\w\-. ()]+")


def validate_pdf(uploaded) -> None:
    """Refuse anything that is empty, bigger than 10 MB or does not start with
    the PDF signature. The declared content type and the file name are both
    under the uploader's control, so neither is trusted."""
    uploads.check_size(
        uploaded,
        max_bytes=MAX_ATTACHMENT_BYTES,
        too_big_message=_("The selected file must be smaller than 10MB"),
    )
    uploads.sniff_pdf(uploaded, not_pdf_message=_("The selected file must be a PDF"))


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


class CappedUploadHandler(uploads.CappedUploadHandler):
    """Attachments are written to disk up to 10 MB (and one byte) at most."""

    max_bytes = MAX_ATTACHMENT_BYTES
