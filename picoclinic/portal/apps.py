from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "picoclinic.portal"
    verbose_name = "Patient portal"

    def ready(self) -> None:
        from picoclinic.portal import receivers  # noqa: F401  (reports recorded as events)
