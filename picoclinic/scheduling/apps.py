from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "picoclinic.scheduling"

    def ready(self) -> None:
        from picoclinic.scheduling import receivers  # noqa: F401  (its chart section)
        from picoclinic.scheduling.setup_cache import connect_signals

        connect_signals()
