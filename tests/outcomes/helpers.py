"""Photos in tests: consent, a stored photo, what is in storage."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.utils import timezone

from picoclinic.consent.models import ConsentKind, ConsentRecord
from picoclinic.outcomes.models import Photo, PhotoView
from picoclinic.outcomes.services import photo_upload
from tests.consent.helpers import publish_texts, sign
from tests.outcomes import images


def consent_to_photos(world, patient, *, marketing: bool = False) -> list[ConsentRecord]:
    if not patient.clinic.consent_texts.filter(kind=ConsentKind.PHOTOGRAPHY).exists():
        publish_texts(patient.clinic, kinds={ConsentKind.PHOTOGRAPHY, ConsentKind.MARKETING})
    return sign(world, patient=patient, photography=True, marketing=marketing)


def add_photo(world, patient=None, *, data: bytes | None = None, **fields) -> Photo:
    patient = patient or world.patient_a
    values = {"body_area": "face", "view": PhotoView.FRONT, "taken_at": None} | fields
    return photo_upload(
        actor=world.practitioner,
        patient=patient,
        upload=images.upload(data or images.jpeg()),
        **values,
    )


def stored_files(media_root) -> list[Path]:
    root = Path(media_root)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def photo_row(patient, clinic=None, *, taken_at: datetime | None = None, **fields) -> Photo:
    """A photo row without files, for pages that only list photos (query counts)."""
    values = {
        "body_area": "face",
        "view": PhotoView.FRONT,
        "full_file": "photos/xx/none-full.jpg",
        "display_file": "photos/xx/none-display.jpg",
        "thumb_file": "photos/xx/none-thumb.jpg",
        "width": 400,
        "height": 300,
    } | fields
    return Photo.objects.create(
        patient=patient,
        clinic=clinic or patient.clinic,
        taken_at=taken_at or timezone.now(),
        **values,
    )
