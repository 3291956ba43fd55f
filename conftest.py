"""Project-wide pytest set-up: personas every app's tests share."""

pytest_plugins = ["tests.fixtures"]
