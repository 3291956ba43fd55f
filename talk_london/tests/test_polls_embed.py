"""Talk London polls embedded in CMS pages through civic's embed block."""

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from civic.blocks import EmbedBlock
from civic.models import ContentPage, HomePage
from civic.registry import registry
from civic.services.site import ensure_core_pages
from talk_london.models import Poll, PollOption, PollVote

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(db):
    ensure_core_pages()
    return HomePage.objects.get()


def make_poll(slug="bus-or-bike", question="Bus or bike?", **kwargs):
    poll = Poll.objects.create(question=question, slug=slug, **kwargs)
    for order, text in enumerate(("Bus", "Bike", "Walk")):
        PollOption.objects.create(poll=poll, text=text, sort_order=order)
    return poll


@pytest.fixture
def poll():
    return make_poll()


def add_page(home, *polls, slug="travel"):
    page = home.add_child(
        instance=ContentPage(
            title="Getting about",
            slug=slug,
            body=[
                ("text", "<p>How do you travel?</p>"),
                *[("embed", {"kind": "poll", "reference": p.slug}) for p in polls],
            ],
        )
    )
    page.save_revision().publish()
    return page


def test_talk_london_registers_polls_as_embeddable(poll):
    kind = registry.embed_for("poll")
    assert kind is not None
    assert ("bus-or-bike", "Bus or bike?") in kind.choices()


def test_embed_block_accepts_a_poll_and_refuses_an_unknown_one(poll):
    block = EmbedBlock()
    value = block.clean(block.to_python({"kind": "poll", "reference": poll.slug}))
    assert value["reference"] == "bus-or-bike"
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"kind": "poll", "reference": "no-such-poll"}))
    assert error.value.block_errors["reference"].messages == [
        "There is no Talk London poll with the reference “no-such-poll”"
    ]


def test_content_page_shows_the_embedded_poll_form(client, home, poll):
    add_page(home, poll)
    response = client.get("/travel/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bus or bike?" in html
    for text in ("Bus", "Bike", "Walk"):
        assert f">{text}</label>" in html
    assert f'action="{poll.get_absolute_url()}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert html.count("<h1") == 1
    assert "<script>" not in html


def test_home_page_can_embed_a_poll(client, home, poll):
    home.body = [("embed", {"kind": "poll", "reference": poll.slug})]
    home.save_revision().publish()
    html = client.get("/").content.decode()
    assert "Bus or bike?" in html
    assert 'type="radio"' in html


def test_a_vote_from_the_embedded_form_is_counted_once(client, home, poll):
    add_page(home, poll)
    client.get("/travel/")  # the form as a visitor sees it
    bike = poll.options.get(text="Bike")
    response = client.post(poll.get_absolute_url(), {"option": bike.pk})
    assert response.status_code == 302
    assert response["Location"] == poll.get_absolute_url()
    client.post(poll.get_absolute_url(), {"option": bike.pk})  # a second click
    assert PollVote.objects.filter(poll=poll).count() == 1
    assert PollVote.objects.get().option == bike

    html = client.get("/travel/").content.decode()
    assert 'type="radio"' not in html  # results now, not the form
    assert "1 vote so far." in html
    assert "You have voted." in html


def test_a_signed_in_vote_from_the_embed_is_counted_once(client, home, poll, member):
    add_page(home, poll)
    client.force_login(member)
    walk = poll.options.get(text="Walk")
    client.post(poll.get_absolute_url(), {"option": walk.pk})
    client.post(poll.get_absolute_url(), {"option": walk.pk})
    assert PollVote.objects.filter(poll=poll, user=member).count() == 1
    assert "You have voted." in client.get("/travel/").content.decode()


def test_a_closed_poll_embeds_its_results(client, home):
    closed = make_poll(slug="closed", status=Poll.Status.CLOSED)
    add_page(home, closed)
    html = client.get("/travel/").content.decode()
    assert "Talk London poll: closed" in html
    assert 'type="radio"' not in html
    assert "0 votes so far." in html


def test_two_polls_on_one_page_have_distinct_field_ids(client, home, poll):
    other = make_poll(slug="tube", question="Tube or bus?")
    add_page(home, poll, other)
    html = client.get("/travel/").content.decode()
    assert f'id="poll-{poll.pk}-option"' in html
    assert f'id="poll-{other.pk}-option"' in html


def test_a_deleted_poll_renders_nothing(client, home, poll):
    add_page(home, poll)
    poll.delete()
    response = client.get("/travel/")
    assert response.status_code == 200
    assert "Talk London poll" not in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_page_with_embedded_polls_has_bounded_queries(
    client, home, count, django_assert_max_num_queries
):
    polls = [make_poll(slug=f"poll-{i}", question=f"Poll {i}?") for i in range(count)]
    for p in polls:
        for _ in range(5 * count):
            PollVote.objects.create(
                poll=p, option=p.options.first(), session_hash=f"s{_}-{count}"
            )
    add_page(home, *polls)
    client.get("/travel/")  # warm the site-root cache
    # A fixed page cost, plus three queries a poll (the poll, its options with
    # vote counts, and whether this visitor voted), whatever the votes.
    with django_assert_max_num_queries(8 + 3 * count):
        assert client.get("/travel/").status_code == 200


def test_content_editor_can_open_a_page_with_an_embedded_poll(
    client, home, poll, content_editor
):
    from civic.services.site import ensure_editor_permissions
    from tests.fixtures import force_login_with_mfa

    ensure_editor_permissions()
    page = add_page(home, poll)
    force_login_with_mfa(client, content_editor)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert "bus-or-bike" in response.content.decode()
