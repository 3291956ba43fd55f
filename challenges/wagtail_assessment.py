"""Assessment, panel decisions and pilots in the Wagtail admin."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from civic.audit import register_reason_actions

from . import access, admin_assessment
from .services import assessment, pilots


class AssessmentMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_challenge_manager(request.user)


def assessment_menu_item() -> MenuItem:
    """The lead puts this into the "Civic Innovation Challenge" group."""
    return AssessmentMenuItem(
        _("Challenge assessment"),
        reverse("challenges_assessment:index"),
        name="challenge-assessment",
        icon_name="group",
        order=320,
    )


@hooks.register("register_admin_urls")
def register_assessment_urls():
    return [
        path(
            "challenges/assessment/",
            include(
                (admin_assessment.urlpatterns, admin_assessment.app_name),
                namespace="challenges_assessment",
            ),
        )
    ]


@hooks.register("register_admin_menu_item")
def register_assessment_menu_item():
    return assessment_menu_item()


@hooks.register("register_log_actions")
def register_assessment_log_actions(actions):
    register_reason_actions(
        actions,
        {
            assessment.ASSIGN: (
                _("Challenge: assign assessor"),
                _("Assessor assigned"),
            ),
            assessment.UNASSIGN: (
                _("Challenge: unassign assessor"),
                _("Assessor unassigned"),
            ),
            assessment.SHORTLIST: (_("Challenge: shortlist"), _("Shortlisted")),
            assessment.NOT_SHORTLIST: (
                _("Challenge: not shortlisted"),
                _("Not shortlisted"),
            ),
            assessment.PITCH: (_("Challenge: invite to pitch"), _("Invited to pitch")),
            assessment.WINNER: (_("Challenge: winner"), _("Selected as a winner")),
            assessment.NOT_SELECTED: (
                _("Challenge: not selected"),
                _("Not selected"),
            ),
            pilots.START: (_("Pilot: start"), _("Pilot started")),
            pilots.APPROVE_MILESTONE: (
                _("Pilot: approve milestone"),
                _("Milestone approved"),
            ),
            pilots.COMPLETE: (_("Pilot: complete"), _("Pilot completed")),
        },
    )
