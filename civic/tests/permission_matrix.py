"""civic's routes in the permission matrix (see tests/matrix.py)."""

from tests.matrix import PUBLIC, SIGNED_IN, STAFF_ROLES, Route, expect

GET_ONLY_SIGNED_IN = Route(get=SIGNED_IN, post=expect("405", anonymous="login"))

ROUTES = {
    "civic:healthz": Route(get=PUBLIC, post=expect("405")),
    "civic:account": Route(get=SIGNED_IN, post=expect("405", anonymous="login")),
    # UK GDPR rights: each person's own data only, so no object in the URL.
    "civic:your_data": GET_ONLY_SIGNED_IN,
    "civic:your_data_json": GET_ONLY_SIGNED_IN,
    "civic:your_data_html": GET_ONLY_SIGNED_IN,
    "civic:account_delete": Route(
        get=SIGNED_IN,
        post=SIGNED_IN,
        note="an empty form is shown again with its errors; staff are told "
        "why their account is not deleted here",
    ),
    "civic:account_deleted": Route(get=PUBLIC, post=expect("405")),
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
