from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivicConfig(AppConfig):
    name = "civic"
    verbose_name = _("London civic portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401
        from .caching import connect_cms
        from .registry import registry
        from .selectors import organisation_activity

        registry.register_moderated(
            self.get_model("Organisation"),
            label=_("Organisation profile"),
            get_title=lambda org: org.name,
        )
        registry.register_activity(_("Organisations"), organisation_activity)
        connect_cms()
        _null_character_message()

        from . import privacy_notice
        from .access_log import purge_access_log

        registry.register_embed(
            "privacy",
            label=_("Privacy notice register"),
            render=privacy_notice.render,
            choices=privacy_notice.choices,
        )

        registry.register_retention(
            "civic.access_log",
            purge=purge_access_log,
            period_setting="access_log",
            description=_(
                "The record of which staff looked at or exported people's "
                "personal data, kept so that we can answer for every look."
            ),
        )

        from .scale import BenchPage

        registry.register_bench_pages("civic", lambda: [BenchPage("Home", "/")])

        # "Download my data" and "Delete my account": the account's own part.
        from . import personal_data

        personal_data.register()


def _null_character_message() -> None:
    """Django refuses a NUL character in any text field with "Null characters
    are not allowed.", which means nothing to most people. It usually arrives
    by pasting from another program, so say what to do, in GOV.UK's voice."""
    from django.core.validators import ProhibitNullCharactersValidator

    ProhibitNullCharactersValidator.message = _(
        "Type your answer in again: it contains a hidden character that "
        "cannot be saved, which can happen when text is copied and pasted"
    )
