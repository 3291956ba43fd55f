"""Registrations with civic for this area (activity, demo data, beat)."""

from django.utils.translation import gettext_lazy as _


def application_activity(user, limit):
    from civic.registry import ActivityItem
    from diversity.models import Application

    applications = (
        Application.objects.filter(applicant=user)
        .select_related("cohort__course")
        .order_by("-submitted_at")[:limit]
    )
    return [
        ActivityItem(
            title=str(
                _("Applied for %(course)s")
                % {"course": application.cohort.course.title}
            ),
            url=application_url(application),
            when=application.submitted_at,
            section=str(_("Digital Talent Programme")),
            status=application.get_status_display(),
        )
        for application in applications
    ]


def application_url(application) -> str:
    from django.urls import reverse

    return reverse("diversity:my_application", args=[application.public_id])


def ready() -> None:
    from civic.registry import registry

    registry.register_activity(_("Digital Talent Programme"), application_activity)
