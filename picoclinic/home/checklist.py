"""The set-up checklist: what a clinic still lacks before its first booking and its first
treatment, read from the configuration itself in a fixed number of queries (eight).

Starter content not yet edited or confirmed by an admin shows as "review before use": such an
item is done but the checklist is not complete until it is reviewed."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.urls import reverse
from django.utils.translation import gettext as _

from picoclinic.clinics.models import Clinic, ClinicPolicy
from picoclinic.consent.models import ConsentKind, ConsentText
from picoclinic.scheduling.models import (
    AppointmentType,
    Closure,
    Device,
    OpeningHours,
    Room,
    WorkingHours,
)


class Stage:
    BOOKING = "booking"
    TREATMENT = "treatment"


@dataclass(frozen=True)
class ChecklistItem:
    stage: str
    text: str
    url: str
    done: bool
    review: bool = False  # starter content an admin has not edited or confirmed yet


@dataclass(frozen=True)
class Checklist:
    clinic: Clinic
    items: list[ChecklistItem]

    @property
    def complete(self) -> bool:
        return all(item.done and not item.review for item in self.items)

    def stage(self, stage: str) -> list[ChecklistItem]:
        return [item for item in self.items if item.stage == stage]

    @property
    def booking(self) -> list[ChecklistItem]:
        return self.stage(Stage.BOOKING)

    @property
    def treatment(self) -> list[ChecklistItem]:
        return self.stage(Stage.TREATMENT)


def _admin(model, clinic: Clinic, action: str = "add") -> str:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}")
    return f"{url}?clinic={clinic.pk}" if action == "add" else url


def _hours(clinic: Clinic, anchor: str = "") -> str:
    return reverse("scheduling:hours", args=[clinic.pk]) + anchor


def setup_checklist(*, clinic: Clinic) -> Checklist:
    """What ``clinic`` still needs, each item linking to the form that fills it."""
    types = list(AppointmentType.objects.filter(clinic=clinic, is_active=True))
    items = [*_booking_items(clinic, types), *_holiday_items(clinic), *_treatment_items(clinic)]
    return Checklist(clinic, items)


def _holiday_items(clinic: Clinic) -> list[ChecklistItem]:
    """Public holidays from the starter content, while any is still to be reviewed."""
    if not Closure.objects.filter(clinic=clinic, needs_review=True).exists():
        return []
    url = reverse("admin:scheduling_closure_changelist") + f"?clinic__id__exact={clinic.pk}"
    return [ChecklistItem(Stage.BOOKING, _("Public holidays (closures)"), url, True, True)]


def _booking_items(clinic: Clinic, types: list[AppointmentType]) -> list[ChecklistItem]:
    item = partial(ChecklistItem, Stage.BOOKING)
    items = [
        item(
            _("Opening hours"),
            _hours(clinic),
            OpeningHours.objects.filter(clinic=clinic).exists(),
        ),
        item(
            _("Appointment types"),
            _admin(AppointmentType, clinic, "changelist")
            if types
            else _admin(AppointmentType, clinic),
            bool(types),
            any(t.needs_review for t in types),
        ),
    ]
    workers, offered = _working_here(clinic)
    people = _hours(clinic, "#practitioners")
    if not types:
        items.append(item(_("A practitioner with working hours here"), people, bool(workers)))
    items += [
        item(
            _("A practitioner with working hours here offers %(type)s") % {"type": t.name},
            people,
            t.pk in offered,
        )
        for t in types
    ]
    if not types or any(t.needs_room for t in types):
        has_room = Room.objects.filter(clinic=clinic, is_active=True).exists()
        items.append(item(_("A room"), _admin(Room, clinic), has_room))
    items += _laser_items(clinic, types)
    return items


def _working_here(clinic: Clinic) -> tuple[set[int], set[int]]:
    """Active practitioners with working hours at ``clinic``, and the types they perform."""
    pairs = WorkingHours.objects.filter(clinic=clinic, practitioner__is_active=True).values_list(
        "practitioner_id", "practitioner__appointment_types"
    )
    workers, offered = set(), set()
    for practitioner_id, type_id in pairs:
        workers.add(practitioner_id)
        if type_id is not None:
            offered.add(type_id)
    return workers, offered


def _laser_items(clinic: Clinic, types: list[AppointmentType]) -> list[ChecklistItem]:
    """A laser (before any type is set up, or when a type needs one), and one delivering each
    wavelength a type asks for."""
    if types and not any(t.needs_device for t in types):
        return []
    types = [t for t in types if t.needs_device]
    lasers = list(
        Device.objects.filter(clinic=clinic, is_active=True).values_list(
            "wavelengths_nm", flat=True
        )
    )
    url = _admin(Device, clinic)
    items = [ChecklistItem(Stage.BOOKING, _("A laser"), url, bool(lasers))]
    for nm in sorted({t.wavelength_nm for t in types if t.wavelength_nm}):
        text = _("A laser delivering %(nm)s nm") % {"nm": nm}
        done = any(nm in wavelengths for wavelengths in lasers)
        items.append(ChecklistItem(Stage.BOOKING, text, url, done))
    return items


def _treatment_items(clinic: Clinic) -> list[ChecklistItem]:
    # kind -> is its newest version a starter text (ordered by version: the last one wins)
    newest = dict(
        ConsentText.objects.filter(clinic=clinic)
        .order_by("kind", "version")
        .values_list("kind", "starter")
    )
    texts = _admin(ConsentText, clinic, "changelist") + f"?clinic__id__exact={clinic.pk}"
    items = [
        ChecklistItem(
            Stage.TREATMENT,
            _("Consent text: %(kind)s") % {"kind": kind.label},
            texts if kind.value in newest else _admin(ConsentText, clinic),
            kind.value in newest,
            newest.get(kind.value, False),
        )
        for kind in ConsentKind
    ]
    policy = ClinicPolicy.objects.filter(clinic=clinic).values_list("pk", "needs_review").first()
    url = _policy_url(clinic, policy[0] if policy else None)
    review = bool(policy and policy[1])
    items.append(ChecklistItem(Stage.TREATMENT, _("Clinic policy"), url, bool(policy), review))
    return items


def _policy_url(clinic: Clinic, pk: int | None) -> str:
    if pk is None:
        return _admin(ClinicPolicy, clinic)
    return reverse("admin:clinics_clinicpolicy_change", args=[pk])
