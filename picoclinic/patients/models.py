from __future__ import annotations

from django.conf import settings
from django.db import models

from picoclinic.clinics.models import Clinic, Organisation


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    INTERSEX = "intersex", "Intersex"
    NOT_STATED = "not_stated", "Not stated"


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    CHINESE_CANTONESE = "yue", "Cantonese"
    CHINESE_MANDARIN = "cmn", "Mandarin"
    MALAY = "ms", "Malay"
    TAMIL = "ta", "Tamil"
    HINDI = "hi", "Hindi"
    SPANISH = "es", "Spanish"
    FRENCH = "fr", "French"
    ARABIC = "ar", "Arabic"
    KOREAN = "ko", "Korean"
    JAPANESE = "ja", "Japanese"
    VIETNAMESE = "vi", "Vietnamese"
    TAGALOG = "tl", "Tagalog"
    OTHER = "other", "Other"


class Patient(models.Model):
    """A patient of the organisation, registered at one clinic, which issues their number."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    clinic = models.ForeignKey(
        Clinic, on_delete=models.PROTECT, related_name="patients", verbose_name="registered at"
    )
    patient_number = models.CharField(max_length=20, editable=False)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=12, choices=Sex.choices)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    # Digits of ``phone`` only, so a search for "07700 900123" finds "+44 7700 900123".
    phone_digits = models.CharField(max_length=40, blank=True, editable=False, db_index=True)
    # ``phone`` as an international number (+447700900123), national numbers read by the
    # registering clinic's country; "" when it cannot be read. What was typed stays in ``phone``.
    phone_e164 = models.CharField(max_length=20, blank=True, editable=False, db_index=True)
    # Given and family name without accents, case or punctuation ("José O'Neil" -> "jose oneil"):
    # finding the same person again (duplicates on an online request, an import).
    name_key = models.CharField(max_length=201, blank=True, editable=False, db_index=True)
    address = models.TextField(blank=True)
    emergency_contact_name = models.CharField(max_length=150, blank=True)
    emergency_contact_phone = models.CharField(max_length=40, blank=True)
    emergency_contact_relationship = models.CharField(max_length=60, blank=True)
    preferred_language = models.CharField(
        max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="patient",
        verbose_name="portal login",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "patient_number"], name="patient_number_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["clinic", "family_name", "given_name"], name="patient_clinic_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.patient_number})"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def display_name(self) -> str:
        if self.preferred_name and self.preferred_name != self.given_name:
            return f"{self.given_name} ({self.preferred_name}) {self.family_name}"
        return self.full_name

    def age_on(self, day) -> int:
        years = day.year - self.date_of_birth.year
        before_birthday = (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day)
        return years - before_birthday


class PatientImport(models.Model):
    """A CSV file of patients between upload and import: its text, the chosen mapping of its
    columns and date order. Short-lived: deleted when imported or discarded, and any left over
    a day is deleted at the next upload. Only its uploader reaches it."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=200)
    text = models.TextField()
    # {our column key: index of the file's column or None}
    mapping = models.JSONField(default=dict)
    date_order = models.CharField(max_length=3)

    def __str__(self) -> str:
        return f"Patient import {self.pk}"
