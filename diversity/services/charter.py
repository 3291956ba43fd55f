"""Signing the Tech Talent Charter, withdrawing, and new pledge wordings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from civic.models import Organisation, OrganisationMembership
from civic.services.email import email_send
from diversity.models import Pledge, PledgeAcceptance, PledgeVersion, Signatory

SIGN = "diversity.charter.sign"
WITHDRAW = "diversity.charter.withdraw"
PLEDGE_VERSION_ADD = "diversity.charter.pledge_version_add"

LOG_ACTIONS = {
    SIGN: (_("Tech talent: charter signed"), _("Signed the Tech Talent Charter")),
    WITHDRAW: (
        _("Tech talent: charter withdrawn"),
        _("Withdrew from the Tech Talent Charter"),
    ),
    PLEDGE_VERSION_ADD: (
        _("Tech talent: new pledge wording"),
        _("Added a new wording of a charter pledge"),
    ),
}


class CharterError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class SignatoryDetails:
    sector: str
    size_band: str
    sponsor_name: str
    sponsor_job_title: str
    sponsor_email: str
    contact_name: str
    contact_email: str


def current_pledge_versions(*, on: datetime.date | None = None) -> list[PledgeVersion]:
    """The wording of each pledge in force ``on`` (default today): the highest
    version whose ``effective_from`` has come. A pledge with no wording in
    force yet is left out."""
    on = on or timezone.localdate()
    versions = PledgeVersion.objects.filter(effective_from__lte=on).select_related(
        "pledge"
    )
    latest: dict[int, PledgeVersion] = {}
    for version in versions:
        held = latest.get(version.pledge_id)
        if held is None or version.version > held.version:
            latest[version.pledge_id] = version
    return sorted(latest.values(), key=lambda v: (v.pledge.sort_order, v.pledge_id))


def organisations_that_can_sign(user) -> list[Organisation]:
    """Organisations ``user`` owns that have not signed the charter."""
    if not user.is_authenticated:
        return []
    return list(
        Organisation.objects.filter(
            memberships__user=user,
            memberships__role=OrganisationMembership.Role.OWNER,
            is_hidden=False,
            charter_signatory__isnull=True,
        ).order_by("name")
    )


def charter_sign(
    *,
    organisation: Organisation,
    user,
    details: SignatoryDetails,
    accepted_version_ids: list[int],
) -> Signatory:
    """``organisation`` signs: one Signatory and one PledgeAcceptance for each
    exact wording accepted. Every pledge's current wording must be accepted;
    a wording that changed while the person was filling in the form is
    refused, so nobody signs text they did not see."""
    if organisation.role_of(user) != OrganisationMembership.Role.OWNER:
        raise CharterError(
            "not_owner", _("Only an owner of the organisation can sign.")
        )
    current = current_pledge_versions()
    if not current:
        raise CharterError("no_pledges", _("The charter has no pledges to sign yet."))
    if sorted(v.pk for v in current) != sorted(set(accepted_version_ids)):
        raise CharterError(
            "wording_changed",
            _(
                "The wording of the pledges has changed since you started. "
                "Read them again and accept each one."
            ),
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            signatory = Signatory.objects.create(
                organisation=organisation,
                sector=details.sector,
                size_band=details.size_band,
                sponsor_name=details.sponsor_name,
                sponsor_job_title=details.sponsor_job_title,
                sponsor_email=details.sponsor_email,
                contact_name=details.contact_name,
                contact_email=details.contact_email,
                signed_by=user,
                signed_at=now,
            )
            PledgeAcceptance.objects.bulk_create(
                PledgeAcceptance(
                    signatory=signatory, pledge_version=version, accepted_at=now
                )
                for version in current
            )
            log(
                instance=signatory,
                action=SIGN,
                user=user,
                data={"pledge_versions": [[v.pledge.code, v.version] for v in current]},
            )
    except IntegrityError:
        # The OneToOne on organisation: someone else in the organisation signed
        # first (or the form was sent twice).
        raise CharterError(
            "already_signed",
            _("%(organisation)s has already signed the charter.")
            % {"organisation": organisation.name},
        ) from None
    email_send(
        to=[user.email, details.contact_email],
        template="diversity/email/charter_signed",
        context={
            "organisation": organisation,
            "pledges": current,
            "dashboard_url": settings.SITE_URL
            + reverse("diversity:signatory_dashboard", args=[organisation.slug]),
        },
    )
    return signatory


def signatory_withdraw(*, signatory: Signatory, user) -> Signatory:
    with transaction.atomic():
        locked = Signatory.objects.select_for_update().get(pk=signatory.pk)
        if locked.withdrawn_at is None:
            locked.withdrawn_at = timezone.now()
            locked.save(update_fields=["withdrawn_at"])
            log(instance=locked, action=WITHDRAW, user=user)
    return locked


def pledge_version_add(
    *,
    pledge: Pledge,
    title: str,
    text: str,
    effective_from: datetime.date,
    user,
) -> PledgeVersion:
    """A new wording: the next version number. Earlier wordings, and what
    signatories accepted, never change."""
    with transaction.atomic():
        Pledge.objects.select_for_update().get(pk=pledge.pk)
        latest = pledge.versions.aggregate(top=Max("version"))["top"] or 0
        version = PledgeVersion.objects.create(
            pledge=pledge,
            version=latest + 1,
            title=title,
            text=text,
            effective_from=effective_from,
        )
        log(
            instance=version,
            action=PLEDGE_VERSION_ADD,
            user=user,
            data={"pledge": pledge.code, "version": version.version},
        )
    return version
