"""Telling people what happened: an in-app notification under the bell, and the same by e-mail
once the transaction commits. Every app's workflow calls :func:`notify`."""

from django.template.loader import render_to_string

from portal.core.mail import send_after_commit
from portal.core.models import Notification


def notify(recipients, title: str, template: str, context: dict, url: str = "", email: bool = True) -> None:
    """Notify each active person in ``recipients`` (users, duplicates dropped).

    ``template`` renders the message body (plain text), the same for the bell and the e-mail.
    """
    people = {person.pk: person for person in recipients if person is not None and person.is_active}
    if not people:
        return
    body = render_to_string(template, context).strip()
    Notification.objects.bulk_create(
        Notification(recipient=person, title=str(title)[:200], body=body, url=url)
        for person in people.values()
    )
    if email:
        for person in people.values():  # one message each: recipients never see each other
            send_after_commit(
                person.email,
                title,
                "core/email/notification.txt",
                {"person": person, "body": body, "link": url},
            )
