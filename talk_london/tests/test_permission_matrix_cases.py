"""Cases the one-row-per-route matrix cannot hold (see
talk_london/tests/permission_matrix.py): the same routes with the survey,
thread or post in another state. Checked by the matrix's own runner, every
role, GET only."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from talk_london.tests import permission_matrix as table
from tests.matrix import PUBLIC, Route, expect
from tests.test_permission_matrix import check_route

pytestmark = pytest.mark.django_db

NOBODY = expect("404")
MODERATORS_ONLY = expect("404", moderator="ok", superuser="ok")


def _closed_unpublished_survey(w):
    from talk_london.tests.factories import SurveyFactory

    return SurveyFactory(
        opens_at=timezone.now() - datetime.timedelta(days=30),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )


def _open_to_everyone(w):
    from talk_london.tests.factories import SurveyFactory, add_question

    survey = SurveyFactory(audience="signed_in")
    add_question(survey, "short_text", "Anything else?")
    return survey


def _hidden_thread(w):
    found = table.thread(w)
    found.is_hidden = True
    found.save(update_fields=["is_hidden"])
    return found


def _rejected_post(w):
    from talk_london.models import Post

    found = table.post(w, pending=True)
    found.status = Post.Status.REJECTED
    found.save(update_fields=["status"])
    return found


CASES = {
    "results that are not published are not there for anyone": (
        "talk_london:survey_published_results",
        Route(
            get=NOBODY,
            kwargs=lambda w: {"slug": _closed_unpublished_survey(w).slug},
        ),
    ),
    "a survey open to everyone signed in: anyone with a confirmed email begins": (
        "talk_london:survey_begin",
        Route(
            get=expect("redirect", anonymous="login"),
            kwargs=lambda w: {"slug": _open_to_everyone(w).slug},
        ),
    ),
    "a thread a moderator hid: moderators only, not even its author": (
        "talk_london:thread_detail",
        Route(
            get=MODERATORS_ONLY,
            kwargs=lambda w: {
                "topic_slug": _hidden_thread(w).topic.slug,
                "thread_id": _hidden_thread(w).pk,
            },
        ),
    ),
    "a published thread: everyone reads it": (
        "talk_london:thread_detail",
        Route(get=PUBLIC, kwargs=table.thread_kwargs),
    ),
    "a rejected post is not there for anyone, its author included": (
        "talk_london:post_link",
        Route(get=NOBODY, kwargs=lambda w: {"pk": _rejected_post(w).pk}),
    ),
    "nor can it be changed": (
        "talk_london:post_edit",
        Route(
            get=expect("404", anonymous="login", unverified="redirect"),
            kwargs=lambda w: {"pk": _rejected_post(w).pk},
        ),
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_permission_case(case):
    key, route = CASES[case]
    route.methods = ("get",)
    wrong = check_route(key, route)
    assert not wrong, "\n".join(wrong)
