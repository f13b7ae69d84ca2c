from django.apps import AppConfig


class PrevisitConfig(AppConfig):
    name = "picoclinic.previsit"
    verbose_name = "Questionnaire before the visit"

    def ready(self) -> None:
        from picoclinic.previsit import receivers  # noqa: F401  (booking sends the link)
