"""The Wagtail admin's Users page, for a user model with one display name.

Wagtail lists users by "name", which it sorts by ``last_name`` and
``first_name``; our users have neither, so the page was a server error.
``civic.admin_users_app.UsersAppConfig`` (in INSTALLED_APPS instead of
wagtail.users) points Wagtail at this viewset.
"""

from wagtail.users.views.users import UserViewSet as WagtailUserViewSet


class UserViewSet(WagtailUserViewSet):
    ordering = "email"
