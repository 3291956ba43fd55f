from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models.assessment import MAX_SCORE, MIN_SCORE
from ..services.assessment import ScoreInput

SCORE_CHOICES = [(str(n), str(n)) for n in range(MIN_SCORE, MAX_SCORE + 1)]


class ConflictForm(forms.Form):
    has_conflict = forms.ChoiceField(
        label=_("Do you have a conflict of interest with this application?"),
        help_text=_(
            "For example, you work for, advise, invest in or know someone at the "
            "startup, or you could gain from its success."
        ),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes if you have a conflict of interest")},
    )
    conflict_details = forms.CharField(
        label=_("Describe the conflict"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _("Describe the conflict in 2000 characters or fewer")
        },
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("has_conflict") == "yes"
            and not data.get("conflict_details", "").strip()
        ):
            self.add_error("conflict_details", _("Describe the conflict"))
        return data

    @property
    def conflicted(self) -> bool:
        return self.cleaned_data["has_conflict"] == "yes"


class ScoresForm(forms.Form):
    """A 0–5 score and a comment for each of the challenge's criteria.

    Saving a draft accepts gaps; submitting needs every score and comment.
    """

    def __init__(self, *args, criteria, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.submitting = submitting
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                label=_("Score for %(name)s") % {"name": criterion.name},
                help_text=criterion.description,
                choices=SCORE_CHOICES,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on %(name)s") % {"name": criterion.name},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "max_length": _("Enter a comment of 2000 characters or fewer")
                },
            )

    def clean(self):
        data = super().clean()
        if self.submitting:
            for criterion in self.criteria:
                if data.get(f"score_{criterion.pk}") in (None, ""):
                    self.add_error(
                        f"score_{criterion.pk}",
                        _("Select a score for %(name)s") % {"name": criterion.name},
                    )
                if not data.get(f"comment_{criterion.pk}", "").strip():
                    self.add_error(
                        f"comment_{criterion.pk}",
                        _("Enter a comment on %(name)s") % {"name": criterion.name},
                    )
        return data

    def rows(self):
        """(criterion, score field, comment field) for the template."""
        return [
            (c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria
        ]

    def score_inputs(self) -> dict[int, ScoreInput]:
        inputs = {}
        for criterion in self.criteria:
            score = self.cleaned_data.get(f"score_{criterion.pk}")
            inputs[criterion.pk] = ScoreInput(
                score=int(score) if score not in (None, "") else None,
                comment=self.cleaned_data.get(f"comment_{criterion.pk}", "").strip(),
            )
        return inputs

    @classmethod
    def initial_from(cls, scores) -> dict:
        initial = {}
        for score in scores:
            initial[f"score_{score.criterion_id}"] = str(score.score)
            initial[f"comment_{score.criterion_id}"] = score.comment
        return initial


# --- Staff, in the Wagtail admin ------------------------------------------------


class AssignForm(forms.Form):
    """``assessors`` is a list evaluated once, so a page with a form per
    application still runs one query for the choices."""

    assessor = forms.TypedChoiceField(
        label=_("Assessor"),
        coerce=int,
        error_messages={
            "required": _("Choose an assessor"),
            "invalid_choice": _("Choose an assessor from the list"),
        },
    )

    def __init__(self, *args, assessors, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessors = {user.pk: user for user in assessors}
        self.fields["assessor"].choices = [("", _("Choose an assessor"))] + [
            (user.pk, f"{user.get_full_name()} ({user.email})")
            for user in self.assessors.values()
        ]

    def clean_assessor(self):
        return self.assessors[self.cleaned_data["assessor"]]


class ShortlistForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Panel decision"),
        choices=[
            ("shortlisted", _("Shortlisted")),
            ("not_shortlisted", _("Not shortlisted")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose shortlisted or not shortlisted")},
    )
    feedback = forms.CharField(
        label=_("Feedback to the applicant"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter feedback for the applicant")},
    )


class FinalDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Final decision"),
        choices=[("winner", _("Winner")), ("not_selected", _("Not selected"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose winner or not selected")},
    )
    feedback = forms.CharField(
        label=_("Feedback to the applicant"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter feedback for the applicant")},
    )


class PitchForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Enter the date of the pitch"),
            "invalid": _("Enter a real date"),
        },
    )
    time = forms.TimeField(
        label=_("Time"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={
            "required": _("Enter the time of the pitch"),
            "invalid": _("Enter a real time, like 14:30"),
        },
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=300,
        error_messages={"required": _("Enter where the pitch is")},
    )
    details = forms.CharField(
        label=_("What to bring and expect"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def starts_at(self):
        import datetime

        from django.utils import timezone

        return timezone.make_aware(
            datetime.datetime.combine(
                self.cleaned_data["date"], self.cleaned_data["time"]
            )
        )
