from django.conf import settings
from django.core.management.base import BaseCommand

from picoclinic.demo import DEMO_LOGINS, demo_load


class Command(BaseCommand):
    help = "Load the demo clinic (idempotent: repeating it neither duplicates nor destroys data)."

    def handle(self, *args, **options):
        created = demo_load()
        self.stdout.write("Demo clinic loaded." if created else "Demo clinic already present.")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {settings.DEMO_PASSWORD})")
        for role, email in DEMO_LOGINS:
            self.stdout.write(f"  {role:<22} {email}")
