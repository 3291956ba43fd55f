"""Whole-page caching for anonymous visitors (issue 8)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from civic.caching import HIT_HEADER, bump, cache_for_anonymous, invalidate_on

pytestmark = pytest.mark.django_db


class Counter:
    def __init__(self):
        self.calls = 0

    def view(self, request, **kwargs):
        self.calls += 1
        return HttpResponse(f"render {self.calls}")


def _get(path="/page/?q=1", **cookies):
    request = RequestFactory().get(path)
    request.COOKIES.update(cookies)
    request.user = AnonymousUser()
    return request


def test_second_anonymous_visit_is_served_from_the_cache():
    counter = Counter()
    view = cache_for_anonymous("test-area")(counter.view)
    first = view(_get())
    second = view(_get())
    assert counter.calls == 1
    assert first[HIT_HEADER] == "miss" and second[HIT_HEADER] == "hit"
    assert second.content == b"render 1"
    assert "Cookie" in second["Vary"]


def test_a_different_query_string_is_a_different_page():
    counter = Counter()
    view = cache_for_anonymous("test-area")(counter.view)
    view(_get("/page/?q=1"))
    view(_get("/page/?q=2"))
    assert counter.calls == 2


def test_bumping_the_area_renders_afresh():
    counter = Counter()
    view = cache_for_anonymous("test-area")(counter.view)
    view(_get())
    bump("test-area")
    assert view(_get()).content == b"render 2"


def test_per_object_areas_do_not_invalidate_each_other():
    counter = Counter()
    view = cache_for_anonymous(lambda pk: f"thing:{pk}")(counter.view)
    view(_get("/a/"), pk=1)
    view(_get("/b/"), pk=2)
    bump("thing:1")
    view(_get("/a/"), pk=1)
    view(_get("/b/"), pk=2)
    assert counter.calls == 3  # only thing 1 rendered again


def test_signed_in_people_and_posts_are_never_cached(resident):
    counter = Counter()
    view = cache_for_anonymous("test-area")(counter.view)
    request = _get(civic_session="x")
    request.user = resident
    view(request)
    view(request)
    post = RequestFactory().post("/page/")
    post.user = AnonymousUser()
    view(post)
    assert counter.calls == 3


def test_responses_that_set_a_cookie_or_fail_are_not_cached():
    calls = []

    def view(request):
        calls.append(1)
        response = HttpResponse("form")
        response.set_cookie("csrftoken", "abc")
        return response

    cached = cache_for_anonymous("test-area")(view)
    cached(_get())
    cached(_get())
    assert len(calls) == 2

    def missing(request):
        calls.append(1)
        return HttpResponse("gone", status=404)

    cached = cache_for_anonymous("test-area")(missing)
    cached(_get())
    cached(_get())
    assert len(calls) == 4


def test_a_visitor_with_a_message_waiting_sees_a_fresh_page():
    counter = Counter()
    view = cache_for_anonymous("test-area")(counter.view)
    view(_get())
    view(_get(messages="pending"))
    assert counter.calls == 2


def test_saving_a_model_bumps_its_areas(organisation):
    from civic.models import Organisation

    counter = Counter()
    view = cache_for_anonymous("organisations-test")(counter.view)
    invalidate_on([Organisation], "organisations-test")
    view(_get())
    organisation.description = "Changed"
    organisation.save()
    view(_get())
    assert counter.calls == 2


def _reset_default_cache():
    from django.core.cache import caches

    try:
        del caches._connections.default
    except AttributeError:
        pass


def test_a_broken_cache_still_serves_the_page(settings):
    working = settings.CACHES
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    _reset_default_cache()
    try:
        counter = Counter()
        view = cache_for_anonymous("test-area")(counter.view)
        assert view(_get()).status_code == 200
        assert view(_get()).status_code == 200
        assert counter.calls == 2
    finally:
        settings.CACHES = working
        _reset_default_cache()


def test_a_page_in_two_areas_is_stale_when_either_changes():
    counter = Counter()
    view = cache_for_anonymous("everything", lambda pk: f"thing:{pk}")(counter.view)
    view(_get("/a/"), pk=1)
    view(_get("/a/"), pk=1)
    assert counter.calls == 1
    bump("everything")
    view(_get("/a/"), pk=1)
    bump("thing:1")
    view(_get("/a/"), pk=1)
    assert counter.calls == 3


def test_cms_pages_are_cached_for_anonymous_visitors_until_a_page_is_published(
    client,
):
    from wagtail.models import Site

    assert client.get("/")["X-Civic-Cache"] == "miss"
    assert client.get("/")["X-Civic-Cache"] == "hit"
    home = Site.objects.get(is_default_site=True).root_page.specific
    home.save_revision().publish()
    assert client.get("/")["X-Civic-Cache"] == "miss"


def test_wagtail_utility_addresses_are_still_served(client):
    # Not swallowed by the page router (a 404): Wagtail's private-page login
    # answers, by sending people to the portal's sign-in (civic/urls.py).
    response = client.get("/_util/login/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_a_page_with_a_form_is_never_cached():
    from django.middleware.csrf import get_token

    calls = []

    def form_page(request):
        calls.append(1)
        return HttpResponse(
            f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">'
        )

    view = cache_for_anonymous("test-area")(form_page)
    view(_get())
    second = view(_get(csrftoken="x" * 32))  # even with a CSRF cookie already
    assert len(calls) == 2
    assert HIT_HEADER not in second


def test_an_anonymous_session_is_never_served_from_the_cache():
    counter = Counter()
    view = cache_for_anonymous("test-area")(counter.view)
    view(_get())
    view(_get(civic_session="anonymous-session-with-votes"))
    assert counter.calls == 2
