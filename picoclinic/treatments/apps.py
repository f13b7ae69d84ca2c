from django.apps import AppConfig


class TreatmentsConfig(AppConfig):
    name = "picoclinic.treatments"
    verbose_name = "Treatment sessions"
