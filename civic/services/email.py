from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string

from civic.tasks import send_email


def email_send(
    *,
    to: list[str] | str,
    template: str,
    context: dict,
    headers: dict[str, str] | None = None,
) -> None:
    """Render ``<template>_subject.txt`` / ``_body.txt`` (and optional ``_body.html``)
    now, and send them from a Celery task once the current transaction commits,
    so that a rolled-back change never emails anyone.

    ``headers``: extra headers such as ``List-Unsubscribe`` for mailings."""
    recipients = [to] if isinstance(to, str) else list(to)
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_body.txt", context)
    try:
        html_body = render_to_string(f"{template}_body.html", context)
    except TemplateDoesNotExist:
        html_body = ""
    email_send_rendered(
        to=recipients,
        subject=subject,
        body=body,
        html_body=html_body,
        headers=headers,
    )


def email_send_rendered(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str = "",
    from_email=None,
    headers: dict[str, str] | None = None,
) -> None:
    transaction.on_commit(
        lambda: send_email.delay(
            to=to,
            subject=subject,
            body=body,
            html_body=html_body,
            from_email=from_email,
            headers=dict(headers or {}),
        )
    )
