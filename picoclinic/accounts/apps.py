from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "picoclinic.accounts"
    verbose_name = "Staff and logins"

    def ready(self) -> None:
        from picoclinic.accounts import receivers  # noqa: F401  (login refreshes session)
