"""The provider portal's forms, one per section or decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civic.forms.widgets import GovukDateField
from civic.models import Borough
from diversity.models import Application, Course, DeliveryMode, Level, Outcome, Subject
from diversity.services.courses import MAX_PLACES


class CourseDetailsForm(forms.Form):
    title = forms.CharField(
        label=_("Course title"),
        max_length=150,
        error_messages={
            "required": _("Enter the course title"),
            "max_length": _("Course title must be 150 characters or fewer"),
        },
    )
    summary = forms.CharField(
        label=_("Summary"),
        help_text=_("One or two sentences, shown in the course finder."),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Enter a summary of the course"),
            "max_length": _("Summary must be 300 characters or fewer"),
        },
    )
    description = forms.CharField(
        label=_("What participants will learn and do"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Enter what participants will learn and do"),
            "max_length": _("Description must be 5,000 characters or fewer"),
        },
    )
    subject = forms.ChoiceField(
        label=_("Subject"),
        choices=Subject.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the subject of the course")},
    )
    level = forms.ChoiceField(
        label=_("Level"),
        choices=Level.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the level of the course")},
    )
    length_weeks = forms.IntegerField(
        label=_("Length in weeks"),
        min_value=1,
        max_value=104,
        error_messages={
            "required": _("Enter the length of the course in weeks"),
            "invalid": _("Length in weeks must be a whole number, like 12"),
            "min_value": _("Length in weeks must be between 1 and 104"),
            "max_value": _("Length in weeks must be between 1 and 104"),
        },
    )
    hours_per_week = forms.IntegerField(
        label=_("Hours a week"),
        min_value=1,
        max_value=48,
        error_messages={
            "required": _("Enter how many hours a week the course takes"),
            "invalid": _("Hours a week must be a whole number, like 20"),
            "min_value": _("Hours a week must be between 1 and 48"),
            "max_value": _("Hours a week must be between 1 and 48"),
        },
    )

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())


class CourseLocationForm(forms.Form):
    delivery_mode = forms.ChoiceField(
        label=_("How is the course taught?"),
        choices=DeliveryMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how the course is taught")},
    )
    borough = forms.ModelChoiceField(
        label=_("Borough"),
        help_text=_("Leave blank if the course is only taught online."),
        queryset=Borough.objects.order_by("name"),
        required=False,
        empty_label=_("Choose a borough"),
        error_messages={"invalid_choice": _("Select a borough from the list")},
    )
    venue = forms.CharField(
        label=_("Where it is taught"),
        help_text=_("The name and address of the venue, with the postcode."),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Venue must be 200 characters or fewer")},
    )

    def clean(self):
        data = super().clean()
        mode = data.get("delivery_mode")
        if mode and mode != DeliveryMode.ONLINE:
            if not data.get("borough") and "borough" not in self.errors:
                self.add_error(
                    "borough", _("Select the borough where the course is taught")
                )
            if not data.get("venue"):
                self.add_error("venue", _("Enter where the course is taught"))
        return data


class JobRolesForm(forms.Form):
    job_roles = forms.CharField(
        label=_("Jobs the course leads to"),
        help_text=_("One job on each line, for example, Junior data analyst."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Enter at least one job the course leads to"),
            "max_length": _("Jobs must be 2,000 characters or fewer"),
        },
    )


class PartnerForm(forms.Form):
    name = forms.CharField(
        label=_("Employer name"),
        max_length=150,
        error_messages={
            "required": _("Enter the employer's name"),
            "max_length": _("Employer name must be 150 characters or fewer"),
        },
    )
    approved_on = GovukDateField(
        label=_("Date they approved the course"),
        help_text=_("For example, 27 3 2026"),
        error_messages={"required": _("Enter the date they approved the course")},
    )


class CohortForm(forms.Form):
    starts_on = GovukDateField(
        label=_("Start date"),
        help_text=_("For example, 14 9 2027"),
        error_messages={"required": _("Enter the start date")},
    )
    applications_close_on = GovukDateField(
        label=_("Date applications close"),
        help_text=_("On or before the start date."),
        error_messages={"required": _("Enter the date applications close")},
    )
    capacity = forms.IntegerField(
        label=_("Number of places"),
        min_value=1,
        max_value=MAX_PLACES,
        error_messages={
            "required": _("Enter the number of places"),
            "invalid": _("Number of places must be a whole number, like 20"),
            "min_value": _("Number of places must be between 1 and %(max)s")
            % {"max": MAX_PLACES},
            "max_value": _("Number of places must be between 1 and %(max)s")
            % {"max": MAX_PLACES},
        },
    )


class PlacesForm(forms.Form):
    capacity = CohortForm.base_fields["capacity"]


class ApplicantFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All applicants")), *Application.Status.choices],
        required=False,
    )


class DecisionForm(forms.Form):
    ACCEPT, WAITLIST, DECLINE = "accept", "waitlist", "decline"
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[
            (ACCEPT, _("Offer a place")),
            (WAITLIST, _("Put on the waiting list")),
            (DECLINE, _("Do not offer a place")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select your decision")},
    )
    reason = forms.CharField(
        label=_("If you do not offer a place, tell the applicant why"),
        help_text=_("We send this to the applicant."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Reason must be 1,000 characters or fewer")},
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.DECLINE and not data.get("reason", "").strip():
            self.add_error(
                "reason", _("Enter why the applicant was not offered a place")
            )
        return data


class ReleaseForm(forms.Form):
    to_status = forms.ChoiceField(
        label=_("Why is the place being released?"),
        choices=[
            (Application.Status.WITHDRAWN, _("They have withdrawn")),
            (Application.Status.WAITLISTED, _("Move them to the waiting list")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select why the place is being released")},
    )


class CompletionForm(forms.Form):
    completion = forms.ChoiceField(
        label=_("Did they complete the course?"),
        choices=[
            (Application.Completion.COMPLETED, _("Yes, they completed the course")),
            (Application.Completion.LEFT_EARLY, _("No, they left before the end")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether they completed the course")},
    )


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What were they doing?"),
        choices=Outcome.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what they were doing")},
    )
    in_tech_role = forms.TypedChoiceField(
        label=_("Was it a digital or tech role?"),
        help_text=_("Only for a job or an apprenticeship."),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") in (Outcome.Kind.JOB, Outcome.Kind.APPRENTICESHIP) and (
            self.data.get("in_tech_role") not in ("yes", "no")
        ):
            self.add_error(
                "in_tech_role", _("Select yes if it was a digital or tech role")
            )
        return data


def course_initial(course: Course) -> dict:
    return {
        "title": course.title,
        "summary": course.summary,
        "description": course.description,
        "subject": course.subject,
        "level": course.level,
        "length_weeks": course.length_weeks,
        "hours_per_week": course.hours_per_week,
        "delivery_mode": course.delivery_mode,
        "borough": course.borough_id,
        "venue": course.venue,
        "job_roles": course.job_roles,
    }
