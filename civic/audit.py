"""Readable entries in Wagtail's audit log for the portal's own actions.

Every app that logs a decision with a reason (moderation, discussions, ...)
registers its actions here, so they all show the reason the same way.
"""

from wagtail.log_actions import LogFormatter


class ReasonFormatter(LogFormatter):
    """Shows the reason (or note) given with the action as the log comment."""

    def format_comment(self, log_entry):
        data = log_entry.data or {}
        return data.get("reason") or data.get("note") or ""


def register_reason_actions(actions, definitions: dict[str, tuple[str, str]]) -> None:
    """From a ``register_log_actions`` hook: ``{action: (label, message)}``."""
    for action, (label, message) in definitions.items():
        formatter = type(
            "ReasonFormatter_" + action.replace(".", "_"),
            (ReasonFormatter,),
            {"label": label, "message": message},
        )
        actions.register_action(action)(formatter)
