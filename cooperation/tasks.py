from celery import shared_task

from cooperation import services


@shared_task
def agreement_upkeep():
    """Daily: agreements come into force and expire by their dates; reminders before the end."""
    return services.run_agreement_upkeep()


@shared_task
def close_overdue_needs():
    """Daily: open training needs past their date to answer by close themselves."""
    return services.close_overdue_needs()
