"""Components in templates/components/ and the tags that feed them."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.core.paginator import Paginator
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.utils.html import format_html

from civic.templatetags.govuk import pagination_numbers


def render(source: str, **context) -> BeautifulSoup:
    return BeautifulSoup(Template(source).render(Context(context)), "html.parser")


# --- Pagination --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "last", "numbers"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (1, 12, [1, 2, None, 12]),
        (6, 12, [1, None, 5, 6, 7, None, 12]),
        (12, 12, [1, None, 11, 12]),
        (3, 12, [1, 2, 3, 4, None, 12]),
        (4, 12, [1, 2, 3, 4, 5, None, 12]),  # one hidden page is shown, not an ellipsis
    ],
)
def test_pagination_shows_first_last_and_neighbours_with_ellipses(
    current, last, numbers
):
    assert pagination_numbers(current, last) == numbers


def paginate(page: int, query: str = ""):
    request = RequestFactory().get("/ideas/" + (f"?{query}" if query else ""))
    page_obj = Paginator(list(range(120)), 10).get_page(page)
    return render(
        "{% govuk_pagination page_obj request %}", page_obj=page_obj, request=request
    )


def test_pagination_first_page_has_next_but_no_previous():
    soup = paginate(1)
    nav = soup.find("nav", class_="govuk-pagination")
    assert nav["aria-label"] == "Pagination"
    assert not soup.find(class_="govuk-pagination__prev")
    assert soup.find("a", rel="next")["href"] == "?page=2"
    current = soup.find("a", attrs={"aria-current": "page"})
    assert current.get_text(strip=True) == "1"
    assert current["aria-label"] == "Page 1"
    assert "govuk-pagination__item--current" in current.parent["class"]


def test_pagination_middle_page_has_both_links_and_ellipses():
    soup = paginate(6)
    assert soup.find("a", rel="prev")["href"] == "?page=5"
    assert soup.find("a", rel="next")["href"] == "?page=7"
    numbers = [li.get_text(strip=True) for li in soup.find_all("li")]
    assert numbers == ["1", "⋯", "5", "6", "7", "⋯", "12"]
    assert len(soup.find_all(class_="govuk-pagination__item--ellipsis")) == 2


def test_pagination_last_page_has_previous_but_no_next():
    soup = paginate(12)
    assert soup.find("a", rel="prev")["href"] == "?page=11"
    assert not soup.find(class_="govuk-pagination__next")


def test_pagination_keeps_the_other_query_string_parameters():
    soup = paginate(2, "q=garden+bench&borough=E09000023&page=2")
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert hrefs
    for href in hrefs:
        assert "q=garden+bench" in href
        assert "borough=E09000023" in href
        assert href.count("page=") == 1
    assert soup.find("a", rel="next")["href"].endswith("page=3")


def test_pagination_is_empty_for_a_single_page():
    request = RequestFactory().get("/")
    page_obj = Paginator([1, 2], 10).get_page(1)
    html = Template("{% govuk_pagination page_obj request %}").render(
        Context({"page_obj": page_obj, "request": request})
    )
    assert html.strip() == ""


def test_pagination_landmark_label_and_parameter_can_change():
    request = RequestFactory().get("/")
    page_obj = Paginator(list(range(30)), 10).get_page(1)
    soup = render(
        '{% govuk_pagination page_obj request param="p" label="Pledges pages" %}',
        page_obj=page_obj,
        request=request,
    )
    assert soup.find("nav")["aria-label"] == "Pledges pages"
    assert soup.find("a", rel="next")["href"] == "?p=2"


# --- Summary list -------------------------------------------------------------------


def test_summary_list_change_links_carry_visually_hidden_context():
    rows = [
        ("Name", "Rita", "/profile/name/"),
        {
            "key": "Address",
            "value": ["City Hall", "London E16 1ZE"],
            "href": "/a/",
            "hidden": "address",
        },
        ("Borough", "Lewisham"),
    ]
    soup = render("{% govuk_summary_list rows %}", rows=rows)
    dl = soup.find("dl", class_="govuk-summary-list")
    link = dl.find("a", href="/profile/name/")
    assert link.get_text() == "Change Name"
    assert link.find(class_="govuk-visually-hidden").get_text() == " Name"
    assert (
        dl.find("a", href="/a/").find(class_="govuk-visually-hidden").get_text()
        == " address"
    )
    assert [p.get_text() for p in dl.find_all("p")] == ["City Hall", "London E16 1ZE"]
    rows_html = dl.find_all(class_="govuk-summary-list__row")
    assert "govuk-summary-list__row--no-actions" in rows_html[2]["class"]
    assert (
        rows_html[0].find("dt", class_="govuk-summary-list__key").get_text() == "Name"
    )


def test_summary_list_escapes_values():
    soup = render(
        "{% govuk_summary_list rows %}", rows=[("Name", "<script>x</script>")]
    )
    assert not soup.find("script")


def test_summary_list_with_several_actions_and_a_card():
    rows = [
        {
            "key": "Email",
            "value": "rita@example.com",
            "actions": [
                {"href": "/e/", "text": "Change", "hidden": "email"},
                {"href": "/r/", "text": "Remove"},
            ],
        }
    ]
    soup = render('{% govuk_summary_list rows card_title="Contact" %}', rows=rows)
    assert soup.find("h2", class_="govuk-summary-card__title").get_text() == "Contact"
    items = soup.find_all(class_="govuk-summary-list__actions-list-item")
    assert [i.get_text() for i in items] == [
        "Change email (Contact)",
        "Remove (Contact)",
    ]


# --- Task list ----------------------------------------------------------------------


def test_task_list_statuses_and_links():
    tasks = [
        {"title": "Your organisation", "href": "/org/", "status": "completed"},
        {
            "title": "Project",
            "href": "/project/",
            "hint": "What and who",
            "status": "incomplete",
        },
        {"title": "Check and send", "href": "/send/", "status": "cannot_start"},
    ]
    soup = render("{% govuk_task_list tasks %}", tasks=tasks)
    items = soup.find_all("li", class_="govuk-task-list__item")
    first, second, third = items
    assert first.find("a")["aria-describedby"] == "task-list-1-status"
    assert first.find(id="task-list-1-status").get_text(strip=True) == "Completed"
    assert second.find("a")["aria-describedby"] == "task-list-2-hint task-list-2-status"
    tag = second.find("strong", class_="govuk-tag")
    assert tag.get_text() == "Incomplete"
    assert "govuk-tag--blue" in tag["class"]
    assert not third.find("a")  # a task that cannot start yet is not a link
    assert "govuk-task-list__item--with-link" not in third["class"]
    status = third.find(id="task-list-3-status")
    assert "govuk-task-list__status--cannot-start-yet" in status["class"]
    assert status.get_text(strip=True) == "Cannot start yet"


# --- Table ------------------------------------------------------------------------


def test_table_caption_scopes_and_numeric_columns():
    soup = render(
        '{% govuk_table rows head=head caption="Pledges" '
        'first_cell_is_header=True numeric="2" %}',
        head=["Project", "Raised"],
        rows=[["Garden", "£10"], [format_html('<a href="/b/">{}</a>', "Bench"), "£5"]],
    )
    table = soup.find("table", class_="govuk-table")
    assert table.find("caption").get_text() == "Pledges"
    assert [th["scope"] for th in table.find("thead").find_all("th")] == ["col", "col"]
    assert (
        "govuk-table__header--numeric" in table.find("thead").find_all("th")[1]["class"]
    )
    body_rows = table.find("tbody").find_all("tr")
    assert body_rows[0].find("th")["scope"] == "row"
    assert "govuk-table__cell--numeric" in body_rows[0].find("td")["class"]
    assert body_rows[1].find("th").find("a")["href"] == "/b/"


# --- Tabs and block components ------------------------------------------------------


def test_tabs_list_links_to_panels_and_hides_all_but_the_first():
    soup = render(
        '{% govuk_tabs "Pledges" %}'
        '{% govuk_tab "week" "Past week" %}<p>Week {{ n }}</p>{% endgovuk_tab %}'
        '{% govuk_tab "month" "Past month" %}<p>Month</p>{% endgovuk_tab %}'
        "{% endgovuk_tabs %}",
        n=7,
    )
    tabs = soup.find(class_="govuk-tabs")
    assert tabs["data-module"] == "govuk-tabs"
    assert tabs.find("h2").get_text() == "Pledges"
    assert [a["href"] for a in tabs.find_all("a")] == ["#week", "#month"]
    assert soup.find(id="week").get_text(strip=True) == "Week 7"
    assert "govuk-tabs__panel--hidden" not in soup.find(id="week")["class"]
    assert "govuk-tabs__panel--hidden" in soup.find(id="month")["class"]
    assert "govuk-tabs__list-item--selected" in tabs.find("li")["class"]


def test_block_component_gets_html_content_and_arguments():
    soup = render(
        '{% govuk_component "details" summary="Help" open=True %}'
        '<p class="x">{{ body }}</p>{% endgovuk_component %}',
        body="Body text",
    )
    details = soup.find("details", class_="govuk-details")
    assert details.has_attr("open")
    assert details.find(class_="govuk-details__summary-text").get_text() == "Help"
    assert details.find("p", class_="x").get_text() == "Body text"


def test_block_component_does_not_see_the_page_context():
    soup = render(
        '{% govuk_component "inset_text" %}inside{% endgovuk_component %}',
        classes="leak",
    )
    assert soup.find(class_="govuk-inset-text")["class"] == ["govuk-inset-text"]


def test_block_component_refuses_odd_names():
    with pytest.raises(TemplateSyntaxError):
        render('{% govuk_component "../base" %}x{% endgovuk_component %}')


def test_panel_title_is_a_heading_of_the_given_level():
    soup = render(
        '{% govuk_component "panel" title="Pledge complete" %}'
        "Ref <strong>X1</strong>{% endgovuk_component %}"
    )
    assert soup.find("h1", class_="govuk-panel__title").get_text() == "Pledge complete"
    assert soup.find(class_="govuk-panel__body").find("strong").get_text() == "X1"
    soup = render(
        '{% include "components/panel.html" with title="Done" heading_level=2 only %}'
    )
    assert soup.find("h2", class_="govuk-panel__title")


# --- Includes -------------------------------------------------------------------------


def test_buttons_as_button_and_as_link():
    soup = render('{% include "components/button.html" with text="Save" only %}')
    button = soup.find("button")
    assert button["type"] == "submit"
    assert button["class"] == ["govuk-button"]
    assert button["data-module"] == "govuk-button"

    soup = render(
        '{% include "components/button.html" with text="Start now" href="/start/" '
        "start=True only %}"
    )
    link = soup.find("a")
    assert link["role"] == "button"
    assert link["draggable"] == "false"
    assert "govuk-button--start" in link["class"]
    assert link.find("svg")["aria-hidden"] == "true"

    for variant in ("secondary", "warning"):
        soup = render(
            '{% include "components/button.html" with text="X" variant=variant only %}',
            variant=variant,
        )
        assert f"govuk-button--{variant}" in soup.find("button")["class"]

    soup = render(
        '{% include "components/button.html" with text="X" disabled=True '
        "prevent_double_click=True only %}"
    )
    assert soup.find("button").has_attr("disabled")
    assert soup.find("button")["data-prevent-double-click"] == "true"


def test_back_link_and_breadcrumbs():
    soup = render('{% include "components/back_link.html" with href="/back/" only %}')
    assert soup.find("a", class_="govuk-back-link")["href"] == "/back/"
    assert soup.find("a").get_text() == "Back"

    soup = render(
        '{% govuk_breadcrumbs "Home" "/" "Your account" "/account/" "Profile" %}'
    )
    nav = soup.find("nav", class_="govuk-breadcrumbs")
    assert nav["aria-label"] == "Breadcrumb"
    links = nav.find_all("a", class_="govuk-breadcrumbs__link")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Home", "/"),
        ("Your account", "/account/"),
    ]
    assert nav.find("li", attrs={"aria-current": "page"}).get_text() == "Profile"


def test_inset_and_warning_text():
    soup = render(
        '{% include "components/inset_text.html" with text="Takes 8 weeks" only %}'
    )
    assert soup.find(class_="govuk-inset-text").get_text(strip=True) == "Takes 8 weeks"
    soup = render(
        '{% include "components/warning_text.html" with text="You can be fined" only %}'
    )
    warning = soup.find(class_="govuk-warning-text")
    assert warning.find(class_="govuk-warning-text__icon")["aria-hidden"] == "true"
    assert warning.find(class_="govuk-visually-hidden").get_text() == "Warning"


def test_notification_banners():
    soup = render(
        '{% include "components/notification_banner.html" with '
        'text="Closes soon" only %}'
    )
    banner = soup.find(class_="govuk-notification-banner")
    assert banner["role"] == "region"
    assert banner["aria-labelledby"] == "govuk-notification-banner-title"
    assert soup.find(id="govuk-notification-banner-title").get_text() == "Important"

    soup = render(
        '{% include "components/notification_banner.html" with type="success" '
        'text="Saved" title_id="b2" only %}'
    )
    banner = soup.find(class_="govuk-notification-banner")
    assert "govuk-notification-banner--success" in banner["class"]
    assert banner["role"] == "alert"
    assert soup.find(id="b2").get_text() == "Success"
    assert soup.find(class_="govuk-notification-banner__heading").get_text() == "Saved"


def test_messages_render_as_banners_with_unique_title_ids():
    messages = [
        Message(constants.SUCCESS, "Profile saved"),
        Message(constants.INFO, "Check your email"),
    ]
    soup = render('{% include "components/messages.html" %}', messages=messages)
    banners = soup.find_all(class_="govuk-notification-banner")
    assert len(banners) == 2
    assert banners[0]["role"] == "alert"
    assert banners[1]["role"] == "region"
    ids = [b["aria-labelledby"] for b in banners]
    assert ids == ["message-1-title", "message-2-title"]
    for banner, title_id in zip(banners, ids, strict=True):
        assert banner.find(id=title_id)


def test_tag_and_progress():
    soup = render('{% govuk_tag "Open" "green" %}')
    assert soup.find("strong")["class"] == ["govuk-tag", "govuk-tag--green"]

    soup = render("{% govuk_progress 3 12 %}")
    progress = soup.find("progress")
    assert (progress["value"], progress["max"]) == ("3", "12")
    label = soup.find(id=progress["aria-labelledby"])
    assert label.get_text() == "Question 3 of 12"
    assert not soup.find(attrs={"style": True})
