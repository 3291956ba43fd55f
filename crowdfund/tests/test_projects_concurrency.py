"""Two officers deciding the same project at the same moment: exactly one
decision is applied (the row lock makes the second see the first's result)."""

import threading

import pytest
from django.db import connection
from wagtail.models import ModelLogEntry

from civic import groups
from civic.tests.factories import UserFactory
from crowdfund.models import Project
from crowdfund.services import projects as services
from crowdfund.tests.factories import ProjectFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so the race cannot happen",
)
@pytest.mark.parametrize(
    "decisions",
    [
        ["approve", "approve"],
        ["approve", "reject"],
        ["reject", "changes", "approve", "approve"],
    ],
)
def test_officers_deciding_at_the_same_time_apply_one_decision(decisions):
    project = ProjectFactory()
    services.project_submit(project=project, user=project.created_by)
    officers = [UserFactory(groups=[groups.CROWDFUND_OFFICERS]) for _ in decisions]
    barrier = threading.Barrier(len(decisions))
    outcomes = []

    def decide(kind, officer):
        try:
            # Each officer's page loaded the project while it was in review.
            stale = Project.objects.get(pk=project.pk)
            barrier.wait()
            if kind == "approve":
                services.project_approve(project=stale, officer=officer)
            elif kind == "reject":
                services.project_reject(project=stale, officer=officer, reason="No")
            else:
                services.project_request_changes(
                    project=stale, officer=officer, message="Change it"
                )
            outcomes.append(kind)
        except services.ProjectError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(kind, officer))
        for kind, officer in zip(decisions, officers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    applied = [o for o in outcomes if o != "not_in_review"]
    assert len(applied) == 1, outcomes
    assert outcomes.count("not_in_review") == len(decisions) - 1
    expected = {
        "approve": Project.Status.LIVE,
        "reject": Project.Status.REJECTED,
        "changes": Project.Status.CHANGES_REQUESTED,
    }[applied[0]]
    assert Project.objects.get(pk=project.pk).status == expected
    decisions_logged = ModelLogEntry.objects.filter(
        object_id=str(project.pk),
        action__in=[services.APPROVE, services.REJECT, services.REQUEST_CHANGES],
    ).count()
    assert decisions_logged == 1
