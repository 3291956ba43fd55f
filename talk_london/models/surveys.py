"""Surveys: built by staff in the Wagtail admin, answered one question a page.

Why a snippet with an ``InlinePanel`` of ``Question`` rows rather than a
StreamField: results are counted in the database (``GROUP BY`` option), answers
point at questions and options with foreign keys, and branching points at an
earlier question's option. All three need questions and options to be rows
with stable primary keys; StreamField blocks are JSON inside one column, so
every one of them would mean loading and looping over responses in Python.

Staff type a choice question's options one a line (one place to edit, in the
order shown); ``survey_sync_structure`` turns those lines into ``QuestionOption``
rows after each save, and resolves the branching condition (typed as "question
number + answer", checked in the admin form's ``clean()``) into a foreign key to
the option. Options that people have already chosen are never deleted when
staff remove their line: they are retired (``is_active=False``) so results and
answers stay intact.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

AGREEMENT_OPTIONS = [
    _("Strongly agree"),
    _("Agree"),
    _("Neither agree nor disagree"),
    _("Disagree"),
    _("Strongly disagree"),
]
MAX_RANKING_OPTIONS = 7


class Audience(models.TextChoices):
    MEMBERS = "members", _("Talk London members only")
    SIGNED_IN = "signed_in", _("Anyone signed in")


class SurveyQuerySet(models.QuerySet):
    def open_now(self):
        now = timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)


class Survey(ClusterableModel):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    introduction = models.TextField(_("introduction"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    audience = models.CharField(
        _("who can answer"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.MEMBERS,
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated time in minutes"), default=5
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # "What you told us": a public page once the survey has closed.
    you_said = models.TextField(
        _("you said"),
        blank=True,
        help_text=_("A plain-English summary of what people told us."),
    )
    we_did = models.TextField(
        _("we did"), blank=True, help_text=_("What City Hall did as a result.")
    )
    results_published = models.BooleanField(
        _("publish “What you told us”"),
        default=False,
        help_text=_(
            "Shows the summary and the questions marked “show in published "
            "results” on a public page. Only for a closed survey."
        ),
    )

    objects = SurveyQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("introduction"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldRowPanel([FieldPanel("audience"), FieldPanel("estimated_minutes")]),
        InlinePanel("questions", heading=_("Questions"), label=_("Question")),
        MultiFieldPanel(
            [
                FieldPanel("you_said"),
                FieldPanel("we_did"),
                FieldPanel("results_published"),
            ],
            heading=_("What you told us"),
        ),
    ]

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="talk_london_survey_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("talk_london:survey_start", args=[self.slug])

    def get_published_results_url(self) -> str:
        return reverse("talk_london:survey_published_results", args=[self.slug])

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("The closing time must be after the opening time")}
            )
        if self.results_published:
            if self.closes_at and self.closes_at > timezone.now():
                raise ValidationError(
                    {
                        "results_published": _(
                            "Publish the results after the survey closes"
                        )
                    }
                )
            if not self.you_said.strip():
                raise ValidationError(
                    {"you_said": _("Enter what people told us before publishing")}
                )

    @property
    def has_opened(self) -> bool:
        return self.opens_at <= timezone.now()

    @property
    def has_closed(self) -> bool:
        return self.closes_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        return self.has_opened and not self.has_closed


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice (radios)")
    MULTIPLE = "multiple", _("Multiple choice (checkboxes)")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    RATING = "rating", _("Rating scale")
    AGREEMENT = "agreement", _("Agreement (5 points)")
    RANKING = "ranking", _("Ranking")
    BOROUGH = "borough", _("London borough")


# Kinds whose answers are QuestionOption rows.
OPTION_KINDS = {
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.AGREEMENT,
    QuestionKind.RANKING,
}
# Kinds whose options staff type.
TYPED_OPTION_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING}


class Question(Orderable):
    survey = ParentalKey(Survey, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("type"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    hint = models.CharField(_("hint text"), max_length=300, blank=True)
    required = models.BooleanField(_("answer required"), default=True)
    options_text = models.TextField(
        _("options"),
        blank=True,
        help_text=_(
            "Single choice, multiple choice and ranking: one option a line "
            "(ranking: up to 7)."
        ),
    )
    allow_other = models.BooleanField(
        _("offer “Other – please specify”"),
        default=False,
        help_text=_("Single choice only."),
    )
    max_choices = models.PositiveSmallIntegerField(
        _("maximum number of choices"),
        null=True,
        blank=True,
        help_text=_("Multiple choice only. Leave empty for no limit."),
    )
    max_length = models.PositiveIntegerField(
        _("character limit"),
        null=True,
        blank=True,
        help_text=_("Long text only. Leave empty for 1,000 characters."),
    )
    min_value = models.IntegerField(
        _("lowest number"),
        null=True,
        blank=True,
        help_text=_("Number and rating scale. A rating scale defaults to 1 to 5."),
    )
    max_value = models.IntegerField(_("highest number"), null=True, blank=True)
    low_label = models.CharField(
        _("label for the lowest rating"), max_length=60, blank=True
    )
    high_label = models.CharField(
        _("label for the highest rating"), max_length=60, blank=True
    )
    show_in_published_results = models.BooleanField(
        _("show in published results"),
        default=False,
        help_text=_("Choice, rating and borough questions only."),
    )
    show_if_question_number = models.PositiveSmallIntegerField(
        _("only show if the answer to question number"),
        null=True,
        blank=True,
        help_text=_("An earlier single choice question, counting from 1."),
    )
    show_if_answer = models.CharField(
        _("is"),
        max_length=200,
        blank=True,
        help_text=_("One of that question's options, exactly as typed."),
    )
    # Resolved from the two fields above by survey_sync_structure.
    condition_option = models.ForeignKey(
        "QuestionOption",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    panels = [
        FieldRowPanel(
            [
                FieldPanel("kind"),
                FieldPanel("required"),
                FieldPanel("show_in_published_results"),
            ]
        ),
        FieldPanel("text"),
        FieldPanel("hint"),
        FieldPanel("options_text"),
        FieldRowPanel([FieldPanel("allow_other"), FieldPanel("max_choices")]),
        FieldRowPanel(
            [FieldPanel("min_value"), FieldPanel("max_value"), FieldPanel("max_length")]
        ),
        FieldRowPanel([FieldPanel("low_label"), FieldPanel("high_label")]),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("show_if_question_number"),
                        FieldPanel("show_if_answer"),
                    ]
                )
            ],
            heading=_("Branching"),
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    @property
    def option_lines(self) -> list[str]:
        return [line.strip() for line in self.options_text.splitlines() if line.strip()]

    @property
    def scale(self) -> tuple[int, int]:
        low = 1 if self.min_value is None else self.min_value
        high = 5 if self.max_value is None else self.max_value
        return low, high

    @property
    def character_limit(self) -> int:
        if self.kind == QuestionKind.SHORT_TEXT:
            return 200
        return self.max_length or 1000

    def clean_own_fields(self) -> dict[str, str]:
        """Errors in this question alone (the survey form checks branching)."""
        errors = {}
        lines = self.option_lines
        if self.kind in TYPED_OPTION_KINDS and len(lines) < 2:
            errors["options_text"] = _("Enter at least 2 options, one a line")
        if self.kind == QuestionKind.RANKING and len(lines) > MAX_RANKING_OPTIONS:
            errors["options_text"] = _("Enter no more than 7 options to rank")
        if len(set(lines)) != len(lines):
            errors["options_text"] = _("Each option must be different")
        if self.kind == QuestionKind.SINGLE and self.allow_other:
            if str(_("Other")) in lines:
                errors["options_text"] = _(
                    "Remove the “Other” line: ticking “Other – please specify” adds it"
                )
        if self.kind in (QuestionKind.NUMBER, QuestionKind.RATING):
            low, high = self.min_value, self.max_value
            if self.kind == QuestionKind.RATING:
                low, high = self.scale
            if low is not None and high is not None and high <= low:
                errors["max_value"] = _(
                    "The highest number must be more than the lowest"
                )
            if self.kind == QuestionKind.RATING and high - low > 10:
                errors["max_value"] = _("A rating scale can have up to 11 points")
        if self.kind == QuestionKind.MULTIPLE and self.max_choices is not None:
            if self.max_choices < 1:
                errors["max_choices"] = _("The maximum must be at least 1")
        if bool(self.show_if_question_number) != bool(self.show_if_answer):
            errors["show_if_answer"] = _(
                "Enter both the question number and the answer, or neither"
            )
        return errors


class QuestionOption(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options"
    )
    label = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    # The "Other – please specify" option; its answers carry the text given.
    is_other = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "label"], name="talk_london_option_unique_label"
            )
        ]

    def __str__(self) -> str:
        return self.label


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


class Response(models.Model):
    """One person's answers to one survey; the database allows only one."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses"
    )
    # Empty once the person deletes their account: a submitted response to a
    # closed survey stays in the results without them.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="talk_london_survey_responses",
    )
    status = models.CharField(
        max_length=20,
        choices=ResponseStatus.choices,
        default=ResponseStatus.IN_PROGRESS,
    )
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("survey response")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"], name="talk_london_one_response_per_person"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="submitted", submitted_at__isnull=False)
                    | models.Q(status="in_progress", submitted_at__isnull=True)
                ),
                name="talk_london_response_submitted_has_time",
            ),
        ]
        indexes = [models.Index(fields=["survey", "status"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.survey}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED


class Answer(models.Model):
    """One answer row. Choice answers are one row per chosen option (with
    ``rank`` for rankings) so results are a ``GROUP BY option``; text, numbers
    and boroughs go in typed columns."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers"
    )
    option = models.ForeignKey(
        QuestionOption,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answers",
    )
    # Rankings: the rank given. Multiple choice: the option's place among
    # those chosen. Either way exactly one row per person has rank 1, which
    # lets results count people with a plain COUNT instead of COUNT DISTINCT.
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    text_value = models.TextField(blank=True)
    number_value = models.IntegerField(null=True, blank=True)
    borough = models.ForeignKey(
        "civic.Borough", on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "option"],
                name="talk_london_answer_one_row_per_option",
            ),
            models.UniqueConstraint(
                fields=["response", "question"],
                condition=models.Q(option__isnull=True),
                name="talk_london_answer_one_value_row",
            ),
        ]
        indexes = [models.Index(fields=["question", "option"])]

    def __str__(self) -> str:
        return f"{self.question}: {self.option or self.text_value or self.number_value}"
