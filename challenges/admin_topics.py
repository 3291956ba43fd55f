"""Voting rounds and their results for challenge managers, in the Wagtail
admin (so the admin's sign-in and authenticator-code rules apply)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from challenges.forms.topics import TopicDecisionForm, VotingRoundForm
from challenges.models import Topic, VotingRound
from challenges.services import topics as services
from civic.admin_views import permission_denied
from civic.charts import Bar, bar_chart

app_name = "challenges_topics"


class RoundsMenuItem(MenuItem):
    def is_shown(self, request):
        return services.can_manage(request.user)


class _ManagerView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not services.can_manage(request.user):
            return permission_denied(request)
        self.load()
        return super().dispatch(request, *args, **kwargs)

    def load(self) -> None:
        pass

    def rounds_crumb(self) -> dict:
        return {"url": reverse("challenges_topics:rounds"), "label": _("Voting rounds")}


class RoundListView(_ManagerView):
    template_name = "challenges/admin/topics_rounds.html"
    page_title = gettext_lazy("Voting rounds")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Voting rounds")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            rounds=VotingRound.objects.annotate(
                topic_count=Count("topics", filter=Q(topics__is_hidden=False))
            ).order_by("-created_at", "-pk"),
            waiting=Topic.objects.filter(
                voting_round__isnull=True, is_hidden=False
            ).count(),
        )
        return context


class RoundCreateView(_ManagerView):
    template_name = "challenges/admin/topics_round_form.html"
    page_title = gettext_lazy("New voting round")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            self.rounds_crumb(),
            {"url": "", "label": _("New voting round")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", VotingRoundForm())
        return context

    def post(self, request, *args, **kwargs):
        form = VotingRoundForm(request.POST)
        if form.is_valid():
            voting_round = form.save()
            messages.success(
                request,
                _("Round “%(name)s” created. Open it when you are ready.")
                % {"name": voting_round.name},
            )
            return redirect("challenges_topics:round", pk=voting_round.pk)
        return self.render_to_response(self.get_context_data(form=form))


class RoundDetailView(_ManagerView):
    """A round's results: topics by supports, supports by borough."""

    template_name = "challenges/admin/topics_round.html"

    def load(self) -> None:
        self.voting_round = get_object_or_404(VotingRound, pk=self.kwargs["pk"])

    def get_page_title(self):
        return self.voting_round.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            self.rounds_crumb(),
            {"url": "", "label": self.voting_round.name},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        topics = list(services.round_topics_by_support(self.voting_round))
        total, boroughs = services.supports_by_borough(self.voting_round)
        context.update(
            voting_round=self.voting_round,
            statuses=VotingRound.Status,
            topics=topics,
            total_supports=total,
            boroughs=boroughs,
            small_number=services.SMALL_NUMBER,
            topics_chart=bar_chart(
                [
                    Bar(t.title, t.support_count, str(t.support_count))
                    for t in topics
                    if not t.is_hidden
                ],
                title=_("Supporters of each topic in %(name)s")
                % {"name": self.voting_round.name},
                chart_id="topics-chart",
            ),
            boroughs_chart=bar_chart(
                [Bar(b.label, b.count, b.display) for b in boroughs],
                title=_("Supports by the supporter's borough in %(name)s")
                % {"name": self.voting_round.name},
                chart_id="boroughs-chart",
            ),
        )
        return context


@require_POST
def round_action(request, pk: int):
    if not services.can_manage(request.user):
        return permission_denied(request)
    voting_round = get_object_or_404(VotingRound, pk=pk)
    action = request.POST.get("action")
    try:
        if action == "open":
            services.round_open(voting_round=voting_round, user=request.user)
            messages.success(request, _("Round opened. People can support topics now."))
        elif action == "close":
            services.round_close(voting_round=voting_round, user=request.user)
            messages.success(request, _("Round closed. No more supports are taken."))
        else:
            raise Http404
    except services.TopicError as error:
        messages.error(request, error.message)
    return redirect("challenges_topics:round", pk=voting_round.pk)


class TopicDecideView(_ManagerView):
    template_name = "challenges/admin/topics_decide.html"

    def load(self) -> None:
        self.topic = get_object_or_404(
            Topic.objects.select_related("voting_round", "borough"),
            pk=self.kwargs["pk"],
        )

    def get_page_title(self):
        return _("Decide: %(title)s") % {"title": self.topic.title}

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items, self.rounds_crumb()]
        if self.topic.voting_round:
            items.append(
                {
                    "url": reverse(
                        "challenges_topics:round", args=[self.topic.voting_round_id]
                    ),
                    "label": self.topic.voting_round.name,
                }
            )
        return [*items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initial = {}
        if self.topic.status != Topic.Status.PROPOSED:
            initial = {
                "status": self.topic.status,
                "explanation": self.topic.explanation,
            }
        context.setdefault("form", TopicDecisionForm(initial=initial))
        context["topic"] = self.topic
        return context

    def post(self, request, *args, **kwargs):
        form = TopicDecisionForm(request.POST)
        if form.is_valid():
            services.topic_decide(
                topic=self.topic,
                user=request.user,
                status=form.cleaned_data["status"],
                explanation=form.cleaned_data["explanation"],
            )
            messages.success(
                request,
                _(
                    "Decision published on the topic page. The proposer will be emailed."
                ),
            )
            if self.topic.voting_round_id:
                return redirect(
                    "challenges_topics:round", pk=self.topic.voting_round_id
                )
            return redirect("challenges_topics:rounds")
        return self.render_to_response(self.get_context_data(form=form))


urlpatterns = [
    path("", RoundListView.as_view(), name="rounds"),
    path("new/", RoundCreateView.as_view(), name="round_create"),
    path("<int:pk>/", RoundDetailView.as_view(), name="round"),
    path("<int:pk>/action/", round_action, name="round_action"),
    path("topics/<int:pk>/decide/", TopicDecideView.as_view(), name="topic_decide"),
]
