from celery import shared_task  # noqa: F401

# Placements


@shared_task
def expire_slot_offers():
    """Hourly: slots offered from a waiting list and not confirmed in time pass to the next."""
    from training.services import placements

    return placements.expire_slot_offers()
