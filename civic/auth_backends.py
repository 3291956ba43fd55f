"""Django's model permissions, read in one query instead of two.

``ModelBackend`` asks once for a person's own permissions and once for their
groups'. Every staff page (the Wagtail admin checks many permissions to draw
its menu) pays both; here one query gets the union. The result is cached on
the user object for the request, under the same attribute ``ModelBackend``
uses, so every backend that subclasses it (allauth's) shares it.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q


class PortalModelBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            permissions = Permission.objects.all()
            if not user_obj.is_superuser:
                permissions = permissions.filter(
                    Q(user=user_obj) | Q(group__user=user_obj)
                )
            user_obj._perm_cache = {
                f"{app_label}.{codename}"
                for app_label, codename in permissions.values_list(
                    "content_type__app_label", "codename"
                )
                .order_by()
                .distinct()
            }
        return user_obj._perm_cache
