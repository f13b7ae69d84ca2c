from django.apps import AppConfig


class AftercareConfig(AppConfig):
    name = "picoclinic.aftercare"
