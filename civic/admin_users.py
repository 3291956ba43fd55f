"""Wagtail's user screens for the portal's user model, which has a display
name and an email address instead of first and last names: Wagtail's list
sorts by last name by default, which failed with a server error."""

from wagtail.users.views.users import IndexView, UserViewSet


class PortalUserIndexView(IndexView):
    def order_queryset(self, queryset):
        if self.ordering in ("name", "-name"):
            sign = "-" if self.ordering.startswith("-") else ""
            return queryset.order_by(f"{sign}display_name", f"{sign}email")
        return super().order_queryset(queryset)


class PortalUserViewSet(UserViewSet):
    index_view_class = PortalUserIndexView
