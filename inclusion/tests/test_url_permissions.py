"""Every Get online address, for every kind of visitor.

The addresses come from the resolver (``inclusion.urls``), so a new view that
is not in EXPECTED fails ``test_every_url_is_in_the_table``. Each cell says what
a GET must do: "ok" (200), "login" (sent to sign in), "403", "404", "405"
(POST only) or "redirect" (sent elsewhere, e.g. to the first question).

Personas: anonymous; the resident who owns the objects in the URL; another
resident (owns nothing); a member of an organisation (not staff); an inclusion
officer signed in with two-factor authentication.
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from inclusion.models import LoanReminder
from inclusion.open_referral import session_service_id
from inclusion.tests.factories import (
    BookingFactory,
    BorrowRequestFactory,
    DeviceFactory,
    LoanFactory,
    ParticipantFactory,
    SchemeFactory,
    SiteFactory,
    TrainingSessionFactory,
)
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "resident", "other_resident", "org_member", "officer")

#                 anonymous  resident  other res.  org member  officer
PUBLIC = ("ok", "ok", "ok", "ok", "ok")
SIGNED_IN = ("login", "ok", "ok", "ok", "ok")
OWN = ("login", "ok", "404", "404", "404")
STAFF = ("login", "403", "403", "403", "ok")
STAFF_POST = ("login", "403", "403", "403", "405")
STAFF_REDIRECT = ("login", "403", "403", "403", "redirect")
APPLY_STEP = ("login", "redirect", "redirect", "redirect", "redirect")
# Without a record of their details, people are asked for them first.
NEEDS_RECORD = ("login", "ok", "redirect", "redirect", "redirect")

EXPECTED = {
    # Places, the landing page and Open Referral UK
    "index": PUBLIC,
    "site_list": PUBLIC,
    "site_detail": PUBLIC,
    "oruk_service_list": PUBLIC,
    "oruk_service_detail": PUBLIC,
    # Applying online (later steps send you back to the first unanswered one)
    "apply_start": PUBLIC,
    "apply_where": SIGNED_IN,  # the first question
    "apply_dob": APPLY_STEP,
    "apply_circumstances": APPLY_STEP,
    "apply_not_eligible": APPLY_STEP,
    "apply_site": APPLY_STEP,
    "apply_contact": APPLY_STEP,
    "apply_consent": APPLY_STEP,
    "apply_check": APPLY_STEP,
    # The resident's own pages
    "my_programme": SIGNED_IN,
    "apply_done": OWN,
    "request_withdraw": OWN,
    "your_details": SIGNED_IN,
    "my_training": SIGNED_IN,
    "booking_cancel": OWN,
    "confidence_online": OWN,
    # Training, public
    "course_list": PUBLIC,
    "course_detail": PUBLIC,
    "session_detail": PUBLIC,
    "session_book": NEEDS_RECORD,
    # Staff: residents
    "staff_home": STAFF,
    "participant_search": STAFF,
    "participant_create": STAFF,
    "participant_detail": STAFF,
    "participant_edit": STAFF,
    "participant_data": STAFF,
    "participant_erase": STAFF,
    "staff_request_withdraw": STAFF,
    "assisted_apply": STAFF,
    # Staff: lending desk
    "site_dashboard": STAFF,
    "waiting_list": STAFF,
    "site_loans": STAFF,
    "site_devices": STAFF,
    "overdue_list": STAFF,
    "letters": STAFF,
    "letter_print": STAFF,
    "letter_mark_posted": STAFF_POST,
    "allocate": STAFF,
    "loan_detail": STAFF,
    "loan_collect": STAFF,
    "loan_extend": STAFF,
    "loan_return": STAFF,
    "loan_cancel": STAFF,
    "collection_letter": STAFF,
    "device_detail": STAFF,
    "device_incident": STAFF,
    # Staff: training and evaluation
    "staff_session_list": STAFF,
    "session_register": STAFF,
    "staff_book": STAFF_POST,  # the form is on the session list
    "staff_booking_cancel": STAFF,
    # Nothing to record for a learner who was never promoted: back to the register.
    "staff_booking_told": STAFF_REDIRECT,
    # Attendance can only be recorded once the session has started.
    "attendance_record": STAFF_REDIRECT,
    "confidence_paper": STAFF,
    "evaluation": STAFF,
    "evaluation_csv": STAFF,
}


def _inclusion_url_names() -> set[str]:
    resolver = get_resolver()
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace == "inclusion":
                names.add(pattern.name)

    walk(resolver.url_patterns, None)
    return names


def test_every_url_is_in_the_table():
    names = _inclusion_url_names()
    assert names, "inclusion.urls is not included under the 'inclusion' namespace"
    assert names == set(EXPECTED), (
        f"not in the table: {sorted(names - set(EXPECTED))}; "
        f"no longer exist: {sorted(set(EXPECTED) - names)}"
    )


@pytest.fixture
def world(resident):
    """One of everything, the personal things owned by ``resident``."""
    site = SiteFactory(runs_training=True)
    scheme = SchemeFactory()
    scheme.sites.add(site)
    person = ParticipantFactory(user=resident, email=resident.email)
    waiting = BorrowRequestFactory(scheme=scheme, site=site, participant=person)
    # One open request per scheme: the loan is under a second scheme.
    loan = LoanFactory(request__site=site, request__participant=person)
    reserved_request = BorrowRequestFactory(
        scheme=scheme, site=site, participant=ParticipantFactory()
    )
    # A device set aside for someone else, for collection today.
    reserved = LoanFactory(
        site=site,
        request__site=site,
        request__status="allocated",
        device=DeviceFactory(home_site=site, status="reserved"),
        status="reserved",
        starts_on=timezone.localdate(),
    )
    session = TrainingSessionFactory(site=site)
    booking = BookingFactory(session=session, participant=person)
    reminder = LoanReminder.objects.create(
        loan=loan,
        kind=LoanReminder.Kind.DUE_SOON,
        channel=LoanReminder.Channel.LETTER,
    )
    return {
        "site": site,
        "scheme": scheme,
        "person": person,
        "waiting": waiting,
        "loan": loan,
        "reserved_request": reserved_request,
        "reserved": reserved,
        "session": session,
        "booking": booking,
        "reminder": reminder,
        "device": loan.device,
        "course": session.course,
    }


def _kwargs(name: str, w) -> dict:
    site, scheme = w["site"], w["scheme"]
    loan, session, booking = w["loan"], w["session"], w["booking"]
    person = w["person"]
    by_name = {
        "site_detail": {"slug": site.slug},
        "oruk_service_detail": {"service_id": session_service_id(session.pk)},
        "apply_done": {"public_id": w["waiting"].public_id},
        "request_withdraw": {"public_id": w["waiting"].public_id},
        "booking_cancel": {"pk": booking.pk},
        "confidence_online": {"public_id": loan.public_id, "stage": "start"},
        "course_detail": {"slug": w["course"].slug},
        "session_detail": {"pk": session.pk},
        "session_book": {"pk": session.pk},
        "participant_detail": {"public_id": person.public_id},
        "participant_edit": {"public_id": person.public_id},
        "participant_data": {"public_id": person.public_id},
        "participant_erase": {"public_id": person.public_id},
        "staff_request_withdraw": {
            "public_id": person.public_id,
            "request_id": w["waiting"].public_id,
        },
        "assisted_apply": {"public_id": person.public_id, "scheme": scheme.slug},
        "site_dashboard": {"slug": site.slug},
        "waiting_list": {"slug": site.slug},
        "site_loans": {"slug": site.slug, "show": "on_loan"},
        "site_devices": {"slug": site.slug, "status": "on_loan"},
        "letter_print": {"pk": w["reminder"].pk},
        "letter_mark_posted": {"pk": w["reminder"].pk},
        "allocate": {"public_id": w["reserved_request"].public_id},
        "loan_detail": {"public_id": loan.public_id},
        "loan_collect": {"public_id": w["reserved"].public_id},
        "loan_extend": {"public_id": loan.public_id},
        "loan_return": {"public_id": loan.public_id},
        "loan_cancel": {"public_id": w["reserved"].public_id},
        "collection_letter": {"public_id": w["reserved"].public_id},
        "device_detail": {"asset_tag": w["device"].asset_tag},
        "device_incident": {"asset_tag": w["device"].asset_tag},
        "session_register": {"pk": session.pk},
        "staff_book": {"pk": session.pk},
        "staff_booking_cancel": {"pk": session.pk, "booking_pk": booking.pk},
        "staff_booking_told": {"pk": session.pk, "booking_pk": booking.pk},
        "attendance_record": {"pk": session.pk, "booking_pk": booking.pk},
        "confidence_paper": {"public_id": person.public_id, "stage": "start"},
    }
    if name in by_name:
        return by_name[name]
    if name.startswith("apply_"):
        return {"scheme": scheme.slug}
    return {}


def _outcome(response) -> str:
    if response.status_code == 302:
        if response.url.startswith(reverse("account_login")):
            return "login"
        return "redirect"
    if response.status_code == 200:
        return "ok"
    return str(response.status_code)


def _sign_in(client, persona, users):
    client.logout()
    if persona == "anonymous":
        return
    if persona == "officer":
        force_login_with_mfa(client, users["officer"])
    else:
        client.force_login(users[persona])


@pytest.fixture
def users(resident, other_resident, org_member, inclusion_officer):
    return {
        "resident": resident,
        "other_resident": other_resident,
        "org_member": org_member,
        "officer": inclusion_officer,
    }


def test_every_url_gives_each_visitor_the_expected_outcome(client, world, users):
    names = sorted(_inclusion_url_names() & set(EXPECTED))
    wrong = []
    for persona_index, persona in enumerate(PERSONAS):
        _sign_in(client, persona, users)
        for name in names:
            url = reverse(f"inclusion:{name}", kwargs=_kwargs(name, world))
            got = _outcome(client.get(url))
            want = EXPECTED[name][persona_index]
            if got != want:
                wrong.append(f"{persona:15} {name:24} want {want:8} got {got}")
    assert not wrong, "\n" + "\n".join(wrong)


def test_another_residents_personal_pages_are_404_not_403(client, world, users):
    """Object access: another resident never learns that the thing exists."""
    _sign_in(client, "other_resident", users)
    for name in ("apply_done", "request_withdraw", "booking_cancel"):
        url = reverse(f"inclusion:{name}", kwargs=_kwargs(name, world))
        assert client.get(url).status_code == 404, name


def test_the_sessions_tutor_sees_the_register_but_no_staff_desk(
    client, world, other_resident
):
    session = world["session"]
    session.tutor = other_resident
    session.save(update_fields=["tutor"])
    client.force_login(other_resident)
    register = reverse("inclusion:session_register", args=[session.pk])
    assert client.get(register).status_code == 200
    starts = timezone.now() - datetime.timedelta(minutes=5)
    session.starts_at = starts
    session.ends_at = starts + datetime.timedelta(hours=2)
    session.save(update_fields=["starts_at", "ends_at"])
    attendance = reverse(
        "inclusion:attendance_record", args=[session.pk, world["booking"].pk]
    )
    assert client.get(attendance).status_code == 200
    for name in ("staff_booking_cancel", "staff_home", "participant_search"):
        url = reverse(f"inclusion:{name}", kwargs=_kwargs(name, world))
        assert client.get(url).status_code == 403, name
