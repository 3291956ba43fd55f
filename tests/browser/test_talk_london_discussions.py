"""Talk London discussions in a real browser: a member replies (after an empty
reply is refused), and a moderator hides a reply someone reported. axe scans
every page of ours the journeys visit, error states included."""

import re

import pytest
from playwright.sync_api import expect

from civic.models import Report
from talk_london.models import Post
from talk_london.tests.discussions_fixtures import make_member, make_trusted
from talk_london.tests.factories import PostFactory, ThreadFactory, TopicFactory
from tests.browser.helpers import (
    link_in_email,
    sign_in_as,
    sign_in_with_password,
    submit,
)
from tests.fixtures import totp_code

pytestmark = pytest.mark.browser


@pytest.fixture
def discussion(resident, other_resident):
    topic = TopicFactory(title="Cleaner air for London", slug="cleaner-air")
    author = make_member(other_resident)
    thread = ThreadFactory(topic=topic, author=author, title="School streets")
    PostFactory(
        thread=thread,
        author=author,
        body_source="Our road became a school street.\n\n- calmer\n- safer",
    )
    thread.post_count = 1
    thread.save()
    return thread


def test_member_replies_to_a_thread_after_an_empty_reply_is_refused(
    page, axe, live_server, resident, discussion
):
    member = make_trusted(make_member(resident), discussion)
    sign_in_as(page, live_server, member)

    page.goto("/talk-london/discussions/")
    axe(page)
    page.get_by_role("link", name="Cleaner air for London").click()
    axe(page)
    page.get_by_role("link", name="School streets").click()
    expect(page.locator("h1")).to_have_text("School streets")
    axe(page)

    submit(page, "post reply")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name="Enter your reply")).to_have_attribute(
        "href", "#id_body"
    )
    assert page.title().startswith("Error: ")
    axe(page)

    page.fill("#id_body", "We need one on our street too.\n\nhttps://example.com/map")
    submit(page, "post reply")
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    reply = Post.objects.get(author=member, body_source__startswith="We need one")
    article = page.locator(f"#post-{reply.pk}")
    expect(article).to_contain_text("We need one on our street too.")
    expect(
        article.get_by_role("link", name="https://example.com/map")
    ).to_have_attribute("rel", "nofollow ugc")
    axe(page)


def test_moderator_hides_a_reported_reply(
    page, axe, live_server, resident, other_resident, moderator, discussion
):
    rude = PostFactory(
        thread=discussion,
        author=make_member(resident),
        body_source="Something rude about the neighbours",
    )
    sign_in_as(page, live_server, other_resident)
    page.goto(discussion.get_absolute_url())
    axe(page)
    page.locator(f"#post-{rude.pk}").get_by_role(
        "link", name=re.compile("report", re.I)
    ).click()
    expect(page).to_have_url(re.compile(r"/report/"))
    axe(page)
    page.get_by_label(str(Report.Reason.ABUSE.label), exact=True).check()
    submit(page)
    axe(page)  # "thank you, we have sent your report"
    assert Report.objects.get().content_object == rude

    page.context.clear_cookies()
    sign_in_with_password(page, moderator.email)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.fill("#id_code", totp_code())
    submit(page)
    expect(page).not_to_have_url(re.compile(r"/accounts/2fa/"))

    page.goto("/admin/moderation/")
    page.get_by_role("link", name=re.compile(r"Post by .* in “School streets”")).click()
    page.wait_for_load_state("load")
    assert page.evaluate("document.contentType") == "text/html"
    page.fill("#id_hide-reason", "Abusive about neighbours")
    page.get_by_role("button", name="Hide", exact=True).click()
    page.wait_for_load_state("load")
    rude.refresh_from_db()
    assert rude.is_hidden

    page.context.clear_cookies()
    page.goto(discussion.get_absolute_url())
    article = page.locator(f"#post-{rude.pk}")
    expect(article).to_contain_text("This post was hidden by a moderator")
    expect(article).not_to_contain_text("Something rude")
    axe(page)


def test_member_starts_a_thread_edits_and_removes_a_post(
    page, axe, live_server, resident, discussion
):
    member = make_trusted(make_member(resident), discussion)
    sign_in_as(page, live_server, member)
    page.goto(discussion.topic.get_absolute_url())
    page.get_by_role("button", name="Start a new thread").click()
    axe(page)
    submit(page, "start thread")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page)  # error state: no title, no post

    page.fill("#id_title", "Bus lanes on the high street")
    page.fill("#id_body", "Frist post")
    submit(page, "start thread")
    expect(page.locator("h1")).to_have_text("Bus lanes on the high street")
    axe(page)

    page.get_by_role("link", name=re.compile(r"^edit", re.I)).first.click()
    axe(page)
    page.fill("#id_body", "First post")
    submit(page, "save changes")
    expect(page.locator("#main-content")).to_contain_text("First post")
    expect(page.locator("#main-content")).to_contain_text("edited")

    page.get_by_role("link", name=re.compile(r"^remove", re.I)).first.click()
    axe(page)
    submit(page, "remove post")
    expect(page.locator("#main-content")).to_contain_text(
        "This post was removed by its author"
    )
    axe(page)


def test_follower_unsubscribes_from_the_digest_without_signing_in(
    page, axe, live_server, resident, other_resident, discussion, mailoutbox
):
    from talk_london.models import ThreadFollow
    from talk_london.tasks_discussions import send_discussion_digests

    follower = make_member(resident)
    sign_in_as(page, live_server, follower)
    page.goto(discussion.get_absolute_url())
    submit(page, "follow this thread")
    expect(
        page.get_by_role("button", name="Stop following this thread")
    ).to_be_visible()
    axe(page)

    PostFactory(thread=discussion, author=other_resident, body_source="A new reply")
    send_discussion_digests()
    assert len(mailoutbox) == 1
    assert "A new reply" in mailoutbox[0].body

    page.context.clear_cookies()
    page.goto(link_in_email(mailoutbox[0], r"/discussions/unsubscribe/"))
    axe(page)
    submit(page, "unsubscribe")
    expect(page.locator("h1")).to_have_text("You have unsubscribed")
    axe(page)
    assert not ThreadFollow.objects.filter(user=follower).exists()
