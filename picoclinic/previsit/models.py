"""The medical questionnaire a patient fills in before their consultation.

One per booked consultation. The patient reaches it through the portal (with a login) or a
signed link naming the row and its random ``nonce`` (without one); the link works until the
questionnaire is sent back or the appointment starts, whichever comes first. What was typed is
kept raw in ``answers`` (valid or not) so nothing is lost; ``returned_at`` is set once, when
the patient sends it; ``flags`` are the screening's findings on it, for the clinic only.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from picoclinic.clinics.models import Clinic
from picoclinic.scheduling.models import Appointment


class QuestionnaireStatus(models.TextChoices):
    SENT = "sent", _("Sent to the patient")
    STARTED = "started", _("Being filled in")
    RETURNED = "returned", _("Returned")


class Questionnaire(models.Model):
    appointment = models.OneToOneField(
        Appointment, on_delete=models.PROTECT, related_name="questionnaire"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    nonce = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        max_length=12, choices=QuestionnaireStatus.choices, default=QuestionnaireStatus.SENT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set in the transaction that decides to send the link: at most once.
    link_sent_at = models.DateTimeField(null=True, blank=True)
    # Where the link went when it was sent (the patient's record or the online request).
    sent_to = models.CharField(max_length=12, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    # The patient's answers in the shapes the consultation keeps (see ``services.reported``).
    reported = models.JSONField(default=dict, blank=True)
    # The screening's findings on the returned answers: [{"code", "outcome", "text"}], worst first.
    flags = models.JSONField(default=list, blank=True)
    overall = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["clinic", "returned_at"], name="previsit_clinic_returned")]

    def __str__(self) -> str:
        return f"Questionnaire {self.pk} ({self.get_status_display()})"

    @property
    def is_returned(self) -> bool:
        return self.returned_at is not None
