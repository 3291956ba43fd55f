import csv
import io

import pytest
from django.urls import reverse

from challenges.models import Application, Challenge
from challenges.tests.factories import (
    ChallengeFactory,
    PilotFactory,
    SubmittedApplicationFactory,
)
from civic.models import Organisation
from civic.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_data():
    author = UserFactory(
        email="secret-founder@example.com", display_name="Secret Founder"
    )
    challenge = ChallengeFactory(title="Cleaner air", slug="cleaner-air")
    ChallengeFactory(title="Draft idea", status=Challenge.Status.DRAFT)
    winner = SubmittedApplicationFactory(
        challenge=challenge,
        organisation=OrganisationFactory(
            name="AirSense Ltd", type=Organisation.Type.STARTUP
        ),
        created_by=author,
        status=Application.Status.WINNER,
        team_description="Private team details",
    )
    SubmittedApplicationFactory(
        challenge=challenge,
        organisation=OrganisationFactory(
            name="Also Ran Ltd", type=Organisation.Type.STARTUP
        ),
        created_by=author,
    )
    PilotFactory(
        application=winner,
        award_pence=1_200_000,
        outcome_summary="Sensors at 40 schools.",
        final_report="Confidential report",
    )
    return challenge


def test_json_has_challenges_winners_and_pilots_and_the_licence(client, published_data):
    response = client.get(reverse("challenges:open_data_json"))
    assert response.status_code == 200
    data = response.json()
    assert "Open Government Licence" in data["licence"]
    assert [c["title"] for c in data["challenges"]] == ["Cleaner air"]
    assert data["challenges"][0]["criteria"][0] == {
        "name": "Impact",
        "weight_percent": 30,
    }
    assert data["winners"] == [
        {
            "challenge_slug": "cleaner-air",
            "challenge": "Cleaner air",
            "startup": "AirSense Ltd",
            "award_pence": 1_200_000,
        }
    ]
    assert data["pilots"][0]["outcome_summary"] == "Sensors at 40 schools."


@pytest.mark.parametrize(
    "url",
    [
        reverse("challenges:open_data_json"),
        reverse("challenges:open_data_csv", args=["challenges"]),
        reverse("challenges:open_data_csv", args=["winners"]),
        reverse("challenges:open_data_csv", args=["pilots"]),
    ],
)
def test_open_data_has_no_personal_data(client, published_data, url):
    response = client.get(url)
    body = response.content.decode()
    for private in [
        "secret-founder@example.com",
        "Secret Founder",
        "Private team details",
        "Confidential report",
        "Also Ran Ltd",
        "Draft idea",
        "@",
    ]:
        assert private not in body


def test_csv_files(client, published_data):
    response = client.get(reverse("challenges:open_data_csv", args=["challenges"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["slug", "title", "summary"]
    assert rows[1][1] == "Cleaner air"
    assert "Impact 30%" in rows[1][-1]
    response = client.get(reverse("challenges:open_data_csv", args=["winners"]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1] == ["cleaner-air", "Cleaner air", "AirSense Ltd", "1200000"]


def test_an_unknown_dataset_is_404(client):
    assert (
        client.get(reverse("challenges:open_data_csv", args=["people"])).status_code
        == 404
    )


def test_csv_cells_cannot_become_spreadsheet_formulas(client):
    ChallengeFactory(title="=HYPERLINK(1)", summary="+cmd")
    response = client.get(reverse("challenges:open_data_csv", args=["challenges"]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][1] == "'=HYPERLINK(1)"
    assert rows[1][2] == "'+cmd"


def test_the_open_data_page_notes_the_licence(client):
    page = client.get(reverse("challenges:open_data")).content.decode()
    assert "Open Government Licence" in page
    assert reverse("challenges:open_data_json") in page


@pytest.mark.parametrize("n", [1, 6])
def test_open_data_query_count_does_not_grow(client, django_assert_max_num_queries, n):
    for _ in range(n):
        PilotFactory()
    with django_assert_max_num_queries(6):
        client.get(reverse("challenges:open_data_json"))
