from django import forms
from django.utils.translation import gettext_lazy as _

from civic.models import Borough, User
from civic.validators import normalise_postcode, validate_uk_postcode

EMAIL_UPDATES = "updates"
EMAIL_NEWS = "news"


class ProfileForm(forms.ModelForm):
    """What a person can change about themselves. Email is allauth's page."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        help_text=_(
            "Shown next to what you post instead of your email address. "
            "You can use a nickname."
        ),
        error_messages={
            "required": _("Enter a display name"),
            "max_length": _("Display name must be 60 characters or fewer"),
        },
    )
    borough = forms.ModelChoiceField(
        label=_("Borough"),
        queryset=Borough.objects.order_by("name"),
        required=False,
        empty_label=_("Select your borough"),
        help_text=_(
            "Where you live, work or study. We use it to show you local things."
        ),
        error_messages={"invalid_choice": _("Select a borough from the list")},
    )
    # Longer than the stored 8 characters, so that "sw1a  1aa " is accepted and
    # tidied rather than refused for its spaces.
    postcode = forms.CharField(
        label=_("Postcode (optional)"),
        max_length=16,
        required=False,
        help_text=_("For example, SE1 2AA"),
        error_messages={"max_length": _("Enter a real postcode, like SW1A 1AA")},
    )
    email_preferences = forms.MultipleChoiceField(
        label=_("Emails from us"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            (EMAIL_UPDATES, _("Updates about things I take part in")),
            (EMAIL_NEWS, _("News about new ways to take part")),
        ],
        help_text=_("Select all that apply. You can change this at any time."),
    )

    class Meta:
        model = User
        fields = ["display_name", "borough", "postcode"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            chosen = []
            if self.instance.email_updates:
                chosen.append(EMAIL_UPDATES)
            if self.instance.email_news:
                chosen.append(EMAIL_NEWS)
            self.initial["email_preferences"] = chosen

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"]
        validate_uk_postcode(postcode)
        return normalise_postcode(postcode)

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        chosen = set(self.cleaned_data.get("email_preferences") or [])
        user.email_updates = EMAIL_UPDATES in chosen
        user.email_news = EMAIL_NEWS in chosen
        if commit:
            user.save(
                update_fields=[
                    "display_name",
                    "borough",
                    "postcode",
                    "email_updates",
                    "email_news",
                ]
            )
        return user
