from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "picoclinic.portal"
    verbose_name = "Patient portal"
