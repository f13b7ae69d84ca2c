"""Types of the session estimate: the concern asked about and the answers given.

Everything here is an estimate built from the catalogue; ``Estimate.estimate_note`` says so in the
product's words.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from picoclinic.clinical.common import (
    BodySite,
    ClinicalInputError,
    Fitzpatrick,
    Indication,
    Severity,
    Source,
)
from picoclinic.clinical.indications_model import (
    AcneScarType,
    IndicationProfile,
    InkColour,
    LaserLine,
    RejuvenationTarget,
)
from picoclinic.clinical.kirby_desai import KirbyDesaiResult, TattooDetails

MAX_AREA_CM2 = 10_000.0
MAX_AGE = 120
MAX_PRIOR_SESSIONS = 100

ERR_TATTOO_REQUIRED = "tattoo details are required when the indication is tattoo"
ERR_TATTOO_REFUSED = "tattoo details are only accepted when the indication is tattoo"
ERR_AREA = f"area_cm2 must be a number above 0 and at most {MAX_AREA_CM2:g}"
ERR_AGE = f"age must be a whole number from 0 to {MAX_AGE}"
ERR_PRIOR_SESSIONS = f"prior_sessions must be a whole number from 0 to {MAX_PRIOR_SESSIONS}"
ERR_INK_REFUSED = "ink_colours_present is only accepted when the indication is tattoo"
ERR_SCAR_TYPE_REFUSED = "acne_scar_type is only accepted when the indication is acne_scars"
ERR_REJUV_REFUSED = "rejuvenation_target is only accepted when the indication is rejuvenation"


class PriorResponse(StrEnum):
    """How the concern responded to earlier laser treatment, if any."""

    NONE = "none"
    PARTIAL = "partial"
    GOOD = "good"


class Recommendation(StrEnum):
    """What to do with the estimate: go ahead, ask a doctor first, or stop and re-evaluate."""

    PROCEED = "proceed"
    DOCTOR_REVIEW = "doctor_review"
    STOP_AND_REEVALUATE = "stop_and_reevaluate"


@dataclass(frozen=True, slots=True, kw_only=True)
class Concern:
    """One thing the patient wants treated.

    Invariants (checked, ``ClinicalInputError`` naming the field): ``tattoo`` is given exactly when
    the indication is tattoo; variant fields only for their indication; 0 < area <= 10,000 cm2;
    0 <= age <= 120; 0 <= prior_sessions <= 100.
    """

    indication: Indication
    fitzpatrick: Fitzpatrick
    severity: Severity
    body_site: BodySite
    area_cm2: float | None = None
    age: int | None = None
    tattoo: TattooDetails | None = None
    ink_colours_present: frozenset[InkColour] = frozenset()
    acne_scar_type: AcneScarType | None = None
    rejuvenation_target: RejuvenationTarget | None = None
    prior_sessions: int = 0
    prior_response: PriorResponse | None = None

    def __post_init__(self) -> None:
        is_tattoo = self.indication is Indication.TATTOO
        _require(not is_tattoo or self.tattoo is not None, ERR_TATTOO_REQUIRED, "tattoo")
        _require(is_tattoo or self.tattoo is None, ERR_TATTOO_REFUSED, "tattoo")
        _require(is_tattoo or not self.ink_colours_present, ERR_INK_REFUSED, "ink_colours_present")
        scars = self.indication is Indication.ACNE_SCARS
        _require(scars or self.acne_scar_type is None, ERR_SCAR_TYPE_REFUSED, "acne_scar_type")
        rejuv = self.indication is Indication.REJUVENATION
        _require(
            rejuv or self.rejuvenation_target is None, ERR_REJUV_REFUSED, "rejuvenation_target"
        )
        area_ok = self.area_cm2 is None or 0 < self.area_cm2 <= MAX_AREA_CM2
        _require(area_ok, ERR_AREA, "area_cm2")
        _require(self.age is None or 0 <= self.age <= MAX_AGE, ERR_AGE, "age")
        prior_ok = 0 <= self.prior_sessions <= MAX_PRIOR_SESSIONS
        _require(prior_ok, ERR_PRIOR_SESSIONS, "prior_sessions")


def _require(condition: bool, message: str, field: str) -> None:
    if not condition:
        raise ClinicalInputError(message, field=field)


@dataclass(frozen=True, slots=True)
class SessionCount:
    """Invariant: 1 <= low <= typical <= high."""

    low: int
    typical: int
    high: int

    def __post_init__(self) -> None:
        if not 1 <= self.low <= self.typical <= self.high:
            raise ValueError(f"session count out of order: {self}")


@dataclass(frozen=True, slots=True)
class IntervalDays:
    """Invariant: 1 <= min_days <= target_days <= max_days."""

    min_days: int
    target_days: int
    max_days: int

    def __post_init__(self) -> None:
        if not 1 <= self.min_days <= self.target_days <= self.max_days:
            raise ValueError(f"interval out of order: {self}")


@dataclass(frozen=True, slots=True)
class CourseWeeks:
    """Course length from first to last session. Invariant: 0 <= low <= high."""

    low: float
    high: float


@dataclass(frozen=True, slots=True)
class Factor:
    """One adjustment or consideration, in plain words, with its source."""

    name: str
    effect: str
    source: Source


@dataclass(frozen=True, slots=True)
class Estimate:
    """The session estimate for one concern.

    ``ceiling`` is the most sessions the catalogue (or, for tattoos, the picosecond-adjusted
    Kirby-Desai range) supports; re-estimates never exceed it. ``recommendation`` says whether
    to go ahead; a concern that did not respond to a full earlier course is "stop and
    re-evaluate with the doctor", never offered more sessions than an untreated one.
    """

    concern: Concern
    profile: IndicationProfile
    sessions: SessionCount
    one_session_may_suffice: bool
    one_session_answer: str
    interval: IntervalDays
    course_weeks: CourseWeeks
    maintenance: str
    factors: tuple[Factor, ...]
    ceiling: int
    laser_line: LaserLine
    first_line_alternatives: tuple[str, ...]
    test_spot_required: bool
    estimate_note: str
    includes_unverified: bool = False
    kirby_desai: KirbyDesaiResult | None = None
    recommendation: Recommendation = Recommendation.PROCEED
    recommendation_reason: str = ""
