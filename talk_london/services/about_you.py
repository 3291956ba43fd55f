"""Writing a member's "about you" answers (special-category data)."""

from django.db import transaction
from django.utils import timezone

from talk_london.models import AboutYou
from talk_london.models.about_you import CONSENT_VERSION, PREFER_NOT_TO_SAY

ANSWER_FIELDS = (
    "age_band",
    "sex",
    "gender_same_as_sex",
    "ethnic_group",
    "ethnic_background",
    "disability",
    "working_status",
    "housing_tenure",
    "borough_code",
)


@transaction.atomic
def about_you_consent(*, user) -> AboutYou:
    """Record consent to the current statement (again, if it has changed)."""
    about_you, _ = AboutYou.objects.select_for_update().get_or_create(
        user=user,
        defaults={
            "consent_given_at": timezone.now(),
            "consent_version": CONSENT_VERSION,
        },
    )
    if about_you.consent_version != CONSENT_VERSION:
        about_you.consent_given_at = timezone.now()
        about_you.consent_version = CONSENT_VERSION
        about_you.save(
            update_fields=["consent_given_at", "consent_version", "updated_at"]
        )
    return about_you


def about_you_answer(*, about_you: AboutYou, field: str, value: str) -> AboutYou:
    """Save one answer. A changed ethnic group clears a background that no
    longer belongs to it, so the two never contradict each other."""
    if field not in ANSWER_FIELDS:
        raise ValueError(f"not an about-you question: {field}")
    setattr(about_you, field, value)
    update = [field, "updated_at"]
    if field == "ethnic_group":
        background = about_you.ethnic_background
        if value == PREFER_NOT_TO_SAY:
            about_you.ethnic_background = PREFER_NOT_TO_SAY
            update.append("ethnic_background")
        elif (
            background
            and background != PREFER_NOT_TO_SAY
            and not background.startswith(f"{value}_")
        ):
            about_you.ethnic_background = ""
            update.append("ethnic_background")
    about_you.save(update_fields=update)
    return about_you


def about_you_confirm(*, about_you: AboutYou) -> AboutYou:
    about_you.confirmed_at = timezone.now()
    about_you.save(update_fields=["confirmed_at", "updated_at"])
    return about_you


def about_you_delete(*, user) -> bool:
    deleted, _ = AboutYou.objects.filter(user=user).delete()
    return bool(deleted)
