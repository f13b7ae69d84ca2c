from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from picoclinic.web.patient_words import zone_words


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not an IANA time zone such as Europe/London.")


class Currency(models.TextChoices):
    """The currencies a clinic may charge in (ISO 4217; each has two minor digits)."""

    GBP = "GBP", _("Pound sterling (GBP)")
    HKD = "HKD", _("Hong Kong dollar (HKD)")
    SGD = "SGD", _("Singapore dollar (SGD)")


# A clinic's currency when none is chosen: its country's (ISO 3166 -> ISO 4217).
CURRENCY_OF_COUNTRY = {"GB": Currency.GBP, "HK": Currency.HKD, "SG": Currency.SGD}


def currency_for_country(country: str) -> str:
    return CURRENCY_OF_COUNTRY.get((country or "").upper(), Currency.GBP)


class Organisation(models.Model):
    """A clinic business: one clinic, or a chain. Patients belong to the organisation."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)

    def __str__(self) -> str:
        return self.name


class Clinic(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="clinics")
    name = models.CharField(max_length=200)
    code = models.CharField(
        max_length=6,
        help_text="Short code that prefixes the clinic's patient numbers, e.g. CEN.",
    )
    address = models.TextField(blank=True)
    country = models.CharField(
        max_length=2, blank=True, help_text=_("ISO 3166 code, e.g. GB: it narrows the time zones.")
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    time_zone = models.CharField(
        max_length=64, validators=[validate_time_zone], help_text="IANA zone, e.g. Europe/London."
    )
    currency = models.CharField(
        max_length=3,
        choices=Currency.choices,
        blank=True,
        help_text=_("What the clinic charges in; empty: its country's currency."),
    )
    # Issued numbers are taken under a row lock in patients.services.patient_create.
    last_patient_number = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="clinic_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def money_currency(self) -> str:
        """The ISO 4217 code the clinic's prices, invoices and payments are in."""
        return self.currency or currency_for_country(self.country)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def zone_words(self) -> str:
        """The time zone as people say it: "UK time", "Hong Kong time"."""
        return zone_words(self.time_zone)


class ClinicPolicy(models.Model):
    """A clinic's clinical policy, kept as configuration by the clinic admin.

    ``screening_rules`` tightens or relaxes the core's screening rules (the clinical core's
    ``policy_from_dict`` shape: ``{rule_code: {"outcome": ..., "defer_days": ...}}``). The
    review triggers decide which plans need a doctor's approval before they can start.
    """

    clinic = models.OneToOneField(Clinic, on_delete=models.CASCADE, related_name="policy")
    name = models.CharField(max_length=100, default="Clinic policy")
    screening_rules = models.JSONField(default=dict, blank=True)
    review_skin_types = models.JSONField(
        default=list, blank=True, help_text="Fitzpatrick types (1-6) whose plans need review."
    )
    review_on_precaution = models.BooleanField(
        default=True, help_text="Plans with any screening precaution need review."
    )
    review_indications = models.JSONField(
        default=list, blank=True, help_text="Indications whose plans always need review."
    )
    review_periocular = models.BooleanField(default=True)
    review_all_plans = models.BooleanField(default=False)
    # Starter content: shown as "review before use" until an admin saves or confirms it.
    needs_review = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name_plural = "clinic policies"

    def __str__(self) -> str:
        return f"{self.name} ({self.clinic})"


class InstallationMark(models.Model):
    """One row, written by the first run in its transaction: the sentinel that makes two
    simultaneous first-run submissions create one organisation (the second insert of the
    same key waits for the first transaction and then fails)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    set_up_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="installation_one")]

    def __str__(self) -> str:
        return "Installation set up"
