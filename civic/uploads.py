"""Checks every upload form in the portal shares.

What a file is comes from its content (magic bytes, Pillow reading the
header), never from its name or the content type the browser sent: both are
chosen by the uploader. Files are stored under names we generate, so nothing
of the uploaded name (folders, NUL bytes, 5,000 characters) reaches the disk.
"""

from __future__ import annotations

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.utils.translation import gettext_lazy as _

# Content types for the formats Pillow names; what we tell browsers later.
IMAGE_CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# A photo from a phone is 12-50 megapixels; 50 is plenty for a project page
# and about 200 MB once decoded, which is as much as a web worker should take.
MAX_IMAGE_PIXELS = 50_000_000


def generated_name(extension: str) -> str:
    """A fresh name for a stored file: 32 hex digits and our own extension."""
    return f"{uuid.uuid4().hex}.{extension}"


def check_size(upload, *, max_bytes: int, too_big_message) -> None:
    if upload.size == 0:
        raise ValidationError(_("The selected file is empty"), code="empty")
    if upload.size > max_bytes:
        raise ValidationError(too_big_message, code="too_big")


def sniff_image(
    upload,
    *,
    formats: dict[str, str],
    not_image_message,
    max_pixels: int = MAX_IMAGE_PIXELS,
) -> str:
    """The image's format (a key of ``formats``), read from its content.

    Width and height are read from the header and checked before anything is
    decoded, so a small file that would decode to gigabytes (a decompression
    bomb) is refused without being decoded; ``verify()`` then reads the rest
    of the file's structure without decoding the pixels."""
    from PIL import Image, UnidentifiedImageError
    from PIL.Image import DecompressionBombError, DecompressionBombWarning

    too_many_pixels = ValidationError(
        _(
            "The selected image is too large. Choose an image of %(max)s "
            "megapixels or fewer"
        )
        % {"max": f"{max_pixels // 1_000_000:,}"},
        code="too_many_pixels",
    )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = image.format
            width, height = image.size
            if width * height > max_pixels:
                raise too_many_pixels
            image.verify()
    except (DecompressionBombError, DecompressionBombWarning):
        raise too_many_pixels from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(not_image_message, code="not_image") from None
    finally:
        upload.seek(0)
    if kind not in formats:
        raise ValidationError(not_image_message, code="not_image")
    return kind


def without_metadata(upload, *, kind: str, name: str):
    """A copy of an image already checked by ``sniff_image``, made again from
    its pixels so that nothing else of the file survives.

    A phone photo carries EXIF: where it was taken (GPS), when, and the
    phone's make and serial number; a resident sharing a picture of their
    street must not publish their home's coordinates with it. XMP, comments
    and PNG text chunks go too. The picture is first turned the way EXIF's
    orientation says, since that tag goes with the rest. The colour profile
    is kept: it says nothing about anyone. Animated images keep their first
    frame.
    """
    from PIL import Image, ImageOps

    upload.seek(0)
    with Image.open(upload) as image:
        image.seek(0)
        image.load()
        icc_profile = image.info.get("icc_profile")
        upright = ImageOps.exif_transpose(image)
    options: dict = {}
    if icc_profile:
        options["icc_profile"] = icc_profile
    if kind == "JPEG":
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        options.update(quality=90, optimize=True)
    elif kind == "WEBP":
        options.update(quality=90)
    elif kind == "PNG":
        options.update(optimize=True)
    buffer = io.BytesIO()
    upright.save(buffer, format=kind, **options)
    return SimpleUploadedFile(
        name, buffer.getvalue(), content_type=IMAGE_CONTENT_TYPES[kind]
    )


def sniff_pdf(upload, *, not_pdf_message) -> None:
    """A PDF starts with ``%PDF-``. The specification lets the header sit
    anywhere in the first 1024 bytes, but every real writer puts it first, and
    demanding that refuses files that are something else with a PDF inside."""
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if not head.startswith(b"%PDF-"):
        raise ValidationError(not_pdf_message, code="not_pdf")


class CappedUploadHandler(TemporaryFileUploadHandler):
    """Streams an upload to a temporary file but stops writing once it is past
    ``max_bytes``, so a huge upload cannot fill the disk. The file still
    reports its real size, so the form refuses it with the GOV.UK message
    rather than the request failing.

    Views swap it in before anything reads ``request.POST`` (which means
    before the CSRF check: see ``capped_uploads``)."""

    max_bytes = 10 * 1024 * 1024

    def __init__(self, request=None, max_bytes: int | None = None):
        super().__init__(request)
        if max_bytes is not None:
            self.max_bytes = max_bytes

    def receive_data_chunk(self, raw_data, start):
        room = self.max_bytes + 1 - start
        if room > 0:
            self.file.write(raw_data[:room])
        return None


def capped_uploads(max_bytes: int):
    """Decorate a view that takes uploads: its files are capped at
    ``max_bytes`` on disk, and the CSRF check still runs (after the swap).

    Django parses the body the first time anything touches ``request.POST``,
    and the CSRF middleware does that before the view; so the view is exempt
    from the middleware and checks the token itself, once the handler is set
    (Django's documented way to change upload handlers per view)."""
    import functools

    from django.views.decorators.csrf import csrf_exempt, csrf_protect

    def decorator(view):
        protected = csrf_protect(view)

        @csrf_exempt
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            request.upload_handlers = [CappedUploadHandler(request, max_bytes)]
            return protected(request, *args, **kwargs)

        return wrapped

    return decorator
