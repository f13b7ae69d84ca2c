from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from picoclinic.demo import DEMO_LOGINS, demo_load


class Command(BaseCommand):
    help = "Load the demo clinic (idempotent: repeating it neither duplicates nor destroys data)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            # Its logins share one published password: never in a clinic's real database.
            raise CommandError("the demo clinic cannot be loaded in production mode")
        created = demo_load()
        self.stdout.write("Demo clinic loaded." if created else "Demo clinic already present.")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {settings.DEMO_PASSWORD})")
        for role, email in DEMO_LOGINS:
            self.stdout.write(f"  {role:<23} {email}")
        self.stdout.write(
            "Invitations waiting (a colleague and a patient): their links are in "
            f"{settings.EMAIL_FILE_PATH}"
        )
