from django.apps import AppConfig


class AftercareConfig(AppConfig):
    name = "picoclinic.aftercare"

    def ready(self) -> None:
        from picoclinic.aftercare import receivers  # noqa: F401  (a signed session's aftercare)
