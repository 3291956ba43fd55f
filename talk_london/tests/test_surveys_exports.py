"""CSV exports of a survey's answers: a Celery task writes the file in chunks
to private storage; staff follow its progress and download it in the admin."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from civic.models import Borough
from civic.tests.factories import UserFactory
from talk_london.models import Answer, ExportJob, Response
from talk_london.models.surveys import ResponseStatus
from talk_london.services import exports
from talk_london.services.exports import export_request, export_run, respondent_id
from tests.concurrency import needs_postgres, run_together
from tests.fixtures import force_login_with_mfa

from .factories import SurveyFactory, add_question, option

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def survey():
    """A survey with one question of every kind."""
    survey = SurveyFactory(title="Parks")
    s = survey
    s.single = add_question(
        s, "single", "Visit?", options=["Often", "Rarely"], allow_other=True
    )
    s.multiple = add_question(s, "multiple", "Why?", options=["Walk", "Play", "Sit"])
    s.short = add_question(s, "short_text", "Favourite park?")
    s.long = add_question(s, "long_text", "Anything else?", required=False)
    s.number = add_question(s, "number", "Visits a month?")
    s.rating = add_question(s, "rating", "Rate them")
    s.agreement = add_question(s, "agreement", "Parks are clean")
    s.ranking = add_question(s, "ranking", "Priorities", options=["Trees", "Toilets"])
    s.borough = add_question(s, "borough", "Where do you live?")
    return survey


def add_responses(survey, count, *, status=ResponseStatus.SUBMITTED, text="Hi"):
    s = survey
    camden = Borough.objects.get(name="Camden")
    responses = Response.objects.bulk_create(
        Response(
            survey=s,
            user=user,
            status=status,
            submitted_at=timezone.now() if status == ResponseStatus.SUBMITTED else None,
        )
        for user in UserFactory.create_batch(count)
    )
    other = s.single.options.get(is_other=True)
    rows = []
    for i, response in enumerate(responses):
        if i % 2:
            rows.append(
                Answer(
                    response=response,
                    question=s.single,
                    option=other,
                    text_value="Daily",
                )
            )
        else:
            rows.append(
                Answer(
                    response=response,
                    question=s.single,
                    option=option(s.single, "Often"),
                )
            )
        rows += [
            Answer(
                response=response,
                question=s.multiple,
                option=option(s.multiple, "Walk"),
                rank=1,
            ),
            Answer(
                response=response,
                question=s.multiple,
                option=option(s.multiple, "Sit"),
                rank=2,
            ),
            Answer(response=response, question=s.short, text_value="Victoria Park"),
            Answer(response=response, question=s.long, text_value=text),
            Answer(response=response, question=s.number, number_value=4),
            Answer(response=response, question=s.rating, number_value=5),
            Answer(
                response=response,
                question=s.agreement,
                option=option(s.agreement, "Agree"),
            ),
            Answer(
                response=response,
                question=s.ranking,
                option=option(s.ranking, "Toilets"),
                rank=1,
            ),
            Answer(
                response=response,
                question=s.ranking,
                option=option(s.ranking, "Trees"),
                rank=2,
            ),
            Answer(response=response, question=s.borough, borough=camden),
        ]
    Answer.objects.bulk_create(rows)
    return responses


def read_csv(job):
    job.refresh_from_db()
    path = exports.export_file_path(job)
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def run_export(survey, user=None):
    job = ExportJob.objects.create(survey=survey, requested_by=user)
    export_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def test_export_has_a_header_and_one_row_per_sent_response(survey):
    responses = add_responses(survey, 2)
    add_responses(survey, 3, status=ResponseStatus.IN_PROGRESS)
    job = run_export(survey)
    assert job.status == ExportJob.Status.DONE
    assert (job.rows_done, job.rows_total) == (2, 2)
    assert job.finished_at is not None
    rows = read_csv(job)
    assert rows[0] == [
        "Respondent",
        "Sent",
        "1. Visit?",
        "2. Why?",
        "3. Favourite park?",
        "4. Anything else?",
        "5. Visits a month?",
        "6. Rate them",
        "7. Parks are clean",
        "8. Priorities",
        "9. Where do you live?",
    ]
    assert len(rows) == 1 + 2
    first, second = rows[1], rows[2]
    assert first[0] == respondent_id(survey_id=survey.pk, user_id=responses[0].user_id)
    assert first[2:] == [
        "Often",
        "Walk; Sit",
        "Victoria Park",
        "Hi",
        "4",
        "5",
        "Agree",
        "1. Toilets; 2. Trees",
        "Camden",
    ]
    assert second[2] == "Other: Daily"


def test_export_has_no_emails_names_or_user_ids(survey):
    responses = add_responses(survey, 3)
    rows = read_csv(run_export(survey))
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    content = text.getvalue()
    for response in responses:
        user = response.user
        assert user.email not in content
        assert user.display_name not in content
    ids = {str(r.user_id) for r in responses} | {str(r.pk) for r in responses}
    assert not ids & {cell for row in rows for cell in row}
    assert len({row[0] for row in rows[1:]}) == 3  # one code a person


def test_respondent_code_differs_between_surveys(survey):
    other = SurveyFactory()
    assert respondent_id(survey_id=survey.pk, user_id=7) != respondent_id(
        survey_id=other.pk, user_id=7
    )
    assert respondent_id(survey_id=survey.pk, user_id=7) == respondent_id(
        survey_id=survey.pk, user_id=7
    )


def test_export_defuses_spreadsheet_formulas(survey):
    add_responses(survey, 1, text="=HYPERLINK(1)")
    rows = read_csv(run_export(survey))
    assert rows[1][5] == "'=HYPERLINK(1)"


def test_progress_is_saved_after_every_chunk(survey, monkeypatch):
    add_responses(survey, 5)
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    job = ExportJob.objects.create(survey=survey)
    saved = []  # (rows_done, rows_total) in the database as each row is written
    real_export_rows = exports.export_rows

    def watched(**kwargs):
        for row in real_export_rows(**kwargs):
            saved.append(
                ExportJob.objects.values_list("rows_done", "rows_total").get(pk=job.pk)
            )
            yield row

    monkeypatch.setattr(exports, "export_rows", watched)
    export_run(job_id=job.pk)
    # Header, then rows 1-5: the count moves on after rows 2 and 4.
    assert saved == [(0, 5), (0, 5), (0, 5), (2, 5), (2, 5), (4, 5)]
    job.refresh_from_db()
    assert (job.rows_done, job.rows_total, job.status) == (5, 5, "done")


def test_running_a_finished_job_again_changes_nothing(survey):
    add_responses(survey, 2)
    job = run_export(survey)
    path = job.file_path
    export_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.file_path == path
    assert job.status == ExportJob.Status.DONE


def test_export_file_is_under_private_media_root(survey, private_media):
    add_responses(survey, 1)
    job = run_export(survey)
    path = exports.export_file_path(job)
    assert path.is_file()
    assert private_media / "exports" in path.parents


def test_task_query_count_does_not_grow_with_responses(survey):
    def count():
        job = ExportJob.objects.create(survey=survey)
        with CaptureQueriesContext(connection) as queries:
            export_run(job_id=job.pk)
        return len(queries)

    add_responses(survey, 5)
    five = count()
    add_responses(survey, 45)
    assert count() == five


def test_export_is_enqueued_only_after_commit(
    survey, programme_manager, django_capture_on_commit_callbacks
):
    add_responses(survey, 2)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = export_request(survey=survey, user=programme_manager)
        job.refresh_from_db()
        assert job.status == ExportJob.Status.QUEUED
    assert len(callbacks) == 1
    callbacks[0]()  # the commit: Celery runs eagerly in tests
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert job.requested_by == programme_manager


def test_staff_request_an_export_and_download_it(
    client, programme_manager, survey, django_capture_on_commit_callbacks
):
    add_responses(survey, 3)
    force_login_with_mfa(client, programme_manager)
    with_commit = reverse("talk_london_surveys:export", args=[survey.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(with_commit)
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "talk_london_surveys:export_status", args=[job.pk]
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "The export is ready: 3 responses." in html
    assert 'http-equiv="refresh"' not in html
    download = client.get(reverse("talk_london_surveys:export_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    assert "attachment" in download["Content-Disposition"]
    body = b"".join(download.streaming_content).decode()
    assert body.startswith("Respondent,Sent,1. Visit?")


def test_status_page_shows_progress_and_refreshes_while_running(
    client, programme_manager, survey
):
    job = ExportJob.objects.create(
        survey=survey,
        status=ExportJob.Status.RUNNING,
        rows_done=12000,
        rows_total=50000,
    )
    force_login_with_mfa(client, programme_manager)
    html = client.get(
        reverse("talk_london_surveys:export_status", args=[job.pk])
    ).content.decode()
    assert "12,000 of 50,000 responses written." in html
    assert '<meta http-equiv="refresh" content="5">' in html
    assert "Refresh now" in html
    assert "Download the CSV file" not in html


def test_get_does_not_start_an_export(client, programme_manager, survey):
    force_login_with_mfa(client, programme_manager)
    response = client.get(reverse("talk_london_surveys:export", args=[survey.pk]))
    assert response.status_code == 405
    assert not ExportJob.objects.exists()


@pytest.fixture
def done_job(survey):
    add_responses(survey, 1)
    return run_export(survey)


def _as(client, user):
    if user is not None:
        force_login_with_mfa(client, user)


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        (None, False),
        ("resident", False),
        ("member", False),
        ("moderator", False),
        ("programme_manager", True),
    ],
)
@pytest.mark.parametrize("view", ["export_status", "export_download", "export"])
def test_only_programme_managers_reach_exports(
    client, request, done_job, persona, allowed, view
):
    user = request.getfixturevalue(persona) if persona else None
    _as(client, user)
    if view == "export":
        url = reverse("talk_london_surveys:export", args=[done_job.survey_id])
        response = client.post(url)
    else:
        url = reverse(f"talk_london_surveys:{view}", args=[done_job.pk])
        response = client.get(url)
    if allowed:
        assert response.status_code in (200, 302)
        if view == "export":
            assert response["Location"].startswith(
                "/admin/talk-london/surveys/exports/"
            )
    else:
        # Non-staff are sent to sign in; staff without the permission get 403.
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/")
    assert ExportJob.objects.count() == (2 if allowed and view == "export" else 1)


def test_download_of_unfinished_job_is_not_found(client, programme_manager, survey):
    job = ExportJob.objects.create(survey=survey, status=ExportJob.Status.RUNNING)
    force_login_with_mfa(client, programme_manager)
    url = reverse("talk_london_surveys:export_download", args=[job.pk])
    assert client.get(url).status_code == 404


def test_a_failed_export_is_marked_failed_and_leaves_no_file(
    survey, monkeypatch, private_media
):
    add_responses(survey, 2)

    def broken(**kwargs):
        yield ["Respondent"]
        raise ValueError("disk on fire")

    monkeypatch.setattr(exports, "export_rows", broken)
    job = ExportJob.objects.create(survey=survey)
    with pytest.raises(ValueError):
        export_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.error == "disk on fire"
    assert job.file_path == ""
    assert list((private_media / "exports").iterdir()) == []


@pytest.mark.parametrize(
    ("status", "text"),
    [
        (ExportJob.Status.QUEUED, "The export is waiting to start."),
        (ExportJob.Status.FAILED, "The export failed."),
    ],
)
def test_status_page_explains_queued_and_failed_jobs(
    client, programme_manager, survey, status, text
):
    job = ExportJob.objects.create(survey=survey, status=status)
    force_login_with_mfa(client, programme_manager)
    response = client.get(reverse("talk_london_surveys:export_status", args=[job.pk]))
    assert response.status_code == 200
    assert text in response.content.decode()


def test_exports_older_than_a_week_are_deleted_with_their_files(survey):
    add_responses(survey, 1)
    old, new = run_export(survey), run_export(survey)
    ExportJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    old_path, new_path = exports.export_file_path(old), exports.export_file_path(new)
    assert exports.exports_delete_old() == 1
    assert not old_path.exists()
    assert new_path.exists()
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [new.pk]


def test_old_exports_are_deleted_every_night():
    from civic.celery import app
    from talk_london.tasks_exports import CLEANUP_TASK

    entry = app.conf.beat_schedule["talk-london-delete-old-exports"]
    assert entry["task"] == CLEANUP_TASK


def test_asking_again_while_an_export_runs_shows_that_export(
    survey, programme_manager, django_capture_on_commit_callbacks
):
    running = ExportJob.objects.create(survey=survey, status=ExportJob.Status.RUNNING)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = export_request(survey=survey, user=programme_manager)
    assert job == running
    assert callbacks == []
    ExportJob.objects.filter(pk=running.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        stuck_replacement = export_request(survey=survey, user=programme_manager)
    assert stuck_replacement != running
    assert len(callbacks) == 1


# --- exports the broker never delivered, or whose worker died -----------------


def _aged(job, *, created=None, heartbeat=None):
    ExportJob.objects.filter(pk=job.pk).update(
        **({"created_at": created} if created else {}),
        **({"heartbeat_at": heartbeat} if heartbeat else {}),
    )
    job.refresh_from_db()
    return job


def test_an_export_asked_for_while_the_broker_was_down_is_written_by_the_sweep(
    survey, programme_manager, django_capture_on_commit_callbacks
):
    add_responses(survey, 3)
    # The on-commit enqueue never ran: as if the broker were down.
    with django_capture_on_commit_callbacks(execute=False):
        job = export_request(survey=survey, user=programme_manager)
    now = timezone.now()
    _aged(job, created=now - datetime.timedelta(minutes=3))
    assert exports.exports_start_waiting(now=now) == 1  # eager here: runs now
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert job.rows_done == 3
    assert exports.export_file_path(job).read_text().count("\n") == 4


def test_the_sweep_leaves_new_finished_and_long_forgotten_exports_alone(survey):
    now = timezone.now()
    fresh = ExportJob.objects.create(survey=survey)  # its own task is on the way
    done = _aged(
        ExportJob.objects.create(survey=survey, status=ExportJob.Status.DONE),
        created=now - datetime.timedelta(minutes=30),
    )
    forgotten = _aged(
        ExportJob.objects.create(survey=survey),
        created=now - datetime.timedelta(days=2),
    )
    busy = _aged(
        ExportJob.objects.create(survey=survey, status=ExportJob.Status.RUNNING),
        created=now - datetime.timedelta(minutes=30),
        heartbeat=now - datetime.timedelta(minutes=1),
    )
    assert exports.exports_start_waiting(now=now) == 0
    statuses = dict(ExportJob.objects.values_list("pk", "status"))
    assert statuses == {
        fresh.pk: "queued",
        done.pk: "done",
        forgotten.pk: "queued",
        busy.pk: "running",
    }


def test_an_export_whose_worker_died_part_way_is_started_again(survey):
    add_responses(survey, 2)
    now = timezone.now()
    dead = _aged(
        ExportJob.objects.create(
            survey=survey, status=ExportJob.Status.RUNNING, rows_done=1, rows_total=2
        ),
        created=now - datetime.timedelta(minutes=40),
        heartbeat=now - datetime.timedelta(minutes=25),
    )
    assert exports.exports_start_waiting(now=now) == 1
    dead.refresh_from_db()
    assert dead.status == ExportJob.Status.DONE
    assert dead.rows_done == 2


def test_a_second_worker_leaves_an_export_that_another_is_writing(survey):
    add_responses(survey, 2)
    busy = ExportJob.objects.create(
        survey=survey,
        status=ExportJob.Status.RUNNING,
        heartbeat_at=timezone.now(),
        rows_done=1,
    )
    assert export_run(job_id=busy.pk).status == ExportJob.Status.RUNNING
    busy.refresh_from_db()
    assert busy.rows_done == 1  # not reset: the other worker carries on
    assert busy.file_path == ""


def test_the_sweep_is_on_the_beat_schedule():
    from civic.celery import app
    from talk_london.tasks_exports import SWEEP_TASK

    entry = app.conf.beat_schedule["talk-london-start-waiting-exports"]
    assert entry["task"] == SWEEP_TASK
    assert entry["schedule"] == 300.0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@needs_postgres
def test_an_export_given_to_two_workers_at_once_is_written_once(survey, private_media):
    add_responses(survey, 5)
    job = ExportJob.objects.create(survey=survey)
    errors = run_together(lambda: export_run(job_id=job.pk), [(), (), ()])
    assert errors == []
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert len(list((private_media / "exports").iterdir())) == 1
