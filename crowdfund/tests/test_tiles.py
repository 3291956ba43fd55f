import pytest
from django.urls import reverse

from civic.models import Borough
from crowdfund import tiles
from crowdfund.models import Project
from crowdfund.tests.factories import LiveProjectFactory


def test_every_london_borough_is_placed_once_and_no_two_share_a_square():
    codes = {f"E09{n:06d}" for n in range(1, 34)}
    assert set(tiles.TILE_POSITIONS) == codes
    assert set(tiles.TILE_LABELS) == codes
    cells = list(tiles.TILE_POSITIONS.values())
    assert len(cells) == len(set(cells)) == 33
    for row, column in cells:
        assert 0 <= row < tiles.GRID_ROWS
        assert 0 <= column < tiles.GRID_COLUMNS
    assert len(set(tiles.TILE_LABELS.values())) == 33


def test_the_grid_keeps_london_roughly_in_shape():
    pos = tiles.TILE_POSITIONS
    enfield, sutton = pos["E09000010"], pos["E09000029"]
    hillingdon, havering = pos["E09000017"], pos["E09000016"]
    city, westminster = pos["E09000001"], pos["E09000033"]
    assert enfield[0] < sutton[0]  # north above south
    assert hillingdon[1] < havering[1]  # west left of east
    assert city[0] == westminster[0] and city[1] == westminster[1] + 1


@pytest.mark.parametrize(
    ("count", "band"), [(0, 0), (1, 1), (2, 2), (3, 2), (4, 3), (50, 3)]
)
def test_shading_bands(count, band):
    assert tiles.shade_for(count) == band


@pytest.mark.django_db
def test_tiles_for_the_boroughs_in_the_database():
    result = tiles.tiles(Borough.objects.all(), {})
    assert len(result) == 33
    assert result[0].name == "Enfield"
    assert result[-1].name == "Sutton"


@pytest.mark.django_db
def test_map_page_counts_live_visible_projects_with_names_and_a_table(client):
    southwark = Borough.objects.get(gss_code="E09000028")
    for _ in range(3):
        LiveProjectFactory(borough=southwark)
    LiveProjectFactory(borough=southwark, is_hidden=True)
    LiveProjectFactory(borough=southwark, status=Project.Status.FUNDED)
    response = client.get(reverse("crowdfund:map"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Southwark: 3 live projects" in page
    assert "Sutton: 0 live projects" in page
    assert "cf-tile--r4 cf-tile--c4 cf-tile--shade-2" in page
    assert page.count('class="cf-tile ') == 33
    assert '<table class="govuk-table" id="borough-table">' in page
    assert f"{reverse('crowdfund:browse')}?borough=southwark&amp;status=live" in page
    assert "There are 3 live campaigns in London." in page


@pytest.mark.django_db
@pytest.mark.parametrize("n", [2, 30])
def test_map_query_count_does_not_grow(client, django_assert_max_num_queries, n):
    boroughs = list(Borough.objects.all())
    for i in range(n):
        LiveProjectFactory(borough=boroughs[i % 33])
    with django_assert_max_num_queries(3):
        assert client.get(reverse("crowdfund:map")).status_code == 200
