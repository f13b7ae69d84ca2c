"""Data of contraindication screening: the history, the treatment, outcomes, results, the report.

Pure data; the rules live in ``screening_rules``, the policy in ``screening_policy`` and the entry
point ``screen`` in ``screening``. Dates are ``datetime.date``; nothing here reads the clock.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from picoclinic.clinical.common import BodySite, ClinicalInputError, Indication, Source

ERR_NEGATIVE_COUNT = "A count cannot be negative."
ERR_CALM_COUNTS = "The count over 15 mm cannot exceed the count over 5 mm."


class Outcome(StrEnum):
    """What screening says about treating. Order of severity: see ``rank``."""

    PROCEED = "proceed"
    PRECAUTION = "precaution"
    DOCTOR_REVIEW = "doctor_review"
    DEFER = "defer"
    DO_NOT_TREAT = "do_not_treat"

    @property
    def rank(self) -> int:
        """0 for PROCEED up to 4 for DO_NOT_TREAT; a higher rank is more severe."""
        return _RANK[self]


_RANK = {outcome: rank for rank, outcome in enumerate(Outcome)}


def worst(outcomes: tuple[Outcome, ...] | list[Outcome]) -> Outcome:
    """The most severe outcome; PROCEED for an empty collection."""
    return max(outcomes, key=lambda outcome: outcome.rank, default=Outcome.PROCEED)


def add_months(start: date, months: int) -> date:
    """``start`` moved by whole calendar months, clamped to the last day of a shorter month.

    31 Aug + 6 months is 28 Feb (29 Feb in a leap year), never 2 or 3 March.
    """
    month_index = start.year * 12 + start.month - 1 + months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last_day))


@dataclass(frozen=True, slots=True, kw_only=True)
class Window:
    """A waiting period: whole months first, then days. Both are non-negative."""

    days: int = 0
    months: int = 0

    def after(self, start: date) -> date:
        """The first day after the wait that started on ``start``; never before ``start``.

        Clamped to ``date.max`` rather than overflowing the calendar.
        """
        try:
            return add_months(start, self.months) + timedelta(days=self.days)
        except (OverflowError, ValueError):
            return date.max

    @property
    def label(self) -> str:
        """Plain words: "28 days", "6 months", "1 month and 3 days"."""
        parts = [_plural(self.months, "month"), _plural(self.days, "day")]
        return " and ".join(part for part in parts if part) or "0 days"


def _plural(count: int, unit: str) -> str:
    if not count:
        return ""
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


class Precaution(StrEnum):
    """Concrete steps a PRECAUTION asks for."""

    ANTIVIRAL_PROPHYLAXIS = "antiviral_prophylaxis"
    TEST_SPOT = "test_spot"
    LOWER_STARTING_FLUENCE = "lower_starting_fluence"
    AVOID_532_NM = "avoid_532_nm"
    MEDICAL_CLEARANCE = "medical_clearance"
    PRESCRIBER_CHECK = "prescriber_check"
    CORNEAL_SHIELDS = "corneal_shields"
    LASER_EYEWEAR = "laser_eyewear"
    COOLING_CAUTION = "cooling_caution"
    BRUISING_WARNING = "bruising_warning"


class RuleCode(StrEnum):
    """Every screening rule. Values are the JSON and policy names."""

    ISOTRETINOIN = "isotretinoin"
    TOPICAL_ACTIVES = "topical_actives"
    PHOTOSENSITISING_DRUGS = "photosensitising_drugs"
    ANTICOAGULANTS = "anticoagulants"
    BLEEDING_SUPPLEMENTS = "bleeding_supplements"
    PREGNANCY_OR_IVF = "pregnancy_or_ivf"
    BREASTFEEDING = "breastfeeding"
    ACTIVE_INFECTION_AT_SITE = "active_infection_at_site"
    HSV_PROPHYLAXIS = "hsv_prophylaxis"
    KELOID_HISTORY = "keloid_history"
    RECENT_TAN = "recent_tan"
    GOLD_PIGMENT_EXPOSED_SITE = "gold_pigment_exposed_site"
    GOLD_OTHER = "gold_other"
    LIGHT_TRIGGERED_SEIZURES = "light_triggered_seizures"
    VITILIGO_ACTIVE = "vitiligo_active"
    VITILIGO_STABLE = "vitiligo_stable"
    AUTOIMMUNE_PHOTOSENSITIVE = "autoimmune_photosensitive"
    SUSPICIOUS_LESION = "suspicious_lesion"
    DYSPLASTIC_NAEVI = "dysplastic_naevi"
    NF1_CRITERIA = "nf1_criteria"
    CALM_TEST_SPOT = "calm_test_spot"
    MELASMA_PIH_RISK = "melasma_pih_risk"
    RAYNAUDS = "raynauds"
    MEDICAL_CLEARANCE = "medical_clearance"
    COSMETIC_TATTOO_INK = "cosmetic_tattoo_ink"
    PERIOCULAR = "periocular"


class PolicyEffect(StrEnum):
    """How the clinic's policy changed one result, compared with the evidence-based default."""

    DEFAULT = "default"  # no override for this rule
    UNCHANGED = "unchanged"  # overridden, but this patient's result is the same
    TIGHTENED = "tightened"
    RELAXED = "relaxed"


class SunExposureKind(StrEnum):
    TAN = "tan"
    SUN = "sun"
    SELF_TANNER = "self_tanner"
    SUNBURN = "sunburn"


@dataclass(frozen=True, slots=True, kw_only=True)
class Isotretinoin:
    """An isotretinoin course. ``stopped_on`` None means the patient is still taking it."""

    stopped_on: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SunExposure:
    """The last day of one kind of exposure that tans or burns the skin to be treated."""

    kind: SunExposureKind
    last_on: date


@dataclass(frozen=True, slots=True, kw_only=True)
class Vitiligo:
    """Vitiligo and its activity.

    ``last_active_on``: the last day a new or extending lesion was seen; None if not known.
    ``signs_of_activity``: Koebner phenomenon, confetti-like lesions or hypochromic borders now.
    """

    last_active_on: date | None
    signs_of_activity: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class CafeAuLaitSpots:
    """Counts for the NF1 criterion: macules over 5 mm, over 15 mm, and whether past puberty."""

    over_5_mm: int
    over_15_mm: int
    post_puberty: bool

    def __post_init__(self) -> None:
        if self.over_5_mm < 0:
            raise ClinicalInputError(ERR_NEGATIVE_COUNT, field="history.cafe_au_lait.over_5_mm")
        if self.over_15_mm < 0:
            raise ClinicalInputError(ERR_NEGATIVE_COUNT, field="history.cafe_au_lait.over_15_mm")
        if self.over_15_mm > self.over_5_mm:
            raise ClinicalInputError(ERR_CALM_COUNTS, field="history.cafe_au_lait.over_15_mm")

    @property
    def qualifying_count(self) -> int:
        """The count that the NF1 criterion uses for this patient's pubertal stage."""
        return self.over_15_mm if self.post_puberty else self.over_5_mm


@dataclass(frozen=True, slots=True, kw_only=True)
class MedicalHistory:
    """The answers screening needs. Every flag defaults to "no"; dates are the last known day.

    Site-specific findings (``*_at_site``) refer to the area to be treated.
    """

    isotretinoin: Isotretinoin | None = None
    topical_actives_last_used_on: date | None = None  # retinoids, AHA, BHA
    photosensitising_drugs: bool = False
    anticoagulants: bool = False  # prescribed anticoagulants or antiplatelets, aspirin included
    bleeding_supplements: bool = False  # ginkgo, garlic, ginseng, fish oil
    pregnant: bool = False
    breastfeeding: bool = False
    ivf: bool = False
    active_infection_at_site: bool = False
    cold_sore_at_site: bool = False
    hsv_history: bool = False
    keloid_history: bool = False
    sun_exposures: tuple[SunExposure, ...] = ()
    gold_therapy_ever: bool = False
    light_triggered_seizures: bool = False
    vitiligo: Vitiligo | None = None
    autoimmune_disorder: bool = False
    photosensitive_disorder: bool = False  # lupus, porphyria and the like
    suspicious_lesion_at_site: bool = False
    suspicious_lesion_cleared: bool = False  # a dermatologist has cleared it (biopsy if needed)
    dysplastic_naevi_history: bool = False  # personal or family
    cafe_au_lait: CafeAuLaitSpots | None = None
    melasma: bool = False
    existing_pih: bool = False
    raynauds: bool = False
    poorly_controlled_condition: bool = False
    immunosuppressed: bool = False
    insulin_dependent_diabetes: bool = False
    tattoo_ink_cosmetic: bool = False  # cosmetic, white or flesh-tone ink in the tattoo

    def dated_fields(self) -> tuple[tuple[str, date], ...]:
        """Every date in the history with its dotted field name (for checks against today)."""
        dated: list[tuple[str, date | None]] = [
            (
                "history.isotretinoin.stopped_on",
                self.isotretinoin.stopped_on if self.isotretinoin else None,
            ),
            ("history.topical_actives_last_used_on", self.topical_actives_last_used_on),
            (
                "history.vitiligo.last_active_on",
                self.vitiligo.last_active_on if self.vitiligo else None,
            ),
        ]
        dated += [
            (f"history.sun_exposures.{index}.last_on", exposure.last_on)
            for index, exposure in enumerate(self.sun_exposures)
        ]
        return tuple((name, value) for name, value in dated if value)


@dataclass(frozen=True, slots=True, kw_only=True)
class TreatmentContext:
    """The treatment being screened for."""

    indication: Indication
    body_site: BodySite
    facial_or_perioral: bool
    periocular: bool
    planned_on: date


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleResult:
    """One rule's answer for one patient and treatment.

    ``triggered`` is False when the rule found nothing (outcome PROCEED). ``defer_until`` is set
    only for a dated DEFER, ``defer_condition`` only for a DEFER that waits on a condition.
    ``default_outcome`` is what the evidence-based default would have said for this patient;
    ``policy_applied`` names the policy that decided (the default's name when not overridden).
    """

    code: RuleCode
    outcome: Outcome
    triggered: bool
    reason: str
    action: str
    sources: tuple[Source, ...]
    policy_applied: str
    policy_effect: PolicyEffect
    default_outcome: Outcome
    precautions: tuple[Precaution, ...] = ()
    defer_until: date | None = None
    defer_condition: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ScreeningReport:
    """All rule results and the overall (worst) outcome.

    Invariant: ``overall`` is the worst outcome of ``results`` in the order
    DO_NOT_TREAT > DEFER > DOCTOR_REVIEW > PRECAUTION > PROCEED.
    """

    overall: Outcome
    results: tuple[RuleResult, ...]
    policy_name: str
    screened_on: date
    planned_on: date
    _by_code: dict[RuleCode, RuleResult] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {result.code: result for result in self.results})

    @property
    def blocks_approval(self) -> bool:
        """True when the plan cannot be approved as booked: DO_NOT_TREAT or DEFER."""
        return self.overall.rank >= Outcome.DEFER.rank

    @property
    def needs_doctor_review(self) -> bool:
        """True when any rule asks for a doctor, even if a worse outcome also applies."""
        return any(result.outcome is Outcome.DOCTOR_REVIEW for result in self.results)

    @property
    def findings(self) -> tuple[RuleResult, ...]:
        """The results that are not PROCEED, worst first (stable within one outcome)."""
        raised = [result for result in self.results if result.outcome is not Outcome.PROCEED]
        return tuple(sorted(raised, key=lambda result: -result.outcome.rank))

    @property
    def precautions(self) -> tuple[Precaution, ...]:
        """Every precaution named by a result that is not PROCEED, once each, in rule order."""
        wanted = [
            precaution
            for result in self.results
            if result.outcome is not Outcome.PROCEED
            for precaution in result.precautions
        ]
        return tuple(dict.fromkeys(wanted))

    @property
    def earliest_treatment_on(self) -> date | None:
        """The first day every dated deferral has passed.

        None when nothing defers, or when treatment is blocked without a date (DO_NOT_TREAT or a
        deferral that waits on a condition).
        """
        defers = [result for result in self.results if result.outcome is Outcome.DEFER]
        if self.overall is Outcome.DO_NOT_TREAT or not defers:
            return None
        if any(result.defer_until is None for result in defers):
            return None
        return max(result.defer_until for result in defers if result.defer_until)

    def result(self, code: RuleCode) -> RuleResult:
        """The result of one rule by code; KeyError for an unknown code."""
        return self._by_code[code]
