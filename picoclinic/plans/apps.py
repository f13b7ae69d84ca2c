from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "picoclinic.plans"
    verbose_name = "Treatment plans"

    def ready(self) -> None:
        from picoclinic.plans import receivers  # noqa: F401  (its chart section)
