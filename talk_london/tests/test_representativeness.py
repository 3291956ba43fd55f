"""Aggregates with small-number suppression, the census comparison and the
staff dashboard."""

import pytest
from django.urls import reverse

from civic.models import Borough
from civic.tests.factories import UserFactory
from talk_london import representativeness as rep
from talk_london.models import AboutYou, Membership
from talk_london.models.about_you import PREFER_NOT_TO_SAY
from talk_london.representativeness import (
    about_you_aggregate,
    census,
    compare,
    representativeness,
    suppress,
    width_class,
)
from talk_london.tests.factories import AboutYouFactory
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("talk_london:representativeness")


# --- Suppression rules (no database) --------------------------------------------


@pytest.mark.parametrize(
    ("counts", "hidden"),
    [
        # Nothing small: nothing hidden.
        ([10, 25, 40], [False, False, False]),
        # Primary: under 10 (zero included) is hidden.
        ([9, 3, 40, 50], [True, True, False, False]),
        ([0, 0, 12, 30], [True, True, False, False]),
        # Secondary: one hidden cell would be total minus the rest, so the
        # next-smallest is hidden too.
        ([4, 12, 30], [True, True, False]),
        ([30, 12, 4, 11], [False, False, True, True]),
        # Ties: the first of the smallest.
        ([5, 20, 20], [True, True, False]),
        # Everything small: everything hidden.
        ([1, 2, 3], [True, True, True]),
        # A single cell is its own total: hidden only if small.
        ([7], [True]),
        ([70], [False]),
        ([], []),
    ],
)
def test_suppression(counts, hidden):
    assert suppress(counts) == hidden


def test_a_hidden_cell_cannot_be_recovered_from_the_total():
    counts = [3, 15, 40, 22]
    hidden = suppress(counts)
    shown_sum = sum(c for c, h in zip(counts, hidden, strict=True) if not h)
    remainder = sum(counts) - shown_sum
    # The remainder is shared by at least two hidden cells.
    assert sum(hidden) >= 2
    assert remainder == sum(c for c, h in zip(counts, hidden, strict=True) if h)


@pytest.mark.parametrize(
    ("percent", "css"),
    [
        (None, "tl-bar--0"),
        (0, "tl-bar--0"),
        (2.4, "tl-bar--0"),
        (2.6, "tl-bar--5"),
        (33.3, "tl-bar--35"),
        (100, "tl-bar--100"),
        (140, "tl-bar--100"),
    ],
)
def test_bar_widths_go_in_5_percent_steps(percent, css):
    assert width_class(percent) == css


# --- Aggregates -------------------------------------------------------------------


def _answers(field, **counts):
    for value, n in counts.items():
        for _ in range(n):
            AboutYouFactory(**{field: value})


def _cells(aggregate):
    return {cell.value: cell.count for cell in aggregate.cells}


def test_aggregate_groups_in_one_query_whatever_the_number_of_members(
    django_assert_num_queries,
):
    _answers("sex", female=12, male=15)
    with django_assert_num_queries(1):
        small = about_you_aggregate(field="sex")
    _answers("sex", female=30, male=30)
    with django_assert_num_queries(1):
        large = about_you_aggregate(field="sex")
    assert _cells(small) == {"female": 12, "male": 15}
    assert _cells(large) == {"female": 42, "male": 45}
    assert large.answered == 87


def test_aggregate_shows_small_cells_as_fewer_than_10():
    _answers("age_band", **{"25-34": 20, "35-44": 15, "75+": 3})
    aggregate = about_you_aggregate(field="age_band")
    by_value = {cell.value: cell for cell in aggregate.cells}
    assert by_value["75+"].display == "fewer than 10"
    assert by_value["16-24"].display == "fewer than 10"  # nobody
    assert by_value["25-34"].display == "20"
    assert aggregate.answered == 38


def test_aggregate_hides_a_second_cell_when_only_one_would_be_hidden():
    _answers("sex", female=4, male=30)
    aggregate = about_you_aggregate(field="sex")
    assert _cells(aggregate) == {"female": None, "male": None}
    # Only the small one is "fewer than 10"; the other is hidden to protect
    # it, and saying it is under 10 would be untrue (same words as surveys).
    by_value = {cell.value: cell.display for cell in aggregate.cells}
    assert by_value == {"female": "fewer than 10", "male": "hidden"}


def test_prefer_not_to_say_is_counted_apart_and_suppressed_too():
    _answers("sex", female=12, male=15, **{PREFER_NOT_TO_SAY: 3})
    aggregate = about_you_aggregate(field="sex")
    assert aggregate.answered == 27
    assert aggregate.prefer_not_to_say.display == "fewer than 10"


def test_only_confirmed_answers_of_current_members_are_counted():
    _answers("sex", female=12, male=12)
    AboutYouFactory(sex="female", confirmed_at=None)  # never confirmed
    AboutYouFactory(sex="female", member=False)  # not (or no longer) a member
    assert _cells(about_you_aggregate(field="sex")) == {"female": 12, "male": 12}


def test_borough_aggregate_uses_the_civic_borough_list():
    _answers("borough_code", E09000023=11)
    cells = about_you_aggregate(field="borough_code").cells
    assert len(cells) == Borough.objects.count() == 33
    lewisham = next(cell for cell in cells if cell.value == "E09000023")
    assert (lewisham.label, lewisham.count) == ("Lewisham", 11)


def test_aggregate_refuses_a_field_that_is_not_a_question():
    with pytest.raises(ValueError):
        about_you_aggregate(field="user_id")


def test_survey_hook_counts_only_the_given_people():
    """The hook another part of Talk London will use for survey respondents."""
    _answers("sex", female=15, male=15)
    respondents = AboutYou.objects.filter(sex="female").values("user_id")[:12]
    aggregate = about_you_aggregate(field="sex", members_only_ids=respondents)
    # No man answered: 0 is under 10, and hiding it alone would give it away.
    assert _cells(aggregate) == {"female": None, "male": None}
    assert aggregate.answered == 12
    comparisons = representativeness(user_ids=respondents)
    sex = next(c for c in comparisons if c.field == "sex")
    assert sex.aggregate.answered == 12


# --- Comparison with the census ------------------------------------------------------

# Test figures only: they exercise the arithmetic, they are not London's.
FAKE_CENSUS = {
    "dimensions": {
        "sex": {"source": "test", "values": {"female": 500, "male": 500}},
    }
}


@pytest.fixture
def fake_census(monkeypatch):
    monkeypatch.setattr(rep, "census", lambda: FAKE_CENSUS)


def test_groups_far_from_their_share_of_londoners_are_flagged(fake_census):
    _answers("sex", female=30, male=10)
    comparison = compare(field="sex")
    assert comparison.loaded
    rows = {row.cell.value: row for row in comparison.rows}
    assert rows["female"].member_percent == 75.0
    assert rows["female"].london_percent == 50.0
    assert rows["female"].difference == 25.0
    assert rows["female"].representation == "over"
    assert rows["male"].representation == "under"
    assert rows["female"].width_class == "tl-bar--75"


def test_a_group_within_the_threshold_is_not_flagged(fake_census):
    _answers("sex", female=11, male=10)
    rows = {row.cell.value: row for row in compare(field="sex").rows}
    assert rows["female"].representation == ""
    assert rows["male"].representation == ""


def test_a_suppressed_group_shows_no_percentage_or_flag(fake_census):
    _answers("sex", female=3, male=40)
    rows = {row.cell.value: row for row in compare(field="sex").rows}
    assert rows["female"].member_percent is None
    assert rows["female"].representation == ""
    assert rows["male"].member_percent is None  # secondary suppression


def test_a_dimension_without_census_figures_is_marked_not_loaded(fake_census):
    assert compare(field="age_band").loaded is False


def test_the_shipped_census_file_cites_its_sources_and_uses_known_codes():
    data = census()
    # Every dashboard dimension is either loaded or says where its figures come from.
    assert set(data["dimensions"]) | set(data["not_loaded_yet"]) >= {
        "borough_code",
        "age_band",
        "sex",
        "ethnic_group",
    }
    codes = set(Borough.objects.values_list("gss_code", flat=True))
    for field, figures in data["dimensions"].items():
        assert figures["source"]
        if field == "borough_code":
            assert set(figures["values"]) == codes
            # The first results put London at 8,799,800; each borough is
            # rounded to the nearest 100.
            assert abs(sum(figures["values"].values()) - 8_799_800) <= 33 * 50


def test_boroughs_are_compared_with_the_census():
    _answers("borough_code", E09000023=40)
    comparison = compare(field="borough_code")
    assert comparison.loaded
    lewisham = next(r for r in comparison.rows if r.cell.value == "E09000023")
    assert lewisham.member_percent == 100.0
    assert lewisham.london_percent == 3.4  # 300,600 of 8,800,000
    assert lewisham.representation == "over"
    westminster = next(r for r in comparison.rows if r.cell.value == "E09000033")
    assert westminster.cell.count is None  # nobody: suppressed, not flagged
    assert westminster.representation == ""


# --- The dashboard ------------------------------------------------------------------

DASHBOARD_ACCESS = {
    "anonymous": 302,
    "resident": 403,
    "member": 403,
    "moderator": 403,
    "content_editor": 403,
    "programme_manager": 200,
    "superuser": 200,
}


@pytest.mark.parametrize("persona", DASHBOARD_ACCESS)
def test_only_talk_london_staff_see_the_dashboard(client, request, persona):
    if persona != "anonymous":
        force_login_with_mfa(client, request.getfixturevalue(persona))
    response = client.get(DASHBOARD)
    assert response.status_code == DASHBOARD_ACCESS[persona]


def test_dashboard_costs_the_same_queries_at_two_sizes(
    client, programme_manager, django_assert_max_num_queries
):
    force_login_with_mfa(client, programme_manager)
    _answers("sex", female=12)
    with django_assert_max_num_queries(20):
        client.get(DASHBOARD)
    for n in range(40):
        AboutYouFactory(
            sex="male",
            age_band="25-34",
            ethnic_group="white",
            borough_code="E09000023",
            user=UserFactory(email=f"bulk{n}@example.com"),
        )
    with django_assert_max_num_queries(20):
        response = client.get(DASHBOARD)
    assert response.status_code == 200


def test_dashboard_says_which_census_figures_are_not_loaded(client, superuser):
    force_login_with_mfa(client, superuser)
    html = client.get(DASHBOARD).content.decode()
    loaded = census()["dimensions"]
    for field, name in [("borough_code", "borough"), ("age_band", "age")]:
        message = f"Population figures for {name} are not loaded yet"
        assert (message in html) == (field not in loaded)


def test_dashboard_compares_and_draws_bars_without_inline_styles(
    client, superuser, fake_census
):
    _answers("sex", female=30, male=10)
    force_login_with_mfa(client, superuser)
    html = client.get(DASHBOARD).content.decode()
    assert "Over-represented" in html
    assert "Under-represented" in html
    assert '<svg class="tl-chart"' in html
    assert "Female: Members 75.0%, Londoners 50.0%." in html  # the chart's text
    assert "talk_london/talk_london.css" in html
    assert "style=" not in html


def test_dashboard_never_names_a_member(client, superuser):
    person = UserFactory(display_name="Zebedee Unique")
    AboutYouFactory(user=person, sex="female", borough_code="E09000023")
    force_login_with_mfa(client, superuser)
    html = client.get(DASHBOARD).content.decode()
    assert "Zebedee" not in html
    assert person.email not in html
    assert Membership.objects.filter(user=person).exists()


def test_the_dashboard_needs_an_authenticator_code_in_this_session(
    client, programme_manager
):
    """Aggregates of special category data: a staff area like the admin, so a
    session signed in with a password alone is asked for the code first."""
    client.force_login(programme_manager)
    response = client.get(reverse("talk_london:representativeness"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
