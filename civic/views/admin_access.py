"""Who may open the two admins at all, decided before either admin's own checks.

Both admins send a visitor they refuse to a sign-in page. For someone who is
already signed in that page sends them straight back (allauth follows
``next``), so a resident who opened /admin/ went round in a redirect loop
until the browser gave up. Signed-in people without access get a plain 403
instead; anonymous visitors still go to sign in.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail.utils.urlpatterns import decorate_urlpatterns


def may_use_wagtail_admin(user) -> bool:
    return user.has_perm("wagtailadmin.access_admin")


def may_use_django_admin(user) -> bool:
    # The same rule as civic.admin.restrict_django_admin_to_superusers.
    return user.is_active and user.is_superuser


def refuse_signed_in_people_unless(test):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.is_authenticated and not test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def guard_admin_urlpatterns(urlpatterns, test):
    """Every view in ``urlpatterns`` (and in the resolvers it includes)."""
    return decorate_urlpatterns(urlpatterns, refuse_signed_in_people_unless(test))


def not_found(request, *args, **kwargs):
    """For routes of Wagtail's that the portal does not offer."""
    raise Http404
