"""Wagtail admin for discussions: the Topic snippet and the pending-posts queue
(pre-moderation: approve or reject a new member's posts)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import SnippetViewSet

from civic.admin_views import permission_denied
from talk_london.models import Post, Topic
from talk_london.services import discussions as services

PENDING_PAGE_SIZE = 25
app_name = "talk_london_discussions"


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "comment"
    menu_label = gettext_lazy("Discussion topics")
    list_display = ["title", "is_open", "members_can_start_threads", "created_at"]
    list_filter = ["is_open"]
    search_fields = ["title"]
    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("introduction"),
        FieldPanel("is_open"),
        FieldPanel("members_can_start_threads"),
    ]


class PendingPostsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(services.MODERATE_PERMISSION)


class PendingPostsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "talk_london/admin/pending_posts.html"
    page_title = gettext_lazy("Pending posts")
    header_icon = "comment"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(services.MODERATE_PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Pending posts")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        posts = (
            Post.objects.filter(status=Post.Status.PENDING)
            .select_related("author", "thread", "thread__topic")
            .order_by("created_at", "pk")
        )
        paginator = Paginator(posts, PENDING_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("p"))
        context.update(
            posts=page.object_list,
            page_obj=page,
            paginator=paginator,
            elided_page_range=paginator.get_elided_page_range(page.number),
        )
        return context

    def post(self, request, *args, **kwargs):
        post = get_object_or_404(
            Post.objects.select_related("thread"), pk=request.POST.get("post")
        )
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.post_approve(post=post, moderator=request.user)
                messages.success(request, _("Post approved. Everyone can see it now."))
            elif action == "reject":
                services.post_reject(
                    post=post,
                    moderator=request.user,
                    reason=request.POST.get("reason", "").strip(),
                )
                messages.success(request, _("Post rejected. Nobody else will see it."))
            else:
                raise Http404
        except services.DiscussionError as error:
            messages.error(request, error.message)
        return redirect("talk_london_discussions:pending_posts")


urlpatterns = [
    path("", PendingPostsView.as_view(), name="pending_posts"),
]
