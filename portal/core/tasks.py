from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(subject: str, body: str, recipients: list[str]) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, soft_time_limit=20 * 60)
def build_export(self, job_id: int):
    from portal.core.exports import write_export_job

    job = write_export_job(job_id, self.request.id)
    return job.status if job is not None else None
