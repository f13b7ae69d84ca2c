"""Shared vocabulary of the clinical core.

Pure Python: nothing in ``picoclinic.clinical`` imports Django or any app. Apps import the core;
the core never imports an app.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class ClinicalInputError(ValueError):
    """Input the core cannot answer. ``field`` names the offending input (dotted for nesting)."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Fitzpatrick(IntEnum):
    I = 1  # noqa: E741 - the published type names
    II = 2
    III = 3
    IV = 4
    V = 5
    VI = 6

    @property
    def roman(self) -> str:
        return self.name


class Indication(StrEnum):
    """The concerns the catalogue covers. Values are the `picoclinic estimate` contract's names."""

    SOLAR_LENTIGINES = "solar_lentigines"
    FRECKLES = "freckles"
    MELASMA = "melasma"
    HORI_NEVUS = "hori_nevus"
    NEVUS_OF_OTA = "nevus_of_ota"
    CAFE_AU_LAIT = "cafe_au_lait"
    PIH = "pih"
    TATTOO = "tattoo"
    ACNE_SCARS = "acne_scars"
    REJUVENATION = "rejuvenation"


class Severity(StrEnum):
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


class BodySite(StrEnum):
    FACE = "face"
    NECK = "neck"
    CHEST = "chest"
    BACK = "back"
    ABDOMEN = "abdomen"
    ARM = "arm"
    FOREARM = "forearm"
    HAND = "hand"
    THIGH = "thigh"
    LEG = "leg"
    FOOT = "foot"


class Evidence(StrEnum):
    """Evidence tags, as in shared/clinical-reference.md section 0."""

    PEER_REVIEWED = "PR"
    CONSENSUS = "CONS"
    SECONDARY = "2ry"
    CLINIC = "CLINIC"
    CONVENTION = "convention"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a number or rule comes from. ``unverified`` marks values the reference flags."""

    citation: str
    evidence: Evidence = Evidence.PEER_REVIEWED
    unverified: bool = False

    def __str__(self) -> str:
        text = f"{self.citation} [{self.evidence.value}]"
        return f"{text} [UNVERIFIED]" if self.unverified else text
