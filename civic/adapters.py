from allauth.account.adapter import DefaultAccountAdapter

from civic.services.email import email_send_rendered


class AccountAdapter(DefaultAccountAdapter):
    """allauth's emails go through the same Celery path as every other email."""

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        html_body = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html_body = content
        email_send_rendered(
            to=list(message.to),
            subject=message.subject,
            body=message.body,
            html_body=html_body,
            from_email=message.from_email,
        )
