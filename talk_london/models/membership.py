from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Bump when the community terms change; members then accept the new version.
TERMS_VERSION = "2026-11"


class Membership(models.Model):
    """A person's explicit opt-in to the Talk London community.

    Leaving deletes the row (and, in the membership service, the member's
    "about you" answers): being a member is a choice, not a history.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="talk_london_membership",
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    terms_version = models.CharField(max_length=20, default=TERMS_VERSION)
    terms_accepted_at = models.DateTimeField(_("terms accepted"))

    class Meta:
        verbose_name = _("Talk London member")
        verbose_name_plural = _("Talk London members")
        indexes = [models.Index(fields=["joined_at"])]

    def __str__(self) -> str:
        return f"{self.user} (member since {self.joined_at:%d %B %Y})"
