"""CMS pages: the home page, content pages, the core pages and the user bar."""

import re
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.blocks import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import GroupPagePermission, Page, Revision, Site

from civic import groups
from civic.blocks import CardBlock, HeroBlock, govuk_richtext
from civic.models import ContentPage, HomePage
from civic.services.site import ensure_core_pages, ensure_editor_permissions
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db

CORE_PATHS = ["/accessibility/", "/privacy/", "/cookies/", "/contact/"]


@pytest.fixture
def home(db):
    ensure_core_pages()
    return HomePage.objects.get()


def add_content_page(parent, *, live=True, **kwargs) -> ContentPage:
    page = parent.add_child(instance=ContentPage(live=live, **kwargs))
    revision = page.save_revision()
    if live:
        revision.publish()
    return page


def state():
    return (
        list(
            Page.objects.order_by("path").values_list("path", "slug", "content_type_id")
        ),
        Revision.objects.count(),
        list(Site.objects.values_list("hostname", "root_page_id", "is_default_site")),
        GroupPagePermission.objects.count(),
    )


# --- bootstrap_site ------------------------------------------------------------------


def test_bootstrap_replaces_the_welcome_page_with_our_home_page():
    assert Page.objects.filter(
        title__startswith="Welcome to your new Wagtail site"
    ).exists()

    call_command("bootstrap_site", stdout=None)

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(
        title__startswith="Welcome to your new Wagtail site"
    ).exists()
    home = HomePage.objects.get()
    assert home.live
    assert {child.slug for child in home.get_children()} == {
        "accessibility",
        "privacy",
        "cookies",
        "contact",
    }


def test_bootstrap_twice_changes_nothing():
    call_command("bootstrap_site")
    before = state()

    call_command("bootstrap_site")

    assert state() == before


def test_bootstrap_keeps_pages_editors_have_changed(home):
    cookies = ContentPage.objects.get(slug="cookies")
    cookies.title = "Cookies on the portal"
    cookies.save_revision().publish()

    ensure_core_pages()

    assert ContentPage.objects.get(slug="cookies").title == "Cookies on the portal"
    assert ContentPage.objects.filter(slug="cookies").count() == 1


def test_bootstrap_gives_content_editors_page_rights_on_the_home_page(
    home, content_editor
):
    ensure_editor_permissions()

    permissions = home.permissions_for_user(content_editor)
    assert permissions.can_add_subpage()
    assert permissions.can_edit()
    assert permissions.can_publish()


def test_moderators_get_no_page_rights_from_bootstrap(home, moderator):
    ensure_editor_permissions()

    permissions = home.permissions_for_user(moderator)
    assert not permissions.can_edit()
    assert not permissions.can_add_subpage()


# --- the pages -----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", *CORE_PATHS])
def test_core_pages_render_with_one_heading(client, home, path):
    response = client.get(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert "London civic portal</title>" in html


def test_core_pages_have_distinct_titles(client, home):
    titles = {
        re.search(
            r"<title>(.*?)</title>", client.get(path).content.decode(), re.S
        ).group(1)
        for path in ["/", *CORE_PATHS]
    }
    assert len(titles) == 5


def test_cookies_page_lists_the_essential_cookies(client, home, settings):
    html = client.get("/cookies/").content.decode()

    assert settings.SESSION_COOKIE_NAME == "civic_session"
    assert settings.CSRF_COOKIE_NAME == "civic_csrftoken"
    assert "civic_session" in html
    assert "civic_csrftoken" in html
    assert "messages" in html
    assert "analytics" in html  # says there are none


def test_home_page_cards_link_to_the_five_parts(client, home):
    html = client.get("/").content.decode()

    for name in [
        "talk_london:index",
        "crowdfund:index",
        "challenges:index",
        "inclusion:index",
        "diversity:index",
    ]:
        assert f'href="{reverse(name)}"' in html
    assert "govuk-button--start" in html


def test_home_page_latest_items_list_new_pages_but_not_the_core_pages(client, home):
    add_content_page(
        home, title="Mayor launches new fund", slug="new-fund", intro="Money."
    )
    add_content_page(home, title="Draft news", slug="draft", live=False)

    html = client.get("/").content.decode()

    assert "Mayor launches new fund" in html
    assert "Draft news" not in html
    latest = html[html.index('id="latest-') :]
    assert "Cookies" not in latest.split("</section>")[0]


def test_home_page_without_hero_still_has_a_heading(client, home):
    home.body = [("text", "<p>Hello</p>")]
    home.save_revision().publish()

    html = client.get("/").content.decode()

    assert '<h1 class="govuk-heading-xl">London civic portal</h1>' in html


def test_content_page_shows_intro_body_and_last_reviewed(client, home):
    add_content_page(
        home,
        title="Help with the portal",
        slug="help",
        intro="How to get help.",
        last_reviewed=date(2025, 5, 12),
        body=[
            ("heading", "Getting started"),
            (
                "text",
                '<p>Read <a href="/cookies/">cookies</a>.</p><ul><li>One</li></ul>',
            ),
            ("inset_text", "<p>Note this</p>"),
            ("details", {"summary": "More", "text": "<p>Hidden text</p>"}),
            ("warning_text", "Do not share your password"),
        ],
    )

    html = client.get("/help/").content.decode()

    assert '<p class="govuk-body-l">How to get help.</p>' in html
    assert '<h2 class="govuk-heading-l">Getting started</h2>' in html
    assert '<a class="govuk-link" href="/cookies/">' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html
    assert (
        '<div class="govuk-inset-text"><p class="govuk-body">Note this</p></div>'
        in html
    )
    assert '<span class="govuk-details__summary-text">More</span>' in html
    assert '<p class="govuk-body">Hidden text</p>' in html
    assert "govuk-warning-text" in html
    assert "Last reviewed: 12 May 2025" in html
    assert 'class="govuk-breadcrumbs__link" href="/"' in html


def test_content_pages_can_nest(client, home):
    parent = add_content_page(home, title="Guides", slug="guides")
    add_content_page(parent, title="Guide one", slug="one")

    assert client.get("/guides/one/").status_code == 200


def test_page_type_rules():
    root = Page.get_first_root_node()
    assert ContentPage.can_create_at(root) is False
    assert HomePage.max_count == 1
    assert ContentPage.allowed_parent_page_models() == [HomePage, ContentPage]


def test_home_page_query_count_is_bounded(client, home, django_assert_max_num_queries):
    for i in range(5):
        add_content_page(home, title=f"News {i}", slug=f"news-{i}")
    client.get("/")  # warm the site-root cache

    with django_assert_max_num_queries(12):
        assert client.get("/").status_code == 200


# --- blocks --------------------------------------------------------------------------


def test_rich_text_gets_govuk_classes():
    html = govuk_richtext(
        '<h2>Title</h2><p data-block-key="a">Text <a href="/x">link</a></p>'
        '<ol><li>1</li></ol><p class="keep">Mine</p>'
    )

    assert html == (
        '<h2 class="govuk-heading-l">Title</h2>'
        '<p class="govuk-body" data-block-key="a">'
        'Text <a class="govuk-link" href="/x">link</a></p>'
        '<ol class="govuk-list govuk-list--number"><li>1</li></ol>'
        '<p class="keep">Mine</p>'
    )


def test_card_link_must_go_somewhere_and_only_one_place():
    block = CardBlock()
    base = {"title": "T", "text": "X"}

    with pytest.raises(StructBlockValidationError):
        block.clean(
            block.to_python({**base, "link": {"part": "", "page": None, "path": ""}})
        )
    with pytest.raises(StructBlockValidationError):
        block.clean(
            block.to_python(
                {
                    **base,
                    "link": {"part": "crowdfund:index", "page": None, "path": "/x/"},
                }
            )
        )
    value = block.clean(
        block.to_python(
            {**base, "link": {"part": "crowdfund:index", "page": None, "path": ""}}
        )
    )
    assert value["link"].url == "/crowdfund/"


def test_card_path_must_be_on_this_site():
    block = CardBlock()

    with pytest.raises(StructBlockValidationError):
        block.clean(
            block.to_python(
                {
                    "title": "T",
                    "text": "X",
                    "link": {"part": "", "page": None, "path": "https://evil.example/"},
                }
            )
        )


def test_hero_button_needs_text_and_link():
    block = HeroBlock()

    with pytest.raises(StructBlockValidationError):
        block.clean(
            block.to_python(
                {
                    "heading": "H",
                    "text": "T",
                    "button_text": "Go",
                    "button_link": {"part": "", "page": None, "path": ""},
                }
            )
        )


def test_home_page_allows_only_one_hero():
    stream_block = HomePage._meta.get_field("body").stream_block
    hero = {"heading": "A", "text": "a", "button_text": "", "button_link": {}}
    value = stream_block.to_python(
        [{"type": "hero", "value": hero}, {"type": "hero", "value": hero}]
    )

    with pytest.raises(StreamBlockValidationError):
        stream_block.clean(value)


# --- editing in the admin, and the user bar -----------------------------------------


def test_content_editor_can_open_the_page_editor(client, home, content_editor):
    ensure_editor_permissions()
    force_login_with_mfa(client, content_editor)
    cookies = ContentPage.objects.get(slug="cookies")

    assert (
        client.get(reverse("wagtailadmin_pages:edit", args=[cookies.pk])).status_code
        == 200
    )
    assert (
        client.get(
            reverse("wagtailadmin_pages:add", args=["civic", "contentpage", home.pk])
        ).status_code
        == 200
    )


def test_user_bar_with_accessibility_checker_shows_for_an_editor(
    client, home, content_editor
):
    force_login_with_mfa(client, content_editor)

    html = client.get("/cookies/").content.decode()

    assert "<wagtail-userbar>" in html
    assert 'id="accessibility-trigger"' in html
    assert "accessibility-axe-configuration" in html


def test_user_bar_is_not_shown_to_residents(client, home, resident):
    client.force_login(resident)

    html = client.get("/cookies/").content.decode()

    assert "wagtail-userbar" not in html


def test_user_bar_needs_no_inline_script_so_the_strict_csp_stays(
    client, home, content_editor
):
    force_login_with_mfa(client, content_editor)

    response = client.get("/cookies/")

    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    html = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert ' style="' not in html
    assert groups.CONTENT_EDITORS  # the persona is a Content editor
