"""A future treatment time becoming free: recorded in the freeing transaction, so the waitlist
is offered it after commit (a task), or by the sweep if that task is lost."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from picoclinic.scheduling.models import Appointment, AppointmentKind, FreedSlot
from picoclinic.scheduling.signals import slot_freed


def slot_freed_record(
    *, appointment: Appointment, starts_at: datetime, now: datetime | None = None
) -> FreedSlot | None:
    """Record that ``appointment``'s time from ``starts_at`` is free now (call inside the
    cancelling or moving transaction). Only future course sessions are offered to the
    waitlist: the waitlist is for sessions of a course."""
    now = now or timezone.now()
    if appointment.kind != AppointmentKind.TREATMENT or starts_at <= now:
        return None
    slot = FreedSlot.objects.create(
        clinic_id=appointment.clinic_id,
        appointment_type_id=appointment.appointment_type_id,
        starts_at=starts_at,
        practitioner_id=appointment.practitioner_id,
        freed_at=now,
    )
    slot_freed.send(sender=FreedSlot, slot=slot)
    transaction.on_commit(lambda: _enqueue(slot.pk))
    return slot


def _enqueue(slot_id: int) -> None:
    from picoclinic.scheduling.waitlist import offer_freed_slot

    offer_freed_slot.enqueue(slot_id)
