from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "picoclinic.outcomes"
    verbose_name = "Results and photographs"

    def ready(self) -> None:
        from picoclinic.outcomes import receivers  # noqa: F401  (a completed course's recalls)
