from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "picoclinic.plans"
    verbose_name = "Treatment plans"
