from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "picoclinic.accounts"
    verbose_name = "Staff and logins"

    def ready(self) -> None:
        from picoclinic.accounts import signals  # noqa: F401  (the login marks its session refreshed)
