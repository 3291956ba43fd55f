"""civic's routes in the permission matrix (see tests/matrix.py)."""

from tests.matrix import PUBLIC, SIGNED_IN, Route, expect

ROUTES = {
    "civic:healthz": Route(get=PUBLIC, post=expect("405")),
    "civic:account": Route(get=SIGNED_IN, post=expect("405", anonymous="login")),
}
