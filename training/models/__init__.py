from training.models.bases import BaseBooking, TrainingBase, TrainingBasePhoto
from training.models.people import OrderClass, OrderClassStudent, SkillMaster
from training.models.placements import PlacementApplication, PlacementOffer

__all__ = [
    "BaseBooking",
    "OrderClass",
    "OrderClassStudent",
    "PlacementApplication",
    "PlacementOffer",
    "SkillMaster",
    "TrainingBase",
    "TrainingBasePhoto",
]
