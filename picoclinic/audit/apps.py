from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "picoclinic.audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from picoclinic.audit import receivers  # noqa: F401  (login/logout audit)
