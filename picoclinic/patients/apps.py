from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "picoclinic.patients"
