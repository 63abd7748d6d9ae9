"""E-mail to people, rendered now (in the active language) and sent after the transaction commits."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

_held_back: ContextVar[bool] = ContextVar("email_held_back", default=False)


@contextmanager
def email_held_back() -> Iterator[None]:
    """Queue no e-mail from the block: workflows still run and leave their in-app notifications.
    For bulk work that replays workflows, such as loading the demo group, whose people must not
    be mailed and whose console must not fill with messages."""
    token = _held_back.set(True)
    try:
        yield
    finally:
        _held_back.reset(token)


def send_after_commit(to: list[str] | str, subject: str, template: str, context: dict) -> None:
    """Render ``template`` with ``context`` and send it by Celery once the current transaction
    commits, so a rolled-back change never mails anyone."""
    from portal.core.tasks import send_email

    recipients = [to] if isinstance(to, str) else list(to)
    recipients = [address for address in recipients if address]
    if not recipients or _held_back.get():
        return
    body = render_to_string(template, {"site_url": settings.SITE_URL, **context})
    transaction.on_commit(lambda: send_email.delay(str(subject), body, recipients))
