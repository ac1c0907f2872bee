"""Install the periodic schedule of desk/schedule.py (what desk migration 0001 does), or, with
--reset, also put every entry's time and enabled back to the defaults."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from desk.schedule import SCHEDULE, install_schedule


class Command(BaseCommand):
    help = "Create the missing entries of the periodic schedule (desk/schedule.py) for Celery beat."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Also put times and enabled back to the defaults, undoing changes made in the admin.",
        )

    def handle(self, *args: Any, reset: bool, **options: Any) -> None:
        with transaction.atomic():
            done = install_schedule(PeriodicTask, CrontabSchedule, reset=reset)
        for line in done:
            self.stdout.write(line)
        if done:
            summary = ngettext(
                "Periodic schedule: %(count)s change.", "Periodic schedule: %(count)s changes.", len(done)
            )
            self.stdout.write(self.style.SUCCESS(summary % {"count": len(done)}))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Periodic schedule: all %(count)s entries in place, nothing to change.")
                    % {"count": len(SCHEDULE)}
                )
            )
