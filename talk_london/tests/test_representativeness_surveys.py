"""The dashboard's comparison of one survey's respondents with London."""

import pytest
from django.urls import reverse
from django.utils import timezone

from civic.tests.factories import UserFactory
from talk_london.models import Response
from talk_london.models.surveys import ResponseStatus
from tests.fixtures import force_login_with_mfa

from .factories import AboutYouFactory, SurveyFactory
from .test_representativeness import FAKE_CENSUS

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("talk_london:representativeness")


@pytest.fixture
def fake_census(monkeypatch):
    from talk_london import representativeness as rep

    monkeypatch.setattr(rep, "census", lambda: FAKE_CENSUS)


def respond(survey, n, *, sex, status=ResponseStatus.SUBMITTED):
    for _ in range(n):
        about = AboutYouFactory(sex=sex, user=UserFactory())
        Response.objects.create(
            survey=survey,
            user=about.user,
            status=status,
            submitted_at=timezone.now() if status == ResponseStatus.SUBMITTED else None,
        )


def test_dashboard_offers_a_survey_picker(client, programme_manager):
    survey = SurveyFactory(title="Clean air")
    force_login_with_mfa(client, programme_manager)
    html = client.get(DASHBOARD).content.decode()
    assert "Survey respondents compared with London" in html
    assert f'<option value="{survey.pk}">Clean air</option>' in html
    assert "people sent answers" not in html


def test_picked_survey_compares_only_its_respondents(
    client, programme_manager, fake_census
):
    survey, other = SurveyFactory(title="Clean air"), SurveyFactory()
    respond(survey, 30, sex="female")
    respond(survey, 12, sex="male")
    respond(survey, 20, sex="male", status=ResponseStatus.IN_PROGRESS)
    respond(other, 50, sex="male")
    force_login_with_mfa(client, programme_manager)
    html = client.get(DASHBOARD, {"survey": survey.pk}).content.decode()
    assert "42 people sent answers to “Clean air”" in html
    assert "Respondents and Londoners by Sex" in html
    # 30 of 42 respondents are women (71.4%), against 50% of Londoners.
    assert "Female: Respondents 71.4%, Londoners 50.0%." in html
    assert "style=" not in html


def test_small_groups_of_respondents_are_suppressed(
    client, programme_manager, fake_census
):
    survey = SurveyFactory()
    respond(survey, 30, sex="female")
    respond(survey, 4, sex="male")
    force_login_with_mfa(client, programme_manager)
    html = client.get(DASHBOARD, {"survey": survey.pk}).content.decode()
    assert "Male: Respondents fewer than 10" in html


def test_an_unknown_survey_shows_an_error_not_a_500(client, programme_manager):
    force_login_with_mfa(client, programme_manager)
    response = client.get(DASHBOARD, {"survey": "999999"})
    assert response.status_code == 200
    assert "Select a survey from the list" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("resident", 403),
        ("member", 403),
        ("programme_manager", 200),
    ],
)
def test_only_staff_compare_survey_respondents(client, request, persona, status):
    survey = SurveyFactory()
    if persona != "anonymous":
        force_login_with_mfa(client, request.getfixturevalue(persona))
    assert client.get(DASHBOARD, {"survey": survey.pk}).status_code == status


def test_survey_comparison_query_count_does_not_grow(
    client, programme_manager, django_assert_max_num_queries
):
    survey = SurveyFactory()
    respond(survey, 12, sex="female")
    force_login_with_mfa(client, programme_manager)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(DASHBOARD, {"survey": survey.pk})
    respond(survey, 40, sex="male")
    with django_assert_max_num_queries(len(small)):
        assert client.get(DASHBOARD, {"survey": survey.pk}).status_code == 200
