"""Outcome scales: GAIS, pain NRS, patient satisfaction, and the scale registry.

The melasma indices, clearance grading and acne-scar scales live in ``outcomes_masi``,
``outcomes_clearance`` and ``outcomes_scars``; their entry points are re-exported here.
Source: clinical-reference.md s7.

Invariants:
- Every scorer validates its input and raises ``ClinicalInputError`` (with ``field``) for anything
  out of range or of the wrong type, including ``bool`` and non-integer scores.
- Every result carries its source; values the reference marks UNVERIFIED say so in the result.
- ``scales_for`` lists GAIS, pain and satisfaction for every indication, plus the scales that fit
  the concern (clearance for pigment and tattoos, mMASI/MASI for melasma, Goodman & Baron/ECCA
  for acne scars).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from types import MappingProxyType

from picoclinic.clinical.common import (
    ClinicalInputError,
    Evidence,
    Indication,
    Severity,
    Source,
)
from picoclinic.clinical.outcomes_clearance import (
    CLEARANCE_SCHEMES as CLEARANCE_SCHEMES,
)
from picoclinic.clinical.outcomes_clearance import (
    DEFAULT_CLEARANCE_SCHEME as DEFAULT_CLEARANCE_SCHEME,
)
from picoclinic.clinical.outcomes_clearance import ClearanceScheme as ClearanceScheme
from picoclinic.clinical.outcomes_clearance import grade_clearance as grade_clearance
from picoclinic.clinical.outcomes_masi import MASI_SOURCE, MMASI_SOURCE
from picoclinic.clinical.outcomes_masi import MasiRegion as MasiRegion
from picoclinic.clinical.outcomes_masi import RegionAssessment as RegionAssessment
from picoclinic.clinical.outcomes_masi import masi_area_score as masi_area_score
from picoclinic.clinical.outcomes_masi import score_masi as score_masi
from picoclinic.clinical.outcomes_masi import score_mmasi as score_mmasi
from picoclinic.clinical.outcomes_scars import (
    ECCA_SOURCE,
    GOODMAN_BARON_QUALITATIVE_SOURCE,
    GOODMAN_BARON_QUANTITATIVE_SOURCE,
)
from picoclinic.clinical.outcomes_scars import (
    grade_goodman_baron_qualitative as grade_goodman_baron_qualitative,
)
from picoclinic.clinical.outcomes_scars import score_ecca as score_ecca
from picoclinic.clinical.outcomes_scars import (
    score_goodman_baron_quantitative as score_goodman_baron_quantitative,
)
from picoclinic.clinical.scales_common import ScaleId, require_int

GAIS_SCORE_INVALID = "The GAIS score must be a whole number from 1 (very much improved) to 5."
RATER_INVALID = "The rater must be the clinician or the patient."
PAIN_SCORE_INVALID = "The pain score must be a whole number from 0 to 10."
SATISFACTION_INVALID = "The satisfaction score must be a whole number from 1 to 5."
INDICATION_UNKNOWN = "This is not an indication the catalogue covers."
SCALE_UNKNOWN = "This is not a known outcome scale."

# --- GAIS -----------------------------------------------------------------------------------

GAIS_SOURCE = Source(
    "DocCheck Flexikon 'Global Aesthetic Improvement Scale'; s7.3", Evidence.SECONDARY
)
GAIS_CODING = "gais_5_point_1_best"  # 1 very much improved ... 5 worse; other codings exist
GAIS_NOTE = "Lower is better. No validated cut-offs exist; psychometric validation is limited."


class GaisScore(IntEnum):
    VERY_MUCH_IMPROVED = 1
    MUCH_IMPROVED = 2
    IMPROVED = 3
    NO_CHANGE = 4
    WORSE = 5


class Rater(StrEnum):
    CLINICIAN = "clinician"  # physician GAIS (PGAIS)
    PATIENT = "patient"  # subject GAIS (SGAIS)


# GAIS labels and meanings (DocCheck Flexikon, reference s7.3), in our own words.
GAIS_LABELS: Mapping[GaisScore, tuple[str, str]] = MappingProxyType(
    {
        GaisScore.VERY_MUCH_IMPROVED: ("Very much improved", "The best cosmetic result possible."),
        GaisScore.MUCH_IMPROVED: ("Much improved", "Clearly better, but not yet the best result."),
        GaisScore.IMPROVED: ("Improved", "Visibly better; another treatment is advisable."),
        GaisScore.NO_CHANGE: ("No change", "Looks the same as before treatment."),
        GaisScore.WORSE: ("Worse", "Looks worse than before treatment."),
    }
)


@dataclass(frozen=True, slots=True)
class GaisRating:
    """A GAIS rating against baseline; store ``label`` and ``coding`` with the number."""

    score: GaisScore
    label: str
    meaning: str
    rater: Rater
    coding: str = GAIS_CODING
    note: str = GAIS_NOTE
    source: Source = GAIS_SOURCE


def rate_gais(*, score: int, rater: Rater | str) -> GaisRating:
    """Record a GAIS rating (1-5, 1 best) by the clinician or the patient."""
    value = GaisScore(require_int(score, field="score", low=1, high=5, message=GAIS_SCORE_INVALID))
    label, meaning = GAIS_LABELS[value]
    return GaisRating(value, label, meaning, _rater(rater))


def _rater(rater: object) -> Rater:
    try:
        if not isinstance(rater, str):  # the enum takes text only; anything else is unknown too
            raise ValueError(rater)
        return Rater(rater)
    except ValueError:
        raise ClinicalInputError(RATER_INVALID, field="rater") from None


# --- Pain NRS -------------------------------------------------------------------------------

PAIN_SOURCE = Source(
    "Physiotherapy Canada, Pain Science Division (NRS-11); s7.8", Evidence.CONSENSUS
)
PAIN_CUTOFF_NOTE = (
    "Bands 1-3 mild, 4-6 moderate, 7-10 severe follow physiotherapy.ca. Published cut-offs vary "
    "(Palos 2006: 1-4 mild, 5-6 moderate; Boonstra 2014 differs again); none is universal."
)
PAIN_MEANINGFUL_CHANGE = 2  # physiotherapy.ca: a change of 2 points or more is meaningful
PAIN_MAX = 10


@dataclass(frozen=True, slots=True)
class PainRating:
    """An NRS-11 pain score; ``severity`` is ``None`` for 0 (no pain)."""

    score: int
    severity: Severity | None
    cutoff_note: str = PAIN_CUTOFF_NOTE
    source: Source = PAIN_SOURCE


def pain_severity(score: int) -> Severity | None:
    """physiotherapy.ca bands: 0 none, 1-3 mild, 4-6 moderate, 7-10 severe."""
    value = require_int(score, field="score", low=0, high=PAIN_MAX, message=PAIN_SCORE_INVALID)
    if value == 0:
        return None
    return Severity.MILD if value <= 3 else Severity.MODERATE if value <= 6 else Severity.SEVERE


def rate_pain(*, score: int) -> PainRating:
    """Record a procedural pain score on the 0-10 numeric rating scale."""
    severity = pain_severity(score)
    return PainRating(score=int(score), severity=severity)


# --- Patient satisfaction -------------------------------------------------------------------

SATISFACTION_SOURCE = Source("5-point Likert as used in Ge Y et al. JAAD 2020;83:397-403; s7.9")


class Satisfaction(IntEnum):
    VERY_DISSATISFIED = 1
    DISSATISFIED = 2
    NEUTRAL = 3
    SATISFIED = 4
    VERY_SATISFIED = 5


SATISFACTION_LABELS: Mapping[Satisfaction, str] = MappingProxyType(
    {
        Satisfaction.VERY_DISSATISFIED: "Very dissatisfied",
        Satisfaction.DISSATISFIED: "Dissatisfied",
        Satisfaction.NEUTRAL: "Neither satisfied nor dissatisfied",
        Satisfaction.SATISFIED: "Satisfied",
        Satisfaction.VERY_SATISFIED: "Very satisfied",
    }
)


@dataclass(frozen=True, slots=True)
class SatisfactionRating:
    score: Satisfaction
    label: str
    source: Source = SATISFACTION_SOURCE


def rate_satisfaction(*, score: int) -> SatisfactionRating:
    """Record patient satisfaction on the 5-point Likert scale (1 very dissatisfied ... 5)."""
    value = require_int(score, field="score", low=1, high=5, message=SATISFACTION_INVALID)
    level = Satisfaction(value)
    return SatisfactionRating(level, SATISFACTION_LABELS[level])


# --- Registry -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScaleInfo:
    """What the UI needs to offer a scale; ``unverified`` marks scales with unchecked tables."""

    id: ScaleId
    name: str
    source: Source
    unverified: bool = False
    optional: bool = False


SCALES: Mapping[ScaleId, ScaleInfo] = MappingProxyType(
    {
        info.id: info
        for info in (
            ScaleInfo(ScaleId.MASI, "Melasma Area and Severity Index (MASI)", MASI_SOURCE),
            ScaleInfo(ScaleId.MMASI, "Modified MASI (mMASI)", MMASI_SOURCE),
            ScaleInfo(ScaleId.GAIS, "Global Aesthetic Improvement Scale (GAIS)", GAIS_SOURCE),
            ScaleInfo(
                ScaleId.PIGMENT_CLEARANCE,
                "Pigment clearance (% and quartile-type grade)",
                Source("Physician global assessment schemes, clinical-reference.md s7.4"),
            ),
            ScaleInfo(
                ScaleId.GOODMAN_BARON_QUALITATIVE,
                "Goodman & Baron qualitative grade",
                GOODMAN_BARON_QUALITATIVE_SOURCE,
            ),
            ScaleInfo(
                ScaleId.GOODMAN_BARON_QUANTITATIVE,
                "Goodman & Baron quantitative score",
                GOODMAN_BARON_QUANTITATIVE_SOURCE,
                unverified=True,
            ),
            ScaleInfo(
                ScaleId.ECCA, "ECCA acne-scar score", ECCA_SOURCE, unverified=True, optional=True
            ),
            ScaleInfo(ScaleId.PAIN_NRS, "Pain, numeric rating scale (0-10)", PAIN_SOURCE),
            ScaleInfo(
                ScaleId.PATIENT_SATISFACTION, "Patient satisfaction (5 points)", SATISFACTION_SOURCE
            ),
        )
    }
)

_EVERY_CONCERN = (ScaleId.GAIS, ScaleId.PAIN_NRS, ScaleId.PATIENT_SATISFACTION)
_PIGMENT = (ScaleId.PIGMENT_CLEARANCE, *_EVERY_CONCERN)
_MELASMA = (ScaleId.MMASI, ScaleId.MASI, *_EVERY_CONCERN)
_ACNE_SCARS = (
    ScaleId.GOODMAN_BARON_QUALITATIVE,
    ScaleId.GOODMAN_BARON_QUANTITATIVE,
    *_EVERY_CONCERN,
    ScaleId.ECCA,
)

# Which scales fit which concern (reference s7): the concern-specific scale first.
SCALES_BY_INDICATION: Mapping[Indication, tuple[ScaleId, ...]] = MappingProxyType(
    {
        Indication.SOLAR_LENTIGINES: _PIGMENT,
        Indication.FRECKLES: _PIGMENT,
        Indication.MELASMA: _MELASMA,
        Indication.HORI_NEVUS: _PIGMENT,
        Indication.NEVUS_OF_OTA: _PIGMENT,
        Indication.CAFE_AU_LAIT: _PIGMENT,
        Indication.PIH: _PIGMENT,
        Indication.TATTOO: _PIGMENT,
        Indication.ACNE_SCARS: _ACNE_SCARS,
        Indication.REJUVENATION: _EVERY_CONCERN,
    }
)


def scales_for(indication: Indication | str) -> tuple[ScaleId, ...]:
    """The scales to offer for a concern, most specific first; GAIS is always included."""
    try:
        return SCALES_BY_INDICATION[Indication(indication)]
    except (ValueError, TypeError):
        raise ClinicalInputError(INDICATION_UNKNOWN, field="indication") from None


def scale_info(scale: ScaleId | str) -> ScaleInfo:
    """Name, source and flags of one scale."""
    try:
        return SCALES[ScaleId(scale)]
    except (ValueError, TypeError):
        raise ClinicalInputError(SCALE_UNKNOWN, field="scale") from None
