"""The moderation queue and item pages in the Wagtail admin.

The queue groups reports by the item they are about. Its cost does not grow
with the number of reports: one query counts the groups, one fetches the page
of groups (with counts and dates aggregated in SQL), one fetches their reasons,
and one per content type on the page fetches the items themselves.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Max, Min, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import registry as log_registry

from civic.forms.moderation import DismissForm, ModerationReasonForm
from civic.models import ModeratedContent, Report
from civic.registry import ModeratedType, registry
from civic.services import moderation as services

MODERATE_PERMISSION = "civic.moderate_content"
SUSPEND_PERMISSION = "civic.suspend_user"
QUEUE_PAGE_SIZE = 25

app_name = "civic_moderation"


def permission_denied(request):
    """A real 403 in the admin's own layout. (Wagtail turns a raised
    PermissionDenied into a redirect to the dashboard, which hides the refusal
    from tests and from people using assistive technology alike.)"""
    return TemplateResponse(
        request,
        "civic/admin/permission_denied.html",
        {"page_title": _("You do not have permission"), "header_icon": "warning"},
        status=403,
    )


def item_key(content_type: ContentType) -> str:
    return f"{content_type.app_label}.{content_type.model}"


@dataclass
class QueueItem:
    content_type: ContentType
    object_id: int
    report_count: int
    first_reported: datetime
    last_resolved: datetime | None = None
    obj: models.Model | None = None
    moderated: ModeratedType | None = None
    reasons: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return item_key(self.content_type)

    @property
    def label(self) -> str:
        if self.moderated:
            return str(self.moderated.label)
        return str(self.content_type.name).capitalize()

    @property
    def title(self) -> str:
        if self.obj is None:
            return _("Deleted item")
        return str(self.moderated.get_title(self.obj) if self.moderated else self.obj)

    @property
    def public_url(self) -> str:
        if self.obj is None or self.moderated is None:
            return ""
        return self.moderated.get_url(self.obj)

    @property
    def is_hidden(self) -> bool:
        return bool(getattr(self.obj, "is_hidden", False))

    @property
    def admin_url(self) -> str:
        return reverse("civic_moderation:item", args=[self.key, self.object_id])


def _attach_reasons_and_objects(items: list[QueueItem], statuses: Q) -> None:
    """Fill in reasons and objects for one page of the queue, in bulk."""
    ids_by_type: dict[int, list[int]] = defaultdict(list)
    for item in items:
        ids_by_type[item.content_type.pk].append(item.object_id)
    if not ids_by_type:
        return

    on_page = Q()
    for content_type_id, ids in ids_by_type.items():
        on_page |= Q(content_type_id=content_type_id, object_id__in=ids)
    reason_labels = dict(Report.Reason.choices)
    reasons: dict[tuple[int, int], set[str]] = defaultdict(set)
    for content_type_id, object_id, reason in (
        Report.objects.filter(statuses & on_page)
        .values_list("content_type_id", "object_id", "reason")
        .distinct()
    ):
        reasons[(content_type_id, object_id)].add(reason)

    objects: dict[tuple[int, int], models.Model] = {}
    for content_type_id, ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        for obj in model._default_manager.filter(pk__in=ids):
            objects[(content_type_id, obj.pk)] = obj

    for item in items:
        key = (item.content_type.pk, item.object_id)
        item.obj = objects.get(key)
        model = item.content_type.model_class()
        item.moderated = registry.moderated_type_for(model) if model else None
        item.reasons = [
            str(reason_labels.get(reason, reason))
            for reason in Report.Reason.values
            if reason in reasons[key]
        ]


class ModerationPermissionMixin:
    permission_required = MODERATE_PERMISSION

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_required):
            return permission_denied(request)
        self.load()
        return super().dispatch(request, *args, **kwargs)

    def load(self) -> None:
        """Fetch what the view is about, once access is checked."""


class QueueView(ModerationPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "civic/admin/moderation_queue.html"
    page_title = gettext_lazy("Moderation")
    header_icon = "warning"
    paginate_by = QUEUE_PAGE_SIZE

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Moderation")}]

    @property
    def showing_closed(self) -> bool:
        return self.request.GET.get("status") == "closed"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.showing_closed:
            statuses = ~Q(status=Report.Status.OPEN)
            groups = (
                Report.objects.filter(statuses)
                .values("content_type_id", "object_id")
                .annotate(
                    report_count=Count("id"),
                    first_reported=Min("created_at"),
                    last_resolved=Max("resolved_at"),
                )
                .order_by("-last_resolved", "content_type_id", "object_id")
            )
        else:
            statuses = Q(status=Report.Status.OPEN)
            groups = (
                Report.objects.filter(statuses)
                .values("content_type_id", "object_id")
                .annotate(report_count=Count("id"), first_reported=Min("created_at"))
                .order_by("first_reported", "content_type_id", "object_id")
            )
        paginator = Paginator(groups, self.paginate_by)
        page = paginator.get_page(self.request.GET.get("p"))
        items = [
            QueueItem(
                content_type=ContentType.objects.get_for_id(row["content_type_id"]),
                object_id=row["object_id"],
                report_count=row["report_count"],
                first_reported=row["first_reported"],
                last_resolved=row.get("last_resolved"),
            )
            for row in page.object_list
        ]
        _attach_reasons_and_objects(items, statuses)
        context.update(
            items=items,
            page_obj=page,
            paginator=paginator,
            elided_page_range=paginator.get_elided_page_range(page.number),
            showing_closed=self.showing_closed,
        )
        return context


class ItemView(ModerationPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """One reported item: its reports, its state, its history, and the decisions."""

    template_name = "civic/admin/moderation_item.html"
    header_icon = "warning"
    actions = ("hide", "restore", "dismiss", "suspend", "unsuspend")

    def load(self) -> None:
        self.moderated = registry.moderated_type_for(
            self.kwargs["content_type"].lower()
        )
        if self.moderated is None:
            raise Http404
        self.item_content_type = ContentType.objects.get_for_model(self.moderated.model)
        self.object_id = self.kwargs["object_id"]
        self.object = self.moderated.model._default_manager.filter(
            pk=self.object_id
        ).first()
        self.reports = Report.objects.filter(
            content_type=self.item_content_type, object_id=self.object_id
        )
        if self.object is None and not self.reports.exists():
            raise Http404
        self.author = self.moderated.get_author(self.object) if self.object else None

    # --- what this moderator may do here ---------------------------------------

    def available_actions(self) -> set[str]:
        user = self.request.user
        allowed = set()
        if self.object is not None and isinstance(self.object, ModeratedContent):
            allowed.add("restore" if self.object.is_hidden else "hide")
        if self.reports.filter(status=Report.Status.OPEN).exists():
            allowed.add("dismiss")
        if self.author is not None and user.has_perm(SUSPEND_PERMISSION):
            if self.author.is_suspended:
                allowed.add("unsuspend")
            elif self.author.pk != user.pk:
                allowed.add("suspend")
        return allowed

    def get_forms(self, bound_action: str | None = None) -> dict:
        forms = {}
        for action in self.available_actions():
            form_class = DismissForm if action == "dismiss" else ModerationReasonForm
            data = self.request.POST if action == bound_action else None
            forms[action] = form_class(data, prefix=action)
        return forms

    # --- page ------------------------------------------------------------------

    def get_page_title(self):
        return _("Moderation")

    def get_page_subtitle(self):
        if self.object is None:
            return _("Deleted item")
        return str(self.moderated.get_title(self.object))

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("civic_moderation:queue"), "label": _("Moderation")},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    def get_context_data(self, forms=None, **kwargs):
        context = super().get_context_data(**kwargs)
        history = []
        if self.object is not None:
            history = list(
                log_registry.get_logs_for_instance(self.object)
                .select_related("user")
                .order_by("-timestamp")[:50]
            )
        author_history = []
        if self.author is not None:
            author_history = list(
                log_registry.get_logs_for_instance(self.author)
                .filter(action__startswith="civic.user.")
                .select_related("user")
                .order_by("-timestamp")[:10]
            )
        context.update(
            moderated=self.moderated,
            item=self.object,
            item_label=self.moderated.label,
            item_title=self.get_page_subtitle(),
            item_url=self.moderated.get_url(self.object) if self.object else "",
            author=self.author,
            open_reports=list(
                self.reports.filter(status=Report.Status.OPEN)
                .select_related("reporter")
                .order_by("created_at")
            ),
            closed_reports=list(
                self.reports.exclude(status=Report.Status.OPEN)
                .select_related("reporter", "resolved_by")
                .order_by("-resolved_at")[:50]
            ),
            history=history,
            author_history=author_history,
            forms=forms if forms is not None else self.get_forms(),
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action not in self.actions:
            raise Http404
        forms = self.get_forms(bound_action=action)
        form = forms.get(action)
        if form is None:
            if action in {"suspend", "unsuspend"} and not request.user.has_perm(
                SUSPEND_PERMISSION
            ):
                return permission_denied(request)
            messages.error(
                request, _("That action is no longer available for this item.")
            )
            return redirect(request.path)
        if not form.is_valid():
            messages.error(
                request, _("The decision could not be saved: see the errors below.")
            )
            return self.render_to_response(self.get_context_data(forms=forms))

        reason = form.cleaned_data["reason"]
        moderator = request.user
        try:
            if action == "hide":
                services.content_hide(
                    obj=self.object, moderator=moderator, reason=reason
                )
                messages.success(request, _("Hidden. The reports about it are closed."))
                return redirect("civic_moderation:queue")
            if action == "restore":
                services.content_restore(
                    obj=self.object, moderator=moderator, reason=reason
                )
                messages.success(request, _("Restored. Everyone can see it again."))
            elif action == "dismiss":
                if self.object is None:
                    services.reports_dismiss_orphaned(
                        content_type=self.item_content_type,
                        object_id=self.object_id,
                        moderator=moderator,
                        note=reason,
                    )
                else:
                    services.reports_dismiss(
                        obj=self.object, moderator=moderator, note=reason
                    )
                messages.success(
                    request, _("Reports dismissed. The item stays as it is.")
                )
                return redirect("civic_moderation:queue")
            elif action == "suspend":
                services.user_suspend(
                    user=self.author, moderator=moderator, reason=reason
                )
                messages.success(
                    request, _("Account suspended. They can no longer sign in.")
                )
            elif action == "unsuspend":
                services.user_unsuspend(
                    user=self.author, moderator=moderator, reason=reason
                )
                messages.success(
                    request, _("Suspension lifted. They can sign in again.")
                )
        except services.ModerationError as error:
            messages.error(request, str(error))
        return redirect(request.path)


urlpatterns = [
    path("", QueueView.as_view(), name="queue"),
    path("<str:content_type>/<int:object_id>/", ItemView.as_view(), name="item"),
]
