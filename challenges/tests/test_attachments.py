import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from challenges.models import Attachment
from challenges.services.applications import ApplicationError
from challenges.services.attachments import attachment_add, attachment_delete
from challenges.tests.conftest import MINIMAL_PDF
from challenges.uploads import MAX_ATTACHMENT_BYTES, display_name

pytestmark = pytest.mark.django_db

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 100


def _upload(client, application, content, name="deck.pdf", kind="pitch_deck"):
    return client.post(
        reverse("challenges:attachment_upload", args=[application.public_id]),
        {"kind": kind, "file": SimpleUploadedFile(name, content, "application/pdf")},
    )


@pytest.fixture
def member_client(client, startup_member, private_media):
    client.force_login(startup_member)
    return client


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (EXECUTABLE, "pitch.pdf"),
        (PNG, "evidence.pdf"),
        (ZIP, "deck.pdf"),
        (b"", "empty.pdf"),
    ],
    ids=["renamed-executable", "png-called-pdf", "zip", "empty"],
)
def test_files_that_are_not_pdfs_are_refused_with_a_clear_message(
    member_client, draft_application, content, name
):
    response = _upload(member_client, draft_application, content, name)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "must be a PDF" in page or "file is empty" in page
    assert 'href="#id_file"' in page
    assert not Attachment.objects.exists()


def test_an_oversized_file_is_refused(member_client, draft_application):
    big = MINIMAL_PDF + b"0" * (MAX_ATTACHMENT_BYTES - len(MINIMAL_PDF) + 1)
    response = _upload(member_client, draft_application, big)
    assert response.status_code == 200
    assert "must be smaller than 10MB" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_12mb_upload_gets_the_govuk_error_not_a_400(
    member_client, draft_application, settings
):
    # Django's own limits apply to form fields, not files: a big file is
    # streamed to a temporary file and our form refuses it.
    big = MINIMAL_PDF + b"0" * (12 * 1024 * 1024)
    response = _upload(member_client, draft_application, big)
    assert response.status_code == 200
    assert "must be smaller than 10MB" in response.content.decode()


def test_a_real_pdf_is_stored_under_our_name_not_the_uploaded_one(
    member_client, draft_application, private_media
):
    response = _upload(
        member_client, draft_application, MINIMAL_PDF, name="../../etc/passwd.pdf"
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "passwd.pdf"
    assert attachment.file.name.startswith(f"challenges/{draft_application.public_id}/")
    assert ".." not in attachment.file.name
    assert "passwd" not in attachment.file.name
    stored = private_media / attachment.file.name
    assert stored.read_bytes() == MINIMAL_PDF
    assert not (private_media.parent / "etc").exists()


@pytest.mark.parametrize(
    ("uploaded", "shown"),
    [
        ("../../etc/passwd", "passwd.pdf"),
        ("..\\..\\windows\\evil.pdf", "evil.pdf"),
        ("deck.pdf.exe", "deck.pdf.exe.pdf"),
        ("<script>alert(1)</script>.pdf", "script_.pdf"),
        ("", "document.pdf"),
        ("report\x00.pdf", "report.pdf"),
        ("Pitch deck (final).PDF", "Pitch deck (final).pdf"),
    ],
)
def test_the_original_name_is_sanitised_for_display(uploaded, shown):
    assert display_name(uploaded) == shown


def test_the_service_refuses_a_non_pdf_even_without_the_form(
    draft_application, startup_member, private_media
):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        attachment_add(
            application=draft_application,
            user=startup_member,
            kind="evidence",
            uploaded=SimpleUploadedFile("x.pdf", EXECUTABLE),
        )


def test_uploading_after_the_deadline_is_refused(
    draft_application, startup_member, private_media
):
    import datetime

    from django.utils import timezone

    challenge = draft_application.challenge
    challenge.application_deadline = timezone.now() - datetime.timedelta(seconds=1)
    challenge.save()
    with pytest.raises(ApplicationError):
        attachment_add(
            application=draft_application,
            user=startup_member,
            kind="evidence",
            uploaded=SimpleUploadedFile("x.pdf", MINIMAL_PDF),
        )


def test_deleting_an_attachment_removes_the_file(
    draft_application,
    startup_member,
    private_media,
    django_capture_on_commit_callbacks,
):
    attachment = attachment_add(
        application=draft_application,
        user=startup_member,
        kind="evidence",
        uploaded=SimpleUploadedFile("x.pdf", MINIMAL_PDF),
    )
    stored = private_media / attachment.file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        attachment_delete(attachment=attachment, user=startup_member)
    assert not Attachment.objects.exists()
    assert not stored.exists()


def test_delete_page_asks_for_confirmation_then_deletes(
    member_client, draft_application, startup_member
):
    attachment = attachment_add(
        application=draft_application,
        user=startup_member,
        kind="evidence",
        uploaded=SimpleUploadedFile("x.pdf", MINIMAL_PDF),
    )
    url = reverse("challenges:attachment_delete", args=[attachment.public_id])
    assert "Delete this file?" in member_client.get(url).content.decode()
    response = member_client.post(url)
    assert response.status_code == 302
    assert not Attachment.objects.exists()


def test_download_headers(member_client, draft_application, startup_member):
    attachment = attachment_add(
        application=draft_application,
        user=startup_member,
        kind="pitch_deck",
        uploaded=SimpleUploadedFile("Our deck.pdf", MINIMAL_PDF),
    )
    response = member_client.get(
        reverse("challenges:attachment_download", args=[attachment.public_id])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Our deck.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_a_huge_upload_is_not_written_to_disk_past_the_limit(rf):
    from challenges.uploads import CappedUploadHandler

    handler = CappedUploadHandler(rf.post("/"))
    handler.new_file("file", "big.pdf", "application/pdf", None)
    chunk = b"x" * (1024 * 1024)
    total = 0
    for _ in range(12):
        handler.receive_data_chunk(chunk, total)
        total += len(chunk)
    uploaded = handler.file_complete(total)
    assert uploaded.size == total  # the form sees the real size and refuses it
    uploaded.file.seek(0, 2)
    assert uploaded.file.tell() == MAX_ATTACHMENT_BYTES + 1
    uploaded.close()


def test_uploads_still_need_the_csrf_token(draft_application, startup_member):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(startup_member)
    response = _upload(client, draft_application, MINIMAL_PDF)
    assert response.status_code == 403
    assert not Attachment.objects.exists()
