"""Adjustment rules of the session estimate. Each rule returns a new ``Draft`` with its ``Factor``.

All rules are monotone: they add constants, take max/min with constants, or clamp, so a more severe
concern never needs fewer sessions and a darker skin type never shortens the interval. Each rule
stays within the ceiling (the published maximum) and lists its factor only when it changes the
result: a "+1 session" the cap would remove is not shown.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from picoclinic.clinical.common import Evidence, Fitzpatrick, Indication, Severity, Source
from picoclinic.clinical.estimate_model import Concern, Factor, PriorResponse, Recommendation
from picoclinic.clinical.indications_model import AcneScarType, IndicationProfile, InkColour
from picoclinic.clinical.indications_pigment import OTA_CHILDREN, OTA_YANG
from picoclinic.clinical.indications_tattoo import INK_PROFILES
from picoclinic.clinical.kirby_desai import KirbyDesaiResult

SEVERITY_CONVENTION = Source(
    "House convention: severity places the concern within the published range",
    Evidence.CONVENTION,
    unverified=True,
)
ASTANZA = Source(
    "Astanza; safeandgentle: darker skin, lower energy, more sessions", Evidence.CLINIC
)
DARK_INTERVAL = Source(
    "Astanza: darker skin, longer waits between sessions; reference 4.2", Evidence.CLINIC
)
DARK_TATTOO_INTERVAL = Source(
    "Reference 4.2: 8-12 weeks for tattoos in FST IV-VI (practice convention)",
    Evidence.CONVENTION,
    unverified=True,
)
AREA_CONVENTION = Source(
    "House convention: large areas are often treated in parts", Evidence.CONVENTION, unverified=True
)
PRIOR_CONVENTION = Source(
    "House convention: earlier response predicts later response", Evidence.CONVENTION, True
)
PRIOR_COUNT = Source(
    "House convention: earlier sessions count toward the published maximum",
    Evidence.CONVENTION,
    unverified=True,
)
KD_SOURCE = Source("Kirby-Desai 2009, PMC2923953; picosecond range derived from Saedi/Bernstein")

DARK_TYPES = frozenset({Fitzpatrick.IV, Fitzpatrick.V, Fitzpatrick.VI})
LARGE_AREA_CM2 = 100.0
CHILD_AGE = 18
DARK_TATTOO_WINDOW = (56, 70, 84)  # 8-12 weeks, target midway


@dataclass(frozen=True, slots=True)
class Draft:
    """Working values while rules apply. Invariants restored by ``clamp``."""

    low: int
    typical: int
    high: int
    min_days: int
    target_days: int
    max_days: int
    ceiling: int = 1_000  # the most sessions still allowed (published maximum less earlier ones)
    course_typical: int = 1  # the typical count of the starting range: a "full course"
    factors: tuple[Factor, ...] = ()
    recommendation: Recommendation = Recommendation.PROCEED
    recommendation_reason: str = ""

    def add(self, factor: Factor, **changes: object) -> Draft:
        return replace(self, factors=(*self.factors, factor), **changes)  # type: ignore[arg-type]

    def counts(self) -> tuple[int, int, int]:
        return self.low, self.typical, self.high

    def bump(self, name: str, source: Source, *, typical: int = 0, high: int = 0) -> Draft:
        """Add sessions within the ceiling; the factor is listed only if the counts change."""
        new_high = min(self.high + high, max(self.high, self.ceiling))
        new_typical = min(self.typical + typical, new_high)
        changed = replace(self, typical=new_typical, high=new_high)
        if changed.counts() == self.counts():
            return self
        return changed.add(Factor(name, _effect(self, changed), source))


def _effect(before: Draft, after: Draft) -> str:
    parts = []
    if after.typical != before.typical:
        parts.append(f"{_plural(after.typical - before.typical)} typically")
    if after.high != before.high:
        parts.append(f"{_plural(after.high - before.high)} at the high end")
    return "; ".join(parts)


def _plural(n: int) -> str:
    return f"{n:+d} session" if abs(n) == 1 else f"{n:+d} sessions"


def _points(n: int) -> str:
    return f"+{n} point" if n == 1 else f"+{n} points"


def severity_start(profile: IndicationProfile, concern: Concern) -> Draft:
    """Place the concern in the published range: mild low end, severe high end."""
    s = profile.sessions
    mid_high = -(-(s.typical + s.high) // 2)
    ranges = {
        Severity.MILD: (s.low, max(s.low, s.typical - 1), mid_high),
        Severity.MODERATE: (s.low, s.typical, s.high),
        Severity.SEVERE: (s.typical, min(s.high, s.typical + 1), s.high),
    }
    low, typical, high = ranges[concern.severity]
    w = profile.interval
    draft = Draft(low, typical, high, w.min_days, w.target_days, w.max_days, s.high, typical)
    effect = f"{low}-{high} sessions, typically {typical} (published {s.low}-{s.high})"
    return draft.add(Factor(f"Severity: {concern.severity.value}", effect, SEVERITY_CONVENTION))


def kirby_desai_start(profile: IndicationProfile, kd: KirbyDesaiResult) -> Draft:
    """Tattoo sessions come from the picosecond-adjusted Kirby-Desai range, not severity."""
    w, ps = profile.interval, (kd.ps_low, kd.ps_typical, kd.ps_high)
    draft = Draft(*ps, w.min_days, w.target_days, w.max_days, kd.ps_high, kd.ps_typical)
    for p in kd.parameters:
        draft = draft.add(
            Factor(f"Kirby-Desai: {p.name}", f"{_points(p.points)} ({p.category})", p.source)
        )
    effect = (
        f"score {kd.score}: {kd.band_low:g}-{kd.band_high:g} sessions on Q-switched lasers; "
        f"picosecond-adjusted estimate {kd.ps_low}-{kd.ps_high}"
    )
    return draft.add(Factor("Kirby-Desai score", effect, KD_SOURCE))


def skin_type_sessions(draft: Draft, profile: IndicationProfile, concern: Concern) -> Draft:
    """FST IV-VI, pigment (not tattoo, whose score already counts skin type): +1 session."""
    if concern.fitzpatrick not in DARK_TYPES or not profile.is_pigment:
        return draft
    if concern.indication is Indication.TATTOO:
        return draft
    ota = concern.indication is Indication.NEVUS_OF_OTA
    source = OTA_YANG if ota else ASTANZA
    name = f"Skin type {concern.fitzpatrick.roman}: lower fluence"
    return draft.bump(name, source, typical=1, high=1)


def area_sessions(draft: Draft, concern: Concern) -> Draft:
    """Large areas (>= 100 cm2, not tattoos: ink amount is scored there): +1 at the high end."""
    if concern.area_cm2 is None or concern.area_cm2 < LARGE_AREA_CM2:
        return draft
    if concern.indication is Indication.TATTOO:
        return draft
    return draft.bump(f"Large area ({concern.area_cm2:g} cm2)", AREA_CONVENTION, high=1)


def prior_response_sessions(draft: Draft, concern: Concern) -> Draft:
    """How the concern responded to earlier treatment. A good response takes one session off the
    typical count; no response never adds sessions: it asks for a doctor's review, and after a
    full course (at least the typical count of the starting range) it is "stop and re-evaluate
    with the doctor"."""
    response = concern.prior_response
    if response is PriorResponse.GOOD:
        typical = max(draft.low, draft.typical - 1)
        if typical == draft.typical:
            return draft
        factor = Factor(
            "Prior treatment: good response", _plural(-1) + " typically", PRIOR_CONVENTION
        )
        return draft.add(factor, typical=typical)
    if response is PriorResponse.NONE:
        return _no_response(draft, concern, draft.course_typical)
    return draft


def prior_count_sessions(draft: Draft, concern: Concern) -> Draft:
    """Earlier sessions count toward the published maximum: what remains is the new ceiling,
    applied before the other rules so none of them lists a session this cap would remove."""
    n = concern.prior_sessions
    room = max(1, draft.ceiling - n)
    if n == 0:
        return draft
    if room >= draft.high:
        return replace(draft, ceiling=room)
    typical = min(draft.typical, room)
    low = min(draft.low, typical)
    effect = f"at most {room} more (published maximum {draft.ceiling})"
    factor = Factor(f"Earlier sessions: {n}", effect, PRIOR_COUNT)
    return draft.add(factor, low=low, typical=typical, high=room, ceiling=room)


def _no_response(draft: Draft, concern: Concern, full_course: int) -> Draft:
    n = concern.prior_sessions
    if n >= full_course:
        reason = (
            f"No response after {n} earlier sessions (a full course): stop and re-evaluate "
            "with the doctor (diagnosis, device, wavelength) before any further session."
        )
        action = Recommendation.STOP_AND_REEVALUATE
    else:
        earlier = f"{n} earlier session{'s' if n != 1 else ''}" if n else "earlier treatment"
        reason = f"No response to {earlier}: a doctor reviews the plan before another course."
        action = Recommendation.DOCTOR_REVIEW
    factor = Factor("Prior treatment: no response", reason, PRIOR_CONVENTION)
    return draft.add(factor, recommendation=action, recommendation_reason=reason)


def age_sessions(draft: Draft, concern: Concern) -> Draft:
    """Nevus of Ota in children: younger patients did better (mean 2 treatments): -1 typical."""
    if concern.indication is not Indication.NEVUS_OF_OTA or concern.age is None:
        return draft
    if concern.age >= CHILD_AGE:
        return draft
    typical = max(draft.low, draft.typical - 1)
    if typical == draft.typical:
        return draft
    effect = _plural(-1) + " typically; onset before 5 months of age needed more (Yang 2022)"
    return draft.add(Factor(f"Age {concern.age}: child", effect, OTA_CHILDREN), typical=typical)


def notes_only(draft: Draft, profile: IndicationProfile, concern: Concern) -> Draft:
    """Considerations that change expectations, not counts: icepick scars, resistant inks."""
    if concern.acne_scar_type is AcneScarType.ICEPICK:
        text = profile.expected[-1]
        draft = draft.add(
            Factor("Icepick scars", "less improvement expected; " + text.text, text.source)
        )
    for colour in sorted(
        concern.ink_colours_present & {InkColour.YELLOW, InkColour.WHITE_FLESH_COSMETIC}
    ):
        text = INK_PROFILES[colour].expected[0]
        draft = draft.add(Factor(f"Ink: {colour.value}", text.text, text.source))
    return draft


def clamp(draft: Draft, ceiling: int, source: Source) -> Draft:
    """Cap typical and high at the ceiling; keep 1 <= low <= typical <= high."""
    high = min(draft.high, ceiling)
    typical = min(draft.typical, high)
    low = min(draft.low, typical)
    if high == draft.high:
        return replace(draft, low=low, typical=typical)
    factor = Factor("Published maximum", f"capped at {ceiling} sessions", source)
    return draft.add(factor, low=low, typical=typical, high=high)


def skin_type_interval(draft: Draft, profile: IndicationProfile, concern: Concern) -> Draft:
    """FST IV-VI, pigment or tattoo: interval lengthened, never shortened.

    Pigment: the minimum rises to the usual target and the target to midway between target and
    maximum. Tattoo: 8-12 weeks (convention).
    """
    if concern.fitzpatrick not in DARK_TYPES or not profile.is_pigment:
        return draft
    if concern.indication is Indication.TATTOO:
        lo, mid, hi = DARK_TATTOO_WINDOW
        source = DARK_TATTOO_INTERVAL
    else:
        window = profile.interval
        lo, mid, hi = window.target_days, (window.target_days + window.max_days) // 2, 0
        source = DARK_INTERVAL
    min_days, target, max_days = (
        max(draft.min_days, lo),
        max(draft.target_days, mid),
        max(draft.max_days, hi),
    )
    if (min_days, target, max_days) == (draft.min_days, draft.target_days, draft.max_days):
        return draft
    effect = f"interval lengthened to {target} days (at least {min_days})"
    name = f"Skin type {concern.fitzpatrick.roman}: longer interval"
    return draft.add(
        Factor(name, effect, source), min_days=min_days, target_days=target, max_days=max_days
    )
