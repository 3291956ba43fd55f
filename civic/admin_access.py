"""The admin's "Access to personal data" screen: superusers only."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from civic.admin_views import permission_denied
from civic.models import PersonalDataAccess

PAGE_SIZE = 50
app_name = "civic_access_log"


class AccessLogView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "civic/admin/access_log.html"
    page_title = gettext_lazy("Access to personal data")
    header_icon = "view"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = PersonalDataAccess.objects.only(
            "at", "user_label", "kind", "route", "path", "status_code"
        )
        who = self.request.GET.get("who", "").strip()[:254]
        kind = self.request.GET.get("kind", "")
        if who:
            entries = entries.filter(user_label__icontains=who)
        if kind in PersonalDataAccess.Kind.values:
            entries = entries.filter(kind=kind)
        page = Paginator(entries, PAGE_SIZE).get_page(self.request.GET.get("p"))
        context.update(
            page=page,
            who=who,
            kind=kind,
            kinds=PersonalDataAccess.Kind.choices,
            caption=_("Most recent first"),
        )
        return context


urlpatterns = [path("", AccessLogView.as_view(), name="index")]
