"""'Your account' → 'Your data' and 'Delete your account' (UK GDPR rights)."""

from __future__ import annotations

import json
import re
from datetime import datetime

from allauth.core import ratelimit
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from civic.forms.account_delete import AccountDeleteForm
from civic.services.privacy import (
    AccountDeletionRefused,
    account_delete,
    account_deletion_blockers,
    account_export,
    sections,
)

_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@login_required
@require_GET
def your_data(request):
    return render(request, "civic/account/your_data.html", {"sections": sections()})


def _download(content: str, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"london-civic-portal-your-data-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@never_cache
@login_required
@require_GET
def your_data_json(request):
    data = account_export(user=request.user)
    content = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return _download(content, "application/json; charset=utf-8", "json")


def _readable(value):
    """One exported value as people read it (the JSON keeps the raw value)."""
    if value is None or value == "":
        return "–"
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            return value
        return date_format(timezone.localtime(when), "j F Y, g:ia")
    return value


def _record_rows(record: dict) -> list[dict]:
    rows = []
    for key, value in record.items():
        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
            rows.append({"key": key, "records": [_record_rows(item) for item in value]})
        elif isinstance(value, list):
            rows.append({"key": key, "value": ", ".join(str(v) for v in value)})
        else:
            rows.append({"key": key, "value": _readable(value)})
    return rows


@never_cache
@login_required
@require_GET
def your_data_html(request):
    data = account_export(user=request.user)
    readable = [
        {
            "name": section,
            "headings": [
                {
                    "name": heading,
                    "records": [
                        _record_rows(record)
                        for record in records
                        if isinstance(record, dict)
                    ],
                }
                for heading, records in (content or {}).items()
            ],
        }
        for section, content in data["sections"].items()
    ]
    content = render_to_string(
        "civic/account/your_data_download.html",
        {
            "sections": readable,
            "exported_at": _readable(data["exported_at"]),
        },
        request=request,
    )
    return _download(content, "text/html; charset=utf-8", "html")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    user = request.user
    reasons = account_deletion_blockers(user=user)
    form = AccountDeleteForm(
        data=request.POST if request.method == "POST" else None, user=user
    )
    if request.method == "POST" and not reasons:
        # allauth's limit on password re-entry: a stolen session cannot be
        # used to guess the password here.
        limited = ratelimit.consume_or_429(request, action="reauthenticate", user=user)
        if limited is not None:
            return limited
        if form.is_valid():
            try:
                account_delete(user=user)
            except AccountDeletionRefused as refused:
                reasons = refused.reasons
            else:
                logout(request)
                return redirect("civic:account_deleted")
    return render(
        request,
        "civic/account/delete.html",
        {"form": form, "reasons": reasons},
    )


@require_GET
def account_deleted(request):
    return render(request, "civic/account/deleted.html")
