"""Signal receivers for the core. Kept small: anything with logic calls a service."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver


@receiver(authenticator_added)
def count_a_new_authenticator_as_a_second_factor(
    sender, request, user, authenticator, **kw
):
    """Setting up an authenticator app means typing a valid code from it, so the
    session has passed two factors, as an MFA sign-in would have recorded.
    Without this, staff who just set one up would be asked for a code again at
    /admin/ (civic.middleware.StaffMFARequiredMiddleware)."""
    record_authentication(
        request, user, "mfa", type=authenticator.type, id=authenticator.pk
    )
