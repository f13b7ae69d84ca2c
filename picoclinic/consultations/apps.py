from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "picoclinic.consultations"

    def ready(self) -> None:
        from picoclinic.consultations import receivers  # noqa: F401  (its chart section)
