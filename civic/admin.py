from django.contrib import admin


def restrict_django_admin_to_superusers(site: admin.AdminSite) -> None:
    """Staff work in the Wagtail admin; Django's admin (at a non-default path)
    is kept for superusers' emergency repairs only."""

    def has_permission(request) -> bool:
        return request.user.is_active and request.user.is_superuser

    site.has_permission = has_permission
    site.site_header = "London civic portal – superuser admin"
