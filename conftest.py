"""Project-wide pytest set-up: personas every app's tests share."""

import pytest

pytest_plugins = ["tests.fixtures"]


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """A real password hash takes a third of a second by design; tests make
    hundreds of users. Production keeps Django's default (PBKDF2)."""
    from django.test.utils import override_settings

    override = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    override.enable()
    yield
    override.disable()


def pytest_collection_modifyitems(config, items):
    """Every transactional test (``transaction=True``, ``transactional_db``,
    ``live_server``) starts from the data the migrations load (boroughs, staff
    groups, Wagtail's root page and site).

    A transactional test empties the tables when it ends; with serialized
    rollback Django restores the migrated data at the start of the next one,
    so tests do not depend on the order they run in.
    """
    from pytest_django.fixtures import validate_django_db

    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        marker = item.get_closest_marker("django_db")
        kwargs = {}
        if marker is not None:
            transaction, reset_sequences, databases, _, available_apps = (
                validate_django_db(marker)
            )
            kwargs = {"reset_sequences": reset_sequences, "databases": databases}
            if available_apps is not None:
                kwargs["available_apps"] = available_apps
        else:
            transaction = False
        if transaction or "transactional_db" in fixtures or "live_server" in fixtures:
            item.add_marker(
                pytest.mark.django_db(
                    transaction=True, serialized_rollback=True, **kwargs
                ),
                append=False,
            )
