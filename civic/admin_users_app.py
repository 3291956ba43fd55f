"""wagtail.users, with a Users page that lists by email (see civic.admin_users).

Its own module: a second AppConfig in civic/apps.py would stop Django choosing
CivicConfig for civic automatically.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "civic.admin_users.UserViewSet"
