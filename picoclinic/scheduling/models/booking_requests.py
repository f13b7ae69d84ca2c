"""A consultation requested on the public booking page by someone not registered yet.

The appointment is booked at once (it holds its practitioner and room like any other, with
``patient`` empty); this row keeps what the requester told us until the front desk links the
appointment to an existing patient or registers a new one from it. After that it is a normal
consultation; the row stays as the record of the request.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from picoclinic.patients.duplicates import Person
from picoclinic.scheduling.models.appointments import Appointment

# Phones are compared on their last digits: a trunk "0" or a country code differ only at the
# front ("07700 900123" and "+44 7700 900123" are one phone).
PHONE_KEY_DIGITS = 8


class BookingRequest(models.Model):
    appointment = models.OneToOneField(
        Appointment, on_delete=models.PROTECT, related_name="booking_request"
    )
    reference = models.CharField(max_length=12, unique=True)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    email = models.EmailField()
    phone = models.CharField(max_length=40)
    phone_key = models.CharField(max_length=PHONE_KEY_DIGITS, db_index=True)
    date_of_birth = models.DateField(null=True, blank=True)
    # Indication values of the clinical catalogue (``clinical.common.Indication``).
    concerns = models.JSONField(default=list, blank=True)
    concerns_text = models.TextField(blank=True)
    # "Is one session enough for me?" answers the requester chose to send with the request, as
    # the self-assessment signed them: {"answers": {...}, "summary": [[question, answer], ...],
    # "result": [line, ...]}. Reported by the patient, for the practitioner to confirm.
    assessment = models.JSONField(default=dict, blank=True)
    privacy_accepted_at = models.DateTimeField()
    # The SHA-256 of the public form's signed stamp: each form shown books at most once.
    form_stamp_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set in the transaction that decides to send the confirmation: at most one.
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    linked_at = models.DateTimeField(null=True, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["email"], name="booking_request_email")]

    def __str__(self) -> str:
        return f"Booking request {self.reference}"

    def person(self, *, region: str) -> Person:
        """The requester as the duplicate check reads a person (phones by ``region``)."""
        return Person(
            given_name=self.given_name,
            family_name=self.family_name,
            date_of_birth=self.date_of_birth,
            email=self.email,
            phone=self.phone,
            region=region,
        )

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()
