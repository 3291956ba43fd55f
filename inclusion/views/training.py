"""Skills training: courses and sessions for everyone, booking and "Your
training" for residents, booking for a resident, the register and attendance
for staff and tutors, and the confidence questionnaire."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from civic.permissions import staff_permission_required, verified_email_required
from inclusion.forms.evaluation import ConfidenceForm, PaperLoanForm
from inclusion.forms.training import (
    AttendanceForm,
    ConfirmForm,
    CourseFilterForm,
    SiteFilterForm,
    StaffBookForm,
)
from inclusion.models import (
    OFFER_HOURS,
    Booking,
    ConfidenceCheck,
    ConfidenceQuestion,
    Course,
    Loan,
    Participant,
    SkillArea,
    TrainingSession,
)
from inclusion.selectors import (
    offer_hours_left,
    participant_for_user,
    participant_training_hours,
    participants_training_hours,
    session_when,
    upcoming_sessions,
)
from inclusion.services.attendance import (
    AttendanceError,
    attendance_record,
    default_hours,
    session_length_hours,
)
from inclusion.services.bookings import (
    BookingError,
    booking_cancel,
    booking_create,
    booking_mark_told,
    needs_telling_by_phone_or_letter,
)
from inclusion.services.evaluation import (
    ConfidenceError,
    confidence_already_answered,
    confidence_check_record,
)

PAGE_SIZE = 20
NEXT_SESSIONS = 3
RUN_LENDING = "inclusion.run_lending"
ACTIVE = (Booking.Status.BOOKED, Booking.Status.WAITLISTED)


def _page(request: HttpRequest, items, size: int = PAGE_SIZE):
    return Paginator(items, size).get_page(request.GET.get("page"))


def _skill_labels(course: Course) -> list[str]:
    labels = dict(SkillArea.choices)
    return [str(labels[code]) for code in course.skill_areas if code in labels]


def _length(course: Course) -> str:
    if course.hours == 1:
        return _("1 hour")
    return _("%(hours)s hours") % {"hours": _hours_text(course.hours)}


def _with_when(sessions):
    for session in sessions:
        session.when = session_when(session)
    return sessions


def _hours_text(hours: Decimal) -> str:
    return f"{Decimal(hours).normalize():f}"


# --- Public: courses and sessions ------------------------------------------------


@require_safe
def course_list(request: HttpRequest) -> HttpResponse:
    form = CourseFilterForm(request.GET or None)
    sessions = upcoming_sessions().filter(cancelled_at__isnull=True)
    if form.is_valid():
        if form.cleaned_data["borough"]:
            sessions = sessions.filter(site__borough=form.cleaned_data["borough"])
        if form.cleaned_data["site"]:
            sessions = sessions.filter(site=form.cleaned_data["site"])
    courses = Course.objects.filter(is_active=True)
    if form.is_valid() and (form.cleaned_data["borough"] or form.cleaned_data["site"]):
        courses = courses.filter(pk__in=sessions.values("course_id"))
    page_obj = _page(
        request,
        courses.prefetch_related(
            Prefetch("sessions", queryset=sessions, to_attr="upcoming")
        ),
    )
    for course in page_obj.object_list:
        course.skill_labels = _skill_labels(course)
        course.length = _length(course)
        course.next_sessions = _with_when(course.upcoming[:NEXT_SESSIONS])
    return render(
        request,
        "inclusion/training/course_list.html",
        {"form": form, "page_obj": page_obj},
    )


@require_safe
def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    course = get_object_or_404(Course, slug=slug, is_active=True)
    course.length = _length(course)
    page_obj = _page(
        request, upcoming_sessions().filter(course=course, cancelled_at__isnull=True)
    )
    _with_when(page_obj.object_list)
    return render(
        request,
        "inclusion/training/course_detail.html",
        {
            "course": course,
            "skill_labels": _skill_labels(course),
            "page_obj": page_obj,
        },
    )


def _public_session(pk: int) -> TrainingSession:
    return get_object_or_404(
        TrainingSession.objects.select_related("course", "site", "tutor").filter(
            course__is_active=True
        ),
        pk=pk,
    )


@require_safe
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _public_session(pk)
    session.when = session_when(session)
    participant = participant_for_user(request.user)
    own = None
    if participant is not None:
        own = Booking.objects.filter(
            session=session, participant=participant, status__in=ACTIVE
        ).first()
    return render(
        request,
        "inclusion/training/session_detail.html",
        {
            "session": session,
            "own_booking": own,
            "is_past": session.starts_at <= timezone.now(),
        },
    )


def _details_first(request: HttpRequest, back_to: str) -> HttpResponse:
    return redirect(
        reverse("inclusion:your_details") + "?" + urlencode({"next": back_to})
    )


@verified_email_required
@require_http_methods(["GET", "POST"])
def session_book(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Book a place" / "Join the waiting list": a confirm page, then book."""
    session = _public_session(pk)
    session.when = session_when(session)
    participant = participant_for_user(request.user)
    if participant is None:
        return _details_first(request, request.path)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            booking = booking_create(session=session, participant=participant)
        except BookingError as error:
            messages.error(request, error.message)
            return redirect("inclusion:session_detail", pk=session.pk)
        if booking.status == Booking.Status.BOOKED:
            messages.success(
                request,
                _("You have a place on %(course)s, %(when)s.")
                % {"course": session.course.title, "when": session.when},
            )
        else:
            messages.success(
                request,
                _(
                    "You are on the waiting list for %(course)s, %(when)s. "
                    "We will tell you if a place comes up."
                )
                % {"course": session.course.title, "when": session.when},
            )
        return redirect("inclusion:my_training")
    return render(
        request,
        "inclusion/training/session_book.html",
        {"session": session, "form": form},
    )


# --- The resident's training --------------------------------------------------------


@verified_email_required
@require_safe
def my_training(request: HttpRequest) -> HttpResponse:
    participant = participant_for_user(request.user)
    if participant is None:
        return render(request, "inclusion/training/my_training_no_record.html")
    hours = participant_training_hours(participant)
    bookings = (
        Booking.objects.filter(participant=participant)
        .exclude(status=Booking.Status.CANCELLED)
        .select_related("session__course", "session__site")
        .order_by("-session__starts_at", "-id")
    )
    page_obj = _page(request, bookings)
    now = timezone.now()
    for booking in page_obj.object_list:
        booking.when = session_when(booking.session)
        booking.can_cancel = (
            booking.session.starts_at > now and booking.session.cancelled_at is None
        )
    return render(
        request,
        "inclusion/training/my_training.html",
        {
            "page_obj": page_obj,
            "hours": _hours_text(hours),
            "hours_left": _hours_text(offer_hours_left(hours)),
            "offer": _hours_text(OFFER_HOURS),
            "hours_tenths": int(min(hours, OFFER_HOURS) * 10),
            "offer_tenths": int(OFFER_HOURS * 10),
        },
    )


@verified_email_required
@require_http_methods(["GET", "POST"])
def booking_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    participant = participant_for_user(request.user)
    if participant is None:
        raise Http404
    booking = get_object_or_404(
        Booking.objects.select_related("session__course", "session__site"),
        pk=pk,
        participant=participant,
        status__in=ACTIVE,
    )
    booking.when = session_when(booking.session)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            booking_cancel(booking=booking, by=request.user)
        except BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your booking has been cancelled."))
        return redirect("inclusion:my_training")
    return render(
        request,
        "inclusion/training/booking_cancel.html",
        {"booking": booking, "session": booking.session, "form": form},
    )


# --- Staff: booking for a resident, the register and attendance --------------


@staff_permission_required(RUN_LENDING)
@require_safe
def staff_session_list(request: HttpRequest) -> HttpResponse:
    form = SiteFilterForm(request.GET or None)
    sessions = upcoming_sessions().filter(cancelled_at__isnull=True)
    if form.is_valid() and form.cleaned_data["site"]:
        sessions = sessions.filter(site=form.cleaned_data["site"])
    for_participant = None
    if request.GET.get("for"):
        try:
            for_id = uuid.UUID(request.GET["for"])
        except ValueError:
            raise Http404 from None
        for_participant = get_object_or_404(Participant, public_id=for_id)
    page_obj = _page(request, sessions)
    _with_when(page_obj.object_list)
    return render(
        request,
        "inclusion/training/staff_session_list.html",
        {"form": form, "page_obj": page_obj, "for_participant": for_participant},
    )


@staff_permission_required(RUN_LENDING)
@require_POST
def staff_book(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(TrainingSession.objects.select_related("course"), pk=pk)
    form = StaffBookForm(request.POST)
    if not form.is_valid():
        raise Http404
    participant = get_object_or_404(
        Participant, public_id=form.cleaned_data["participant"]
    )
    try:
        booking = booking_create(
            session=session, participant=participant, staff=request.user
        )
    except BookingError as error:
        message = error.message
        if error.code == "duplicate":
            message = _(
                "%(name)s already has a place or a waiting-list place on this session."
            ) % {"name": participant.full_name}
        messages.error(request, message)
        return redirect(
            reverse("inclusion:staff_session_list")
            + "?"
            + urlencode({"for": str(participant.public_id)})
        )
    if booking.status == Booking.Status.BOOKED:
        text = _("%(name)s has a place on this session.")
    else:
        text = _("%(name)s is on the waiting list for this session.")
    messages.success(request, text % {"name": participant.full_name})
    return redirect("inclusion:session_register", pk=session.pk)


def _session_for_register(request: HttpRequest, pk: int) -> TrainingSession:
    """The session's tutor, or lending staff; others 403, anonymous sign in."""
    session = get_object_or_404(
        TrainingSession.objects.select_related("course", "site", "tutor"), pk=pk
    )
    if not (
        request.user.has_perm(RUN_LENDING)
        or (session.tutor_id is not None and session.tutor_id == request.user.pk)
    ):
        raise PermissionDenied
    return session


@require_safe
def session_register(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    session = _session_for_register(request, pk)
    session.when = session_when(session)
    bookings = list(
        Booking.objects.filter(session=session, status__in=ACTIVE)
        .select_related("participant")
        .order_by("created_at", "id")
    )
    totals = participants_training_hours(b.participant_id for b in bookings)
    for booking in bookings:
        booking.total_hours = _hours_text(totals.get(booking.participant_id, 0))
        booking.tell_by_post = needs_telling_by_phone_or_letter(booking)
    return render(
        request,
        "inclusion/training/session_register.html",
        {
            "session": session,
            "booked": [b for b in bookings if b.status == Booking.Status.BOOKED],
            "waiting": [b for b in bookings if b.status == Booking.Status.WAITLISTED],
            "has_started": session.starts_at <= timezone.now(),
            "can_manage": request.user.has_perm(RUN_LENDING),
            "offer": _hours_text(OFFER_HOURS),
        },
    )


def _staff_booking(pk: int, booking_pk: int) -> Booking:
    return get_object_or_404(
        Booking.objects.select_related(
            "session__course", "session__site", "participant"
        ),
        pk=booking_pk,
        session_id=pk,
        status__in=ACTIVE,
    )


@staff_permission_required(RUN_LENDING)
@require_http_methods(["GET", "POST"])
def staff_booking_cancel(
    request: HttpRequest, pk: int, booking_pk: int
) -> HttpResponse:
    """Cancel a place, or take someone off a session's waiting list, for them.
    A freed place goes to the next person waiting, as when they cancel."""
    booking = _staff_booking(pk, booking_pk)
    session = booking.session
    booking.when = session_when(session)
    from_resident = (request.POST.get("from") or request.GET.get("from")) == "resident"
    back = (
        reverse("inclusion:participant_detail", args=[booking.participant.public_id])
        if from_resident
        else reverse("inclusion:session_register", args=[session.pk])
    )
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        was_waiting = booking.status == Booking.Status.WAITLISTED
        try:
            promoted = booking_cancel(booking=booking, by=request.user)
        except BookingError as error:
            messages.error(request, error.message)
        else:
            name = booking.participant.full_name
            messages.success(
                request,
                (
                    _("%(name)s has been taken off the waiting list.")
                    if was_waiting
                    else _("The booking for %(name)s has been cancelled.")
                )
                % {"name": name},
            )
            if promoted is not None:
                messages.info(
                    request,
                    _("The place has gone to %(name)s.")
                    % {"name": promoted.participant.full_name},
                )
        return redirect(back)
    return render(
        request,
        "inclusion/training/staff_booking_cancel.html",
        {
            "booking": booking,
            "session": session,
            "form": form,
            "back": back,
            "from_resident": from_resident,
        },
    )


@staff_permission_required(RUN_LENDING)
@require_http_methods(["GET", "POST"])
def staff_booking_told(request: HttpRequest, pk: int, booking_pk: int) -> HttpResponse:
    """Record that a promoted learner with no email was phoned or written to."""
    booking = _staff_booking(pk, booking_pk)
    if not needs_telling_by_phone_or_letter(booking):
        return redirect("inclusion:session_register", pk=booking.session_id)
    booking.when = session_when(booking.session)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        booking_mark_told(booking=booking, staff=request.user)
        messages.success(
            request,
            _("Recorded that %(name)s has been told about their place.")
            % {"name": booking.participant.full_name},
        )
        return redirect("inclusion:session_register", pk=booking.session_id)
    return render(
        request,
        "inclusion/training/staff_booking_told.html",
        {"booking": booking, "session": booking.session, "form": form},
    )


@require_http_methods(["GET", "POST"])
def attendance_view(request: HttpRequest, pk: int, booking_pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    session = _session_for_register(request, pk)
    session.when = session_when(session)
    booking = get_object_or_404(
        Booking.objects.select_related("participant"),
        pk=booking_pk,
        session=session,
        status=Booking.Status.BOOKED,
    )
    if session.starts_at > timezone.now():
        messages.error(
            request, _("You can record attendance once the session has started.")
        )
        return redirect("inclusion:session_register", pk=session.pk)
    longest = session_length_hours(session)
    initial = {
        "attended": {"attended": "yes", "absent": "no"}.get(booking.attendance),
        "hours": _hours_text(
            booking.hours
            if booking.attendance == "attended"
            else default_hours(session)
        ),
    }
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        max_hours=longest,
    )
    if request.method == "POST" and form.is_valid():
        try:
            attendance_record(
                booking=booking,
                attended=form.cleaned_data["attended"],
                hours=form.cleaned_data["hours"],
                by=request.user,
            )
        except AttendanceError as error:
            form.add_error("hours" if error.code == "hours" else None, error.message)
        else:
            messages.success(
                request,
                _("Attendance recorded for %(name)s.")
                % {"name": booking.participant.full_name},
            )
            return redirect("inclusion:session_register", pk=session.pk)
    return render(
        request,
        "inclusion/training/attendance.html",
        {
            "session": session,
            "booking": booking,
            "form": form,
            "longest": _hours_text(longest),
        },
    )


# --- The confidence questionnaire ------------------------------------------------


def _stage_or_404(stage: str) -> str:
    if stage not in ConfidenceCheck.Stage.values:
        raise Http404
    return stage


def _active_questions():
    return list(ConfidenceQuestion.objects.filter(is_active=True))


@verified_email_required
@require_http_methods(["GET", "POST"])
def confidence_online(request: HttpRequest, public_id, stage: str) -> HttpResponse:
    stage = _stage_or_404(stage)
    loan = get_object_or_404(
        Loan.objects.exclude(status=Loan.Status.CANCELLED),
        public_id=public_id,
        participant__user=request.user,
    )
    context = {"loan": loan, "stage": stage, "stage_label": _stage_label(stage)}
    if confidence_already_answered(loan=loan, stage=stage):
        return render(request, "inclusion/evaluation/confidence_already.html", context)
    questions = _active_questions()
    form = ConfidenceForm(
        request.POST if request.method == "POST" else None, questions=questions
    )
    if request.method == "POST" and form.is_valid():
        try:
            confidence_check_record(
                loan=loan,
                stage=stage,
                scores=form.scores(),
                source=ConfidenceCheck.Source.ONLINE,
            )
        except ConfidenceError as error:
            if error.code == "already_answered":
                return render(
                    request, "inclusion/evaluation/confidence_already.html", context
                )
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you. Your answers have been saved."))
            return redirect(request.path)
    return render(
        request,
        "inclusion/evaluation/confidence_online.html",
        {**context, "form": form, "questions": questions},
    )


def _stage_label(stage: str) -> str:
    return str(
        _("the start of your loan") if stage == "start" else _("the end of your loan")
    )


@staff_permission_required(RUN_LENDING)
@require_http_methods(["GET", "POST"])
def confidence_paper(request: HttpRequest, public_id, stage: str) -> HttpResponse:
    stage = _stage_or_404(stage)
    participant = get_object_or_404(Participant, public_id=public_id)
    loans = (
        Loan.objects.filter(participant=participant)
        .exclude(status=Loan.Status.CANCELLED)
        .select_related("device")
        .order_by("-starts_on", "-id")
    )
    questions = _active_questions()
    is_post = request.method == "POST"
    loan_form = PaperLoanForm(request.POST if is_post else None, loans=loans)
    form = ConfidenceForm(request.POST if is_post else None, questions=questions)
    if is_post and loan_form.is_valid() and form.is_valid():
        try:
            confidence_check_record(
                loan=loan_form.cleaned_data["loan"],
                stage=stage,
                scores=form.scores(),
                source=ConfidenceCheck.Source.PAPER,
                entered_by=request.user,
            )
        except ConfidenceError as error:
            if error.code == "already_answered":
                loan_form.add_error(
                    "loan",
                    _(
                        "The answers for this stage of that loan have already been entered"
                    ),
                )
            else:
                form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Paper answers saved for %(name)s.")
                % {"name": participant.full_name},
            )
            return redirect(request.path)
    return render(
        request,
        "inclusion/evaluation/confidence_paper.html",
        {
            "participant": participant,
            "stage": stage,
            "stage_title": ConfidenceCheck.Stage(stage).label,
            "loan_form": loan_form,
            "form": form,
        },
    )
