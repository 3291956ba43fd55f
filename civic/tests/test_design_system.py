"""The living style page (/design-system/) and the error pages, with DEBUG off."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse

import civic.urls
from civic.models import Borough

URL = "/design-system/"


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def private(db, settings):
    settings.DEBUG = False
    settings.DESIGN_SYSTEM_PUBLIC = False


def valid_answers(borough_pk):
    return {
        "full_name": "Rita Resident",
        "email": "rita@example.com",
        "amount": "25",
        "borough": str(borough_pk),
        "contact": "email",
        "interests": ["talk_london", "crowdfund"],
        "date_of_birth_0": "3",
        "date_of_birth_1": "4",
        "date_of_birth_2": "1990",
        "idea": "A bench by the canal",
        "agree": "on",
        "source": "design-system",
    }


# --- Who may see it ------------------------------------------------------------------


def test_design_system_is_public_exactly_when_debug_is_on(monkeypatch):
    import importlib.util

    import civic.settings

    for debug, expected in (("1", True), ("0", False)):
        monkeypatch.setenv("DEBUG", debug)
        spec = importlib.util.spec_from_file_location("probe", civic.settings.__file__)
        probe = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(probe)
        assert probe.DESIGN_SYSTEM_PUBLIC is expected


def test_url_name_is_the_design_system_page():
    assert reverse("civic:design_system") == URL


def test_anonymous_visitor_gets_not_found_when_the_page_is_private(client, private):
    response = client.get(URL)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_resident_gets_not_found_when_the_page_is_private(client, private, resident):
    client.force_login(resident)
    assert client.get(URL).status_code == 404


def test_organisation_member_gets_not_found_when_the_page_is_private(
    client, private, org_member
):
    client.force_login(org_member)
    assert client.get(URL).status_code == 404


@pytest.mark.parametrize("persona", ["moderator", "content_editor", "superuser"])
def test_staff_see_the_private_page(
    client, private, persona, request, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(persona))
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    assert response.status_code == 200


def test_anyone_sees_it_when_public(client, public, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get(URL)
    assert response.status_code == 200


# --- What it shows -------------------------------------------------------------------


@pytest.fixture
def public(db, settings):
    settings.DESIGN_SYSTEM_PUBLIC = True


def test_page_shows_every_component_with_one_heading(client, public):
    response = client.get(URL)
    soup = soup_of(response)
    assert soup.title.get_text() == "Design system – London civic portal"
    assert len(soup.find_all("h1")) == 1
    for css_class in [
        "govuk-button",
        "govuk-button--secondary",
        "govuk-button--warning",
        "govuk-button--start",
        "govuk-back-link",
        "govuk-breadcrumbs",
        "govuk-inset-text",
        "govuk-warning-text",
        "govuk-details",
        "govuk-tag",
        "govuk-summary-list",
        "govuk-summary-card",
        "govuk-task-list",
        "govuk-table",
        "govuk-notification-banner",
        "govuk-pagination",
        "govuk-panel",
        "govuk-tabs",
        "london-progress",
        "govuk-character-count",
        "govuk-radios",
        "govuk-checkboxes",
        "govuk-date-input",
        "govuk-select",
        "govuk-file-upload",
        "london-swatch--brand",
        "london-swatch--header",
    ]:
        assert soup.find(class_=css_class), css_class
    assert not soup.find(attrs={"style": True})
    assert not [s for s in soup.find_all("script") if not s.get("src")]


def test_every_label_points_at_a_field_and_ids_are_unique(client, public):
    soup = soup_of(client.get(URL))
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    for label in soup.find_all("label"):
        assert soup.find(id=label["for"]), label


def test_pagination_on_the_page_keeps_the_query_string(client, public):
    soup = soup_of(client.get(URL, {"page": "6", "q": "bench"}))
    nav = soup.find("nav", class_="govuk-pagination")
    assert nav.find("a", attrs={"aria-current": "page"}).get_text(strip=True) == "6"
    assert nav.find("a", rel="next")["href"] == "?page=7&q=bench"


def test_form_sent_empty_shows_the_error_summary_inline_errors_and_title(
    client, public
):
    response = client.post(URL, {})
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.title.get_text().startswith("Error: Design system")
    summary = soup.find(class_="govuk-error-summary")
    links = [a["href"] for a in summary.find_all("a")]
    assert links[:3] == ["#id_full_name", "#id_amount", "#id_borough"]
    for href in links:
        assert soup.find(id=href[1:]), href  # every link lands on a field
    assert (
        soup.find(id="id_full_name-error").get_text(" ", strip=True)
        == "Error: Enter your full name"
    )
    assert soup.find(id="id_contact", type="radio")


def test_form_with_bad_answers_keeps_them_and_says_what_is_wrong(client, public):
    answers = valid_answers(Borough.objects.first().pk) | {
        "amount": "1",
        "date_of_birth_1": "",
        "email": "",
        "idea": "x" * 201,
    }
    soup = soup_of(client.post(URL, answers))
    errors = {
        a["href"]: a.get_text()
        for a in soup.find(class_="govuk-error-summary").find_all("a")
    }
    assert errors == {
        "#id_email": "Enter an email address, or choose another way to contact you",
        "#id_amount": "Enter an amount of at least £2",
        "#id_date_of_birth": "Enter a full date, with day, month and year",
        "#id_idea": "Your idea must be 200 characters or fewer",
    }
    assert soup.find(id="id_amount")["value"] == "1"
    assert soup.find(id="id_date_of_birth")["value"] == "3"
    assert soup.find(id="id_full_name")["value"] == "Rita Resident"


def test_valid_form_redirects_and_shows_a_success_banner(client, public):
    response = client.post(URL, valid_answers(Borough.objects.first().pk))
    assert response.status_code == 302
    assert response["Location"] == URL
    soup = soup_of(client.get(URL))
    banner = soup.find(class_="govuk-notification-banner--success")
    assert banner["role"] == "alert"
    assert "Nothing was saved" in banner.get_text()


def test_staff_can_post_the_demo_form_when_private(client, private, moderator):
    client.force_login(moderator)
    assert client.post(URL, {}).status_code == 200


def test_anonymous_post_is_not_found_when_private(client, private):
    assert client.post(URL, {}).status_code == 404


# --- Error pages, DEBUG off ----------------------------------------------------------


def boom(request):
    raise RuntimeError("the database fell over")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("test-boom/", boom),
    path("test-forbidden/", forbidden),
    *civic.urls.urlpatterns,
]
handler404 = civic.urls.handler404
handler403 = civic.urls.handler403
handler500 = civic.urls.handler500


def test_missing_page_is_govuk_page_not_found(client, private):
    response = client.get("/no-such-page-here/")
    assert response.status_code == 404
    soup = soup_of(response)
    assert soup.find("h1").get_text() == "Page not found"
    assert soup.title.get_text() == "Page not found – London civic portal"
    assert "If you typed the web address, check it is correct." in soup.get_text()
    assert soup.find("main", id="main-content")
    assert "404" not in soup.find("main").get_text()


@pytest.mark.urls(__name__)
def test_permission_denied_page(client, private, resident):
    client.force_login(resident)
    response = client.get("/test-forbidden/")
    assert response.status_code == 403
    soup = soup_of(response)
    assert soup.find("h1").get_text() == "You do not have permission to see this page"
    assert soup.title.get_text().startswith(
        "You do not have permission to see this page – "
    )


@pytest.mark.urls(__name__)
def test_permission_denied_page_offers_sign_in_to_anonymous_visitors(client, private):
    soup = soup_of(client.get("/test-forbidden/"))
    assert soup.find("a", href=reverse("account_login"))


@pytest.mark.urls(__name__)
def test_server_error_page_in_govuk_words(client, private, django_assert_num_queries):
    client.raise_request_exception = False
    with django_assert_num_queries(0):
        response = client.get("/test-boom/")
    assert response.status_code == 500
    soup = soup_of(response)
    assert soup.find("h1").get_text() == "Sorry, there is a problem with the service"
    assert (
        soup.title.get_text()
        == "Sorry, there is a problem with the service – London civic portal"
    )
    assert "Try again later." in soup.get_text()
    assert soup.find("main", id="main-content")
    assert soup.find("link", rel="stylesheet")["href"].endswith("london.css")
    assert not soup.find(attrs={"style": True})


def test_server_error_page_renders_without_database_access(rf, settings):
    # No database fixture: pytest-django blocks the database, so any query fails.
    from civic.views.errors import server_error

    settings.DEBUG = False
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


def test_a_hidden_null_character_gets_a_message_people_can_act_on(client, public):
    answers = valid_answers(Borough.objects.first().pk) | {"full_name": "Rita\x00"}
    response = client.post(URL, answers)
    assert response.status_code == 200
    soup = soup_of(response)
    summary = soup.find(class_="govuk-error-summary").get_text(" ", strip=True)
    message = "Type your answer in again: it contains a hidden character"
    assert message in summary
    assert message in soup.find(id="id_full_name-error").get_text()
    assert "Null characters" not in response.content.decode()
    assert soup.find(id="id_idea").get_text().strip() == "A bench by the canal"
