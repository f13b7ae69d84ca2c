from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "picoclinic.outcomes"
    verbose_name = "Results and photographs"
