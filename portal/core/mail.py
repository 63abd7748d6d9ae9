"""E-mail to people, rendered now (in the active language) and sent after the transaction commits."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string


def send_after_commit(to: list[str] | str, subject: str, template: str, context: dict) -> None:
    """Render ``template`` with ``context`` and send it by Celery once the current transaction
    commits, so a rolled-back change never mails anyone."""
    from portal.core.tasks import send_email

    recipients = [to] if isinstance(to, str) else list(to)
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    body = render_to_string(template, {"site_url": settings.SITE_URL, **context})
    transaction.on_commit(lambda: send_email.delay(str(subject), body, recipients))
