from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "picoclinic.home"
    verbose_name = "Staff home and whole-house commands"
