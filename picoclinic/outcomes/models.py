"""Clinical photographs: the record in the database, the pictures in file or object storage.

The database row holds who, what and when, and the storage names of the three renditions
(full, display, thumbnail). The names are random tokens: no patient data, nothing to guess,
and never sent to a browser (pictures are served through ``outcomes.views.photo_image``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from picoclinic.clinical.common import BodySite
from picoclinic.clinics.models import Clinic
from picoclinic.consultations.models import Concern
from picoclinic.patients.models import Patient


def _choices(enum) -> list[tuple[str, str]]:
    # The same labels as Concern.body_site, so a photo's area reads like its concern's site.
    return [(member.value, member.value.replace("_", " ").capitalize()) for member in enum]


BODY_AREA_CHOICES = _choices(BodySite)


class PhotoView(models.TextChoices):
    """The standard camera positions; comparisons pair photos of one area and one view."""

    FRONT = "front", "Front"
    LEFT_45 = "left_45", "Left 45°"
    RIGHT_45 = "right_45", "Right 45°"
    LEFT_PROFILE = "left_profile", "Left profile"
    RIGHT_PROFILE = "right_profile", "Right profile"
    CLOSE_UP = "close_up", "Close-up"
    OTHER = "other", "Other"


class PhotoSize(models.TextChoices):
    FULL = "full", "Full size"
    DISPLAY = "display", "Display"
    THUMB = "thumb", "Thumbnail"


class Photo(models.Model):
    """One clinical photograph of a patient, metadata-free JPEG renditions in storage."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="photos")
    # Where it was taken (the uploading staff member's clinic).
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    concern = models.ForeignKey(
        Concern, null=True, blank=True, on_delete=models.SET_NULL, related_name="photos"
    )
    # The session it belongs to: a treatment session record is one-to-one with its appointment.
    appointment = models.ForeignKey(
        "scheduling.Appointment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photos",
    )
    body_area = models.CharField(max_length=12, choices=BODY_AREA_CHOICES)
    view = models.CharField(max_length=16, choices=PhotoView.choices)
    taken_at = models.DateTimeField()
    note = models.CharField(max_length=200, blank=True)

    full_file = models.CharField(max_length=200)
    display_file = models.CharField(max_length=200)
    thumb_file = models.CharField(max_length=200)
    # Of the full rendition (the others keep its aspect ratio).
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["taken_at", "id"]
        indexes = [
            models.Index(fields=["patient", "taken_at"], name="photo_patient_taken"),
        ]

    def __str__(self) -> str:
        return f"Photo {self.pk} ({self.get_body_area_display()}, {self.get_view_display()})"

    def file_for(self, size: str) -> str:
        return {
            PhotoSize.FULL: self.full_file,
            PhotoSize.DISPLAY: self.display_file,
            PhotoSize.THUMB: self.thumb_file,
        }[PhotoSize(size)]

    @property
    def group_key(self) -> tuple[str, str]:
        return (self.body_area, self.view)


# Scores and recalls live in their own module (issue #7); imported so Django finds them.
from picoclinic.outcomes.scores.models import OutcomeScore, Recall  # noqa: E402, F401
