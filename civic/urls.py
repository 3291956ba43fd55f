from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from civic.admin import restrict_django_admin_to_superusers
from civic.caching import CMS_AREA, cache_for_anonymous
from civic.views.admin_access import (
    guard_admin_urlpatterns,
    may_use_django_admin,
    may_use_wagtail_admin,
    not_found,
)

restrict_django_admin_to_superusers(admin.site)

# One way in for everyone: allauth's sign-in, which asks staff for their
# authenticator code and refuses suspended people. The admins' and Wagtail's
# own password-only login forms (the last one, for private pages, also skipped
# allauth's rate limit) are not used.
_to_portal_login = RedirectView.as_view(pattern_name="account_login", query_string=True)

# Signed-in people who may not use an admin are refused with a 403 rather
# than sent to a sign-in page that sends them back (civic.views.admin_access).
guard_admin_urlpatterns(wagtailadmin_urls.urlpatterns, may_use_wagtail_admin)
_django_admin_urls = admin.site.urls
guard_admin_urlpatterns(_django_admin_urls[0], may_use_django_admin)

urlpatterns = [
    path("admin/login/", _to_portal_login),
    path(f"{settings.CIVIC_ADMIN_PATH}login/", _to_portal_login),
    path("_util/login/", _to_portal_login),
    # Wagtail's deliberate server error, which let any member of staff raise
    # a 500 (and an error report) at will.
    path("admin/failwhale/", not_found),
    path("admin/", include(wagtailadmin_urls)),
    path(settings.CIVIC_ADMIN_PATH, _django_admin_urls),
    path("accounts/", include("allauth.urls")),
    path("", include("civic.portal_urls")),
    path("talk-london/", include("talk_london.urls")),
    path("crowdfund/", include("crowdfund.urls")),
    path("challenges/", include("challenges.urls")),
    path("get-online/", include("inclusion.urls")),
    path("tech-talent/", include("diversity.urls")),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.CIVIC_BENCHMARK:
    from civic.views.bench import ceiling

    urlpatterns.append(path("_bench/ceiling/", ceiling, name="bench_ceiling"))

# Wagtail serves every other path (the CMS pages), so it comes last. Its page
# view is cached for anonymous visitors as a whole (routing included) until a
# page is published or unpublished (civic.caching); restricted pages answer
# with a redirect or a password form, neither of which is cached.
urlpatterns += [
    re_path(
        r"^(?!_util/)((?:[\w\-]+/)*)$",
        cache_for_anonymous(CMS_AREA)(wagtail_views.serve),
        name="wagtail_serve",
    ),
    path("", include(wagtail_urls)),
]

handler400 = "civic.views.errors.bad_request"
handler404 = "civic.views.errors.page_not_found"
handler500 = "civic.views.errors.server_error"
handler403 = "civic.views.errors.permission_denied"
