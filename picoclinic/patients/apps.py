from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "picoclinic.patients"

    def ready(self) -> None:
        from picoclinic.patients import receivers  # noqa: F401  (a patient login's clinic)
