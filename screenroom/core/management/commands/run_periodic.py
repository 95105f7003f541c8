"""Enqueue periodic jobs (reminders, retries) on a fixed interval; the worker runs them."""

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

PERIODIC_TASKS = [
    # (dotted path of a django-tasks task, interval in seconds)
    ("screenroom.invitations.tasks.send_due_reminders", 300),
    ("screenroom.webhooks.tasks.retry_due_webhooks", 30),
    ("screenroom.invitations.tasks.retry_due_emails", 30),
]


class Command(BaseCommand):
    help = "Enqueue periodic tasks forever (started by `manage.py serve`)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        last_run: dict[str, float] = {}
        while True:
            now = time.monotonic()
            for path, interval in PERIODIC_TASKS:
                if now - last_run.get(path, -1e9) >= interval:
                    try:
                        import_string(path).enqueue()
                    except ImportError:
                        continue  # not built in this version
                    last_run[path] = now
            if options["once"]:
                return
            time.sleep(1)
