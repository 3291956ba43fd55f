import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civic.settings")

app = Celery("civic")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The beat schedule lives in code (not django-celery-beat): it is reviewed,
# versioned and the same on every machine. Feature apps add their entries to
# CELERY_BEAT_SCHEDULE through civic.celery.add_periodic_task below.
app.conf.beat_schedule = {
    # Every minute: emails whose delivery was never queued (the broker was
    # down when their transaction committed) or failed and are due again.
    "civic-drain-outbox": {
        "task": "civic.drain_outbox",
        "schedule": 60.0,
    },
    "civic-expire-invitations": {
        "task": "civic.tasks.expire_old_invitations",
        "schedule": crontab(hour=3, minute=15),
    },
    # Data past its retention period (settings.CIVIC_RETENTION_DAYS).
    "civic-purge-expired-data": {
        "task": "civic.tasks.purge_expired_data",
        "schedule": crontab(hour=2, minute=40),
    },
}


def add_periodic_task(name: str, task: str, schedule) -> None:
    app.conf.beat_schedule[name] = {"task": task, "schedule": schedule}
