from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string

from civic.models import OutboxEmail
from civic.tasks import deliver_outbox_email, enqueue


def email_send(
    *,
    to: list[str] | str,
    template: str,
    context: dict,
    headers: dict[str, str] | None = None,
) -> None:
    """Render ``<template>_subject.txt`` / ``_body.txt`` (and optional ``_body.html``)
    now, and put them in the outbox in the current transaction: a rolled-back
    change never emails anyone, and a committed one always does, once.

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
) -> OutboxEmail:
    """Write the email to the outbox in the caller's transaction; once that
    commits, try to queue its delivery. If the broker is down the email waits in
    the outbox and the every-minute sweep (civic.tasks.drain_outbox) sends it."""
    email = OutboxEmail.objects.create(
        to=list(to),
        subject=subject,
        body=body,
        html_body=html_body,
        from_email=from_email or "",
        headers=dict(headers or {}),
    )
    transaction.on_commit(lambda: enqueue(deliver_outbox_email, email.pk))
    return email
