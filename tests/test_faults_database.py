"""The database stops answering: a GOV.UK 503 page with Retry-After, rendered
without touching the database, and no stack trace shown. The full restart
under load is scripts/fault_pg_restart.py."""

import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.test import RequestFactory

from civic.middleware import DatabaseUnavailableMiddleware
from civic.views.errors import server_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    """Every query fails as it does while PostgreSQL restarts."""

    def refuse(execute, sql, params, many, context):
        raise OperationalError(
            'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
        )

    with connection.execute_wrapper(refuse):
        yield


def _assert_503_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Sorry, the service is unavailable" in html
    assert "<h1" in html and html.count("<h1") == 1
    assert "Traceback" not in html and "Connection refused" not in html


@pytest.mark.parametrize(
    "path", ["/", "/crowdfund/projects/", "/talk-london/", "/talk-london/discussions/"]
)
def test_pages_answer_503_while_the_database_is_down(client, database_down, path):
    client.raise_request_exception = False
    _assert_503_page(client.get(path))


def test_a_signed_in_post_answers_503_while_the_database_is_down(client, resident):
    client.force_login(resident)
    client.raise_request_exception = False

    def refuse(*args):
        raise InterfaceError("connection already closed")

    with connection.execute_wrapper(refuse):
        response = client.post("/crowdfund/projects/", {"x": "1"})
    _assert_503_page(response)


def test_the_503_page_itself_makes_no_query(django_assert_num_queries):
    request = RequestFactory().get("/")
    middleware = DatabaseUnavailableMiddleware(lambda r: None)
    with django_assert_num_queries(0):
        response = middleware.process_exception(request, OperationalError("gone"))
    _assert_503_page(response)


def test_other_errors_are_left_to_the_500_page():
    request = RequestFactory().get("/")
    middleware = DatabaseUnavailableMiddleware(lambda r: None)
    assert middleware.process_exception(request, ValueError("a bug")) is None
    assert server_error(request).status_code == 500


def test_a_database_error_outside_a_view_also_gets_the_503(rf):
    try:
        raise OperationalError("the database system is shutting down")
    except OperationalError:
        response = server_error(rf.get("/"))
    _assert_503_page(response)


def test_the_app_checks_reused_connections_so_it_recovers_without_a_restart():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert "civic.middleware.DatabaseUnavailableMiddleware" in settings.MIDDLEWARE


def test_pages_render_again_as_soon_as_the_database_is_back(client):
    client.raise_request_exception = False

    def refuse(*args):
        raise OperationalError("server closed the connection unexpectedly")

    with connection.execute_wrapper(refuse):
        assert client.get("/talk-london/").status_code == 503
    assert client.get("/talk-london/").status_code == 200
