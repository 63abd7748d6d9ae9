"""The workflows of the member register. Pages, the API and the admin all call these; each
locks what it checks and changes it in one transaction, records history and queues e-mail on
commit."""

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from members.choices import APPLICATION_STATUS, UNIT_STATUS, UnitStatus
from members.models import MembershipApplication, MemberUnit, User
from portal.core.mail import send_after_commit
from portal.core.roles import Role
from portal.core.workflow import WorkflowError

_UNIT_FIELDS = (
    "kind",
    "name_zh",
    "name_en",
    "short_name",
    "credit_code",
    "province",
    "city",
    "address",
    "website",
    "description",
    "contact_name",
    "contact_phone",
    "contact_email",
)


def unit_people(unit_ids, roles=(Role.UNIT_ADMIN,)) -> list[User]:
    """The active people of these units in these roles: whom a workflow notifies."""
    return list(User.objects.filter(unit_id__in=list(unit_ids), role__in=roles, is_active=True))


def secretariat_people() -> list[User]:
    return list(User.objects.filter(role=Role.SECRETARIAT, is_active=True))


def secretariat_emails() -> list[str]:
    return list(
        User.objects.filter(role=Role.SECRETARIAT, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def submit_application(application: MembershipApplication, industries) -> MembershipApplication:
    """Save a visitor's application and tell the secretariat."""
    with transaction.atomic():
        application.save()
        application.industries.set(industries)
        send_after_commit(
            secretariat_emails(),
            _("New membership application: %(name)s") % {"name": application.name_zh},
            "members/email/application_received.txt",
            {"application": application},
        )
        send_after_commit(
            application.contact_email,
            _("We have received your membership application"),
            "members/email/application_acknowledged.txt",
            {"application": application},
        )
    return application


def approve_application(application: MembershipApplication, by: User) -> MemberUnit:
    """Admit the applicant: create the member unit and invite its administrator."""
    with transaction.atomic():
        application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
        APPLICATION_STATUS.check(application, "approve")
        if MemberUnit.objects.filter(credit_code=application.credit_code).exists():
            raise WorkflowError(_("A member unit with this unified social credit code already exists."))
        if User.objects.filter(email__iexact=application.contact_email).exists():
            raise WorkflowError(_("The contact e-mail address already belongs to an account."))
        unit = MemberUnit(**{f: getattr(application, f) for f in _UNIT_FIELDS})
        unit._change_reason = _("Admitted from membership application")
        try:
            unit.full_clean()
        except ValidationError as error:
            raise WorkflowError(" ".join(error.messages)) from error
        unit.save()
        unit.industries.set(application.industries.all())
        admin = User(
            username=application.contact_email.lower(),
            email=application.contact_email,
            name=application.contact_name,
            phone=application.contact_phone,
            role=Role.UNIT_ADMIN,
            unit=unit,
        )
        admin.set_unusable_password()
        admin.save()
        application.status = APPLICATION_STATUS.transitions["approve"].target
        application.decided_by = by
        application.decided_at = timezone.now()
        application.unit = unit
        application.save()
        _invite(admin, by)
    return unit


def reject_application(application: MembershipApplication, by: User, reason: str) -> MembershipApplication:
    with transaction.atomic():
        application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
        APPLICATION_STATUS.check(application, "reject")
        application.status = APPLICATION_STATUS.transitions["reject"].target
        application.decided_by = by
        application.decided_at = timezone.now()
        application.rejection_reason = reason
        application._change_reason = reason
        application.save()
        send_after_commit(
            application.contact_email,
            _("Your membership application"),
            "members/email/application_rejected.txt",
            {"application": application},
        )
    return application


def change_unit_status(unit: MemberUnit, transition: str, by: User, reason: str) -> MemberUnit:
    """Suspend, withdraw or reinstate a unit, keeping the reason in its history."""
    with transaction.atomic():
        unit = MemberUnit.objects.select_for_update().get(pk=unit.pk)
        step = UNIT_STATUS.check(unit, transition)
        unit.status = step.target
        unit.left_on = timezone.localdate() if step.target == UnitStatus.WITHDRAWN else None
        unit._change_reason = reason
        unit.save()
    return unit


def suspend_unit(unit, by, reason):
    return change_unit_status(unit, "suspend", by, reason)


def withdraw_unit(unit, by, reason):
    return change_unit_status(unit, "withdraw", by, reason)


def reinstate_unit(unit, by, reason):
    return change_unit_status(unit, "reinstate", by, reason)


def invite_person(person: User, by: User) -> User:
    """Create a person's account in their unit and e-mail them a link to choose a password."""
    with transaction.atomic():
        person.username = person.username or person.email.lower()
        if User.objects.filter(username__iexact=person.username).exists():
            raise WorkflowError(_("An account with this user name already exists."))
        person.set_unusable_password()
        person.save()
        _invite(person, by)
    return person


def save_person(person: User, by: User) -> User:
    """Save changes to a person's role or activity; a unit always keeps an active administrator,
    and nobody deactivates or demotes themselves."""
    with transaction.atomic():
        if person.pk == by.pk and (not person.is_active or person.role != by.role):
            raise WorkflowError(_("You cannot deactivate your own account or change your own role."))
        if person.unit_id:
            admins = list(
                User.objects.select_for_update()
                .filter(unit_id=person.unit_id, role=Role.UNIT_ADMIN, is_active=True)
                .exclude(pk=person.pk)
                .values_list("pk", flat=True)
            )
            if not admins and not (person.is_active and person.role == Role.UNIT_ADMIN):
                raise WorkflowError(_("A unit must keep at least one active administrator."))
        person.save()
    return person


def _invite(person: User, by: User) -> None:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    send_after_commit(
        person.email,
        _("Your account on the group portal"),
        "members/email/invitation.txt",
        {
            "person": person,
            "invited_by": by,
            "link": reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}),
        },
    )
