from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "picoclinic.consent"

    def ready(self) -> None:
        from picoclinic.consent import receivers  # noqa: F401  (answers plans' questions)
