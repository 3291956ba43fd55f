"""One form per "about you" question; every question can be answered
"Prefer not to say", and the start page asks for consent first."""

from django import forms
from django.utils.translation import gettext_lazy as _

from civic.models import Borough
from talk_london.models.about_you import (
    PREFER_NOT_TO_SAY,
    AgeBand,
    Disability,
    EthnicBackground,
    EthnicGroup,
    GenderSameAsSex,
    HousingTenure,
    Sex,
    WorkingStatus,
)


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_(
            "I agree that City Hall can keep my answers to these questions and use "
            "them, combined with other people's answers, to see who takes part in "
            "Talk London"
        ),
        error_messages={
            "required": _(
                "Confirm that you agree to us keeping your answers, or go back"
            )
        },
    )


def _radios(label, choices, hint="", required_message=""):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        help_text=hint,
        error_messages={"required": required_message},
    )


class QuestionForm(forms.Form):
    """A single radio question: ``answer``."""

    def __init__(self, *args, field, choices, label, hint="", error="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"] = _radios(label, choices, hint, error)
        self.error_message = error

    def clean_answer(self):
        answer = self.cleaned_data["answer"]
        if answer == "__divider__":
            raise forms.ValidationError(self.error_message)
        return answer


def _with_divider(choices):
    """GOV.UK puts "or" between the answers and "Prefer not to say"."""
    answers = [c for c in choices if c[0] != PREFER_NOT_TO_SAY]
    return [
        *answers,
        ("__divider__", _("or")),
        (PREFER_NOT_TO_SAY, _("Prefer not to say")),
    ]


def background_choices(group: str):
    return _with_divider(
        [c for c in EthnicBackground.choices if c[0].startswith(f"{group}_")]
    )


def borough_choices():
    return _with_divider(
        list(Borough.objects.order_by("name").values_list("gss_code", "name"))
    )


# slug -> (model field, label, hint, error, choices callable)
QUESTIONS = {
    "age": (
        "age_band",
        _("What is your age?"),
        "",
        _("Select your age group, or select 'Prefer not to say'"),
        lambda about_you: _with_divider(AgeBand.choices),
    ),
    "sex": (
        "sex",
        _("What is your sex?"),
        _("A question about gender identity will follow."),
        _("Select your sex, or select 'Prefer not to say'"),
        lambda about_you: _with_divider(Sex.choices),
    ),
    "gender-identity": (
        "gender_same_as_sex",
        _("Is the gender you identify with the same as your sex registered at birth?"),
        "",
        _("Select yes, no, or 'Prefer not to say'"),
        lambda about_you: _with_divider(GenderSameAsSex.choices),
    ),
    "ethnic-group": (
        "ethnic_group",
        _("What is your ethnic group?"),
        "",
        _("Select your ethnic group, or select 'Prefer not to say'"),
        lambda about_you: _with_divider(EthnicGroup.choices),
    ),
    "ethnic-background": (
        "ethnic_background",
        _("Which of the following best describes your background?"),
        "",
        _("Select your background, or select 'Prefer not to say'"),
        lambda about_you: background_choices(about_you.ethnic_group),
    ),
    "disability": (
        "disability",
        _("Do you consider yourself to have a disability?"),
        _(
            "The Equality Act 2010 says you are disabled if you have a physical or "
            "mental impairment that has a substantial and long-term negative effect "
            "on your ability to do normal daily activities."
        ),
        _("Select yes, no, or 'Prefer not to say'"),
        lambda about_you: _with_divider(Disability.choices),
    ),
    "working-status": (
        "working_status",
        _("Which of these best describes what you do?"),
        "",
        _("Select what you do, or select 'Prefer not to say'"),
        lambda about_you: _with_divider(WorkingStatus.choices),
    ),
    "housing": (
        "housing_tenure",
        _("Which of these best describes your home?"),
        "",
        _("Select how you live in your home, or select 'Prefer not to say'"),
        lambda about_you: _with_divider(HousingTenure.choices),
    ),
    "borough": (
        "borough_code",
        _("Which London borough do you live in?"),
        "",
        _("Select your borough, or select 'Prefer not to say'"),
        lambda about_you: borough_choices(),
    ),
}
QUESTION_ORDER = list(QUESTIONS)


def question_form(slug: str, about_you, data=None) -> QuestionForm:
    field, label, hint, error, choices = QUESTIONS[slug]
    current = getattr(about_you, field) or None
    return QuestionForm(
        data,
        initial={"answer": current},
        field=field,
        choices=choices(about_you),
        label=label,
        hint=hint,
        error=error,
    )
