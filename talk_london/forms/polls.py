from django import forms
from django.utils.translation import gettext_lazy as _


class VoteForm(forms.Form):
    def __init__(self, *args, poll, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"] = forms.TypedChoiceField(
            label=poll.question,
            choices=[(option.pk, option.text) for option in options],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": _("Select an answer")},
        )
