"""civic's routes in the permission matrix (see tests/matrix.py)."""

from tests.matrix import PUBLIC, SIGNED_IN, STAFF_ROLES, Route, expect

ROUTES = {
    "civic:healthz": Route(get=PUBLIC, post=expect("405")),
    "civic:account": Route(get=SIGNED_IN, post=expect("405", anonymous="login")),
}

# Failed background work (civic.wagtail_hooks.FaultsView): superusers only.
# Residents are sent to sign in by Wagtail (no admin access); staff without
# superuser rights are refused.
_FAULTS = dict.fromkeys(STAFF_ROLES, "403")
ROUTES["civic_faults"] = Route(
    get=expect("login", **{**_FAULTS, "superuser": "ok"}),
    # An empty form names no email: 404 for the superuser.
    post=expect("login", **{**_FAULTS, "superuser": "404"}),
)
