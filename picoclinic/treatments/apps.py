from django.apps import AppConfig


class TreatmentsConfig(AppConfig):
    name = "picoclinic.treatments"
    verbose_name = "Treatment sessions"

    def ready(self) -> None:
        from picoclinic.treatments import receivers  # noqa: F401  (signed consent re-checks)
