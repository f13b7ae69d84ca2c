"""The clinical core's setting safety checks for a session: values in, findings out.

The context of a setting (indication, skin type, tan, test spot, periocular work and corneal
shields) comes from the session and its checklist, and the fluence last used on the same area
with the same beam comes from the previous session, so the practitioner types only the device
settings and the endpoint seen; the core decides what blocks, what warns and what informs.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from picoclinic.clinical.common import ClinicalInputError, Fitzpatrick, Indication
from picoclinic.clinical.indications import Handpiece, InkColour
from picoclinic.clinical.settings_check import (
    DeviceSettings,
    Endpoint,
    Finding,
    Level,
    check_settings,
    is_blocked,
)
from picoclinic.treatments.checklist import corneal_shields_in, test_spot_status
from picoclinic.treatments.models import ChecklistItem, SettingsEntry, TreatmentSession
from picoclinic.treatments.selectors import previous_session, session_entries


@dataclass(frozen=True)
class Proposed:
    """The numbers the core checks (the rest of an entry is record, not safety input)."""

    wavelength_nm: int
    handpiece: str
    spot_mm: Decimal
    fluence_j_cm2: Decimal
    pulse_ps: int
    ink_colour: str = ""
    endpoint: str = ""
    area: str = ""


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

    @property
    def infos(self) -> list[dict[str, Any]]:
        return [f for f in self.findings if f["level"] == Level.INFO]


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    return {
        "level": finding.level.value,
        "code": finding.code.value,
        "message": finding.message,
        "reason": finding.reason,
        "source": str(finding.source),
    }


def _area(area: str) -> str:
    return " ".join(area.split()).casefold()


def last_fluence(proposed: Proposed, previous: list[SettingsEntry]) -> float | None:
    """The highest fluence the previous session used on the same area with the same wavelength
    and handpiece (areas compare without case or extra spaces); None if it did not."""
    same = [
        e.fluence_j_cm2
        for e in previous
        if _area(e.area) == _area(proposed.area)
        and e.wavelength_nm == proposed.wavelength_nm
        and e.handpiece == proposed.handpiece
    ]
    return float(max(same)) if same and proposed.area.strip() else None


def device_settings(
    session: TreatmentSession,
    proposed: Proposed,
    checks: list[ChecklistItem],
    previous: list[SettingsEntry] | None = None,
) -> DeviceSettings:
    """The core's input for ``proposed`` in this session. Raises ClinicalInputError.

    ``previous`` is the previous session's entries (read here when not given)."""
    if previous is None:
        previous = session_entries(previous_session(session))
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
        endpoint=Endpoint(proposed.endpoint) if proposed.endpoint else None,
        previous_fluence_j_cm2=last_fluence(proposed, previous),
    )


def check(
    session: TreatmentSession,
    proposed: Proposed,
    checks: list[ChecklistItem],
    previous: list[SettingsEntry] | None = None,
) -> Check:
    """Every finding of the core for ``proposed``: BLOCKs, then WARNs, then INFO."""
    findings = check_settings(device_settings(session, proposed, checks, previous))
    return Check(tuple(finding_to_dict(f) for f in findings), is_blocked(findings))


def check_or_error(
    session: TreatmentSession,
    proposed: Proposed,
    checks: list[ChecklistItem],
    previous: list[SettingsEntry] | None = None,
) -> tuple[Check | None, str]:
    """``check`` for a page: the core's own message instead of an exception."""
    try:
        return check(session, proposed, checks, previous), ""
    except ClinicalInputError as error:
        return None, error.message
