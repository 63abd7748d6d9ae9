"""The demo group's training: bases and bookings, placements, skill masters and order classes,
in every state. Each area loads from its own module; this loads them together, e-mailing no one."""

from django.db import transaction

from portal.core.mail import email_held_back
from training.demo import bases, people, placements
from training.models import OrderClass, PlacementOffer, SkillMaster, TrainingBase


def is_loaded() -> bool:
    return bases.is_loaded()


def register_is_empty() -> bool:
    return not any(
        model.objects.exists() for model in (TrainingBase, PlacementOffer, SkillMaster, OrderClass)
    )


def load() -> dict[str, int]:
    with transaction.atomic(), email_held_back():
        loaded = bases.load()
        placed = placements.load()
        taught = people.load()
    return {
        "bases": loaded["bases"],
        "bookings": loaded["bookings"],
        "offers": placed["placement offers"],
        "applications": placed["placement applications"],
        "masters": taught["skill_masters"],
        "order_classes": taught["order_classes"],
        "students": taught["order_class_students"],
    }
