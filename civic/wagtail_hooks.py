import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from civic import admin_views
from civic.admin_users import DeleteBulkAction as UserDeleteBulkAction
from civic.audit import register_reason_actions
from civic.models import FailedTask, OutboxEmail
from civic.services import moderation

MODERATE_PERMISSION = "civic.moderate_content"


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MODERATE_PERMISSION)


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path(
            "moderation/",
            include(
                (admin_views.urlpatterns, admin_views.app_name),
                namespace="civic_moderation",
            ),
        )
    ]


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        _("Moderation"),
        reverse("civic_moderation:queue"),
        name="moderation",
        icon_name="warning",
        order=250,
    )


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    register_reason_actions(
        actions,
        {
            moderation.HIDE: (_("Moderation: hide"), _("Hidden by a moderator")),
            moderation.RESTORE: (
                _("Moderation: restore"),
                _("Restored by a moderator"),
            ),
            moderation.DISMISS: (
                _("Moderation: dismiss reports"),
                _("Reports dismissed by a moderator"),
            ),
            moderation.SUSPEND: (_("User: suspend"), _("Account suspended")),
            moderation.UNSUSPEND: (
                _("User: lift suspension"),
                _("Suspension lifted"),
            ),
        },
    )


# --- Background work: failed tasks and emails that could not be sent ----------

# A pending email older than this has missed many sweeps: something is wrong.
EMAIL_STUCK_AFTER = datetime.timedelta(minutes=15)
FAULTS_LIMIT = 100


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_urls")
def register_access_log_urls():
    from civic import admin_access

    return [
        path(
            "personal-data-access/",
            include(
                (admin_access.urlpatterns, admin_access.app_name),
                namespace="civic_access_log",
            ),
        )
    ]


@hooks.register("register_settings_menu_item")
def register_access_log_menu_item():
    return SuperuserMenuItem(
        _("Access to personal data"),
        reverse("civic_access_log:index"),
        name="personal-data-access",
        icon_name="view",
        order=900,
    )


class FaultsView(WagtailAdminTemplateMixin, TemplateView):
    """Superusers only: tasks that failed after their last retry, and emails
    that failed for good or have waited too long in the outbox."""

    template_name = "civic/admin/faults.html"
    page_title = _("Failed background work")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            return admin_views.permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stuck = OutboxEmail.objects.filter(
            status=OutboxEmail.Status.FAILED
        ) | OutboxEmail.objects.filter(
            status=OutboxEmail.Status.PENDING,
            created_at__lt=timezone.now() - EMAIL_STUCK_AFTER,
        )
        context.update(
            failed_tasks=FailedTask.objects.all()[:FAULTS_LIMIT],
            failed_task_count=FailedTask.objects.count(),
            stuck_emails=stuck.order_by("created_at", "pk")[:FAULTS_LIMIT],
            stuck_email_count=stuck.count(),
            pending_count=OutboxEmail.objects.filter(
                status=OutboxEmail.Status.PENDING
            ).count(),
        )
        return context

    def post(self, request, *args, **kwargs):
        """Try a failed email again from the next sweep, with a fresh set of
        attempts (after the address or the mail server has been fixed)."""
        email_id = request.POST.get("email", "")
        if not email_id.isdigit():
            raise Http404
        email = get_object_or_404(
            OutboxEmail, pk=email_id, status=OutboxEmail.Status.FAILED
        )
        OutboxEmail.objects.filter(
            pk=email.pk, status=OutboxEmail.Status.FAILED
        ).update(
            status=OutboxEmail.Status.PENDING,
            attempts=0,
            next_attempt_at=timezone.now(),
        )
        messages.success(
            request, gettext("The email will be sent again within a minute.")
        )
        return redirect("civic_faults")


@hooks.register("register_admin_urls")
def register_faults_urls():
    return [path("failed-work/", FaultsView.as_view(), name="civic_faults")]


@hooks.register("register_admin_menu_item")
def register_faults_menu_item():
    return SuperuserMenuItem(
        _("Failed background work"),
        reverse("civic_faults"),
        name="failed-work",
        icon_name="warning",
        order=9000,
    )


# Deleting users from the Users list runs the portal's account deletion
# (civic.admin_users); registered after wagtail.users' own, which it replaces.
hooks.register("register_bulk_action", UserDeleteBulkAction, order=100)
