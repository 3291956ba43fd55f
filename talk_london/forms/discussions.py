from django import forms
from django.utils.translation import gettext_lazy as _

BODY_MAX = 5000


def _body_field(label):
    return forms.CharField(
        label=label,
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Plain text. Leave a blank line between paragraphs. Start a line "
            "with “- ” for a list or “> ” to quote. Web addresses become links."
        ),
        error_messages={
            "required": _("Enter your reply"),
            "max_length": _("Your reply must be %(limit_value)s characters or fewer"),
        },
    )


class ReplyForm(forms.Form):
    body = _body_field(_("Your reply"))


class PostEditForm(forms.Form):
    body = _body_field(_("Your post"))


class ThreadForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        error_messages={
            "required": _("Enter a title for your thread"),
            "max_length": _("The title must be %(limit_value)s characters or fewer"),
        },
    )
    body = _body_field(_("Your first post"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages["required"] = _("Enter your first post")


class SortForm(forms.Form):
    SORTS = (
        ("newest", _("Newest")),
        ("active", _("Most active")),
        ("agreed", _("Most agreed")),
    )
    sort = forms.ChoiceField(label=_("Sort threads by"), choices=SORTS, required=False)
