"""Registering training bases and their photos. Bases change through these functions from the
pages and the API alike, so the same checks apply and history records who changed what."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.choices import UnitStatus
from members.models import User
from portal.core import permissions
from portal.core.files import sniff_content_type
from portal.core.workflow import InvalidInput
from training.models import TrainingBase, TrainingBasePhoto

MAX_PHOTOS = 12


def _save_base(base: TrainingBase, by: User, relations: dict) -> TrainingBase:
    if base.unit_id is None:
        raise InvalidInput(_("Choose the unit that owns the base."), "unit")
    if not permissions.can(by, "change" if base.pk else "add", base):
        raise InvalidInput(_("You can only register bases of your own unit."), "unit")
    if base.unit.status != UnitStatus.ACTIVE:
        raise InvalidInput(_("Only an active member unit can register a training base."), "unit")
    if base.agreement_id is not None and not base.agreement.parties.filter(unit=base.unit_id).exists():
        raise InvalidInput(_("The linked agreement must be one the owner unit is a party to."), "agreement")
    co_builders = [unit for unit in relations.get("co_builders", []) if unit.pk != base.unit_id]
    try:
        base.full_clean(exclude=["unit", "agreement"])
    except ValidationError as error:
        raise InvalidInput.from_validation_error(error) from error
    base.save()
    if "majors_served" in relations:
        base.majors_served.set(relations["majors_served"])
    if "co_builders" in relations:
        base.co_builders.set(co_builders)
    if "open_to" in relations:
        base.open_to.set(relations["open_to"])
    return base


def register_base(base: TrainingBase, by: User, **relations) -> TrainingBase:
    """A unit's administrator (or the secretariat) registers a base; ``relations`` may give
    ``majors_served``, ``co_builders`` and ``open_to``."""
    with transaction.atomic():
        return _save_base(base, by, relations)


def update_base(base: TrainingBase, by: User, **relations) -> TrainingBase:
    """Changes a base. A smaller capacity does not undo bookings already confirmed: those hold."""
    with transaction.atomic():
        TrainingBase.objects.select_for_update().filter(pk=base.pk).first()
        return _save_base(base, by, relations)


def add_photo(base: TrainingBase, by: User, image, caption: str = "") -> TrainingBasePhoto:
    with transaction.atomic():
        TrainingBase.objects.select_for_update().get(pk=base.pk)
        if not permissions.can(by, "add", TrainingBasePhoto(base=base)):
            raise InvalidInput(_("Only the base's owner can add its photos."), "image")
        if base.photos.count() >= MAX_PHOTOS:
            raise InvalidInput(
                _("A base shows at most %(count)d photos; remove one first.") % {"count": MAX_PHOTOS}, "image"
            )
        photo = TrainingBasePhoto(base=base, image=image, caption=(caption or "").strip())
        try:
            photo.full_clean(exclude=["base"])
        except ValidationError as error:
            raise InvalidInput.from_validation_error(error) from error
        photo.content_type = sniff_content_type(image)
        photo.save()
    return photo


def remove_photo(photo: TrainingBasePhoto, by: User) -> None:
    with transaction.atomic():
        if not permissions.can(by, "delete", photo):
            raise InvalidInput(_("Only the base's owner can remove its photos."))
        photo.delete()
        # The file goes once the row is surely gone.
        transaction.on_commit(lambda: photo.image.delete(save=False))
