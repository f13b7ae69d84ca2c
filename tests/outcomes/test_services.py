"""photo_upload: stored outside the database, under random names, all or nothing, audited."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import DatabaseError
from django.utils import timezone

from picoclinic.audit.models import AuditAction, AuditEvent
from picoclinic.consultations.models import Concern, Consultation
from picoclinic.outcomes import errors, services
from picoclinic.outcomes.errors import PhotoRejected
from picoclinic.outcomes.models import Photo, PhotoSize, PhotoView
from picoclinic.outcomes.storage import photo_storage
from tests.outcomes import images
from tests.outcomes.helpers import add_photo, stored_files

pytestmark = pytest.mark.usefixtures("consented")
NAME = re.compile(r"^photos/[0-9a-f]{2}/[0-9a-f]{32}-(full|display|thumb)\.jpg$")


def test_a_photo_is_stored_as_three_jpegs_under_random_names(world, media):
    photo = add_photo(world, data=images.jpeg(size=(2400, 1800)), note="Before session 1")

    names = [photo.full_file, photo.display_file, photo.thumb_file]
    assert all(NAME.match(name) for name in names), names
    assert len({name.split("/")[-1][:32] for name in names}) == 3  # a token each
    patient = world.patient_a
    for name in names:
        for personal in (patient.patient_number, patient.given_name, patient.family_name):
            assert personal.lower() not in name.lower()
    assert stored_files(media) == sorted(media / name for name in names)
    with photo_storage().open(photo.file_for(PhotoSize.DISPLAY)) as stored:
        assert stored.read(3) == b"\xff\xd8\xff"
    assert (photo.width, photo.height, photo.clinic, photo.uploaded_by) == (
        2400,
        1800,
        patient.clinic,
        world.practitioner,
    )


def test_the_upload_is_audited_with_the_actor_and_the_patient(world):
    photo = add_photo(world, view=PhotoView.LEFT_45)
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="outcomes.Photo")
    assert (event.actor, event.patient, event.object_id) == (
        world.practitioner,
        world.patient_a,
        str(photo.pk),
    )
    assert event.summary == "Clinical photo added (Face, Left 45°)"
    assert world.patient_a.family_name not in event.summary


def test_the_camera_time_is_used_when_none_is_given(world):
    photo = add_photo(world, data=images.jpeg_with_gps())
    # 10:15 on the camera, in the clinic's zone (London, GMT in March).
    assert photo.taken_at == datetime(2025, 3, 4, 10, 15, tzinfo=UTC)


def test_a_time_given_wins_and_without_any_it_is_now(world):
    given = timezone.now() - timedelta(days=3)
    assert add_photo(world, data=images.jpeg_with_gps(), taken_at=given).taken_at == given
    before = timezone.now()
    assert before <= add_photo(world).taken_at <= timezone.now()


def test_a_time_in_the_future_is_refused(world, media):
    with pytest.raises(PhotoRejected) as refused:
        add_photo(world, taken_at=timezone.now() + timedelta(hours=2))
    assert (refused.value.message, refused.value.field) == (errors.TAKEN_IN_FUTURE, "taken_at")
    assert stored_files(media) == []


def test_an_oversized_file_is_refused_before_decoding(world, media, settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    data = images.jpeg() + b"\x00" * (2 * 1024 * 1024)
    with pytest.raises(PhotoRejected) as refused:
        add_photo(world, data=data)
    assert refused.value.message == errors.TOO_LARGE.format(limit_mb=2)
    assert not Photo.objects.exists()
    assert stored_files(media) == []


def test_a_decompression_bomb_is_refused(world, media, settings):
    settings.PHOTO_MAX_PIXELS = 1_000_000
    with pytest.raises(PhotoRejected) as refused:
        add_photo(world, data=images.png_bomb(2000))
    assert refused.value.message == errors.TOO_MANY_PIXELS.format(limit=1)
    assert not Photo.objects.exists()
    assert stored_files(media) == []


def test_a_non_image_is_refused_whatever_its_name(world, media):
    with pytest.raises(PhotoRejected) as refused:
        add_photo(world, data=images.NOT_AN_IMAGE)
    assert refused.value.message == errors.NOT_AN_IMAGE
    assert not Photo.objects.exists()
    assert stored_files(media) == []


def test_files_are_removed_when_the_database_write_fails(world, media, monkeypatch):
    # Given the database failing after the files are stored (here: at the audit entry)...
    def broken(**kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(services, "audit_record", broken)
    with pytest.raises(DatabaseError):
        add_photo(world)
    # ...neither the row nor any file remains.
    assert not Photo.objects.exists()
    assert stored_files(media) == []


class FailsOnSecondSave(FileSystemStorage):
    saves = 0

    def _save(self, name, content):
        FailsOnSecondSave.saves += 1
        if FailsOnSecondSave.saves == 2:
            raise OSError("storage unavailable")
        return super()._save(name, content)


def test_no_row_and_no_stray_file_when_storage_fails_half_way(world, media, settings):
    settings.STORAGES = settings.STORAGES | {
        "photos": {
            "BACKEND": "tests.outcomes.test_services.FailsOnSecondSave",
            "OPTIONS": {"location": str(media / "bucket")},
        }
    }
    FailsOnSecondSave.saves = 0
    with pytest.raises(OSError, match="storage unavailable"):
        add_photo(world)
    assert not Photo.objects.exists()
    assert stored_files(media) == []


def test_a_configured_photos_storage_is_used_instead_of_the_default(world, media, settings):
    settings.STORAGES = settings.STORAGES | {
        "photos": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media / "bucket")},
        }
    }
    photo = add_photo(world)
    assert (media / "bucket" / photo.full_file).is_file()


def test_a_concern_or_appointment_of_another_patient_is_refused(world, media):
    other = Consultation.objects.create(
        patient=world.other_patient_a, clinic=world.clinic_a, practitioner=world.practitioner
    )
    concern = Concern.objects.create(
        consultation=other, indication="melasma", body_site="face", severity="mild"
    )
    with pytest.raises(PhotoRejected) as refused:
        add_photo(world, concern=concern)
    assert (refused.value.message, refused.value.field) == (errors.CONCERN_NOT_PATIENTS, "concern")
    assert stored_files(media) == []


def test_photo_opened_writes_a_view_entry(world):
    photo = add_photo(world)
    services.photo_opened(actor=world.doctor, photo=photo, size=PhotoSize.FULL)
    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert (event.actor, event.patient, event.summary) == (
        world.doctor,
        world.patient_a,
        "Clinical photo opened (full size)",
    )
