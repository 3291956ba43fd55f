"""City Hall pledges in the Wagtail admin: the list, pledging to a live
campaign, and withdrawing a pledge. Crowdfund officers only
(``crowdfund.pledge_city_hall``)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from civic.admin_views import permission_denied
from crowdfund.forms.pledges import CityHallPledgeForm, WithdrawCityHallPledgeForm
from crowdfund.models import CityHallPledge, Pledge, Project
from crowdfund.services import city_hall as services

PAGE_SIZE = 25
app_name = "crowdfund_city_hall"


class CityHallMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(services.PERMISSION)


class _CityHallView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "pick"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(services.PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = [
            *self.breadcrumbs_items,
            {
                "url": reverse("crowdfund_city_hall:list"),
                "label": _("City Hall pledges"),
            },
        ]
        if self.get_page_title() != _("City Hall pledges"):
            items.append({"url": "", "label": self.get_page_title()})
        return items


class CityHallPledgeListView(_CityHallView):
    template_name = "crowdfund/admin/city_hall_list.html"
    page_title = gettext_lazy("City Hall pledges")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pledges = CityHallPledge.objects.select_related(
            "project", "funding_round", "pledged_by"
        ).order_by("-created_at", "-pk")
        page = Paginator(pledges, PAGE_SIZE).get_page(self.request.GET.get("p"))
        context.update(
            pledges=page.object_list,
            page_obj=page,
            paginator=page.paginator,
            elided_page_range=page.paginator.get_elided_page_range(page.number),
        )
        return context


class CrowdPledgeListView(_CityHallView):
    """Every pledge from the crowd with the backer's name, anonymous or not:
    officers can always see who pledged (the public and the team cannot)."""

    template_name = "crowdfund/admin/city_hall_crowd_pledges.html"
    page_title = gettext_lazy("Pledges from the crowd")
    header_icon = "list-ul"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pledges = (
            Pledge.objects.select_related("project", "backer")
            .annotate(transaction_count=Count("transactions"))
            .order_by("-created_at", "-pk")
        )
        project = None
        wanted = self.request.GET.get("project", "")
        if wanted.isascii() and wanted.isdigit() and len(wanted) <= 18:
            project = Project.objects.filter(pk=self.request.GET["project"]).first()
            if project is not None:
                pledges = pledges.filter(project=project)
        page = Paginator(pledges, PAGE_SIZE).get_page(self.request.GET.get("p"))
        context.update(
            project=project,
            pledges=page.object_list,
            page_obj=page,
            paginator=page.paginator,
            elided_page_range=page.paginator.get_elided_page_range(page.number),
        )
        return context


def _live_campaigns():
    return (
        Project.objects.filter(
            status=Project.Status.LIVE, deadline__gt=timezone.now(), is_hidden=False
        )
        .select_related("funding_round")
        .order_by("title")
    )


class CityHallPledgeCreateView(_CityHallView):
    template_name = "crowdfund/admin/city_hall_form.html"
    page_title = gettext_lazy("Pledge City Hall money")

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        initial = {}
        if self.request.GET.get("project"):
            initial["project"] = self.request.GET["project"]
        return CityHallPledgeForm(data, projects=_live_campaigns(), initial=initial)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context["campaigns"] = [
            {
                "project": project,
                "limit": services.city_hall_limit_pence(
                    funding_round=project.funding_round, project=project
                ),
            }
            for project in context["form"].fields["project"].queryset
        ]
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.city_hall_pledge_create(
                    project=data["project"],
                    amount_pence=data["amount"],
                    condition=data["condition"],
                    min_crowd_percent=data["min_crowd_percent"],
                    officer=request.user,
                )
            except services.CityHallError as error:
                field = (
                    "amount"
                    if error.code in ("amount", "budget", "per_project", "share")
                    else "project"
                )
                form.add_error(field, error.message)
            else:
                messages.success(
                    request,
                    _("City Hall has pledged to “%(title)s”.")
                    % {"title": data["project"].title},
                )
                return redirect("crowdfund_city_hall:list")
        return self.render_to_response(self.get_context_data(form=form))


class CityHallPledgeWithdrawView(_CityHallView):
    template_name = "crowdfund/admin/city_hall_withdraw.html"
    page_title = gettext_lazy("Withdraw a City Hall pledge")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(services.PERMISSION):
            return permission_denied(request)
        self.pledge = get_object_or_404(
            CityHallPledge.objects.select_related("project"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", WithdrawCityHallPledgeForm())
        context["pledge"] = self.pledge
        return context

    def post(self, request, *args, **kwargs):
        form = WithdrawCityHallPledgeForm(request.POST)
        if form.is_valid():
            try:
                services.city_hall_pledge_withdraw(
                    pledge=self.pledge,
                    officer=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except services.CityHallError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The pledge has been withdrawn."))
            return redirect("crowdfund_city_hall:list")
        return self.render_to_response(self.get_context_data(form=form))


urlpatterns = [
    path("", CityHallPledgeListView.as_view(), name="list"),
    path("new/", CityHallPledgeCreateView.as_view(), name="create"),
    path("crowd/", CrowdPledgeListView.as_view(), name="crowd_pledges"),
    path("<int:pk>/withdraw/", CityHallPledgeWithdrawView.as_view(), name="withdraw"),
]
