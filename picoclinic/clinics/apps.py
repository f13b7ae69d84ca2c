from django.apps import AppConfig


class ClinicsConfig(AppConfig):
    name = "picoclinic.clinics"
    verbose_name = "Organisation and clinics"
