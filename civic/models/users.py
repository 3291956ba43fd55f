from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from civic.validators import normalise_postcode, validate_uk_postcode


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        email = self.normalize_email(email)
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set")
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: email is the login, display name is public."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        blank=True,
        help_text=_("The name other people see next to what you post."),
    )
    borough = models.ForeignKey(
        "civic.Borough",
        verbose_name=_("borough"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    postcode = models.CharField(
        _("postcode"), max_length=8, blank=True, validators=[validate_uk_postcode]
    )
    email_updates = models.BooleanField(
        _("email me about things I take part in"), default=True
    )
    email_news = models.BooleanField(
        _("email me news about new ways to take part"), default=False
    )
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    suspension_reason = models.TextField(_("suspension reason"), blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [("suspend_user", "Can suspend a user")]

    def __str__(self) -> str:
        return self.public_name

    def save(self, *args, **kwargs):
        self.postcode = normalise_postcode(self.postcode)
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name or self.email.split("@")[0]

    @property
    def public_name(self) -> str:
        """What others see: the display name, never the email address."""
        return self.display_name or _("A Londoner")

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None
