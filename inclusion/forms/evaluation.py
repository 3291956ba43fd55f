from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

SCALE = [
    ("1", _("1 Not at all confident")),
    ("2", _("2")),
    ("3", _("3")),
    ("4", _("4")),
    ("5", _("5 Very confident")),
]


class ConfidenceForm(forms.Form):
    """One 1–5 question for each active ConfidenceQuestion."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            statement = question.text.rstrip(".")
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=statement,
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Select how confident you are that %(statement)s")
                    % {"statement": _you(statement)}
                },
            )

    def scores(self) -> dict[int, int]:
        return {q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.questions}


def _you(statement: str) -> str:
    """ "I can use email" -> "you can use email" for the error message."""
    words = statement.split(" ")
    swaps = {"I": "you", "my": "your", "me": "you", "I'm": "you're"}
    return " ".join(swaps.get(word, word) for word in words)


class PaperLoanForm(forms.Form):
    loan = forms.ModelChoiceField(
        label=_("Which loan is the paper form for?"),
        queryset=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the loan the paper form is for")},
    )

    def __init__(self, *args, loans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loan"].queryset = loans
        self.fields["loan"].label_from_instance = lambda loan: (
            _("%(device)s, from %(start)s (%(status)s)")
            % {
                "device": loan.device.model_name,
                "start": f"{loan.starts_on:%-d %B %Y}",
                "status": loan.get_status_display(),
            }
        )
