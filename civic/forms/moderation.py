from django import forms
from django.utils.translation import gettext_lazy as _

from civic.models import Report

NOTE_MAX_LENGTH = 1000
REASON_MAX_LENGTH = 1000


class ReportForm(forms.Form):
    """What a signed-in person tells the moderators about a piece of content."""

    reason = forms.ChoiceField(
        label=_("Why are you reporting this?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select why you are reporting this"),
            "invalid_choice": _("Select why you are reporting this"),
        },
    )
    note = forms.CharField(
        label=_("Tell us more (optional)"),
        help_text=_("Do not include personal information, such as your phone number."),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "max_length": _("Your note must be 1,000 characters or fewer"),
        },
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("reason") == Report.Reason.OTHER
            and not cleaned.get("note", "").strip()
        ):
            self.add_error("note", _("Tell us what is wrong"))
        return cleaned


class ModerationReasonForm(forms.Form):
    """A moderator's reason for a decision; it goes into the audit log."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Enter a reason"),
            "max_length": _("The reason must be 1,000 characters or fewer"),
        },
    )


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("The note must be 1,000 characters or fewer")},
    )
