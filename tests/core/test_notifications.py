"""The bell: notify() leaves a notification per person and e-mails each one separately."""

from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from portal.core.models import Notification
from portal.core.notifications import notify


@pytest.fixture
def test_templates(settings):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [*settings.TEMPLATES[0]["DIRS"], Path(__file__).parents[1] / "templates"],
        }
    ]


def test_notify_reaches_each_active_person_once(personas, test_templates, django_capture_on_commit_callbacks):
    personas.school_staff.is_active = False
    people = [personas.school_admin, personas.teacher, personas.school_admin, personas.school_staff, None]
    with django_capture_on_commit_callbacks(execute=True):
        notify(people, "新的培训需求", "test_body.txt", {"what": "数控培训"}, url="/members/")
    assert sorted(n.recipient.username for n in Notification.objects.all()) == ["alice", "tina"]
    assert sorted(tuple(m.to) for m in mail.outbox) == [("alice@example.cn",), ("tina@example.cn",)]
    assert all("数控培训" in m.body and "/members/" in m.body for m in mail.outbox)


def test_the_bell_counts_unread_and_opening_marks_read(personas, client):
    mine = Notification.objects.create(recipient=personas.teacher, title="A", url="/members/directory/")
    Notification.objects.create(recipient=personas.teacher, title="B")
    Notification.objects.create(recipient=personas.school_admin, title="not for tina")
    client.force_login(personas.teacher)
    page = client.get(reverse("notifications:list"))
    assert [n.title for n in page.context["object_list"]] == ["B", "A"]
    assert page.context["unread_notifications"] == 2

    response = client.post(reverse("notifications:open", args=[mine.pk]))
    assert response.url == "/members/directory/"
    assert client.get("/").context["unread_notifications"] == 1

    client.post(reverse("notifications:list"))
    assert client.get("/").context["unread_notifications"] == 0


def test_a_notification_never_sends_anyone_off_site(personas, client):
    evil = Notification.objects.create(recipient=personas.teacher, title="x", url="https://evil.example/")
    client.force_login(personas.teacher)
    assert client.post(reverse("notifications:open", args=[evil.pk])).url == reverse("notifications:list")
