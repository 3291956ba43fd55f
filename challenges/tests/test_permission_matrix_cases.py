"""Cases the one-row-per-route matrix cannot hold (see
challenges/tests/permission_matrix.py): the same routes with the application
in another state, or the assessor in another relation to it. Checked by the
matrix's own runner, every role, GET only (the POSTs are the same checks)."""

from __future__ import annotations

import pytest

from challenges.models import Application
from challenges.tests import permission_matrix as table
from tests.matrix import Route
from tests.test_permission_matrix import check_route

pytestmark = pytest.mark.django_db

only = table.only


def _assign(w, user, *, conflict):
    from challenges.tests.factories import AssignmentFactory

    return AssignmentFactory(
        application=table.application(w, submitted=True),
        assessor=user,
        assigned_by=w.challenge_manager,
        has_conflict=conflict,
    )


def _other_assessor(w):
    """Someone else in the Assessors group, on the panel instead of w.assessor."""
    from civic import groups
    from civic.tests.factories import UserFactory

    return w.memo(
        "other_assessor",
        lambda: _assign(w, UserFactory(groups=[groups.ASSESSORS]), conflict=False),
    )


CASES = {
    "an assessor who is not on the panel sees nothing of it": (
        "challenges:assessment",
        Route(
            get=only(unverified="redirect"),
            kwargs=lambda w: {"public_id": _other_assessor(w).application.public_id},
        ),
    ),
    "an assessor on the panel reads the application once they declared no conflict": (
        "challenges:application",
        Route(
            get=only("org_member", "assessor", "challenge_manager", "superuser"),
            kwargs=lambda w: {
                "public_id": table.assignment(w, declared=True).application.public_id
            },
        ),
    ),
    "an assessor who declared a conflict is refused, as if it did not exist": (
        "challenges:assessment",
        Route(
            get=only(unverified="redirect"),
            kwargs=lambda w: {
                "public_id": _assign(w, w.assessor, conflict=True).application.public_id
            },
        ),
    ),
    "a conflicted challenge manager does not see the application either": (
        "challenges:application",
        Route(
            get=only("org_member", "superuser"),
            kwargs=lambda w: {
                "public_id": _assign(
                    w, w.challenge_manager, conflict=True
                ).application.public_id
            },
        ),
    ),
    "nor in the admin": (
        "challenges_assessment:application",
        Route(
            get={**table.admin_only(), "challenge_manager": "404"},
            kwargs=lambda w: {
                "public_id": _assign(
                    w, w.challenge_manager, conflict=True
                ).application.public_id
            },
            methods=("get",),
        ),
    ),
    "a withdrawn application leaves the panel": (
        "challenges:application",
        Route(
            get=only("org_member", "challenge_manager", "superuser"),
            kwargs=lambda w: {
                "public_id": _withdrawn_with_assessor(w).public_id,
            },
        ),
    ),
    "the challenge owner reads it once shortlisted": (
        "challenges:application",
        Route(
            get=only(
                "org_member", "other_org_member", "challenge_manager", "superuser"
            ),
            kwargs=lambda w: table.public_id(
                w, submitted=True, status=Application.Status.SHORTLISTED
            ),
        ),
    ),
}


def _withdrawn_with_assessor(w):
    assignment = table.assignment(w, declared=True)
    application = assignment.application
    application.status = Application.Status.WITHDRAWN
    application.save(update_fields=["status"])
    return application


@pytest.mark.parametrize("case", CASES)
def test_permission_case(case):
    key, route = CASES[case]
    route.methods = ("get",)
    wrong = check_route(key, route)
    assert not wrong, "\n".join(wrong)
