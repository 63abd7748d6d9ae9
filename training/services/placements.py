"""The workflow of teachers' enterprise practice (教师企业实践). Pages, the API and the admin all call
these; each locks the rows it checks and changes them in one transaction, records history and
notifies people on commit.

The rules that matter: an offer's slots are never held by more applications than it has, and a
teacher never holds two placements that overlap in time. Every function that may take a slot locks
the offer's row first, so the decisions on one offer are taken one after another and each sees the
ones before it; one that gives a teacher a placement then locks the teacher's row, so two
enterprises cannot give the same teacher overlapping placements at the same moment. The lock order
is always offer, application, teacher.

When the slots are full, applications the school approves wait in the order it approved them; a
slot freed by a withdrawal is offered to the first on the list, with a deadline to confirm, after
which it passes to the next (``expire_slot_offers``, run by the beat)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.choices import UnitStatus
from members.models import User
from members.services import unit_people
from portal.core.notifications import notify
from portal.core.roles import Role
from portal.core.workflow import InvalidInput, WorkflowError
from training.choices import (
    APPLICATION_STATUS,
    LIVE_APPLICATION,
    OCCUPIES_TEACHER,
    OFFER_STATUS,
    ApplicationStatus,
    OfferStatus,
)
from training.models import PlacementApplication, PlacementOffer

_ENTERPRISE_ROLES = (Role.UNIT_ADMIN, Role.UNIT_STAFF)
# Fields an offer keeps once teachers hold its slots: their placements were agreed on these dates.
_DATE_FIELDS = ("starts_on", "ends_on")


def _enterprise_people(offer: PlacementOffer) -> list[User]:
    return unit_people([offer.unit_id], roles=_ENTERPRISE_ROLES)


def _school_admins(application: PlacementApplication) -> list[User]:
    return unit_people([application.school_id])


def _date(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _lock_offer(offer_id: int) -> PlacementOffer:
    return PlacementOffer.objects.select_for_update(of=("self",)).select_related("unit").get(pk=offer_id)


def _lock_application(application: PlacementApplication) -> PlacementApplication:
    return (
        PlacementApplication.objects.select_for_update(of=("self",))
        .select_related("teacher", "school")
        .get(pk=application.pk)
    )


def _reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Give a reason; the teacher will read it."), "reason")
    return reason


def _slots_held(offer: PlacementOffer) -> int:
    return offer.applications.holding_slots().count()


def _must_be_the_teacher(application: PlacementApplication, by: User) -> None:
    if by.pk != application.teacher_id:
        raise WorkflowError(_("Only the teacher who applied can do this."))


def _overlapping_placement(application: PlacementApplication) -> PlacementApplication | None:
    """Another placement the teacher holds (or is offered) that shares a day with this one."""
    offer = application.offer
    return (
        PlacementApplication.objects.filter(
            teacher_id=application.teacher_id,
            status__in=sorted(OCCUPIES_TEACHER),
            offer__starts_on__lte=offer.ends_on,
            offer__ends_on__gte=offer.starts_on,
        )
        .exclude(pk=application.pk)
        .select_related("offer")
        .first()
    )


def _check_teacher_is_free(application: PlacementApplication) -> None:
    # The teacher's row serialises the placements given to one teacher across offers.
    User.objects.select_for_update().filter(pk=application.teacher_id).first()
    clash = _overlapping_placement(application)
    if clash is not None:
        raise WorkflowError(
            _(
                "%(teacher)s already has the placement “%(offer)s” from %(start)s to %(end)s, "
                "which overlaps this one."
            )
            % {
                "teacher": application.teacher,
                "offer": clash.offer.title,
                "start": _date(clash.offer.starts_on),
                "end": _date(clash.offer.ends_on),
            }
        )


# Offers


def _check_offer(offer: PlacementOffer, stored: PlacementOffer | None) -> None:
    """The rules of an offer as posted or changed; ``stored`` is the offer as it was."""
    unit = offer.unit
    if unit.is_school or unit.status != UnitStatus.ACTIVE:
        raise InvalidInput(_("Placements are offered by active member enterprises."), "unit")
    try:
        offer.full_clean(exclude=["posted_by"])
    except ValidationError as error:
        raise InvalidInput.from_validation_error(error) from error
    if (stored is None or offer.apply_by != stored.apply_by) and offer.apply_by < timezone.localdate():
        raise InvalidInput(_("The last day to apply has already passed."), "apply_by")
    if stored is None:
        return
    held = _slots_held(stored)
    if held:
        for field in _DATE_FIELDS:
            if getattr(offer, field) != getattr(stored, field):
                raise InvalidInput(
                    _("Teachers already hold slots on these dates; they can no longer change."), field
                )
    if offer.slots < held:
        raise InvalidInput(
            ngettext(
                "%(held)d slot is already taken; the offer cannot have fewer.",
                "%(held)d slots are already taken; the offer cannot have fewer.",
                held,
            )
            % {"held": held},
            "slots",
        )


def check_offer(offer: PlacementOffer) -> None:
    """Raise InvalidInput if the offer could not be posted or saved as it is: for forms, which
    show the message on its field before the service saves (and checks again, under lock)."""
    stored = PlacementOffer.objects.get(pk=offer.pk) if offer.pk else None
    if stored is not None:
        offer.unit_id = stored.unit_id
    _check_offer(offer, stored)


def post_offer(offer: PlacementOffer, by: User) -> PlacementOffer:
    """An enterprise (or the secretariat for it) posts an offer, open for applications."""
    with transaction.atomic():
        offer.posted_by = by
        offer.status = OfferStatus.OPEN
        _check_offer(offer, None)
        offer.save()
    return offer


def update_offer(offer: PlacementOffer, by: User) -> PlacementOffer:
    """Change an offer that is not cancelled. Once teachers hold slots its dates stay, and it keeps
    at least as many slots as they hold; added slots go to the waiting list at once."""
    with transaction.atomic():
        stored = _lock_offer(offer.pk)
        if stored.status == OfferStatus.CANCELLED:
            raise WorkflowError(_("A cancelled offer cannot be changed."))
        offer.unit_id = stored.unit_id  # an offer stays with the enterprise that posted it
        offer.status = stored.status
        _check_offer(offer, stored)
        offer.save()
        _offer_free_slots(offer, timezone.now())
    return offer


def close_offer(offer: PlacementOffer, by: User) -> PlacementOffer:
    """Stop taking applications; the applications in hand go on."""
    with transaction.atomic():
        offer = _lock_offer(offer.pk)
        step = OFFER_STATUS.check(offer, "close")
        offer.status = step.target
        offer.save()
    return offer


def cancel_offer(offer: PlacementOffer, by: User, reason: str) -> PlacementOffer:
    """Call the placement off: every application still in play is rejected with the reason, and
    the teachers and their schools are told."""
    with transaction.atomic():
        offer = _lock_offer(offer.pk)
        step = OFFER_STATUS.check(offer, "cancel")
        reason = _reason(reason)
        if offer.applications.filter(status=ApplicationStatus.COMPLETED).exists():
            raise WorkflowError(_("Teachers have completed this placement; close the offer instead."))
        offer.status = step.target
        offer._change_reason = reason
        offer.save()
        now = timezone.now()
        live = offer.applications.select_for_update(of=("self",)).filter(status__in=sorted(LIVE_APPLICATION))
        for application in live.select_related("teacher", "school"):
            application.status = ApplicationStatus.REJECTED
            application.decision_note = reason
            application.enterprise_decided_by = by
            application.enterprise_decided_at = now
            application._change_reason = reason
            application.save()
            notify(
                [application.teacher, *_school_admins(application)],
                _("The placement “%(offer)s” was cancelled") % {"offer": offer.title},
                "training/notifications/offer_cancelled.txt",
                {"offer": offer, "application": application, "reason": reason},
                url=application.get_absolute_url(),
            )
    return offer


# Applications


def apply_for_placement(offer: PlacementOffer, teacher: User, statement: str) -> PlacementApplication:
    """A teacher applies; their school's administrators are asked to approve."""
    with transaction.atomic():
        offer = _lock_offer(offer.pk)
        school = teacher.unit
        if teacher.role != Role.TEACHER or school is None or not school.is_school:
            raise InvalidInput(_("Only a member school's teachers can apply for a placement."))
        if school.status != UnitStatus.ACTIVE:
            raise InvalidInput(_("Only teachers of active member schools can apply."))
        if offer.status != OfferStatus.OPEN:
            raise InvalidInput(_("This placement no longer takes applications."), "offer")
        if timezone.localdate() > offer.apply_by:
            raise InvalidInput(
                _("Applications for this placement closed on %(date)s.") % {"date": _date(offer.apply_by)},
                "offer",
            )
        statement = (statement or "").strip()
        if not statement:
            raise InvalidInput(_("Tell the school and the enterprise why you are applying."), "statement")
        duplicate = _("You have already applied for this placement.")
        if offer.applications.filter(teacher=teacher, status__in=sorted(LIVE_APPLICATION)).exists():
            raise InvalidInput(duplicate, "offer")
        application = PlacementApplication(offer=offer, teacher=teacher, school=school, statement=statement)
        try:
            with transaction.atomic():  # the constraint settles two submissions at the same moment
                application.save()
        except IntegrityError as error:
            raise InvalidInput(duplicate, "offer") from error
        notify(
            _school_admins(application),
            _("%(teacher)s applied for the placement “%(offer)s”")
            % {"teacher": teacher, "offer": offer.title},
            "training/notifications/application_submitted.txt",
            {"application": application, "offer": offer},
            url=application.get_absolute_url(),
        )
    return application


def approve_application(application: PlacementApplication, by: User) -> PlacementApplication:
    """The school approves: the enterprise is asked to decide, or, when the offer's slots are all
    held, the application joins the waiting list."""
    with transaction.atomic():
        offer = _lock_offer(application.offer_id)
        application = _lock_application(application)
        step = APPLICATION_STATUS.check(application, "approve")
        if offer.status == OfferStatus.CANCELLED:
            raise WorkflowError(_("This placement was cancelled."))
        now = timezone.now()
        application.school_decided_by = by
        application.school_decided_at = now
        if _slots_held(offer) >= offer.slots:
            application.status = ApplicationStatus.WAITLISTED
            application.waitlisted_at = now
            application.save()
            _tell_waitlisted(application)
            return application
        application.status = step.target
        application.save()
        notify(
            [application.teacher],
            _("Your school approved your application for “%(offer)s”") % {"offer": offer.title},
            "training/notifications/application_approved.txt",
            {"application": application, "offer": offer},
            url=application.get_absolute_url(),
        )
        notify(
            _enterprise_people(offer),
            _("%(teacher)s of %(school)s applies for “%(offer)s”")
            % {"teacher": application.teacher, "school": application.school, "offer": offer.title},
            "training/notifications/application_to_decide.txt",
            {"application": application, "offer": offer},
            url=application.get_absolute_url(),
        )
    return application


def _tell_waitlisted(application: PlacementApplication) -> None:
    notify(
        [application.teacher],
        _("You are on the waiting list for “%(offer)s”") % {"offer": application.offer.title},
        "training/notifications/application_waitlisted.txt",
        {"application": application, "offer": application.offer},
        url=application.get_absolute_url(),
    )


def decline_application(application: PlacementApplication, by: User, reason: str) -> PlacementApplication:
    with transaction.atomic():
        application = _lock_application(application)
        step = APPLICATION_STATUS.check(application, "decline")
        reason = _reason(reason)
        application.status = step.target
        application.school_decided_by = by
        application.school_decided_at = timezone.now()
        application.decision_note = reason
        application._change_reason = reason
        application.save()
        notify(
            [application.teacher],
            _("Your school declined your application for “%(offer)s”") % {"offer": application.offer.title},
            "training/notifications/application_declined.txt",
            {"application": application, "offer": application.offer, "reason": reason},
            url=application.get_absolute_url(),
        )
    return application


def accept_application(application: PlacementApplication, by: User) -> PlacementApplication:
    """The enterprise takes the teacher, on one of the offer's slots. Taking the last slot puts the
    other approved applications on the waiting list, in the order the schools approved them."""
    with transaction.atomic():
        # The offer's row first: every decision on this offer waits here for the one before.
        offer = _lock_offer(application.offer_id)
        application = _lock_application(application)
        step = APPLICATION_STATUS.check(application, "accept")
        if offer.status == OfferStatus.CANCELLED:
            raise WorkflowError(_("This placement was cancelled."))
        held = _slots_held(offer)
        if held >= offer.slots:
            raise WorkflowError(
                ngettext(
                    "The placement's only slot is taken.",
                    "All %(slots)d slots of this placement are taken.",
                    offer.slots,
                )
                % {"slots": offer.slots}
            )
        _check_teacher_is_free(application)
        application.status = step.target
        application.enterprise_decided_by = by
        application.enterprise_decided_at = timezone.now()
        application.save()
        notify(
            [application.teacher, *_school_admins(application)],
            _("%(enterprise)s accepted %(teacher)s for “%(offer)s”")
            % {"enterprise": offer.unit, "teacher": application.teacher, "offer": offer.title},
            "training/notifications/application_accepted.txt",
            {"application": application, "offer": offer},
            url=application.get_absolute_url(),
        )
        if held + 1 >= offer.slots:
            _waitlist_approved(offer)
    return application


def _waitlist_approved(offer: PlacementOffer) -> None:
    waiting = (
        offer.applications.select_for_update(of=("self",))
        .filter(status=ApplicationStatus.APPROVED)
        .select_related("teacher", "offer")
        .order_by("school_decided_at", "pk")
    )
    for application in waiting:
        application.status = ApplicationStatus.WAITLISTED
        application.waitlisted_at = application.school_decided_at
        application.save()
        _tell_waitlisted(application)


def reject_application(application: PlacementApplication, by: User, reason: str) -> PlacementApplication:
    """The enterprise turns the teacher down; they may apply again."""
    with transaction.atomic():
        application = _lock_application(application)
        step = APPLICATION_STATUS.check(application, "reject")
        reason = _reason(reason)
        application.status = step.target
        application.enterprise_decided_by = by
        application.enterprise_decided_at = timezone.now()
        application.decision_note = reason
        application._change_reason = reason
        application.save()
        notify(
            [application.teacher],
            _("About your application for “%(offer)s”") % {"offer": application.offer.title},
            "training/notifications/application_rejected.txt",
            {"application": application, "offer": application.offer, "reason": reason},
            url=application.get_absolute_url(),
        )
    return application


def withdraw_application(application: PlacementApplication, by: User) -> PlacementApplication:
    """The teacher withdraws before the placement ends; a slot they held goes to the first on the
    waiting list."""
    with transaction.atomic():
        offer = _lock_offer(application.offer_id)
        application = _lock_application(application)
        step = APPLICATION_STATUS.check(application, "withdraw")
        _must_be_the_teacher(application, by)
        if timezone.localdate() > offer.ends_on:
            raise WorkflowError(_("The placement has ended; the application can no longer be withdrawn."))
        was = application.status
        now = timezone.now()
        application.status = step.target
        application.withdrawn_at = now
        application.save()
        seen_by_enterprise = was not in (ApplicationStatus.SUBMITTED, ApplicationStatus.SCHOOL_DECLINED)
        notify(
            [*_school_admins(application), *(_enterprise_people(offer) if seen_by_enterprise else [])],
            _("%(teacher)s withdrew from “%(offer)s”")
            % {"teacher": application.teacher, "offer": offer.title},
            "training/notifications/application_withdrawn.txt",
            {"application": application, "offer": offer, "held_slot": was == ApplicationStatus.ACCEPTED},
            url=application.get_absolute_url(),
        )
        if was == ApplicationStatus.ACCEPTED:
            _offer_free_slots(offer, now)
    return application


def _offer_free_slots(offer: PlacementOffer, now: datetime) -> list[PlacementApplication]:
    """Offer each free slot to the first on the waiting list who is free at the placement's time,
    with a deadline to confirm. The caller holds the offer's row."""
    if offer.status == OfferStatus.CANCELLED or offer.ends_on < timezone.localtime(now).date():
        return []
    free = offer.slots - _slots_held(offer)
    offered = []
    if free <= 0:
        return offered
    expires_at = now + timedelta(days=settings.PLACEMENT_SLOT_OFFER_DAYS)
    waiting = (
        offer.applications.select_for_update(of=("self",)).waiting_list().select_related("teacher", "offer")
    )
    for application in waiting:
        if len(offered) == free:
            break
        if _overlapping_placement(application) is not None:
            continue  # busy elsewhere at that time: they keep their place for a later slot
        application.status = ApplicationStatus.OFFERED
        application.offer_expires_at = expires_at
        application.save()
        offered.append(application)
        deadline = formats.date_format(timezone.localtime(expires_at), "SHORT_DATETIME_FORMAT")
        notify(
            [application.teacher],
            _("A slot on “%(offer)s” is yours if you confirm by %(deadline)s")
            % {"offer": offer.title, "deadline": deadline},
            "training/notifications/application_slot_offered.txt",
            {"application": application, "offer": offer, "deadline": deadline},
            url=application.get_absolute_url(),
        )
        notify(
            _enterprise_people(offer),
            _("A freed slot on “%(offer)s” was offered to %(teacher)s")
            % {"offer": offer.title, "teacher": application.teacher},
            "training/notifications/offer_slot_passed_on.txt",
            {"application": application, "offer": offer, "deadline": deadline},
            url=application.get_absolute_url(),
        )
    return offered


def confirm_slot_offer(application: PlacementApplication, by: User) -> PlacementApplication:
    """The teacher takes the slot offered to them from the waiting list, before its deadline."""
    with transaction.atomic():
        offer = _lock_offer(application.offer_id)
        application = _lock_application(application)
        step = APPLICATION_STATUS.check(application, "confirm_slot")
        _must_be_the_teacher(application, by)
        if application.offer_expires_at is not None and application.offer_expires_at < timezone.now():
            raise WorkflowError(_("The time to confirm this slot has passed; it goes to the next teacher."))
        _check_teacher_is_free(application)
        application.status = step.target
        application.save()
        notify(
            [*_enterprise_people(offer), *_school_admins(application)],
            _("%(teacher)s confirmed the slot on “%(offer)s”")
            % {"teacher": application.teacher, "offer": offer.title},
            "training/notifications/application_slot_confirmed.txt",
            {"application": application, "offer": offer},
            url=application.get_absolute_url(),
        )
    return application


def decline_slot_offer(application: PlacementApplication, by: User) -> PlacementApplication:
    """The teacher turns the offered slot down; it passes to the next on the waiting list."""
    with transaction.atomic():
        offer = _lock_offer(application.offer_id)
        application = _lock_application(application)
        step = APPLICATION_STATUS.check(application, "decline_slot")
        _must_be_the_teacher(application, by)
        now = timezone.now()
        application.status = step.target
        application.withdrawn_at = now
        application.save()
        notify(
            _enterprise_people(offer),
            _("%(teacher)s declined the slot on “%(offer)s”")
            % {"teacher": application.teacher, "offer": offer.title},
            "training/notifications/application_slot_declined.txt",
            {"application": application, "offer": offer},
            url=application.get_absolute_url(),
        )
        _offer_free_slots(offer, now)
    return application


def expire_slot_offers(now: datetime | None = None) -> int:
    """Slots offered from a waiting list and not confirmed by their deadline lapse and pass to the
    next teacher. Returns how many lapsed; running it twice lapses nothing twice."""
    now = now or timezone.now()
    due = PlacementApplication.objects.filter(status=ApplicationStatus.OFFERED, offer_expires_at__lt=now)
    lapsed = 0
    for offer_id in sorted(set(due.values_list("offer_id", flat=True))):
        with transaction.atomic():
            offer = _lock_offer(offer_id)
            expired = (
                offer.applications.select_for_update(of=("self",))
                .filter(status=ApplicationStatus.OFFERED, offer_expires_at__lt=now)
                .select_related("teacher", "school", "offer")
            )
            for application in expired:
                application.status = ApplicationStatus.LAPSED
                application._change_reason = _("Not confirmed in time")
                application.save()
                lapsed += 1
                notify(
                    [application.teacher, *_enterprise_people(offer)],
                    _("The slot on “%(offer)s” offered to %(teacher)s has lapsed")
                    % {"offer": offer.title, "teacher": application.teacher},
                    "training/notifications/application_lapsed.txt",
                    {"application": application, "offer": offer},
                    url=application.get_absolute_url(),
                )
            _offer_free_slots(offer, now)
    return lapsed


def complete_placement(
    application: PlacementApplication, by: User, days_completed: int | None, evaluation: str
) -> PlacementApplication:
    """The enterprise confirms the days the teacher completed and evaluates the placement; the
    days count towards the teacher's enterprise practice."""
    with transaction.atomic():
        offer = _lock_offer(application.offer_id)
        application = _lock_application(application)
        step = APPLICATION_STATUS.check(application, "complete")
        if timezone.localdate() < offer.starts_on:
            raise WorkflowError(_("The placement has not started yet."))
        if days_completed is None or not 1 <= days_completed <= offer.days:
            raise InvalidInput(
                _("Enter the days completed, from 1 to %(days)d.") % {"days": offer.days}, "days_completed"
            )
        evaluation = (evaluation or "").strip()
        if not evaluation:
            raise InvalidInput(_("Write an evaluation of the placement."), "evaluation")
        application.status = step.target
        application.days_completed = days_completed
        application.evaluation = evaluation
        application.completed_by = by
        application.completed_at = timezone.now()
        application.save()
        notify(
            [application.teacher, *_school_admins(application)],
            ngettext(
                "%(teacher)s completed %(days)d day of enterprise practice at %(enterprise)s",
                "%(teacher)s completed %(days)d days of enterprise practice at %(enterprise)s",
                days_completed,
            )
            % {"teacher": application.teacher, "days": days_completed, "enterprise": offer.unit},
            "training/notifications/application_completed.txt",
            {"application": application, "offer": offer},
            url=application.get_absolute_url(),
        )
    return application
