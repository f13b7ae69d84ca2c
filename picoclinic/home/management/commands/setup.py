"""``picoclinic setup``: the organisation, its first clinic and the owner's login, on an empty
installation. Interactive by default; every answer can be given as a flag, and the password
through ``PICOCLINIC_OWNER_PASSWORD``, for a scripted start."""

from __future__ import annotations

import getpass
import os
import re
import sys

from django.core.management.base import BaseCommand, CommandError

from picoclinic.clinics.zones import zones_for_country
from picoclinic.home.forms import FirstRunForm
from picoclinic.home.services import (
    ALREADY_SET_UP,
    installation_is_empty,
    installation_set_up,
)
from picoclinic.web.refusals import Refused

PASSWORD_ENV = "PICOCLINIC_OWNER_PASSWORD"

# (form field, flag, question)
QUESTIONS = [
    ("organisation", "organisation", "Organisation (the business)"),
    ("clinic", "clinic", "First clinic's name"),
    ("code", "code", "Clinic code for patient numbers (2-6 capitals)"),
    ("address", "address", "Clinic address"),
    ("country", "country", "Country (ISO code, e.g. GB)"),
    ("time_zone", "time_zone", "Time zone (IANA, e.g. Europe/London)"),
    ("owner_name", "owner_name", "Your name"),
    ("owner_email", "owner_email", "Your e-mail address (your login)"),
]


def default_code(clinic: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", clinic.upper())[:3]


class Command(BaseCommand):
    help = "Set up an empty installation: the organisation, its first clinic and the owner."

    def add_arguments(self, parser):
        for _field, flag, question in QUESTIONS:
            parser.add_argument(f"--{flag.replace('_', '-')}", dest=flag, help=question)
        parser.add_argument(
            "--no-starter",
            action="store_false",
            dest="starter",
            help="Add no starter content (consent texts, appointment types, policy, holidays).",
        )
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"Ask nothing: every flag is given, the password in ${PASSWORD_ENV}.",
        )

    def handle(self, *args, **options):
        if not installation_is_empty():
            raise CommandError(str(ALREADY_SET_UP))
        interactive = options["interactive"] and sys.stdin.isatty()
        data = self._answers(options, interactive)
        if options["starter"]:
            data["starter"] = "on"
        form = FirstRunForm(data)
        if not form.is_valid():
            raise CommandError(self._errors(form))
        try:
            installation = installation_set_up(**form.service_arguments())
        except Refused as refused:
            raise CommandError(refused.message) from None
        clinic = installation.clinic
        self.stdout.write(f"{installation.organisation} is set up with {clinic} ({clinic.code}).")
        if installation.starter is not None:
            self.stdout.write(self._starter(installation.starter))
        self.stdout.write(f"Sign in as {installation.owner.email} and follow the checklist.")

    @staticmethod
    def _starter(added) -> str:
        text = (
            f"Starter content to review before use: {added.consent_texts} consent texts, "
            f"{added.appointment_types} appointment types, a default policy"
        )
        if not added.holidays_known:
            return text + " (no public holiday calendar for this country)."
        return text + f", {added.holidays} public holidays as closures."

    def _answers(self, options, interactive: bool) -> dict:
        data = {}
        for field, flag, question in QUESTIONS:
            value = (options.get(flag) or "").strip()
            if not value and interactive:
                value = self._ask(question, self._default(field, data))
            elif not value:
                value = self._default(field, data)
            data[field] = value.upper() if field == "country" else value
        password = os.environ.get(PASSWORD_ENV, "")
        if not password and interactive:
            password = getpass.getpass("Password: ")
            data["password2"] = getpass.getpass("Password again: ")
        data["password1"] = password
        data.setdefault("password2", password)
        return data

    @staticmethod
    def _default(field: str, data: dict) -> str:
        if field == "code":
            return default_code(data.get("clinic", ""))
        zones = zones_for_country(data.get("country", "").upper())
        if field == "time_zone" and len(zones) == 1:
            return zones[0]
        return ""

    def _ask(self, question: str, default: str) -> str:
        shown = f"{question} [{default}]: " if default else f"{question}: "
        return input(shown).strip() or default

    @staticmethod
    def _errors(form: FirstRunForm) -> str:
        lines = []
        for field, errors in form.errors.items():
            name = "--" + field.replace("_", "-") if field in form.fields else ""
            if field.startswith("password"):
                name = f"password (${PASSWORD_ENV})"
            lines += [f"{name}: {error}" if name else str(error) for error in errors]
        return "Nothing was set up. " + " ".join(lines)
