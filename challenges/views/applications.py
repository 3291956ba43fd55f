"""Startups' applications: start, the task list, its sections, files,
submit and withdraw. Every page finds the application through
``_application_for_member`` (edits) or ``_application_for_viewer`` (reads),
which answer 404 to anyone else, as if it did not exist."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from challenges import selectors
from challenges.access import can_view_application, is_startup_member
from challenges.forms.applications import (
    SECTION_FORMS,
    AttachmentForm,
    BudgetForm,
    StartApplicationForm,
)
from challenges.models import Application, Attachment, Challenge
from challenges.services import applications as services
from challenges.services.applications import SECTIONS_BY_KEY, ApplicationError
from challenges.services.attachments import attachment_add, attachment_delete
from challenges.uploads import CappedUploadHandler
from civic.permissions import verified_email_required


def _application_for_viewer(request, public_id) -> Application:
    application = (
        Application.objects.select_related(
            "challenge__programme", "challenge__owner", "organisation"
        )
        .filter(public_id=public_id)
        .first()
    )
    if application is None or not can_view_application(request.user, application):
        raise Http404
    return application


def _application_for_member(request, public_id) -> Application:
    application = _application_for_viewer(request, public_id)
    if not is_startup_member(request.user, application):
        raise Http404
    return application


def _refuse_if_closed(request, application):
    """Back to the task list, with the reason, when it can no longer change."""
    if services.is_editable(application):
        return None
    messages.error(request, _("This application can no longer be changed."))
    return redirect("challenges:application", public_id=application.public_id)


def _attachments(application):
    return list(application.attachments.all())


# --- Starting -------------------------------------------------------------------


@verified_email_required
def application_start(request, slug):
    challenge = get_object_or_404(
        Challenge.objects.select_related("programme"),
        slug=slug,
        status=Challenge.Status.PUBLISHED,
    )
    startups = services.startups_of(request.user)
    existing = (
        Application.objects.filter(
            challenge=challenge, organisation__in=[s.pk for s in startups]
        ).first()
        if startups
        else None
    )
    if existing is not None and len(startups) == 1:
        return redirect("challenges:application", public_id=existing.public_id)
    if not challenge.is_open_for_applications():
        return render(
            request,
            "challenges/applications/start_closed.html",
            {"challenge": challenge},
        )
    if not startups:
        return render(
            request, "challenges/applications/no_startup.html", {"challenge": challenge}
        )
    form = StartApplicationForm(request.POST or None, startups=startups)
    if request.method == "POST" and form.is_valid():
        try:
            application, _created = services.application_start(
                challenge=challenge,
                organisation=form.cleaned_data["organisation"],
                user=request.user,
            )
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            return redirect("challenges:application", public_id=application.public_id)
    return render(
        request,
        "challenges/applications/start.html",
        {"challenge": challenge, "form": form, "startups": startups},
    )


# --- Reading --------------------------------------------------------------------


@require_safe
@login_required
def my_applications(request):
    return render(
        request,
        "challenges/applications/mine.html",
        {
            "applications": list(selectors.applications_for_user(request.user)),
            "startups": services.startups_of(request.user),
        },
    )


def _task_list(application) -> list[dict]:
    from django.urls import reverse

    done = set(application.completed_sections or [])
    tasks = []
    for section in services.SECTIONS:
        tasks.append(
            {
                "title": section.title,
                "href": reverse(
                    "challenges:application_section",
                    kwargs={"public_id": application.public_id, "section": section.key},
                ),
                "status": "completed" if section.key in done else "incomplete",
            }
        )
    return tasks


@require_safe
@login_required
def application(request, public_id):
    application = _application_for_viewer(request, public_id)
    is_member = is_startup_member(request.user, application)
    editable = is_member and services.is_editable(application)
    missing = services.missing_sections(application)
    context = {
        "application": application,
        "challenge": application.challenge,
        "is_member": is_member,
        "editable": editable,
        "missing": missing,
        "budget_lines": list(application.budget_lines.all()),
        "attachments": _attachments(application),
    }
    if is_member and application.status in services.EDITABLE_STATUSES:
        from django.urls import reverse

        tasks = _task_list(application)
        check_task = {
            "title": _("Check and submit"),
            "href": reverse(
                "challenges:application_check",
                kwargs={"public_id": application.public_id},
            ),
            "status": "cannot_start" if missing else "incomplete",
        }
        if application.status == Application.Status.SUBMITTED:
            check_task["status"] = "completed"
            check_task["title"] = _("Check your submitted application")
        if not editable:
            for task in tasks:
                task["href"] = ""
            check_task["href"] = ""
        context["tasks"] = [*tasks, check_task]
        context["done_count"] = len(services.SECTIONS) - len(missing)
        context["section_count"] = len(services.SECTIONS)
        return render(request, "challenges/applications/task_list.html", context)
    return render(request, "challenges/applications/view.html", context)


# --- Sections -------------------------------------------------------------------


@verified_email_required
def application_section(request, public_id, section):
    application = _application_for_member(request, public_id)
    if section not in SECTIONS_BY_KEY:
        raise Http404
    if section == "budget":
        return _budget(request, application)
    if closed := _refuse_if_closed(request, application):
        return closed
    form_class = SECTION_FORMS[section]
    initial = {
        field: getattr(application, field) for field in SECTIONS_BY_KEY[section].fields
    }
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_save_section(
                application=application,
                user=request.user,
                section=section,
                data=form.cleaned_data,
            )
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Section saved."))
            return redirect("challenges:application", public_id=public_id)
    return _render_section(request, application, section, form)


def _render_section(request, application, section, form, upload_form=None):
    context = {
        "application": application,
        "challenge": application.challenge,
        "section": SECTIONS_BY_KEY[section],
        "section_title": SECTIONS_BY_KEY[section].title,
        "form": form,
    }
    if section == "evidence":
        context["upload_form"] = upload_form or AttachmentForm()
        context["attachments"] = _attachments(application)
    template = {
        "budget": "challenges/applications/budget.html",
        "declarations": "challenges/applications/declarations.html",
        "evidence": "challenges/applications/evidence.html",
    }.get(section, "challenges/applications/section.html")
    return render(request, template, context)


def _budget(request, application):
    if closed := _refuse_if_closed(request, application):
        return closed
    form = BudgetForm(
        request.POST or None,
        fund_pence=application.challenge.programme.testing_fund_pence,
        lines=list(application.budget_lines.all()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_save_budget(
                application=application,
                user=request.user,
                lines=form.cleaned_data["lines"],
            )
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Budget saved."))
            return redirect("challenges:application", public_id=application.public_id)
    return _render_section(request, application, "budget", form)


# --- Files ----------------------------------------------------------------------


@csrf_exempt  # only to swap the upload handler first: csrf_protect below checks
def attachment_upload(request, public_id):
    # Django reads the upload when the CSRF check first touches request.POST,
    # so the handler must be chosen before then (Django's documented way).
    request.upload_handlers = [CappedUploadHandler(request)]
    return _attachment_upload(request, public_id)


@csrf_protect
@require_POST
@verified_email_required
def _attachment_upload(request, public_id):
    application = _application_for_member(request, public_id)
    if closed := _refuse_if_closed(request, application):
        return closed
    upload_form = AttachmentForm(request.POST, request.FILES)
    if upload_form.is_valid():
        try:
            attachment_add(
                application=application,
                user=request.user,
                kind=upload_form.cleaned_data["kind"],
                uploaded=upload_form.cleaned_data["file"],
            )
        except ApplicationError as error:
            upload_form.add_error(None, str(error))
        else:
            messages.success(request, _("File uploaded."))
            return redirect(
                "challenges:application_section",
                public_id=public_id,
                section="evidence",
            )
    form = SECTION_FORMS["evidence"](initial={"evidence": application.evidence})
    return _render_section(request, application, "evidence", form, upload_form)


def _attachment_for_viewer(request, public_id) -> Attachment:
    attachment = (
        Attachment.objects.select_related(
            "application__challenge__programme", "application__organisation"
        )
        .filter(public_id=public_id)
        .first()
    )
    if attachment is None or not can_view_application(
        request.user, attachment.application
    ):
        raise Http404
    return attachment


@verified_email_required
def attachment_remove(request, public_id):
    attachment = _attachment_for_viewer(request, public_id)
    application = attachment.application
    if not is_startup_member(request.user, application):
        raise Http404
    if closed := _refuse_if_closed(request, application):
        return closed
    if request.method == "POST":
        try:
            attachment_delete(attachment=attachment, user=request.user)
        except ApplicationError as error:
            messages.error(request, str(error))
            return redirect("challenges:application", public_id=application.public_id)
        messages.success(request, _("File deleted."))
        return redirect(
            "challenges:application_section",
            public_id=application.public_id,
            section="evidence",
        )
    return render(
        request,
        "challenges/applications/attachment_delete.html",
        {"attachment": attachment, "application": application},
    )


@require_safe
@login_required
def attachment_download(request, public_id):
    attachment = _attachment_for_viewer(request, public_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- Check, submit, withdraw ----------------------------------------------------


@verified_email_required
def application_check(request, public_id):
    application = _application_for_member(request, public_id)
    if closed := _refuse_if_closed(request, application):
        return closed
    missing = services.missing_sections(application)
    error = ""
    if request.method == "POST":
        try:
            services.application_submit(application=application, user=request.user)
        except ApplicationError as refused:
            error = str(refused)
        else:
            return redirect(
                "challenges:application_submitted", public_id=application.public_id
            )
    return render(
        request,
        "challenges/applications/check.html",
        {
            "application": application,
            "challenge": application.challenge,
            "missing": missing,
            "error": error,
            "budget_lines": list(application.budget_lines.all()),
            "attachments": _attachments(application),
            "editable": True,
        },
    )


@require_safe
@login_required
def application_submitted(request, public_id):
    application = _application_for_member(request, public_id)
    if application.reference is None:
        return redirect("challenges:application", public_id=public_id)
    return render(
        request,
        "challenges/applications/submitted.html",
        {"application": application, "challenge": application.challenge},
    )


@verified_email_required
def application_withdraw(request, public_id):
    application = _application_for_member(request, public_id)
    if application.status not in services.WITHDRAWABLE_STATUSES:
        messages.error(request, _("This application can no longer be withdrawn."))
        return redirect("challenges:application", public_id=public_id)
    if request.method == "POST":
        try:
            result = services.application_withdraw(
                application=application, user=request.user
            )
        except ApplicationError as error:
            messages.error(request, str(error))
            return redirect("challenges:application", public_id=public_id)
        if result is None:
            messages.success(request, _("Your draft application has been deleted."))
        else:
            messages.success(request, _("Your application has been withdrawn."))
        return redirect("challenges:my_applications")
    return render(
        request,
        "challenges/applications/withdraw.html",
        {"application": application, "challenge": application.challenge},
    )
