"""Get online's routes in the permission matrix (see tests/matrix.py).

The personal things in URLs (a borrow request, a loan, a training booking)
belong to ``w.resident``: another resident, an organisation member and staff
of other groups get 404 for them, as if they did not exist. The lending desk
(``/get-online/staff/``) is for inclusion officers, signed in with two-factor;
other signed-in people get 403. A session's tutor also sees its register
(tested in test_training_views.py; no role here is a tutor).
"""

from __future__ import annotations

from functools import partial

from django.utils import timezone

from inclusion.open_referral import session_service_id
from tests.matrix import PUBLIC, Route, expect, staff_only
from tests.matrix import admin_only as shared_admin_only

OFFICER = ("inclusion_officer",)
STAFF = staff_only(*OFFICER)
# A read-only page: a POST is refused, after the sign-in check.
STAFF_READ_POST = staff_only(*OFFICER, ok="405")
READ_POST = expect("405")
# Signed in with a verified email: unverified people are sent to confirm it.
VERIFIED = expect("ok", anonymous="login", unverified="redirect")
# Later steps of applying send you back to the first unanswered question.
APPLY_STEP = expect("redirect", anonymous="login")
# The resident's own things: nobody else learns that they exist.
OWN = expect("404", anonymous="login", unverified="redirect", resident="ok")
# Without a record of their details, people are asked for them first.
NEEDS_RECORD = expect("redirect", anonymous="login", resident="ok")


def world(w) -> dict:
    """One of everything, the personal things owned by ``w.resident``."""

    def make():
        from inclusion.models import LoanReminder
        from inclusion.services.bookings import booking_create
        from inclusion.tests.factories import (
            BorrowRequestFactory,
            ConfidenceQuestionFactory,
            DeviceFactory,
            LoanFactory,
            OpeningHoursFactory,
            ParticipantFactory,
            SchemeFactory,
            SiteFactory,
            TrainingSessionFactory,
        )

        site = SiteFactory(runs_training=True)
        scheme = SchemeFactory()
        scheme.sites.add(site)
        person = ParticipantFactory(user=w.resident, email=w.resident.email)
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
        # Through the service, so the session's count of places is right.
        booking = booking_create(session=session, participant=person)
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
            "hours": OpeningHoursFactory(site=site),
            "question": ConfidenceQuestionFactory(),
        }

    return w.memo("inclusion", make)


def _kw(**build):
    """kwargs from the world: ``_kw(slug=lambda o: o["site"].slug)``."""
    return lambda w: {name: get(world(w)) for name, get in build.items()}


def _scheme(w):
    return {"scheme": world(w)["scheme"].slug}


def _session(**more):
    return _kw(pk=lambda o: o["session"].pk, **more)


ROUTES = {
    # Places, the landing page and Open Referral UK -------------------------
    "inclusion:index": Route(get=PUBLIC, post=READ_POST),
    "inclusion:site_list": Route(get=PUBLIC, post=READ_POST),
    "inclusion:site_detail": Route(
        get=PUBLIC, post=READ_POST, kwargs=_kw(slug=lambda o: o["site"].slug)
    ),
    "inclusion:oruk_service_list": Route(get=PUBLIC, post=READ_POST),
    "inclusion:oruk_service_detail": Route(
        get=PUBLIC,
        post=READ_POST,
        kwargs=_kw(service_id=lambda o: session_service_id(o["session"].pk)),
    ),
    # Applying online -------------------------------------------------------
    "inclusion:apply_start": Route(get=PUBLIC, post=READ_POST, kwargs=_scheme),
    "inclusion:apply_where": Route(
        get=VERIFIED,
        kwargs=_scheme,
        note="the first question: an empty answer is shown again with an error",
    ),
    "inclusion:apply_dob": Route(get=APPLY_STEP, kwargs=_scheme),
    "inclusion:apply_circumstances": Route(get=APPLY_STEP, kwargs=_scheme),
    "inclusion:apply_not_eligible": Route(
        get=APPLY_STEP,
        post=expect("405", anonymous="login", unverified="redirect"),
        kwargs=_scheme,
    ),
    "inclusion:apply_site": Route(get=APPLY_STEP, kwargs=_scheme),
    "inclusion:apply_contact": Route(get=APPLY_STEP, kwargs=_scheme),
    "inclusion:apply_consent": Route(get=APPLY_STEP, kwargs=_scheme),
    "inclusion:apply_check": Route(get=APPLY_STEP, kwargs=_scheme),
    # The resident's own pages ---------------------------------------------
    "inclusion:my_programme": Route(
        get=VERIFIED, post=expect("405", anonymous="login", unverified="redirect")
    ),
    "inclusion:apply_done": Route(
        get=OWN,
        post=expect("405", anonymous="login", unverified="redirect"),
        kwargs=_kw(public_id=lambda o: o["waiting"].public_id),
    ),
    "inclusion:request_withdraw": Route(
        get=OWN,
        post=OWN | {"resident": "redirect"},
        kwargs=_kw(public_id=lambda o: o["waiting"].public_id),
    ),
    "inclusion:your_details": Route(get=VERIFIED),
    "inclusion:my_training": Route(
        get=VERIFIED, post=expect("405", anonymous="login", unverified="redirect")
    ),
    "inclusion:booking_cancel": Route(
        get=OWN,
        post=OWN | {"resident": "redirect"},
        kwargs=_kw(pk=lambda o: o["booking"].pk),
        note="a confirm button: the resident's POST cancels",
    ),
    "inclusion:confidence_online": Route(
        get=OWN,
        kwargs=_kw(public_id=lambda o: o["loan"].public_id, stage=lambda o: "start"),
    ),
    # Training, public ------------------------------------------------------
    "inclusion:course_list": Route(get=PUBLIC, post=READ_POST),
    "inclusion:course_detail": Route(
        get=PUBLIC, post=READ_POST, kwargs=_kw(slug=lambda o: o["course"].slug)
    ),
    "inclusion:session_detail": Route(get=PUBLIC, post=READ_POST, kwargs=_session()),
    "inclusion:session_book": Route(
        get=NEEDS_RECORD,
        post=expect("redirect", anonymous="login"),
        kwargs=_session(),
        note="a confirm button: the resident's POST books and goes to their training",
    ),
    # Staff: residents ------------------------------------------------------
    "inclusion:staff_home": Route(get=STAFF, post=STAFF_READ_POST),
    "inclusion:participant_search": Route(get=STAFF, post=STAFF_READ_POST),
    "inclusion:participant_create": Route(get=STAFF),
    "inclusion:participant_data": Route(
        get=STAFF,
        post=STAFF_READ_POST,
        kwargs=_kw(public_id=lambda o: o["person"].public_id),
    ),
    "inclusion:participant_erase": Route(
        get=STAFF, kwargs=_kw(public_id=lambda o: o["person"].public_id)
    ),
    "inclusion:participant_detail": Route(
        get=STAFF,
        post=STAFF_READ_POST,
        kwargs=_kw(public_id=lambda o: o["person"].public_id),
    ),
    "inclusion:participant_edit": Route(
        get=STAFF, kwargs=_kw(public_id=lambda o: o["person"].public_id)
    ),
    "inclusion:staff_request_withdraw": Route(
        get=STAFF,
        post=staff_only(*OFFICER, ok="redirect"),
        kwargs=_kw(
            public_id=lambda o: o["person"].public_id,
            request_id=lambda o: o["waiting"].public_id,
        ),
    ),
    "inclusion:assisted_apply": Route(
        get=STAFF,
        kwargs=_kw(
            public_id=lambda o: o["person"].public_id,
            scheme=lambda o: o["scheme"].slug,
        ),
    ),
    # Staff: lending desk ---------------------------------------------------
    "inclusion:site_dashboard": Route(
        get=STAFF, post=STAFF_READ_POST, kwargs=_kw(slug=lambda o: o["site"].slug)
    ),
    "inclusion:waiting_list": Route(
        get=STAFF, post=STAFF_READ_POST, kwargs=_kw(slug=lambda o: o["site"].slug)
    ),
    "inclusion:site_loans": Route(
        get=STAFF,
        post=STAFF_READ_POST,
        kwargs=_kw(slug=lambda o: o["site"].slug, show=lambda o: "on_loan"),
    ),
    "inclusion:site_devices": Route(
        get=STAFF,
        post=STAFF_READ_POST,
        kwargs=_kw(slug=lambda o: o["site"].slug, status=lambda o: "on_loan"),
    ),
    "inclusion:overdue_list": Route(get=STAFF, post=STAFF_READ_POST),
    "inclusion:letters": Route(get=STAFF, post=STAFF_READ_POST),
    "inclusion:letter_print": Route(
        get=STAFF, post=STAFF_READ_POST, kwargs=_kw(pk=lambda o: o["reminder"].pk)
    ),
    "inclusion:letter_mark_posted": Route(
        get=staff_only(*OFFICER, ok="405"),
        post=staff_only(*OFFICER, ok="redirect"),
        kwargs=_kw(pk=lambda o: o["reminder"].pk),
    ),
    "inclusion:allocate": Route(
        get=STAFF, kwargs=_kw(public_id=lambda o: o["reserved_request"].public_id)
    ),
    "inclusion:loan_detail": Route(
        get=STAFF,
        post=STAFF_READ_POST,
        kwargs=_kw(public_id=lambda o: o["loan"].public_id),
    ),
    "inclusion:loan_collect": Route(
        get=STAFF, kwargs=_kw(public_id=lambda o: o["reserved"].public_id)
    ),
    "inclusion:loan_extend": Route(
        get=STAFF, kwargs=_kw(public_id=lambda o: o["loan"].public_id)
    ),
    "inclusion:loan_return": Route(
        get=STAFF, kwargs=_kw(public_id=lambda o: o["loan"].public_id)
    ),
    "inclusion:loan_cancel": Route(
        get=STAFF, kwargs=_kw(public_id=lambda o: o["reserved"].public_id)
    ),
    "inclusion:collection_letter": Route(
        get=STAFF,
        post=STAFF_READ_POST,
        kwargs=_kw(public_id=lambda o: o["reserved"].public_id),
    ),
    "inclusion:device_detail": Route(
        get=STAFF,
        post=staff_only(*OFFICER, ok="redirect"),
        kwargs=_kw(asset_tag=lambda o: o["device"].asset_tag),
        note="the device is on loan, so there is no wipe to record: back to it",
    ),
    "inclusion:device_incident": Route(
        get=STAFF, kwargs=_kw(asset_tag=lambda o: o["device"].asset_tag)
    ),
    # Staff: training and evaluation ----------------------------------------
    "inclusion:staff_session_list": Route(get=STAFF, post=STAFF_READ_POST),
    "inclusion:session_register": Route(
        get=STAFF,
        post=expect("405"),
        kwargs=_session(),
        note="open to the session's tutor too, so the view checks sign-in itself,"
        " after refusing a POST",
    ),
    "inclusion:staff_book": Route(
        get=staff_only(*OFFICER, ok="405"),
        post=staff_only(*OFFICER, ok="redirect"),
        kwargs=_session(),
        data=lambda w: {
            "participant": world(w)["reserved_request"].participant.public_id
        },
        note="the form is on the session list: GET is refused",
    ),
    "inclusion:staff_booking_cancel": Route(
        get=STAFF,
        post=staff_only(*OFFICER, ok="redirect"),
        kwargs=_session(booking_pk=lambda o: o["booking"].pk),
    ),
    "inclusion:staff_booking_told": Route(
        get=staff_only(*OFFICER, ok="redirect"),
        kwargs=_session(booking_pk=lambda o: o["booking"].pk),
        note="nothing to record for a learner never promoted: back to the register",
    ),
    "inclusion:attendance_record": Route(
        get=staff_only(*OFFICER, ok="redirect"),
        kwargs=_session(booking_pk=lambda o: o["booking"].pk),
        note="attendance can only be recorded once the session has started",
    ),
    "inclusion:confidence_paper": Route(
        get=STAFF,
        kwargs=_kw(public_id=lambda o: o["person"].public_id, stage=lambda o: "start"),
    ),
    "inclusion:evaluation": Route(get=STAFF, post=STAFF_READ_POST),
    "inclusion:evaluation_csv": Route(get=STAFF, post=STAFF_READ_POST),
}


# The Wagtail admin: the "Get online" menu is for inclusion officers ------
# People who cannot use the admin at all are refused with a 403; staff
# of other groups are turned away by Wagtail (a redirect to the dashboard
# with a message) or, for the stock report, with a 403 page.


# Wagtail's snippet views send staff without the model's permission to the
# dashboard ("redirect"), not a 403.
admin_only = partial(shared_admin_only, denied="redirect")


ADMIN_LIST = Route(get=admin_only(*OFFICER), post=admin_only(*OFFICER, ok="405"))
_SNIPPETS = {
    "site": "site",
    "openinghours": "hours",
    "device": "device",
    "scheme": "scheme",
    "course": "course",
    "trainingsession": "session",
    "confidencequestion": "question",
}
for _model, _key in _SNIPPETS.items():
    _prefix = f"wagtailsnippets_inclusion_{_model}"
    ROUTES[f"{_prefix}:list"] = ADMIN_LIST
    # An empty form is shown again with its errors.
    ROUTES[f"{_prefix}:add"] = Route(get=admin_only(*OFFICER))
    ROUTES[f"{_prefix}:edit"] = Route(
        get=admin_only(*OFFICER), kwargs=lambda w, key=_key: {"pk": world(w)[key].pk}
    )
ROUTES["inclusion_stock:index"] = Route(
    get=admin_only(*OFFICER, denied="403"),
    post=admin_only(*OFFICER, ok="405", denied="403"),
)
