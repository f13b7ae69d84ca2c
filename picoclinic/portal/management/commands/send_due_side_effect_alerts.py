"""Alert the clinicians of side-effect reports whose alert task never ran, and escalate those
nobody acknowledged in time: the safety net behind the queued tasks (``picoclinic sweep``)."""

from django.core.management.base import BaseCommand

from picoclinic.portal.alerts import (
    ALERTED,
    ESCALATED,
    report_alert,
    report_escalate,
    reports_to_escalate,
    reports_unalerted,
)


class Command(BaseCommand):
    help = "Send side-effect alerts and escalations that are due (safe to run any time)."

    def handle(self, *args, **options):
        alerted = sum(report_alert(report_id=pk) == ALERTED for pk in reports_unalerted())
        escalated = sum(report_escalate(report_id=pk) == ESCALATED for pk in reports_to_escalate())
        self.stdout.write(
            f"{alerted} side-effect alert(s) sent, {escalated} side-effect report(s) escalated."
        )
