"""``goldenthread send_reminders``: email due, overdue and waiting-for-approval reminders.

Run it from cron as often as you like; each reminder goes once per stage.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from goldenthread.core.clock import today
from goldenthread.returns.reminders import send_reminders


class Command(BaseCommand):
    help = "Email owners whose returns are due soon or overdue, and approvers with work waiting."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_reminders(today=today())
        self.stdout.write(f"Sent {sent} reminder email{'s' if sent != 1 else ''}.")
