"""Rate limits: allauth's on signing in, signing up and resetting a password,
and the portal's own (civic.ratelimit) on pledging, posting, reporting,
inviting and proposing topics.

Each limit is tried through the real view: the attempts within the limit go
through, the next one gets the portal's 429 page saying when to try again,
with Retry-After, and nothing is saved.
"""

from __future__ import annotations

import logging
import socket

import pytest
from django.test import Client
from django.urls import reverse

from civic import ratelimit
from civic.models import OrganisationInvitation, Report
from civic.tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

# On the hour (1_800_000_000 is a whole number of hours), so a window of an
# hour has all of its 3600 seconds to run.
T0 = 1_800_000_000


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    clock = {"now": float(T0)}
    monkeypatch.setattr(ratelimit, "_now", lambda: clock["now"])
    return clock


def limit(settings, scope: str, **rates):
    settings.CIVIC_RATE_LIMITS = {**settings.CIVIC_RATE_LIMITS, scope: rates}


def assert_refused(response, *, minutes: int, seconds: int | None = None):
    html = response.content.decode()
    assert response.status_code == 429
    assert int(response["Retry-After"]) == (seconds or minutes * 60)
    assert '<h1 class="govuk-heading-xl">You have tried too many times</h1>' in html
    expected = "1 minute" if minutes == 1 else f"{minutes} minutes"
    assert f"You can try again in {expected}." in html
    assert "govuk-template" in html  # the portal's design, not a bare error


# --- the limiter itself --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count", "seconds"),
    [("10/600", 10, 600), ("4/m", 4, 60), ("5/h", 5, 3600), ("20/10m", 20, 600)],
)
def test_rates_are_read_from_settings_text(text, count, seconds):
    assert ratelimit.Rate.parse(text) == ratelimit.Rate(count, seconds)


def test_every_scope_has_a_limit_per_person_and_per_address(settings):
    for scope in ("pledge", "post", "report", "invite", "topic_proposal"):
        assert set(settings.CIVIC_RATE_LIMITS[scope]) == {"user", "ip"}, scope
    assert settings.CIVIC_RATE_LIMITS_ENABLED


def test_the_address_is_read_through_the_trusted_proxies_only(rf, settings):
    request = rf.post(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 81.2.69.160"
    )
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert ratelimit.client_ip(request) == "10.0.0.5"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # The left entry was written by the client itself: never trusted.
    assert ratelimit.client_ip(request) == "81.2.69.160"
    ipv6 = rf.post("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert ratelimit.client_ip(ipv6) == "2001:db8:1:2::"


# --- pledging -------------------------------------------------------------------------


@pytest.fixture
def live_project(db):
    from crowdfund.tests.factories import FundingRoundFactory, LiveProjectFactory

    return LiveProjectFactory(
        created_by=UserFactory(),
        funding_round=FundingRoundFactory(),
        organisation=OrganisationFactory(),
    )


def _pledge(client, project, amount="25"):
    import uuid

    return client.post(
        reverse("crowdfund:pledge_start", args=[project.slug]),
        {
            "amount": amount,
            "is_anonymous": "no",
            "message": "",
            "idempotency_key": str(uuid.uuid4()),
        },
    )


def test_pledging_too_often_is_refused_with_when_to_try_again(
    client, settings, resident, live_project
):
    from crowdfund.models import Pledge

    limit(settings, "pledge", user="3/10m", ip="100/10m")
    client.force_login(resident)
    for _attempt in range(3):
        assert _pledge(client, live_project).status_code == 302
    # Looking at the form is never limited.
    url = reverse("crowdfund:pledge_start", args=[live_project.slug])
    assert client.get(url).status_code == 200

    response = _pledge(client, live_project)

    assert_refused(response, minutes=10)
    assert Pledge.objects.count() == 3


def test_paying_again_counts_towards_the_pledge_limit(
    client, settings, resident, live_project
):
    limit(settings, "pledge", user="1/10m", ip="")
    client.force_login(resident)
    assert _pledge(client, live_project).status_code == 302
    from crowdfund.models import Pledge

    pledge = Pledge.objects.get()
    response = client.post(reverse("crowdfund:pledge_pay", args=[pledge.public_id]))
    assert_refused(response, minutes=10)


def test_one_address_is_limited_across_accounts(client, settings, live_project):
    limit(settings, "pledge", user="100/10m", ip="2/10m")
    for n in range(2):
        client.force_login(UserFactory(email=f"person{n}@example.com"))
        assert _pledge(client, live_project).status_code == 302
    client.force_login(UserFactory(email="third@example.com"))
    assert_refused(_pledge(client, live_project), minutes=10)
    # Someone elsewhere is not affected.
    elsewhere = Client(REMOTE_ADDR="81.2.69.160")
    elsewhere.force_login(UserFactory(email="elsewhere@example.com"))
    assert _pledge(elsewhere, live_project).status_code == 302


def test_the_limit_lifts_when_the_window_ends(
    client, settings, resident, live_project, fixed_clock
):
    limit(settings, "pledge", user="1/10m", ip="")
    client.force_login(resident)
    assert _pledge(client, live_project).status_code == 302
    fixed_clock["now"] = T0 + 9 * 60 + 30
    assert_refused(_pledge(client, live_project), minutes=1, seconds=30)
    fixed_clock["now"] = T0 + 10 * 60
    assert _pledge(client, live_project).status_code == 302


# --- posting in Talk London -----------------------------------------------------------


@pytest.fixture
def talk_member(db):
    from talk_london.tests.factories import TalkLondonMembershipFactory

    user = UserFactory(email="poster@example.com")
    TalkLondonMembershipFactory(user=user)
    return user


@pytest.fixture
def open_topic(db):
    from talk_london.tests.factories import TopicFactory

    return TopicFactory(is_open=True, members_can_start_threads=True)


def test_starting_threads_too_fast_is_refused(
    client, settings, talk_member, open_topic
):
    from talk_london.models import Thread

    limit(settings, "post", user="2/m", ip="")
    client.force_login(talk_member)
    url = reverse("talk_london:thread_create", args=[open_topic.slug])
    for n in range(2):
        response = client.post(url, {"title": f"Idea {n}", "body": "Let us talk."})
        assert response.status_code == 302
    response = client.post(url, {"title": "Idea 3", "body": "Let us talk."})
    assert_refused(response, minutes=1)
    assert Thread.objects.filter(author=talk_member).count() == 2


def test_replying_too_fast_is_refused_and_the_hourly_limit_still_holds(
    client, settings, talk_member, open_topic
):
    from talk_london.models import Post
    from talk_london.models.discussions import POSTS_PER_HOUR
    from talk_london.tests.factories import PostFactory, ThreadFactory

    thread = ThreadFactory(topic=open_topic)
    PostFactory(thread=thread, author=thread.author)
    client.force_login(talk_member)
    url = reverse("talk_london:thread_reply", args=[open_topic.slug, thread.pk])

    limit(settings, "post", user="2/m", ip="")
    for n in range(2):
        assert client.post(url, {"body": f"Reply {n}"}).status_code == 302
    assert_refused(client.post(url, {"body": "Reply 3"}), minutes=1)

    # With the cache limit out of the way, the database limit still answers
    # next to the field, as it did before.
    limit(settings, "post", user="1000/m", ip="")
    for n in range(POSTS_PER_HOUR - 2):
        client.post(url, {"body": f"More {n}"})
    response = client.post(url, {"body": "One too many"})
    assert response.status_code == 200
    assert "You have posted 10 times in the last hour" in response.content.decode()
    assert Post.objects.filter(author=talk_member).count() == POSTS_PER_HOUR


# --- reporting content -----------------------------------------------------------------


def test_reporting_too_often_is_refused(client, settings, resident):
    limit(settings, "report", user="2/h", ip="")
    client.force_login(resident)
    organisations = [OrganisationFactory() for _ in range(3)]
    for organisation in organisations[:2]:
        url = reverse("civic:report", args=["civic.organisation", organisation.pk])
        response = client.post(url, {"reason": "spam", "note": ""})
        assert response.status_code == 302, response.content.decode()[:2000]
    url = reverse("civic:report", args=["civic.organisation", organisations[2].pk])
    assert_refused(client.post(url, {"reason": "spam", "note": ""}), minutes=60)
    assert Report.objects.count() == 2


# --- invitations -----------------------------------------------------------------------


def test_inviting_to_an_organisation_too_often_is_refused(client, settings):
    from civic.models import OrganisationMembership

    limit(settings, "invite", user="2/h", ip="")
    owner = UserFactory(email="owner@example.com")
    organisation = OrganisationFactory()
    MembershipFactory(
        organisation=organisation, user=owner, role=OrganisationMembership.Role.OWNER
    )
    client.force_login(owner)
    url = reverse("civic:organisation_invite", args=[organisation.slug])
    for n in range(2):
        response = client.post(
            url, {"email": f"friend{n}@example.com", "role": "member"}
        )
        assert response.status_code == 302
    response = client.post(url, {"email": "friend3@example.com", "role": "member"})
    assert_refused(response, minutes=60)
    assert OrganisationInvitation.objects.count() == 2


def test_inviting_to_a_crowdfund_team_too_often_is_refused(client, settings, resident):
    from crowdfund.models import TeamInvitation
    from crowdfund.tests.factories import FundingRoundFactory, ProjectFactory

    project = ProjectFactory(
        created_by=resident,
        funding_round=FundingRoundFactory(),
        organisation=OrganisationFactory(),
    )
    limit(settings, "invite", user="1/h", ip="")
    client.force_login(resident)
    url = reverse("crowdfund:project_invite", args=[project.slug])
    assert client.post(url, {"email": "a@example.com"}).status_code == 302
    assert_refused(client.post(url, {"email": "b@example.com"}), minutes=60)
    assert TeamInvitation.objects.count() == 1


# --- topic proposals ---------------------------------------------------------------------


def test_proposing_topics_too_often_is_refused(client, settings, resident):
    from challenges.models import Topic

    limit(settings, "topic_proposal", user="2/h", ip="")
    client.force_login(resident)
    url = reverse("challenges:topic_propose")
    data = {"problem": "p", "who_it_affects": "w", "borough": ""}
    for n in range(2):
        assert client.post(url, {**data, "title": f"T{n}"}).status_code == 302
    assert_refused(client.post(url, {**data, "title": "T3"}), minutes=60)
    assert Topic.objects.count() == 2


# --- when the cache is down, and with real Redis ---------------------------------------------


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_with_the_cache_down_pledges_still_go_through_and_a_warning_is_logged(
    client, settings, resident, live_project, caplog
):
    from crowdfund.models import Pledge

    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        },
    }
    settings.CIVIC_RATE_LIMIT_CACHE = "ratelimit"
    limit(settings, "pledge", user="1/10m", ip="1/10m")
    client.force_login(resident)
    with caplog.at_level(logging.WARNING, logger="civic.ratelimit"):
        for _attempt in range(3):
            assert _pledge(client, live_project).status_code == 302
    assert Pledge.objects.count() == 3
    assert "the cache is unavailable" in caplog.text


def _redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_available(), reason="needs Redis on 127.0.0.1:6379")
def test_against_real_redis_the_count_is_shared_by_every_web_process(
    settings, resident, live_project
):
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": "test-ratelimit",
        },
    }
    settings.CIVIC_RATE_LIMIT_CACHE = "ratelimit"
    caches["ratelimit"].clear()
    limit(settings, "pledge", user="2/10m", ip="")
    try:
        # Two clients stand for two web processes: only Redis is shared.
        first, second = Client(), Client()
        first.force_login(resident)
        second.force_login(resident)
        assert _pledge(first, live_project).status_code == 302
        assert _pledge(second, live_project).status_code == 302
        assert_refused(_pledge(first, live_project), minutes=10)
        keys = caches["ratelimit"]._cache.get_client().keys("test-ratelimit:*")
        assert keys, "the count is kept in Redis"
    finally:
        caches["ratelimit"].clear()


def test_limits_can_be_switched_off_for_the_benchmark(
    client, settings, resident, live_project
):
    settings.CIVIC_RATE_LIMITS_ENABLED = False
    limit(settings, "pledge", user="1/10m", ip="1/10m")
    client.force_login(resident)
    for _attempt in range(3):
        assert _pledge(client, live_project).status_code == 302


# --- allauth's limits: signing in, signing up, resetting a password --------------------------


PASSWORD = "a-long-passphrase-for-london"  # noqa: S105


def test_allauth_limits_are_on(settings):
    assert settings.ACCOUNT_RATE_LIMITS_ENABLED
    assert getattr(settings, "ACCOUNT_RATE_LIMITS", None) is not False


def test_the_sixth_failed_sign_in_to_one_account_is_refused_with_a_message(
    client, resident
):
    url = reverse("account_login")
    for _attempt in range(5):
        response = client.post(url, {"login": resident.email, "password": "wrong"})
        assert response.status_code == 200
    response = client.post(url, {"login": resident.email, "password": "wrong"})
    assert response.status_code == 200
    assert "You have tried to sign in too many times" in response.content.decode()


def test_too_many_sign_ups_from_one_address_get_the_limit_page(client):
    url = reverse("account_signup")
    statuses = []
    for n in range(25):
        response = client.post(
            url,
            {
                "email": f"new{n}@example.com",
                "display_name": f"New {n}",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
        client.logout()
        statuses.append(response.status_code)
    assert 500 not in statuses
    assert statuses[-1] == 429
    assert "You have tried too many times" in response.content.decode()


def test_too_many_password_resets_for_one_address_get_the_limit_page(client, resident):
    url = reverse("account_reset_password")
    statuses = [
        client.post(url, {"email": resident.email}).status_code for _ in range(6)
    ]
    assert 500 not in statuses
    assert statuses[0] == 302
    assert statuses[-1] == 429
