"""Settings per area and pass: only after the checklist, the core's safety findings kept as
shown, a BLOCK saved as blocked until a doctor overrides it with a reason, and the last
session's settings offered as the starting point."""

from __future__ import annotations

from decimal import Decimal

import pytest

from picoclinic.audit.models import AuditEvent
from picoclinic.treatments import errors, pages
from picoclinic.treatments.models import SettingsEntry
from picoclinic.treatments.safety import Proposed, check
from picoclinic.treatments.selectors import carry_forward_entry, previous_session
from picoclinic.treatments.services import session_start
from picoclinic.treatments.services.record import (
    settings_entry_add,
    settings_entry_delete,
    settings_entry_override,
)
from tests.treatments import helpers as h


def values(session, **changes):
    return h.CLEAN | {"device": h.laser(session.clinic)} | changes


@pytest.fixture
def ready_session(world):
    return h.complete_checklist(world, h.started(world))


def test_settings_wait_for_the_checklist(world):
    session = h.started(world)
    with pytest.raises(errors.TreatmentError) as refused:
        settings_entry_add(actor=world.practitioner, session=session, values=values(session))
    assert refused.value.message == errors.CHECKLIST_INCOMPLETE
    assert not SettingsEntry.objects.exists()


def test_a_clean_setting_is_recorded_with_no_finding(world, ready_session):
    entry = settings_entry_add(
        actor=world.practitioner, session=ready_session, values=values(ready_session)
    )
    assert entry.findings == []
    assert not entry.blocked
    assert entry.pass_number == 1
    assert AuditEvent.objects.filter(object_type="treatments.SettingsEntry").count() == 1


def test_passes_are_counted_per_area_whatever_the_spelling(world, ready_session):
    add = lambda area: settings_entry_add(  # noqa: E731
        actor=world.practitioner, session=ready_session, values=values(ready_session, area=area)
    )
    assert add("Left cheek").pass_number == 1
    assert add("left  CHEEK ").pass_number == 2
    assert add("Right cheek").pass_number == 1


def test_a_fluence_above_the_published_range_is_a_warning(world, ready_session):
    # 532 nm lentigines on this device class: published up to 0.6 J/cm2.
    entry = settings_entry_add(
        actor=world.practitioner,
        session=ready_session,
        values=values(ready_session, fluence_j_cm2=Decimal("0.8")),
    )
    assert [f["code"] for f in entry.findings] == ["fluence_above_range"]
    assert entry.findings[0]["level"] == "WARN"
    assert "0.8 J/cm2" in entry.findings[0]["reason"]
    assert not entry.blocked


def test_a_block_is_saved_as_blocked_until_a_doctor_overrides_it(world, ready_session):
    far = values(ready_session, fluence_j_cm2=Decimal("1.0"))  # over 1.5x the published top
    entry = settings_entry_add(actor=world.practitioner, session=ready_session, values=far)
    assert entry.blocked
    assert entry.needs_override
    assert entry.findings[0]["code"] == "fluence_far_above_range"

    with pytest.raises(errors.TreatmentError) as not_doctor:
        settings_entry_override(actor=world.practitioner, entry=entry, reason="fine")
    assert not_doctor.value.message == errors.DOCTOR_ONLY

    allowed = settings_entry_override(
        actor=world.doctor, entry=entry, reason="Resistant lesion; tolerated at session 1."
    )
    assert not allowed.needs_override
    assert allowed.override_by == world.doctor


def test_a_practitioner_cannot_override_while_entering(world, ready_session):
    far = values(ready_session, fluence_j_cm2=Decimal("1.0"))
    with pytest.raises(errors.TreatmentError) as refused:
        settings_entry_add(
            actor=world.practitioner, session=ready_session, values=far, override_reason="mine"
        )
    assert refused.value.message == errors.OVERRIDE_NOT_DOCTOR
    assert not SettingsEntry.objects.exists()


def test_a_doctor_treating_overrides_in_the_same_step(world, ready_session):
    far = values(ready_session, fluence_j_cm2=Decimal("1.0"))
    entry = settings_entry_add(
        actor=world.doctor, session=ready_session, values=far, override_reason="Test patch ok."
    )
    assert entry.blocked
    assert not entry.needs_override


def test_a_tan_blocks_every_setting(world):
    session = h.complete_checklist(world, h.started(world), tanned=True)
    entry = settings_entry_add(actor=world.practitioner, session=session, values=values(session))
    assert entry.findings[0]["code"] == "tanned_skin"
    assert entry.needs_override


def test_532_nm_on_skin_type_v_is_blocked(world):
    session = h.complete_checklist(world, h.started(world, fitzpatrick=5))
    result = check(
        session,
        Proposed(532, "flat_beam", Decimal("4"), Decimal("0.1"), 750),
        list(session.checks.all()),
    )
    assert result.blocked
    assert result.blocks[0]["code"] == "wavelength_532_dark_skin"


def test_periocular_work_without_shields_is_blocked_by_the_core(world):
    session = h.started(world, concern=h.PERIOCULAR)
    h.complete_checklist(world, session)  # ticks the shields
    shields_in = check(
        session,
        Proposed(755, "flat_beam", Decimal("3"), Decimal("2.0"), 750),
        list(session.checks.all()),
    )
    assert "periocular_no_shields" not in [f["code"] for f in shields_in.findings]

    items = list(session.checks.all())
    for item in items:
        if item.code == "corneal_shields":
            item.state = "pending"
    without = check(session, Proposed(755, "flat_beam", Decimal("3"), Decimal("2.0"), 750), items)
    assert "periocular_no_shields" in [f["code"] for f in without.findings]


def test_the_laser_must_deliver_the_wavelength(world, ready_session):
    with pytest.raises(errors.FieldRefused) as refused:
        settings_entry_add(
            actor=world.practitioner,
            session=ready_session,
            values=values(ready_session, wavelength_nm=785),
        )
    assert refused.value.field == "wavelength_nm"
    assert "does not deliver 785 nm" in refused.value.message


def test_a_laser_of_another_clinic_is_refused(world, ready_session):
    elsewhere = h.laser(world.clinic_b, name="Other")
    with pytest.raises(errors.FieldRefused) as refused:
        settings_entry_add(
            actor=world.practitioner,
            session=ready_session,
            values=values(ready_session, device=elsewhere),
        )
    assert refused.value.message == errors.DEVICE_NOT_HERE


def test_a_setting_can_be_removed_before_signing(world, ready_session):
    entry = settings_entry_add(
        actor=world.practitioner, session=ready_session, values=values(ready_session)
    )
    settings_entry_delete(actor=world.practitioner, entry=entry)
    assert not SettingsEntry.objects.exists()


# --- Carry-forward ----------------------------------------------------------------------------


def _second_session(world, first):
    return session_start(
        actor=world.practitioner, appointment=h.appointment(world, first.plan, number=2)
    )


def test_the_last_sessions_settings_are_the_starting_point(world):
    first = h.signed(world)
    second = h.complete_checklist(world, _second_session(world, first))

    assert previous_session(second) == first
    entries = list(second.entries.all())
    previous = list(first.entries.all())
    initial, carried = pages.default_entry_initial(second, entries, previous)

    assert carried == previous[0]
    assert initial["area"] == "Left cheek"
    assert initial["fluence_j_cm2"] == "0.4"
    assert initial["wavelength_nm"] == 532
    assert initial["carried_from"] == previous[0].pk


def test_a_carried_setting_is_linked_to_where_it_came_from(world):
    first = h.signed(world)
    second = h.complete_checklist(world, _second_session(world, first))
    source = first.entries.get()

    entry = settings_entry_add(
        actor=world.practitioner,
        session=second,
        values=values(second, fluence_j_cm2=Decimal("0.5")),
        carried_from=source,
    )

    assert entry.carried_from == source


def test_only_an_earlier_signed_setting_of_the_patient_can_be_offered(world):
    first = h.signed(world)
    other = h.signed(world, patient=world.other_patient_a)
    second = _second_session(world, first)

    assert carry_forward_entry(second, first.entries.get().pk) == first.entries.get()
    assert carry_forward_entry(second, other.entries.get().pk) is None
    assert carry_forward_entry(second, "nonsense") is None
    assert carry_forward_entry(second, "9" * 30) is None


def test_a_new_course_starts_from_the_plan_item(world, ready_session):
    initial, carried = pages.default_entry_initial(ready_session, [], [])
    assert carried is None
    assert initial["wavelength_nm"] == ready_session.plan_item.wavelength_nm
    assert initial["device"] == ready_session.appointment.device_id
