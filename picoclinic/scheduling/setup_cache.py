"""A clinic's scheduling set-up (booking rules, opening and working hours, the practitioners,
rooms, lasers and appointment types), read once per server process and reused until any of
it changes.

Every calendar page, availability search and booking needs these rows, and they change a few
times a year (in Configuration), while the pages are asked for many times a minute: reading
them each time was a third of the calendar's queries and most of a booking's.

Invalidation: one version stamp for the whole installation in the shared cache (files under
``var/cache``, or Redis across hosts, so every server process sees it). Saving or deleting any
of these rows, or changing which types a practitioner performs, replaces the stamp at once and
again when the transaction commits (a process that re-read the rows before the commit caches
them under the old stamp, which the second replacement retires). Writes that send no signals
(``bulk_create``, ``QuerySet.update``) must call ``setup_changed()`` themselves.
Bookings, leave, downtime and closures are never cached: they are read from the rows each time.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from picoclinic.clinics.models import Clinic
from picoclinic.scheduling.models import (
    AppointmentType,
    Device,
    OpeningHours,
    Practitioner,
    Resource,
    ResourceKind,
    Room,
    SchedulingPolicy,
    WorkingHours,
)

VERSION_KEY = "scheduling:setup-version"
WATCHED = [
    SchedulingPolicy,
    OpeningHours,
    WorkingHours,
    Resource,
    Practitioner,
    Room,
    Device,
    AppointmentType,
]

# clinic id -> (version stamp, set-up). Replaced whole, never changed in place: threads of
# one process share it safely.
_memo: dict[int, tuple[str, ClinicSetup]] = {}


@dataclass
class ClinicSetup:
    """Read-only: shared by every request of the process until the next change."""

    policy: SchedulingPolicy
    opening: dict[int, list[OpeningHours]]  # weekday -> rows
    hours: list[WorkingHours]  # active practitioners' rows here, ``.practitioner`` loaded
    performs: dict[int, frozenset[int]]  # practitioner id -> appointment type ids
    rooms: list[Room]  # active, by name
    devices: list[Device]  # active, by name
    types: dict[int, AppointmentType] = field(default_factory=dict)  # all of the clinic's

    def hours_on(self, weekday: int) -> list[WorkingHours]:
        return [h for h in self.hours if h.weekday == weekday]

    def may_perform(self, practitioner_id: int, appointment_type_id: int) -> bool:
        return appointment_type_id in self.performs.get(practitioner_id, frozenset())


def clinic_setup(clinic: Clinic) -> ClinicSetup:
    """The clinic's set-up: from this process's memory while the stamp is unchanged (one
    cache read), else from the database (five queries)."""
    version = _version()
    found = _memo.get(clinic.pk)
    if found is not None and found[0] == version:
        return found[1]
    setup = _load(clinic)
    _memo[clinic.pk] = (version, setup)
    return setup


def setup_changed() -> None:
    """Retire every process's copy, now and when the current transaction commits."""
    _new_version()
    transaction.on_commit(_new_version)


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY) or ""
    return version


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _load(clinic: Clinic) -> ClinicSetup:
    policy = SchedulingPolicy.objects.filter(clinic=clinic).first() or SchedulingPolicy(
        clinic=clinic
    )
    opening: dict[int, list[OpeningHours]] = defaultdict(list)
    for row in OpeningHours.objects.filter(clinic=clinic).order_by("weekday", "opens"):
        opening[row.weekday].append(row)
    hours = list(
        WorkingHours.objects.filter(clinic=clinic, practitioner__is_active=True)
        .select_related("practitioner")
        .order_by("weekday", "starts", "pk")
    )
    performs: dict[int, set[int]] = defaultdict(set)
    through = Practitioner.appointment_types.through
    for person, kind in through.objects.filter(
        practitioner_id__in={h.practitioner_id for h in hours}
    ).values_list("practitioner_id", "appointmenttype_id"):
        performs[person].add(kind)
    resources = Resource.objects.filter(
        clinic=clinic, is_active=True, kind__in=[ResourceKind.ROOM, ResourceKind.DEVICE]
    ).select_related("room", "device")
    rooms = [r.room for r in resources if r.kind == ResourceKind.ROOM]
    devices = [r.device for r in resources if r.kind == ResourceKind.DEVICE]
    return ClinicSetup(
        policy=policy,
        opening=dict(opening),
        hours=hours,
        performs={pk: frozenset(ids) for pk, ids in performs.items()},
        rooms=sorted(rooms, key=lambda r: (r.name, r.pk)),
        devices=sorted(devices, key=lambda d: (d.name, d.pk)),
        types={t.pk: t for t in AppointmentType.objects.filter(clinic=clinic)},
    )


def _changed(**kwargs) -> None:
    setup_changed()


def connect_signals() -> None:
    for model in WATCHED:
        post_save.connect(_changed, sender=model, dispatch_uid=f"setup-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"setup-del-{model.__name__}")
    m2m_changed.connect(
        _changed, sender=Practitioner.appointment_types.through, dispatch_uid="setup-performs"
    )
