from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "picoclinic.api"
    label = "api"
    verbose_name = "API access"
