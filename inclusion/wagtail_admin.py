"""Get online in the Wagtail admin: sites and their opening hours, devices,
lending schemes, courses, training sessions, confidence questions and the
stock report, in one "Get online" menu that only Inclusion officers (and
superusers) see: each item is shown to those with its model permissions."""

from __future__ import annotations

from django import forms
from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from civic.admin_views import permission_denied

from .models import (
    ConfidenceQuestion,
    Course,
    Device,
    OpeningHours,
    Scheme,
    Site,
    TrainingSession,
)
from .wagtail_admin_forms import (
    CourseAdminForm,
    DeviceAdminForm,
    OpeningHoursAdminForm,
    SchemeAdminForm,
    TrainingSessionAdminForm,
)

STOCK_PERMISSION = "inclusion.view_device"
HISTORY_ROWS = 20


def _checkboxes():
    return forms.CheckboxSelectMultiple()


class SiteHoursPanel(Panel):
    """The site's opening hours, with links to change them (each period is
    its own row, edited in the Opening hours list filtered to this site)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "inclusion/admin/site_hours_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            site = self.instance
            saved = site is not None and site.pk
            context["site"] = site
            context["hours"] = list(site.hours.all()) if saved else []
            if saved:
                context["list_url"] = (
                    reverse("wagtailsnippets_inclusion_openinghours:list")
                    + f"?site={site.pk}"
                )
                context["add_url"] = reverse(
                    "wagtailsnippets_inclusion_openinghours:add"
                )
            return context


class SiteViewSet(SnippetViewSet):
    model = Site
    icon = "home"
    menu_label = gettext_lazy("Sites")
    url_prefix = "get-online/sites"
    list_display = ["name", "borough", "postcode", "lends_devices", "runs_training"]
    list_filter = ["borough", "kind", "is_active", "lends_devices", "runs_training"]
    search_fields = ["name", "postcode"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("kind"),
            FieldPanel("operator"),
            FieldPanel("description"),
            MultiFieldPanel(
                [
                    FieldPanel("address_line_1"),
                    FieldPanel("address_line_2"),
                    FieldPanel("town"),
                    FieldPanel("postcode"),
                    FieldPanel("borough"),
                    FieldPanel("latitude"),
                    FieldPanel("longitude"),
                ],
                heading=gettext_lazy("Address"),
            ),
            FieldPanel("accessibility"),
            MultiFieldPanel(
                [FieldPanel("phone"), FieldPanel("email"), FieldPanel("website")],
                heading=gettext_lazy("Contact"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("lends_devices"),
                    FieldPanel("runs_training"),
                    FieldPanel("is_active"),
                ],
                heading=gettext_lazy("What happens here"),
            ),
            FieldPanel("staff"),
            SiteHoursPanel(heading=gettext_lazy("Opening hours")),
        ]
    )

    def get_queryset(self, request):
        return Site.objects.select_related("borough")


class OpeningHoursViewSet(SnippetViewSet):
    """Opening hours are their own rows (a site may open twice a day): listed
    and filtered by site, each period edited on its own."""

    model = OpeningHours
    icon = "time"
    menu_label = gettext_lazy("Opening hours")
    url_prefix = "get-online/opening-hours"
    list_display = ["site", "weekday", "opens_at", "closes_at"]
    list_filter = ["site", "weekday"]
    ordering = ["site__name", "weekday", "opens_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("site"),
            FieldPanel("weekday"),
            FieldPanel("opens_at"),
            FieldPanel("closes_at"),
        ],
        base_form_class=OpeningHoursAdminForm,
    )

    def get_queryset(self, request):
        return OpeningHours.objects.select_related("site")


class DeviceHistoryPanel(Panel):
    """Wipes and incidents, read only: they are recorded at the lending desk."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "inclusion/admin/device_history_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            device = self.instance
            if device is not None and device.pk:
                context["wipes"] = list(
                    device.wipes.select_related("wiped_by")[:HISTORY_ROWS]
                )
                context["incidents"] = list(
                    device.incidents.select_related("reported_by")[:HISTORY_ROWS]
                )
            else:
                context["wipes"] = context["incidents"] = []
            context["device"] = device
            return context


class DeviceViewSet(SnippetViewSet):
    model = Device
    icon = "mobile-alt"
    menu_label = gettext_lazy("Devices")
    url_prefix = "get-online/devices"
    list_display = ["asset_tag", "kind", "model_name", "home_site", "status"]
    list_filter = ["status", "home_site", "kind", "needs_wipe"]
    search_fields = ["asset_tag"]
    edit_handler = ObjectList(
        [
            FieldPanel("asset_tag"),
            FieldPanel("kind"),
            FieldPanel("model_name"),
            FieldPanel("home_site"),
            FieldPanel("status"),
            FieldPanel("condition_notes"),
            DeviceHistoryPanel(heading=gettext_lazy("Data wipes and incidents")),
        ],
        base_form_class=DeviceAdminForm,
    )

    def get_queryset(self, request):
        return Device.objects.select_related("home_site")


class SchemeViewSet(SnippetViewSet):
    model = Scheme
    icon = "list-ul"
    menu_label = gettext_lazy("Lending schemes")
    url_prefix = "get-online/schemes"
    list_display = ["name", "min_age", "is_open"]
    list_filter = ["is_open"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("summary"),
            MultiFieldPanel(
                [
                    FieldPanel("boroughs", widget=_checkboxes()),
                    FieldPanel("min_age"),
                    FieldPanel("circumstances"),
                ],
                heading=gettext_lazy("Who is eligible"),
            ),
            FieldPanel("sites", widget=_checkboxes()),
            FieldPanel("other_help"),
            FieldPanel("is_open"),
        ],
        base_form_class=SchemeAdminForm,
    )


class CourseViewSet(SnippetViewSet):
    model = Course
    icon = "doc-full"
    menu_label = gettext_lazy("Courses")
    url_prefix = "get-online/courses"
    list_display = ["title", "hours", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("slug"),
            FieldPanel("summary"),
            FieldPanel("hours"),
            FieldPanel("skill_areas"),
            FieldPanel("is_active"),
        ],
        base_form_class=CourseAdminForm,
    )


class TrainingSessionViewSet(SnippetViewSet):
    model = TrainingSession
    icon = "date"
    menu_label = gettext_lazy("Training sessions")
    url_prefix = "get-online/sessions"
    list_display = ["course", "site", "starts_at", "capacity", "booked_count", "tutor"]
    list_filter = ["site", "course"]
    ordering = ["-starts_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            FieldPanel("site"),
            FieldPanel("tutor"),
            FieldPanel("starts_at", widget=AdminDateTimeInput),
            FieldPanel("ends_at", widget=AdminDateTimeInput),
            FieldPanel("capacity"),
            FieldPanel("notes"),
        ],
        base_form_class=TrainingSessionAdminForm,
    )

    def get_queryset(self, request):
        return TrainingSession.objects.select_related("course", "site", "tutor")


class ConfidenceQuestionViewSet(SnippetViewSet):
    model = ConfidenceQuestion
    icon = "help"
    menu_label = gettext_lazy("Confidence questions")
    url_prefix = "get-online/confidence-questions"
    list_display = ["text", "sort_order", "is_active"]
    ordering = ["sort_order", "id"]
    panels = [FieldPanel("text"), FieldPanel("sort_order"), FieldPanel("is_active")]


# --- Stock report ---------------------------------------------------------------


def stock_by_site() -> tuple[list[dict], dict]:
    """Devices per site and status, and how many need a wipe: two queries."""
    statuses = list(Device.Status)
    counts = {
        (row["home_site"], row["status"]): row["n"]
        for row in Device.objects.values("home_site", "status").annotate(n=Count("pk"))
    }
    sites = Site.objects.annotate(
        device_count=Count("devices"),
        wipe_count=Count("devices", filter=Q(devices__needs_wipe=True)),
    ).order_by("name")
    rows = []
    totals = dict.fromkeys(statuses, 0)
    totals_all = totals_wipe = 0
    for site in sites:
        if not site.device_count:
            continue
        cells = [counts.get((site.pk, status.value), 0) for status in statuses]
        for status, n in zip(statuses, cells, strict=True):
            totals[status] += n
        totals_all += site.device_count
        totals_wipe += site.wipe_count
        rows.append(
            {
                "site": site,
                "cells": cells,
                "total": site.device_count,
                "needs_wipe": site.wipe_count,
            }
        )
    return rows, {
        "cells": [totals[status] for status in statuses],
        "total": totals_all,
        "needs_wipe": totals_wipe,
    }


class StockReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "inclusion/admin/stock.html"
    page_title = gettext_lazy("Device stock")
    header_icon = "mobile-alt"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(STOCK_PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Device stock")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows, totals = stock_by_site()
        context.update(statuses=list(Device.Status), rows=rows, totals=totals)
        return context


class StockMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(STOCK_PERMISSION)


class StockReportViewSet(ViewSet):
    name = "inclusion_stock"
    url_prefix = "get-online/stock"
    icon = "mobile-alt"
    menu_label = gettext_lazy("Stock")
    menu_item_class = StockMenuItem

    def get_urlpatterns(self):
        return [path("", StockReportView.as_view(), name="index")]


class GetOnlineViewSetGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Get online")
    menu_icon = "mobile-alt"
    menu_name = "get-online"
    menu_order = 330
    items = (
        SiteViewSet,
        OpeningHoursViewSet,
        DeviceViewSet,
        StockReportViewSet,
        SchemeViewSet,
        CourseViewSet,
        TrainingSessionViewSet,
        ConfidenceQuestionViewSet,
    )
