from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ConfidenceQuestion(models.Model):
    """ "I can use the internet to contact my bank or council" (1–5)."""

    text = models.CharField(_("statement"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("confidence question")
        verbose_name_plural = _("confidence questions")

    def __str__(self) -> str:
        return self.text


class ConfidenceCheck(models.Model):
    """The questionnaire, taken at the start or the end of a loan."""

    class Stage(models.TextChoices):
        START = "start", _("Start of loan")
        END = "end", _("End of loan")

    class Source(models.TextChoices):
        ONLINE = "online", _("Online, by the resident")
        PAPER = "paper", _("Paper form, entered by staff")

    participant = models.ForeignKey(
        "inclusion.Participant",
        on_delete=models.CASCADE,
        related_name="confidence_checks",
    )
    loan = models.ForeignKey(
        "inclusion.Loan",
        on_delete=models.CASCADE,
        related_name="confidence_checks",
    )
    stage = models.CharField(max_length=5, choices=Stage)
    source = models.CharField(max_length=6, choices=Source)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    completed_at = models.DateTimeField()

    class Meta:
        ordering = ["completed_at"]
        verbose_name = _("confidence questionnaire")
        verbose_name_plural = _("confidence questionnaires")
        constraints = [
            models.UniqueConstraint(
                fields=["loan", "stage"], name="inclusion_one_check_per_loan_stage"
            ),
            # A paper check names the member of staff who typed it in (the
            # service sets it); no CHECK, because a member of staff who
            # deletes their account leaves it unnamed (inclusion.personal_data).
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.get_stage_display()}"


class ConfidenceAnswer(models.Model):
    check_record = models.ForeignKey(
        ConfidenceCheck, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        ConfidenceQuestion, on_delete=models.PROTECT, related_name="answers"
    )
    score = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("confidence answer")
        verbose_name_plural = _("confidence answers")
        constraints = [
            models.UniqueConstraint(
                fields=["check_record", "question"],
                name="inclusion_one_answer_per_question",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5),
                name="inclusion_confidence_score_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.score}"
