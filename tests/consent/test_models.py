"""Signed records and texts are immutable at the model level, like the audit trail."""

from __future__ import annotations

import pytest
from django.utils import timezone

from picoclinic.consent.models import (
    RECORD_IMMUTABLE,
    RECORD_NOT_DELETABLE,
    TEXT_IMMUTABLE,
    TEXT_SIGNED,
    ConsentRecord,
    ConsentText,
)
from picoclinic.consent.services import consent_withdraw
from tests.consent.helpers import publish_texts, sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(world):
    publish_texts(world.clinic_a)
    return sign(world)[0]


@pytest.mark.parametrize(
    ("field", "value"),
    [("shown_text", "Something else"), ("granted", False), ("signature_typed", "Someone")],
)
def test_a_record_cannot_be_changed(record, field, value):
    setattr(record, field, value)
    with pytest.raises(PermissionError, match=RECORD_IMMUTABLE):
        record.save()


def test_a_record_cannot_be_changed_in_bulk_or_deleted(record):
    with pytest.raises(PermissionError, match=RECORD_IMMUTABLE):
        ConsentRecord.objects.filter(pk=record.pk).update(granted=False)
    with pytest.raises(PermissionError, match=RECORD_NOT_DELETABLE):
        ConsentRecord.objects.filter(pk=record.pk).delete()
    with pytest.raises(PermissionError, match=RECORD_NOT_DELETABLE):
        record.delete()


def test_a_withdrawal_is_the_one_change_and_only_once(world, record):
    withdrawn = consent_withdraw(actor=world.front_desk, record=record, reason="No longer")
    withdrawn.withdrawal_reason = "Rewritten later"
    with pytest.raises(PermissionError, match=RECORD_IMMUTABLE):
        withdrawn.save(update_fields=["withdrawal_reason"])


def test_a_withdrawal_cannot_smuggle_in_another_change(world, record):
    record.withdrawn_at = timezone.now()
    record.withdrawn_by = world.front_desk
    record.withdrawal_reason = "x"
    record.granted = False
    with pytest.raises(PermissionError, match=RECORD_IMMUTABLE):
        record.save()


def test_a_text_is_never_edited_in_place(world, record):
    text = record.text
    text.body = "Quietly changed"
    with pytest.raises(PermissionError, match=TEXT_IMMUTABLE):
        text.save()
    with pytest.raises(PermissionError, match=TEXT_IMMUTABLE):
        ConsentText.objects.filter(pk=text.pk).update(body="Quietly changed")


def test_a_signed_text_cannot_be_deleted(record):
    with pytest.raises(PermissionError, match=TEXT_SIGNED):
        record.text.delete()
    with pytest.raises(PermissionError, match=TEXT_SIGNED):
        ConsentText.objects.filter(pk=record.text.pk).delete()
    assert ConsentText.objects.filter(pk=record.text.pk).exists()


def test_an_unsigned_text_can_be_deleted(world):
    text = publish_texts(world.clinic_b, kinds={"marketing"})["marketing"]
    text.delete()
    assert not ConsentText.objects.filter(pk=text.pk).exists()
