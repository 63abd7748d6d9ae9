"""Imports on Celery: checking a file and writing it. Both are acknowledged late, so a task whose
worker died is delivered again; writing is one transaction, so a lost worker wrote nothing."""

from celery import shared_task

from portal.imports import services


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, soft_time_limit=15 * 60)
def check_import(self, job_id: int):
    job = services.check(job_id, self.request.id)
    return job.status if job is not None else None


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, soft_time_limit=15 * 60)
def run_import(self, job_id: int):
    job = services.run(job_id, self.request.id)
    return job.status if job is not None else None
