"""Writes of clinical photographs: adding one, and recording who opened one."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from picoclinic.accounts.models import User
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.consent.selectors import photo_consent
from picoclinic.outcomes.errors import (
    APPOINTMENT_NOT_PATIENTS,
    CONCERN_NOT_PATIENTS,
    NO_PHOTO_CONSENT,
    TAKEN_IN_FUTURE,
    TOO_LARGE,
    PhotoRejected,
)
from picoclinic.outcomes.imaging import photo_process
from picoclinic.outcomes.models import Photo, PhotoSize, PhotoView
from picoclinic.outcomes.storage import files_delete, files_save, max_pixels, max_upload_bytes

# A tablet's clock may run a little ahead of the server's.
CLOCK_SKEW = timedelta(minutes=5)
# Camera clocks that were never set say 2000-01-01 or 1970: not a real date for a clinic photo.
EARLIEST_CAMERA_YEAR = 2005


def photo_upload(
    *,
    actor: User | None,
    patient,
    upload,
    body_area: str,
    view: PhotoView | str,
    taken_at: datetime | None = None,
    concern=None,
    appointment=None,
    note: str = "",
    clinic=None,
    ip_address: str | None = None,
) -> Photo:
    """Add a clinical photograph of ``patient`` from an uploaded file.

    Invariants: a photo is added only while the patient's photography consent is valid
    (checked before the work and again in the transaction that writes the row); the stored
    files are metadata-free JPEGs under random names (``imaging``, ``storage``); the concern
    and appointment, when given, are the patient's own; ``taken_at`` is aware and not in the
    future (the form's value, else the camera's clock if plausible, else now). Either the row,
    its audit entry and its three files all exist, or none does: a failed database write
    removes the files already stored. Call it outside a transaction, so that guarantee holds.
    """
    _check_links(patient=patient, concern=concern, appointment=appointment)
    _check_consent(patient=patient)
    _check_size(upload)
    if taken_at is not None and taken_at > timezone.now() + CLOCK_SKEW:
        raise PhotoRejected(TAKEN_IN_FUTURE, field="taken_at")
    upload.seek(0)
    processed = photo_process(upload, max_pixels=max_pixels())
    clinic = clinic or patient.clinic
    when = taken_at or _camera_time(processed.exif_taken_at, clinic) or timezone.now()
    names = files_save(processed.renditions)
    try:
        with transaction.atomic():
            # Again under the transaction: a withdrawal recorded meanwhile stops this photo.
            _check_consent(patient=patient)
            photo = Photo.objects.create(
                patient=patient,
                clinic=clinic,
                concern=concern,
                appointment=appointment,
                body_area=body_area,
                view=view,
                taken_at=when,
                note=note,
                full_file=names[PhotoSize.FULL],
                display_file=names[PhotoSize.DISPLAY],
                thumb_file=names[PhotoSize.THUMB],
                width=processed.width,
                height=processed.height,
                uploaded_by=actor if actor is not None and actor.is_authenticated else None,
            )
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                summary=f"Clinical photo added ({photo.get_body_area_display()}, "
                f"{photo.get_view_display()})",
                obj=photo,
                patient=patient,
                clinic=clinic,
                changes=_facts(photo),
                ip_address=ip_address,
            )
    except BaseException:
        files_delete(names.values())
        raise
    return photo


def photo_opened(*, actor: User, photo: Photo, size: str, ip_address: str | None = None) -> None:
    """Record that ``actor`` opened a photo at ``size`` (full or display) for viewing."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.VIEW,
            summary=f"Clinical photo opened ({PhotoSize(size).label.lower()})",
            obj=photo,
            patient=photo.patient,
            clinic=photo.patient.clinic,
            ip_address=ip_address,
        )


def _check_links(*, patient, concern, appointment) -> None:
    if concern is not None and concern.consultation.patient_id != patient.pk:
        raise PhotoRejected(CONCERN_NOT_PATIENTS, field="concern")
    if appointment is not None and appointment.patient_id != patient.pk:
        raise PhotoRejected(APPOINTMENT_NOT_PATIENTS, field="appointment")


def _check_consent(*, patient) -> None:
    if photo_consent(patient=patient) is None:
        raise PhotoRejected(NO_PHOTO_CONSENT, field=None)


def _check_size(upload) -> None:
    limit = max_upload_bytes()
    if upload.size is None or upload.size > limit:
        raise PhotoRejected(TOO_LARGE.format(limit_mb=limit // (1024 * 1024)))


def _camera_time(value: datetime | None, clinic) -> datetime | None:
    """The camera's clock as an aware time (in the clinic's zone when it gave no offset), if
    it is plausible: not in the future and not an unset camera clock."""
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, clinic.zone)
    if value > timezone.now() + CLOCK_SKEW or value.year < EARLIEST_CAMERA_YEAR:
        return None
    return value


def _facts(photo: Photo) -> dict[str, str | None]:
    return {
        "body_area": photo.body_area,
        "view": photo.view,
        "taken_at": photo.taken_at.isoformat(),
        "concern": str(photo.concern_id) if photo.concern_id else None,
        "appointment": str(photo.appointment_id) if photo.appointment_id else None,
    }
