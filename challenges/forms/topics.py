from django import forms
from django.utils.translation import gettext_lazy as _

from challenges.models import Topic, VotingRound
from civic.models import Borough


class TopicForm(forms.Form):
    title = forms.CharField(
        label=_("Your topic, in a few words"),
        max_length=120,
        help_text=_("For example, “Cleaner air near schools”."),
        error_messages={
            "required": _("Enter your topic"),
            "max_length": _("Your topic must be %(limit_value)s characters or fewer"),
        },
    )
    problem = forms.CharField(
        label=_("What is the problem?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Describe it in your own words."),
        error_messages={
            "required": _("Enter what the problem is"),
            "max_length": _("The problem must be %(limit_value)s characters or fewer"),
        },
    )
    who_it_affects = forms.CharField(
        label=_("Who does it affect?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Enter who the problem affects"),
            "max_length": _(
                "Who it affects must be %(limit_value)s characters or fewer"
            ),
        },
    )
    borough = forms.ModelChoiceField(
        label=_("Borough (optional)"),
        queryset=Borough.objects.order_by("name"),
        required=False,
        empty_label=_("All of London or more than one borough"),
        help_text=_("Where the problem is felt most, if it is one borough."),
        error_messages={"invalid_choice": _("Select a borough from the list")},
    )


class TopicFilterForm(forms.Form):
    SORTS = (
        ("supported", _("Most supported")),
        ("newest", _("Newest")),
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)
    borough = forms.ModelChoiceField(
        label=_("Borough"),
        queryset=Borough.objects.order_by("name"),
        required=False,
        empty_label=_("All boroughs"),
        to_field_name="slug",
    )


class VotingRoundForm(forms.ModelForm):
    class Meta:
        model = VotingRound
        fields = ["name", "slug", "description"]
        error_messages = {
            "name": {"required": _("Enter a name for the round")},
            "slug": {
                "required": _("Enter a short web address for the round"),
                "unique": _("Another round already uses this web address"),
            },
        }


class TopicDecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Topic.Status.TAKEN_FORWARD, _("Taken forward")),
            (Topic.Status.NOT_TAKEN_FORWARD, _("Not taken forward")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select a decision")},
    )
    explanation = forms.CharField(
        label=_("Explanation (published on the topic page)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Enter an explanation"),
            "max_length": _(
                "The explanation must be %(limit_value)s characters or fewer"
            ),
        },
    )
