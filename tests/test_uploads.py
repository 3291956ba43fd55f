"""Hostile uploads, through the real form views: Crowdfund London's project
images and Civic Challenges' attachments.

A file is judged by its content, never its name or declared type; oversized
files and decompression bombs are refused; whatever the uploaded name, the
file is stored under a name we generate. Every refusal is a GOV.UK error next
to the field (and in the error summary), never a 500.
"""

from __future__ import annotations

import html as html_lib
import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from civic import uploads
from civic.tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 200
HTML = b"<!doctype html><script>alert(document.cookie)</script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'


def image_bytes(fmt="PNG", size=(40, 30), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "green" if mode == "RGB" else 1).save(buffer, fmt)
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_claiming(width: int, height: int) -> bytes:
    """A well-formed PNG header for a picture of width × height, followed by
    one compressed row: a few hundred bytes that would decode to gigabytes."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = zlib.compress(b"\x00" * (width * 3 + 1), 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", row)
        + _chunk(b"IEND", b"")
    )


def multipart(fields: dict[str, str], files: dict[str, tuple[bytes, bytes, str]]):
    """A multipart body written by hand, because Django's test client would
    tidy the file name (basename) before sending it; a hostile client sends
    whatever bytes it likes."""
    boundary = b"----hostile-boundary-7MA4YWxkTrZu0gW"
    parts = []
    for name, value in fields.items():
        parts.append(
            b"--" + boundary + b"\r\n"
            b'Content-Disposition: form-data; name="'
            + name.encode()
            + b'"\r\n\r\n'
            + value.encode()
            + b"\r\n"
        )
    for name, (filename, content, content_type) in files.items():
        parts.append(
            b"--" + boundary + b"\r\n"
            b'Content-Disposition: form-data; name="' + name.encode() + b'"; '
            b'filename="' + filename + b'"\r\n'
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + content + b"\r\n"
        )
    body = b"".join(parts) + b"--" + boundary + b"--\r\n"
    return body, "multipart/form-data; boundary=" + boundary.decode()


def assert_field_error(response, field: str, message: str):
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'href="#id_{field}"' in page
    shown = re.search(
        rf'<p id="id_{field}-error" class="govuk-error-message">'
        r'<span class="govuk-visually-hidden">Error:</span> ([^<]*)</p>',
        page,
    )
    assert shown, f"no error next to {field}"
    assert message in html_lib.unescape(shown.group(1))
    assert "<title>Error:" in page


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- Crowdfund London: project images --------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def project(resident):
    from crowdfund.tests.factories import FundingRoundFactory, ProjectFactory

    return ProjectFactory(
        created_by=resident,
        funding_round=FundingRoundFactory(),
        organisation=OrganisationFactory(),
    )


@pytest.fixture
def team_client(client, resident, media):
    client.force_login(resident)
    return client


def post_image(client, project, content, name="photo.jpg", content_type="image/jpeg"):
    return client.post(
        reverse("crowdfund:project_images", args=[project.slug]),
        {
            "image": SimpleUploadedFile(name, content, content_type),
            "alt_text": "Volunteers in the park",
        },
    )


NOT_IMAGE = "The selected file must be a JPEG, PNG or WebP image"
STORED_IMAGE = re.compile(
    r"^crowdfund/projects/\d{4}/\d{2}/[0-9a-f]{32}\.(jpg|png|webp)$"
)


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (MINIMAL_PDF, "photo.jpg", "image/jpeg"),
        (EXECUTABLE, "photo.png", "image/png"),
        (ZIP, "photo.webp", "image/webp"),
        (HTML, "photo.jpg", "image/jpeg"),
        (SVG, "photo.png", "image/png"),
        (image_bytes("GIF"), "photo.png", "image/png"),
        (image_bytes("BMP"), "photo.jpg", "image/jpeg"),
        (image_bytes("PNG")[:60], "photo.png", "image/png"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "photo.png", "image/png"),
    ],
    ids=[
        "pdf-called-jpg",
        "executable-called-png",
        "zip-called-webp",
        "html-called-jpg",
        "svg-called-png",
        "gif-called-png",
        "bmp-called-jpg",
        "truncated-png",
        "png-signature-only",
    ],
)
def test_files_that_are_not_allowed_images_are_refused_whatever_their_name(
    team_client, project, media, content, name, content_type
):
    response = post_image(team_client, project, content, name, content_type)
    assert_field_error(response, "image", NOT_IMAGE)
    assert not project.images.exists()
    assert files_under(media) == []


def test_an_empty_image_is_refused(team_client, project):
    response = post_image(team_client, project, b"")
    assert_field_error(response, "image", "The selected file is empty")


def test_an_image_over_5mb_is_refused_before_it_is_read(team_client, project, media):
    from crowdfund.forms.projects import MAX_IMAGE_BYTES

    content = image_bytes("PNG") + b"\x00" * MAX_IMAGE_BYTES
    response = post_image(team_client, project, content, "big.png", "image/png")
    assert_field_error(response, "image", "The selected file must be smaller than 5MB")
    assert files_under(media) == []


@pytest.mark.parametrize(
    ("width", "height"),
    [(100_000, 100_000), (10_000, 6_000)],
    ids=["ten-gigapixels", "sixty-megapixels"],
)
def test_decompression_bombs_are_refused_without_being_decoded(
    team_client, project, media, width, height
):
    bomb = png_claiming(width, height)
    assert len(bomb) < 100_000
    response = post_image(team_client, project, bomb, "tiny.png", "image/png")
    assert_field_error(
        response, "image", "The selected image is too large. Choose an image of 50"
    )
    assert files_under(media) == []


def test_a_real_decompression_bomb_made_by_pillow_is_refused(team_client, project):
    # 9,000 × 6,000 one-bit pixels: tens of kilobytes on disk, 54 megapixels.
    bomb = image_bytes("PNG", size=(9_000, 6_000), mode="1")
    assert len(bomb) < 200_000
    response = post_image(team_client, project, bomb, "flat.png", "image/png")
    assert_field_error(response, "image", "The selected image is too large")


@pytest.mark.parametrize(
    "filename",
    [
        b"../../etc/passwd.jpg",
        b"..\\..\\windows\\win.ini.jpg",
        b"/etc/cron.d/evil.jpg",
        b"photo\x00.php.jpg",
        b"photo.jpg\x00.html",
        b"a" * 900 + b".jpg",
        b"\xe2\x80\xaegpj.exe",  # right-to-left override: "exe.jpg" on screen
        b"",
    ],
    ids=[
        "traversal",
        "windows-traversal",
        "absolute",
        "nul-inside",
        "nul-before-extension",
        "900-characters",
        "rtl-override",
        "no-name",
    ],
)
def test_any_uploaded_name_is_replaced_by_a_generated_one(
    team_client, project, media, filename
):
    body, content_type = multipart(
        {"alt_text": "Volunteers in the park"},
        {"image": (filename, image_bytes("JPEG"), "image/jpeg")},
    )
    response = team_client.post(
        reverse("crowdfund:project_images", args=[project.slug]),
        body,
        content_type=content_type,
    )
    if not filename:
        # No name is no file, to a browser and to Django: the usual message.
        assert_field_error(response, "image", "Select an image")
        return
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = project.images.get().image.name
    assert STORED_IMAGE.match(stored), stored
    assert stored.endswith(".jpg")
    on_disk = files_under(media)
    assert [p.relative_to(media).as_posix() for p in on_disk] == [stored]


def test_a_name_longer_than_a_part_header_may_be_gets_the_400_page(
    team_client, project, media
):
    # Django reads at most 1,024 bytes of each part's headers; a longer name
    # is a malformed request: the GOV.UK 400 page, nothing stored, never a 500.
    body, content_type = multipart(
        {"alt_text": "Volunteers in the park"},
        {"image": (b"a" * 5000 + b".jpg", image_bytes("JPEG"), "image/jpeg")},
    )
    response = team_client.post(
        reverse("crowdfund:project_images", args=[project.slug]),
        body,
        content_type=content_type,
    )
    assert response.status_code == 400
    assert "Sorry, we could not use what you sent" in response.content.decode()
    assert not project.images.exists()
    assert files_under(media) == []


def test_a_png_called_jpg_is_stored_as_what_it_is(team_client, project):
    response = post_image(team_client, project, image_bytes("PNG"), "x.jpg")
    assert response.status_code == 302
    assert project.images.get().image.name.endswith(".png")


def test_the_image_form_is_still_csrf_protected(project, resident, media):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    response = post_image(client, project, image_bytes("JPEG"))
    assert response.status_code == 403
    assert not project.images.exists()


# --- Civic Challenges: application attachments -------------------------------------


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def application(db):
    from challenges.models import Application
    from challenges.tests.factories import ChallengeFactory
    from civic.models import Organisation, OrganisationMembership

    startup = OrganisationFactory(type=Organisation.Type.STARTUP)
    founder = UserFactory(email="founder@example.com")
    MembershipFactory(
        organisation=startup, user=founder, role=OrganisationMembership.Role.OWNER
    )
    return Application.objects.create(
        challenge=ChallengeFactory(), organisation=startup, created_by=founder
    )


@pytest.fixture
def founder_client(client, application, private_media):
    client.force_login(application.created_by)
    return client


def post_attachment(client, application, content, name="deck.pdf"):
    return client.post(
        reverse("challenges:attachment_upload", args=[application.public_id]),
        {
            "kind": "pitch_deck",
            "file": SimpleUploadedFile(name, content, "application/pdf"),
        },
    )


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (image_bytes("PNG"), "deck.pdf"),
        (image_bytes("JPEG"), "evidence.PDF"),
        (EXECUTABLE, "deck.pdf"),
        (ZIP, "deck.pdf"),
        (HTML, "deck.pdf"),
        (b"   " + MINIMAL_PDF, "deck.pdf"),
    ],
    ids=["png", "jpeg", "executable", "zip", "html", "pdf-not-at-start"],
)
def test_attachments_that_are_not_pdfs_are_refused_whatever_their_name(
    founder_client, application, private_media, content, name
):
    response = post_attachment(founder_client, application, content, name)
    assert_field_error(response, "file", "The selected file must be a PDF")
    assert not application.attachments.exists()
    assert files_under(private_media) == []


def test_an_empty_attachment_is_refused(founder_client, application):
    response = post_attachment(founder_client, application, b"")
    assert_field_error(response, "file", "The selected file is empty")


def test_an_attachment_over_10mb_is_refused(founder_client, application, private_media):
    from challenges.uploads import MAX_ATTACHMENT_BYTES

    big = MINIMAL_PDF + b"0" * MAX_ATTACHMENT_BYTES
    response = post_attachment(founder_client, application, big)
    assert_field_error(response, "file", "The selected file must be smaller than 10MB")
    assert files_under(private_media) == []


@pytest.mark.parametrize(
    ("filename", "shown"),
    [
        (b"../../etc/passwd.pdf", "passwd.pdf"),
        (b"..\\..\\boot.ini.pdf", "boot.ini.pdf"),
        (b"deck\x00.exe.pdf", None),
        (b"b" * 900 + b".pdf", "b" * 150 + ".pdf"),
        (b"<script>alert(1)</script>.pdf", None),
    ],
    ids=["traversal", "windows-traversal", "nul", "900-characters", "markup"],
)
def test_attachments_are_stored_under_a_generated_name(
    founder_client, application, private_media, filename, shown
):
    body, content_type = multipart(
        {"kind": "pitch_deck"}, {"file": (filename, MINIMAL_PDF, "application/pdf")}
    )
    response = founder_client.post(
        reverse("challenges:attachment_upload", args=[application.public_id]),
        body,
        content_type=content_type,
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    attachment = application.attachments.get()
    assert re.fullmatch(
        rf"challenges/{application.public_id}/[0-9a-f]{{32}}\.pdf", attachment.file.name
    )
    on_disk = files_under(private_media)
    assert [p.relative_to(private_media).as_posix() for p in on_disk] == [
        attachment.file.name
    ]
    # The name shown to people is tidied: no folders, controls or markup.
    assert "/" not in attachment.original_name
    assert "\\" not in attachment.original_name
    assert "\x00" not in attachment.original_name
    assert "<" not in attachment.original_name
    assert len(attachment.original_name) <= 200
    if shown is not None:
        assert attachment.original_name == shown


# --- Django's own request limits ------------------------------------------------------


def test_request_size_settings_are_sane(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 1000
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES <= 10


def test_too_many_files_in_one_request_is_a_400_page_not_a_500(team_client, project):
    files = {
        f"image{n}": (f"p{n}.jpg".encode(), image_bytes("JPEG"), "image/jpeg")
        for n in range(11)
    }
    body, content_type = multipart({"alt_text": "x"}, files)
    response = team_client.post(
        reverse("crowdfund:project_images", args=[project.slug]),
        body,
        content_type=content_type,
    )
    assert response.status_code == 400
    assert "govuk-template" in response.content.decode()
    assert not project.images.exists()


def test_huge_form_fields_are_a_400_page_not_a_500(team_client, project):
    response = team_client.post(
        reverse("crowdfund:project_images", args=[project.slug]),
        {"alt_text": "x" * (3 * 1024 * 1024)},
    )
    assert response.status_code == 400
    assert "govuk-template" in response.content.decode()


def test_the_capped_handler_never_writes_more_than_the_limit(rf):
    handler = uploads.CappedUploadHandler(rf.post("/"), max_bytes=1000)
    handler.new_file("image", "big.png", "image/png", None)
    chunk = b"x" * 4096
    for n in range(5):
        handler.receive_data_chunk(chunk, n * len(chunk))
    uploaded = handler.file_complete(5 * len(chunk))
    assert uploaded.size == 5 * len(chunk)
    uploaded.file.seek(0, 2)
    assert uploaded.file.tell() == 1001
    uploaded.close()


# --- photo metadata ----------------------------------------------------------


def photo_with_location(fmt="JPEG", *, orientation=1, size=(40, 20)) -> bytes:
    """A photo as a phone writes it: camera, serial number, time and the GPS
    position of where it was taken (City Hall's roof, here)."""
    image = Image.new("RGB", size, "green")
    image.paste((255, 0, 0), (0, 0, 8, 8))  # a red corner shows the rotation
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[0xA431] = "SERIAL-123456"  # BodySerialNumber
    exif[0x0112] = orientation  # Orientation
    exif[0x0132] = "2026:11:01 09:30:00"  # DateTime
    exif[0x8825] = {  # GPSInfo
        1: "N",
        2: (51.0, 30.0, 17.0),
        3: "W",
        4: (0.0, 4.0, 42.0),
    }
    buffer = io.BytesIO()
    if fmt == "PNG":
        from PIL.PngImagePlugin import PngInfo

        text = PngInfo()
        text.add_text("Comment", "taken at 10 Acacia Avenue")
        image.save(buffer, "PNG", exif=exif, pnginfo=text)
    else:
        image.save(buffer, fmt, exif=exif)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("fmt", "name"), [("JPEG", "p.jpg"), ("PNG", "p.png"), ("WEBP", "p.webp")]
)
def test_a_photos_location_and_camera_are_not_published(
    team_client, project, media, fmt, name
):
    original = photo_with_location(fmt)
    assert b"SERIAL-123456" in original
    with Image.open(io.BytesIO(original)) as check:
        assert check.getexif().get_ifd(0x8825)  # the fixture does carry GPS
    response = post_image(team_client, project, original, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = project.images.get().image
    stored.open("rb")
    content = stored.read()
    stored.close()
    for secret in (b"SERIAL-123456", b"PhoneMaker", b"2026:11:01", b"Acacia"):
        assert secret not in content
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == fmt
        assert image.size == (40, 20)
        assert not image.getexif()
        assert "exif" not in image.info


def test_a_photo_taken_sideways_is_stored_upright(team_client, project, media):
    # Orientation 6: the camera was turned; viewers rotate it 90° clockwise.
    # That tag goes with the rest of the metadata, so the pixels are turned.
    sideways = photo_with_location("JPEG", orientation=6, size=(40, 20))
    response = post_image(team_client, project, sideways, "p.jpg")
    assert response.status_code == 302
    stored = project.images.get().image
    stored.open("rb")
    with Image.open(stored) as image:
        assert image.size == (20, 40)
        red, green, _blue = image.convert("RGB").getpixel((16, 3))
        assert red > 200 and green < 80  # the red corner moved top right
    stored.close()


def test_without_metadata_keeps_the_colour_profile():
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), "blue").save(buffer, "JPEG", icc_profile=profile)
    upload = SimpleUploadedFile("x.jpg", buffer.getvalue(), "image/jpeg")
    cleaned = uploads.without_metadata(upload, kind="JPEG", name="a.jpg")
    with Image.open(cleaned) as image:
        assert image.info.get("icc_profile") == profile
    assert cleaned.name == "a.jpg"
    assert cleaned.content_type == "image/jpeg"
