from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    name = "picoclinic.invitations"
    verbose_name = "Invitations and staff"

    def ready(self) -> None:
        from picoclinic.invitations import receivers  # noqa: F401  (the chart's portal panel)
