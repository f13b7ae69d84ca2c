from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "picoclinic.audit"
    verbose_name = "Audit trail"
