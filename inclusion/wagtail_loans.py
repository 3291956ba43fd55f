"""Audit-log labels for the lending desk's actions (registered by wagtail_hooks)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from civic.audit import register_reason_actions
from inclusion.services import devices, loans


@hooks.register("register_log_actions")
def register_loan_log_actions(actions):
    register_reason_actions(
        actions,
        {
            loans.ALLOCATE: (_("Get online: allocate a device"), _("Device allocated")),
            loans.COLLECT: (_("Get online: record collection"), _("Loan started")),
            loans.CANCEL: (
                _("Get online: cancel reservation"),
                _("Reservation cancelled"),
            ),
            loans.EXTEND: (_("Get online: extend loan"), _("Loan extended")),
            loans.RETURN: (_("Get online: record return"), _("Device returned")),
            devices.WIPE: (_("Get online: record data wipe"), _("Data wiped")),
            devices.INCIDENT: (
                _("Get online: report lost or damaged"),
                _("Device reported lost or damaged"),
            ),
        },
    )
