"""The waitlist's safety net (run by ``picoclinic sweep``): freed times whose offer expired or
was never made are offered to the next patient who fits; unsent offers are sent."""

from django.core.management.base import BaseCommand

from picoclinic.scheduling.waitlist import offers_sweep


class Command(BaseCommand):
    help = "Offer freed times to the waitlist and expire unanswered offers."

    def handle(self, *args, **options):
        count = offers_sweep()
        self.stdout.write(f"Waitlist: {count} freed time(s) looked at.")
