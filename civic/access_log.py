"""Log every look at people's personal data by staff and organisations.

A route is "personal data" when its full name matches one of the patterns in
``settings.CIVIC_PERSONAL_DATA_ROUTES`` (shell-style: ``inclusion:loan_*``).
Only answered requests are logged (2xx and redirects after a POST); refusals
(403/404) did not show anything. A download (``Content-Disposition:
attachment``) or a printable letter counts as an export; a POST as a change.
"""

from __future__ import annotations

import fnmatch
import logging
from functools import cache

from django.conf import settings

logger = logging.getLogger(__name__)


@cache
def _patterns() -> tuple[str, ...]:
    return tuple(getattr(settings, "CIVIC_PERSONAL_DATA_ROUTES", ()))


def is_personal_data_route(route: str) -> bool:
    return any(fnmatch.fnmatchcase(route, pattern) for pattern in _patterns())


def _kind(request, response) -> str:
    from civic.models import PersonalDataAccess

    if request.method not in ("GET", "HEAD"):
        return PersonalDataAccess.Kind.CHANGED
    disposition = response.get("Content-Disposition", "")
    if disposition.startswith("attachment") or request.resolver_match.url_name in (
        getattr(settings, "CIVIC_PERSONAL_DATA_EXPORT_ROUTES", ())
    ):
        return PersonalDataAccess.Kind.EXPORTED
    return PersonalDataAccess.Kind.VIEWED


class PersonalDataAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        if (
            match is None
            or user is None
            or not user.is_authenticated
            or not (200 <= response.status_code < 400)
            or not is_personal_data_route(match.view_name)
        ):
            return response
        from civic.models import PersonalDataAccess

        try:
            PersonalDataAccess.objects.create(
                user=user,
                user_label=user.email,
                kind=_kind(request, response),
                route=match.view_name[:150],
                path=request.get_full_path()[:500],
                status_code=response.status_code,
            )
        except Exception:  # the log must never stop staff helping someone
            logger.exception("Could not log access to personal data")
        return response


def purge_access_log(now) -> int:
    """The retention rule: entries older than their period go."""
    import datetime

    from civic.models import PersonalDataAccess

    days = settings.CIVIC_RETENTION_DAYS["access_log"]
    deleted, _ = PersonalDataAccess.objects.filter(
        at__lt=now - datetime.timedelta(days=days)
    ).delete()
    return deleted
