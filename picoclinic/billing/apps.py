from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "picoclinic.billing"

    def ready(self) -> None:
        from picoclinic.billing import receivers  # noqa: F401  (a signed session redeems)
