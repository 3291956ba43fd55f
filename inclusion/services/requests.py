"""Places on a site's waiting list: applying, leaving, and where you are."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.services.email import email_send
from inclusion.models import BorrowRequest, Participant, Scheme, Site
from inclusion.services.eligibility import Eligibility, scheme_eligibility


class BorrowRequestError(Exception):
    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


class NotEligible(BorrowRequestError):
    def __init__(self, eligibility: Eligibility):
        super().__init__(" ".join(eligibility.reasons), code="not_eligible")
        self.eligibility = eligibility


@dataclass(frozen=True)
class Made:
    request: BorrowRequest
    position: int


def _already_message() -> str:
    return _(
        "You are already on a waiting list for this scheme. You can only be on "
        "one at a time."
    )


def participant_eligibility(
    *, scheme: Scheme, participant: Participant, circumstances: list[str]
) -> Eligibility:
    return scheme_eligibility(
        scheme=scheme,
        borough=participant.borough,
        date_of_birth=participant.date_of_birth,
        circumstances=circumstances,
        on=timezone.localdate(),
    )


def borrow_request_create(
    *,
    scheme: Scheme,
    site: Site,
    participant: Participant,
    circumstances: list[str],
    staff=None,
    consent_note: str = "",
) -> Made:
    """Join ``site``'s waiting list for ``scheme``.

    Eligibility is checked again here (the answers in a session may be old).
    One open request per person per scheme: the participant's row lock makes
    two tabs or a double submit wait for each other, and the partial unique
    constraint is the backstop.
    """
    consent_note = consent_note.strip()
    if staff is not None and not consent_note:
        raise BorrowRequestError(
            _("Enter how the resident gave their consent"), code="consent"
        )
    if not scheme.sites.filter(pk=site.pk, is_active=True, lends_devices=True).exists():
        raise BorrowRequestError(
            _("Select a place where this scheme lends devices"), code="site"
        )
    eligibility = participant_eligibility(
        scheme=scheme, participant=participant, circumstances=circumstances
    )
    if not eligibility.eligible:
        raise NotEligible(eligibility)
    with transaction.atomic():
        Participant.objects.select_for_update().filter(pk=participant.pk).first()
        if BorrowRequest.objects.filter(
            participant=participant,
            scheme=scheme,
            status__in=BorrowRequest.OPEN_STATUSES,
        ).exists():
            raise BorrowRequestError(_already_message(), code="already")
        try:
            with transaction.atomic():
                request = BorrowRequest.objects.create(
                    scheme=scheme,
                    site=site,
                    participant=participant,
                    circumstances=list(circumstances),
                    applied_by=staff,
                    consent_given_at=timezone.now(),
                    consent_note=consent_note,
                )
        except IntegrityError:
            raise BorrowRequestError(_already_message(), code="already") from None
        position = waiting_position(request)
        if participant.email:
            email_send(
                to=participant.email,
                template="inclusion/email/request_joined",
                context={
                    "participant": participant,
                    "scheme": scheme,
                    "site": site,
                    "position": position,
                    "your_loan_url": settings.SITE_URL
                    + reverse("inclusion:my_programme"),
                },
            )
    return Made(request=request, position=position)


def borrow_request_withdraw(*, borrow_request: BorrowRequest) -> BorrowRequest:
    """Leave the waiting list. Once a device is set aside, staff must cancel it."""
    with transaction.atomic():
        locked = BorrowRequest.objects.select_for_update().get(pk=borrow_request.pk)
        if locked.status == BorrowRequest.Status.WITHDRAWN:
            return locked  # pressed twice: already done
        if locked.status != BorrowRequest.Status.WAITING:
            raise BorrowRequestError(
                _(
                    "A device has already been set aside for you. Contact the "
                    "library to cancel."
                ),
                code="not_waiting",
            )
        locked.status = BorrowRequest.Status.WITHDRAWN
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at"])
    return locked


def waiting_position(request: BorrowRequest) -> int:
    """1 for the next person to be offered a device at that site."""
    if request.status != BorrowRequest.Status.WAITING:
        return 0
    return BorrowRequest.objects.filter(
        Q(applied_at__lt=request.applied_at)
        | Q(applied_at=request.applied_at, id__lte=request.id),
        site_id=request.site_id,
        status=BorrowRequest.Status.WAITING,
    ).count()


def waiting_list_lengths(sites) -> dict[int, int]:
    """People waiting at each site, in one query."""
    rows = (
        BorrowRequest.objects.filter(
            site__in=list(sites), status=BorrowRequest.Status.WAITING
        )
        .values("site_id")
        .annotate(n=Count("id"))
    )
    return {row["site_id"]: row["n"] for row in rows}
