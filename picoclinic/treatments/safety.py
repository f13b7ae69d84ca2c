"""The clinical core's setting safety checks for a session: values in, findings out.

The context of a setting (indication, skin type, tan, test spot, periocular work and corneal
shields) comes from the session and its checklist, so the practitioner types only the device
settings; the core decides what is a warning and what is a block.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from picoclinic.clinical.common import ClinicalInputError, Fitzpatrick, Indication
from picoclinic.clinical.indications import Handpiece, InkColour
from picoclinic.clinical.settings_check import (
    DeviceSettings,
    Finding,
    Level,
    check_settings,
    is_blocked,
)
from picoclinic.treatments.checklist import corneal_shields_in, test_spot_status
from picoclinic.treatments.models import ChecklistItem, TreatmentSession


@dataclass(frozen=True)
class Proposed:
    """The numbers the core checks (the rest of an entry is record, not safety input)."""

    wavelength_nm: int
    handpiece: str
    spot_mm: Decimal
    fluence_j_cm2: Decimal
    pulse_ps: int
    ink_colour: str = ""


@dataclass(frozen=True)
class Check:
    findings: tuple[dict[str, Any], ...]
    blocked: bool

    @property
    def blocks(self) -> list[dict[str, Any]]:
        return [f for f in self.findings if f["level"] == Level.BLOCK]

    @property
    def warnings(self) -> list[dict[str, Any]]:
        return [f for f in self.findings if f["level"] == Level.WARN]


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    return {
        "level": finding.level.value,
        "code": finding.code.value,
        "message": finding.message,
        "reason": finding.reason,
        "source": str(finding.source),
    }


def device_settings(
    session: TreatmentSession, proposed: Proposed, checks: list[ChecklistItem]
) -> DeviceSettings:
    """The core's input for ``proposed`` in this session. Raises ClinicalInputError."""
    return DeviceSettings(
        wavelength_nm=proposed.wavelength_nm,
        handpiece=Handpiece(proposed.handpiece),
        spot_mm=float(proposed.spot_mm),
        fluence_j_cm2=float(proposed.fluence_j_cm2),
        pulse_ps=float(proposed.pulse_ps),
        indication=Indication(session.indication),
        fitzpatrick=Fitzpatrick(session.fitzpatrick),
        tanned=bool(session.tanned),
        test_spot=test_spot_status(checks),
        periocular=session.periocular,
        corneal_shields=corneal_shields_in(checks),
        ink_colour=InkColour(proposed.ink_colour) if proposed.ink_colour else None,
    )


def check(session: TreatmentSession, proposed: Proposed, checks: list[ChecklistItem]) -> Check:
    """Every finding of the core for ``proposed``, BLOCKs first (as the core orders them)."""
    findings = check_settings(device_settings(session, proposed, checks))
    return Check(tuple(finding_to_dict(f) for f in findings), is_blocked(findings))


def check_or_error(
    session: TreatmentSession, proposed: Proposed, checks: list[ChecklistItem]
) -> tuple[Check | None, str]:
    """``check`` for a page: the core's own message instead of an exception."""
    try:
        return check(session, proposed, checks), ""
    except ClinicalInputError as error:
        return None, error.message
