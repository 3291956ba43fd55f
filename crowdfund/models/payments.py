"""What the payment gateway was asked to do, and what it answered.

Every call to a gateway (real or the offline one) is recorded here, so a
capture that timed out can be retried and reconciled, and staff can see what
happened to any pledge's money.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GatewayTransaction(models.Model):
    class Kind(models.TextChoices):
        AUTHORISE = "authorise", _("Authorise")
        CAPTURE = "capture", _("Capture")
        RELEASE = "release", _("Release")

    class Outcome(models.TextChoices):
        SUCCEEDED = "succeeded", _("Succeeded")
        DECLINED = "declined", _("Declined")
        TIMED_OUT = "timed_out", _("Timed out")
        ERROR = "error", _("Error")

    pledge = models.ForeignKey(
        "crowdfund.Pledge", on_delete=models.PROTECT, related_name="transactions"
    )
    gateway = models.CharField(max_length=40)
    kind = models.CharField(max_length=16, choices=Kind)
    outcome = models.CharField(max_length=16, choices=Outcome)
    amount_pence = models.PositiveBigIntegerField()
    reference = models.CharField(max_length=100, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.outcome} {self.amount_pence}p"
