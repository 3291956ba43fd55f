"""Reporting a piece of content to the moderators (public side)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from civic.forms.moderation import ReportForm
from civic.ratelimit import rate_limit
from civic.registry import ModeratedType, registry
from civic.services import moderation as services

SESSION_KEY = "civic_last_report"


def _get_reportable(content_type: str, object_id: int) -> tuple[ModeratedType, object]:
    """The registered, visible object, or 404 (unknown type, missing or hidden)."""
    moderated = registry.moderated_type_for(content_type.lower())
    if moderated is None:
        raise Http404
    obj = moderated.model._default_manager.filter(pk=object_id).first()
    if obj is None or getattr(obj, "is_hidden", False):
        raise Http404
    return moderated, obj


def _remember(request, *, moderated: ModeratedType, obj, duplicate: bool) -> None:
    request.session[SESSION_KEY] = {
        "title": str(moderated.get_title(obj)),
        "url": moderated.get_url(obj),
        "duplicate": duplicate,
    }


@login_required
@rate_limit("report")
def report_create(request, content_type: str, object_id: int):
    moderated, obj = _get_reportable(content_type, object_id)
    if services.open_reports_for(obj).filter(reporter=request.user).exists():
        _remember(request, moderated=moderated, obj=obj, duplicate=True)
        return redirect("civic:report_done")

    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                reporter=request.user,
                content_object=obj,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except services.AlreadyReported:
            _remember(request, moderated=moderated, obj=obj, duplicate=True)
        else:
            _remember(request, moderated=moderated, obj=obj, duplicate=False)
        return redirect("civic:report_done")

    return render(
        request,
        "civic/moderation/report_form.html",
        {
            "form": form,
            "item_title": moderated.get_title(obj),
            "item_label": moderated.label,
            "item_url": moderated.get_url(obj),
        },
    )


@login_required
@require_safe
def report_done(request):
    report = request.session.get(SESSION_KEY)
    if report is None:  # nothing reported in this session: nothing to confirm
        return redirect("civic:account")
    return render(request, "civic/moderation/report_done.html", {"report": report})
