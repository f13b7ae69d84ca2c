"""Photography consent gates every new photo; marketing use follows the consent in force."""

from __future__ import annotations

import pytest

from picoclinic.consent.models import ConsentKind
from picoclinic.consent.services import consent_withdraw
from picoclinic.outcomes import errors
from picoclinic.outcomes.errors import PhotoRejected
from picoclinic.outcomes.models import Photo
from picoclinic.outcomes.selectors import photo_marketing_allowed
from tests.consent.helpers import publish_texts, sign
from tests.outcomes.helpers import add_photo, consent_to_photos, stored_files


def _refused(world, media):
    with pytest.raises(PhotoRejected) as refused:
        add_photo(world)
    assert (refused.value.message, refused.value.field) == (errors.NO_PHOTO_CONSENT, None)
    assert not Photo.objects.exists()
    assert stored_files(media) == []


def test_no_consent_no_photo(world, media):
    _refused(world, media)


def test_a_declined_photography_consent_refuses(world, media):
    publish_texts(world.clinic_a, kinds={ConsentKind.PHOTOGRAPHY, ConsentKind.MARKETING})
    sign(world, patient=world.patient_a, photography=False)
    _refused(world, media)


def test_a_withdrawal_stops_new_photos_at_once(world, media):
    photography, _ = consent_to_photos(world, world.patient_a)
    first = add_photo(world)

    consent_withdraw(actor=world.practitioner, record=photography, reason="Changed her mind")

    with pytest.raises(PhotoRejected) as refused:
        add_photo(world)
    assert refused.value.message == errors.NO_PHOTO_CONSENT
    # The photo taken while consent was in force stays in the record.
    assert list(Photo.objects.all()) == [first]


def test_a_later_no_replaces_an_earlier_yes(world):
    consent_to_photos(world, world.patient_a)
    add_photo(world)
    sign(world, patient=world.patient_a, photography=False)
    with pytest.raises(PhotoRejected):
        add_photo(world)


def test_consent_of_another_patient_does_not_count(world, media):
    consent_to_photos(world, world.other_patient_a)
    _refused(world, media)


def test_marketing_use_follows_the_consent_in_force_now(world):
    patient = world.patient_a
    # Photography only: photos are for the record, not for marketing.
    consent_to_photos(world, patient)
    add_photo(world)
    assert photo_marketing_allowed(patient=patient) is False

    # Marketing agreed: allowed, for the photo already taken too (nothing was copied onto it).
    photography, marketing = consent_to_photos(world, patient, marketing=True)
    assert photo_marketing_allowed(patient=patient) is True

    # Marketing withdrawn: not allowed, at once.
    consent_withdraw(actor=world.practitioner, record=marketing, reason="No longer")
    assert photo_marketing_allowed(patient=patient) is False

    # Agreed again, then photography withdrawn: marketing needs photography.
    photography, marketing = consent_to_photos(world, patient, marketing=True)
    assert photo_marketing_allowed(patient=patient) is True
    consent_withdraw(actor=world.practitioner, record=photography, reason="No photos at all")
    assert marketing.is_valid
    assert photo_marketing_allowed(patient=patient) is False
