"""civic's routes in the permission matrix (see tests/matrix.py)."""

from tests.matrix import PUBLIC, SIGNED_IN, Route, expect

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
