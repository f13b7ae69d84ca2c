"""Signing, withdrawing and publishing texts, through the services."""

from __future__ import annotations

import base64
import hashlib

import pytest
import time_machine
from django.core.exceptions import ValidationError

from picoclinic.audit.models import AuditAction, AuditEvent
from picoclinic.consent import signatures
from picoclinic.consent.models import ConsentKind, ConsentRecord, ConsentText
from picoclinic.consent.selectors import (
    marketing_consent,
    photo_consent,
    valid_treatment_consent,
)
from picoclinic.consent.services import (
    ALREADY_WITHDRAWN,
    MARKETING_NEEDS_PHOTOS,
    NOT_GRANTED,
    PLAN_CLOSED,
    REASON_REQUIRED,
    TEXT_CHANGED,
    ConsentTextChanged,
    consent_sign,
    consent_text_publish,
    consent_withdraw,
)
from picoclinic.consent.signatures import Signature
from picoclinic.plans.models import PlanStatus
from tests.consent.helpers import hashes, make_plan, png_data_url, publish_texts, sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def texts(world):
    return publish_texts(world.clinic_a, world.clinic_admin)


@pytest.fixture
def plan(world, texts):
    return make_plan(world)


def drawn(data_url: str) -> Signature:
    return Signature(method="drawn", image=data_url)


class TestSigning:
    def test_keeps_the_shown_text_and_its_sha256(self, world, plan):
        records = sign(world, plan=plan, photography=True, marketing=False)

        assert [r.kind for r in records] == ["treatment", "photography", "marketing"]
        for record in records:
            assert record.shown_hash == hashlib.sha256(record.shown_text.encode()).hexdigest()
            assert record.witness == world.practitioner
            assert record.signed_at.tzinfo is not None
        treatment = records[0]
        assert treatment.plan == plan
        assert treatment.plan_version == plan.version
        assert treatment.granted is True
        assert "Consent to a course of picosecond laser treatment" in treatment.shown_text
        assert "cheeks: 6 sessions" in treatment.shown_text
        assert "one about every 4 weeks (at least 21 and at most 42 days apart)" in (
            treatment.shown_text
        )
        assert [r.granted for r in records[1:]] == [True, False]
        assert records[1].plan is None

    def test_each_record_is_audited_as_signed_without_patient_text(self, world, plan):
        records = sign(world, plan=plan)
        events = AuditEvent.objects.filter(action=AuditAction.SIGN, patient=world.patient_a)
        assert events.count() == len(records)
        for event in events:
            assert world.patient_a.family_name not in event.summary
            assert world.patient_a.given_name not in event.summary
            assert event.actor == world.practitioner

    def test_text_changed_between_showing_and_signing_is_refused(self, world, plan):
        shown = hashes(world.clinic_a, plan)
        consent_text_publish(
            actor=world.clinic_admin,
            clinic=world.clinic_a,
            kind=ConsentKind.TREATMENT,
            title="Consent to a course of treatment",
            body="A new paragraph about risks.",
        )
        with pytest.raises(ConsentTextChanged) as caught:
            consent_sign(
                actor=world.practitioner,
                patient=world.patient_a,
                plan=plan,
                decisions={"photography": True, "marketing": False},
                shown_hashes=shown,
                signature=Signature(method="typed", typed="Mia Stone"),
            )
        assert caught.value.messages == [TEXT_CHANGED]
        assert not ConsentRecord.objects.exists()

    def test_plan_changed_between_showing_and_signing_is_refused(self, world, plan):
        shown = hashes(world.clinic_a, plan)
        plan.items.update(sessions=8)
        with pytest.raises(ConsentTextChanged):
            consent_sign(
                actor=world.practitioner,
                patient=world.patient_a,
                plan=plan,
                decisions={"photography": True, "marketing": False},
                shown_hashes=shown,
                signature=Signature(method="typed", typed="Mia Stone"),
            )

    def test_a_text_that_appeared_since_showing_is_a_change_too(self, world):
        publish_texts(world.clinic_a, kinds={"photography"})
        shown = hashes(world.clinic_a)
        publish_texts(world.clinic_a, kinds={"marketing"})
        with pytest.raises(ConsentTextChanged):
            consent_sign(
                actor=world.practitioner,
                patient=world.patient_a,
                plan=None,
                decisions={"photography": True, "marketing": False},
                shown_hashes=shown,
                signature=Signature(method="typed", typed="Mia Stone"),
            )

    def test_marketing_needs_photography(self, world, texts):
        with pytest.raises(ValidationError) as caught:
            sign(world, photography=False, marketing=True)
        assert caught.value.messages == [MARKETING_NEEDS_PHOTOS]

    def test_closed_plan_cannot_be_consented(self, world, texts):
        plan = make_plan(world, status=PlanStatus.STOPPED)
        with pytest.raises(ValidationError) as caught:
            sign(world, plan=plan)
        assert caught.value.messages == [PLAN_CLOSED.format(status="stopped")]

    def test_signed_at_is_the_moment_of_signing(self, world, texts):
        with time_machine.travel("2026-03-29 00:30:00+00:00", tick=False):
            record = sign(world)[0]
        assert record.signed_at.isoformat() == "2026-03-29T00:30:00+00:00"


class TestTypedSignature:
    @pytest.mark.parametrize("typed", ["Mia Stone", "mia stone", "  MIA   STONE "])
    def test_the_patients_full_name_in_any_case(self, world, texts, typed):
        record = sign(world, signature=Signature(method="typed", typed=typed))[0]
        assert record.signature_method == "typed"
        assert record.signature_typed == " ".join(typed.split())
        assert record.signature_image == ""

    @pytest.mark.parametrize("typed", ["Mia", "Mia Stones", "Noah Reed"])
    def test_another_name_is_refused_with_a_clear_message(self, world, texts, typed):
        with pytest.raises(ValidationError) as caught:
            sign(world, signature=Signature(method="typed", typed=typed))
        assert caught.value.messages == [signatures.TYPED_NAME_MISMATCH.format(name="Mia Stone")]
        assert not ConsentRecord.objects.exists()

    def test_empty_name_is_refused(self, world, texts):
        with pytest.raises(ValidationError) as caught:
            sign(world, signature=Signature(method="typed", typed="  "))
        assert caught.value.messages == [signatures.TYPED_NAME_EMPTY]


class TestDrawnSignature:
    def test_a_drawn_png_is_kept_as_its_data_url(self, world, texts):
        image = png_data_url()
        record = sign(world, signature=drawn(image))[0]
        assert record.signature_method == "drawn"
        assert record.signature_image == image

    def test_a_drawing_on_an_opaque_white_canvas_counts(self, world, texts):
        assert sign(world, signature=drawn(png_data_url(opaque=True)))

    @pytest.mark.parametrize(
        ("image", "message"),
        [
            ("", signatures.SIGNATURE_EMPTY),
            (png_data_url(ink=False), signatures.SIGNATURE_EMPTY),
            (png_data_url(ink=False, opaque=True), signatures.SIGNATURE_EMPTY),
            ("data:image/jpeg;base64,/9j/4AAQSkZJRg==", signatures.SIGNATURE_NOT_PNG),
            ("data:image/png;base64,not base64!", signatures.SIGNATURE_NOT_PNG),
            (
                "data:image/png;base64," + base64.b64encode(b"GIF89a....").decode(),
                signatures.SIGNATURE_NOT_PNG,
            ),
            (
                "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\nrest").decode(),
                signatures.SIGNATURE_NOT_PNG,
            ),
            ("javascript:alert(1)", signatures.SIGNATURE_NOT_PNG),
            ("data:image/png;base64," + "A" * 200_000, signatures.SIGNATURE_TOO_LARGE),
        ],
        ids=[
            "nothing",
            "blank-transparent",
            "blank-white",
            "jpeg",
            "not-base64",
            "gif-bytes",
            "broken-png",
            "not-a-data-url",
            "oversized",
        ],
    )
    def test_bad_drawings_are_refused(self, world, texts, image, message):
        with pytest.raises(ValidationError) as caught:
            sign(world, signature=drawn(image))
        assert caught.value.messages == [message]
        assert not ConsentRecord.objects.exists()

    def test_a_huge_canvas_is_refused_before_decoding(self, world, texts):
        image = png_data_url(width=5000, height=2000, ink=False)
        assert len(image) < signatures.MAX_SIGNATURE_CHARS
        with pytest.raises(ValidationError) as caught:
            sign(world, signature=drawn(image))
        assert caught.value.messages == [signatures.SIGNATURE_TOO_LARGE]


class TestWithdrawal:
    def test_takes_effect_at_once_and_stays_on_file(self, world, plan):
        treatment = sign(world, plan=plan)[0]
        assert valid_treatment_consent(plan=plan) == treatment

        withdrawn = consent_withdraw(
            actor=world.front_desk, record=treatment, reason="Changed her mind"
        )

        assert valid_treatment_consent(plan=plan) is None
        stored = ConsentRecord.objects.get(pk=treatment.pk)
        assert stored.withdrawn_at is not None
        assert stored.withdrawn_at == withdrawn.withdrawn_at
        assert stored.withdrawn_by == world.front_desk
        assert stored.withdrawal_reason == "Changed her mind"
        assert stored.shown_text == treatment.shown_text
        event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(treatment.pk))
        assert event.summary == "Withdrew treatment course consent"

    def test_reason_is_required(self, world, plan):
        treatment = sign(world, plan=plan)[0]
        with pytest.raises(ValidationError) as caught:
            consent_withdraw(actor=world.front_desk, record=treatment, reason="  ")
        assert caught.value.messages == [REASON_REQUIRED]
        assert valid_treatment_consent(plan=plan) == treatment

    def test_only_once(self, world, plan):
        treatment = sign(world, plan=plan)[0]
        consent_withdraw(actor=world.front_desk, record=treatment, reason="First")
        with pytest.raises(ValidationError) as caught:
            consent_withdraw(actor=world.front_desk, record=treatment, reason="Second")
        assert caught.value.messages == [ALREADY_WITHDRAWN]
        assert ConsentRecord.objects.get(pk=treatment.pk).withdrawal_reason == "First"

    def test_a_no_cannot_be_withdrawn(self, world, texts):
        marketing = sign(world, marketing=False)[1]
        with pytest.raises(ValidationError) as caught:
            consent_withdraw(actor=world.front_desk, record=marketing, reason="x")
        assert caught.value.messages == [NOT_GRANTED]


class TestSelectors:
    def test_treatment_consent_covers_only_its_plan_and_version(self, world, plan):
        treatment = sign(world, plan=plan)[0]
        other_plan = make_plan(world)
        assert valid_treatment_consent(plan=plan) == treatment
        assert valid_treatment_consent(plan=other_plan) is None
        plan.version += 1  # the plan's content changed after signing
        plan.save(update_fields=["version"])
        assert valid_treatment_consent(plan=plan) is None

    def test_signing_again_after_withdrawal_restores_consent(self, world, plan):
        first = sign(world, plan=plan)[0]
        consent_withdraw(actor=world.front_desk, record=first, reason="Unsure")
        again = sign(world, plan=plan)[0]
        assert valid_treatment_consent(plan=plan) == again

    def test_withdrawing_the_latest_is_not_undone_by_an_older_one(self, world, plan):
        sign(world, plan=plan)
        latest = sign(world, plan=plan)[0]
        consent_withdraw(actor=world.front_desk, record=latest, reason="Stop")
        assert valid_treatment_consent(plan=plan) is None

    def test_the_latest_photo_and_marketing_decision_wins(self, world, texts):
        first = sign(world, photography=True, marketing=True)
        assert photo_consent(patient=world.patient_a) == first[0]
        assert marketing_consent(patient=world.patient_a) == first[1]
        sign(world, photography=True, marketing=False)
        assert photo_consent(patient=world.patient_a) is not None
        assert marketing_consent(patient=world.patient_a) is None
        assert photo_consent(patient=world.other_patient_a) is None


class TestTextVersions:
    def test_publishing_adds_the_next_version_and_leaves_the_old_one(self, world, texts):
        old = texts[ConsentKind.TREATMENT]
        new = consent_text_publish(
            actor=world.clinic_admin,
            clinic=world.clinic_a,
            kind=ConsentKind.TREATMENT,
            title="Revised",
            body="Revised body",
        )
        assert (old.version, new.version) == (1, 2)
        old.refresh_from_db()
        assert old.title == "Consent to a course of picosecond laser treatment"
        assert ConsentText.objects.filter(clinic=world.clinic_a, kind="treatment").count() == 2

    def test_versions_count_per_clinic_and_kind(self, world, texts):
        other = publish_texts(world.clinic_b, kinds={"photography"})["photography"]
        assert other.version == 1


def test_demo_texts_load_once(world):
    from picoclinic.consent.demo import consent_demo_texts_load

    assert len(consent_demo_texts_load(clinic=world.clinic_a)) == 3
    assert consent_demo_texts_load(clinic=world.clinic_a) == []
