"""``estimate_sessions``: the session estimate for one concern (see ``estimate`` for the facade)."""

from __future__ import annotations

from collections.abc import Callable

from picoclinic.clinical.common import Fitzpatrick, Indication, Severity
from picoclinic.clinical.estimate_model import (
    Concern,
    CourseWeeks,
    Estimate,
    Factor,
    IntervalDays,
    PriorResponse,
    SessionCount,
)
from picoclinic.clinical.estimate_rules import (
    KD_SOURCE,
    Draft,
    age_sessions,
    area_sessions,
    clamp,
    kirby_desai_start,
    notes_only,
    prior_count_sessions,
    prior_response_sessions,
    severity_start,
    skin_type_interval,
    skin_type_sessions,
)
from picoclinic.clinical.indications import IndicationProfile, LaserLine, profile_for
from picoclinic.clinical.indications_model import InkColour
from picoclinic.clinical.indications_tattoo import INK_PROFILES
from picoclinic.clinical.kirby_desai import (
    BAND_NOTE,
    PS_NOTE,
    KDColours,
    KirbyDesaiResult,
    kirby_desai,
)

Rule = Callable[[Draft, IndicationProfile, Concern], Draft]
SMALL_AREA_CM2 = 10.0  # a discrete lesion, as in Negishi 2018 (43 lesions); house threshold
ONE_SESSION_MAX_FST = Fitzpatrick.IV  # Negishi cohort FST III-IV; 532 nm avoided above that

ESTIMATE_NOTE = (
    "Estimate only: built from published ranges (small picosecond trials, mostly FST III-IV Asian "
    "cohorts) and house conventions; a clinician confirms the plan."
)
UNVERIFIED_NOTE = " Includes values marked UNVERIFIED or clinic/convention only."
# Colours the Kirby-Desai category implies are present.
KD_COLOUR_INKS: dict[KDColours, frozenset[InkColour]] = {
    KDColours.BLACK: frozenset({InkColour.BLACK_DARK_BLUE}),
    KDColours.BLACK_SOME_RED: frozenset({InkColour.BLACK_DARK_BLUE, InkColour.RED_ORANGE}),
    KDColours.BLACK_RED_OTHER: frozenset({InkColour.BLACK_DARK_BLUE, InkColour.RED_ORANGE}),
    KDColours.MULTICOLOUR: frozenset(),
}


def _profile(concern: Concern) -> IndicationProfile:
    return profile_for(
        indication=concern.indication,
        acne_scar_type=concern.acne_scar_type,
        rejuvenation_target=concern.rejuvenation_target,
    )


def inks_present(concern: Concern) -> frozenset[InkColour]:
    """Ink colours named, plus those the Kirby-Desai colour category implies (tattoos only)."""
    if concern.tattoo is None:
        return frozenset()
    return concern.ink_colours_present | KD_COLOUR_INKS[concern.tattoo.colours]


def needs_test_spot(concern: Concern, profile: IndicationProfile) -> bool:
    """True when the catalogue requires a test spot for the indication or any ink present."""
    inks = inks_present(concern)
    return profile.test_spot.required or any(INK_PROFILES[i].test_spot.required for i in inks)


# The rules that change counts or the recommendation, in the order they apply.
COUNT_RULES: tuple[Rule, ...] = (
    lambda d, p, c: prior_count_sessions(d, c),
    skin_type_sessions,
    lambda d, p, c: area_sessions(d, c),
    lambda d, p, c: prior_response_sessions(d, c),
    lambda d, p, c: age_sessions(d, c),
)


def run_rules(
    concern: Concern,
    profile: IndicationProfile,
    kd: KirbyDesaiResult | None,
    skip: frozenset[int] = frozenset(),
) -> tuple[Draft, dict[int, tuple[Factor, ...]]]:
    """The draft after every rule not in ``skip`` (indexes of ``COUNT_RULES``), and the
    factors each of those rules added."""
    draft = kirby_desai_start(profile, kd) if kd else severity_start(profile, concern)
    added: dict[int, tuple[Factor, ...]] = {}
    for index, rule in enumerate(COUNT_RULES):
        if index in skip:
            continue
        before = len(draft.factors)
        draft = rule(draft, profile, concern)
        added[index] = draft.factors[before:]
    draft = notes_only(draft, profile, concern)
    draft = clamp(draft, _ceiling(profile, kd), KD_SOURCE if kd else profile.sessions.source)
    return skin_type_interval(draft, profile, concern), added


def _outcome(draft: Draft) -> tuple[object, ...]:
    return draft.low, draft.typical, draft.high, draft.recommendation


def _draft(concern: Concern, profile: IndicationProfile, kd: KirbyDesaiResult | None) -> Draft:
    """Every rule applied; a rule whose absence would leave the same result (one rule's step
    undone by another, or by the cap) is taken out, so every factor shown changes the result."""
    draft, added = run_rules(concern, profile, kd)
    skip: frozenset[int] = frozenset()
    for index, factors in added.items():
        if factors:
            without, _ = run_rules(concern, profile, kd, skip | {index})
            if _outcome(without) == _outcome(draft):
                skip |= {index}
    return run_rules(concern, profile, kd, skip)[0] if skip else draft


def _ceiling(profile: IndicationProfile, kd: KirbyDesaiResult | None) -> int:
    return kd.ps_high if kd else profile.sessions.high


def course_weeks(sessions: SessionCount, interval: IntervalDays) -> CourseWeeks:
    """First to last session: (n - 1) x interval. Invariant: 0 <= low <= high."""
    low = (sessions.low - 1) * interval.min_days / 7
    high = (sessions.high - 1) * interval.max_days / 7
    return CourseWeeks(low=round(low, 1), high=round(high, 1))


def one_session_answer(
    concern: Concern, profile: IndicationProfile, sessions: SessionCount
) -> tuple[bool, str]:
    """Whether one session may suffice, and why, in plain words.

    True only with published single-session evidence (solar lentigines, 532 nm ps), a mild,
    small concern, FST I-IV and no earlier non-response. Never true for tattoos or melasma.
    """
    if profile.single_session_evidence is None:
        return False, _why_not(concern, profile, sessions)
    blockers = _single_session_blockers(concern, sessions)
    if blockers:
        return (
            False,
            f"Unlikely: {'; '.join(blockers)}. Expect {sessions.low}-{sessions.high} sessions.",
        )
    text = profile.single_session_evidence.text
    return True, (
        f"Yes, one session may suffice for a small mild lesion on 532 nm picosecond: {text} "
        "The rest needed a second session; review at 4 weeks or later. This is an estimate."
    )


def _single_session_blockers(concern: Concern, sessions: SessionCount) -> list[str]:
    blockers = []
    if concern.severity is not Severity.MILD:
        blockers.append(f"the concern is {concern.severity.value}, not mild")
    if concern.area_cm2 is not None and concern.area_cm2 > SMALL_AREA_CM2:
        blockers.append(f"the area ({concern.area_cm2:g} cm2) is larger than a discrete lesion")
    if concern.fitzpatrick > ONE_SESSION_MAX_FST:
        blockers.append("532 nm is avoided in skin type V-VI; longer wavelengths took 4 treatments")
    if concern.prior_response is PriorResponse.NONE:
        blockers.append("earlier treatment gave no response")
    if sessions.low > 1:
        blockers.append("the estimate's lowest count is above one")
    return blockers


def _why_not(concern: Concern, profile: IndicationProfile, sessions: SessionCount) -> str:
    span = f"{sessions.low}-{sessions.high} sessions"
    if concern.indication is Indication.TATTOO:
        return f"No: tattoos need a course; picosecond-adjusted Kirby-Desai estimate {span}."
    if profile.laser_line is LaserLine.SECOND:
        return (
            f"No: laser is second line for {profile.label.lower()}, after topicals; expect {span}, "
            "always with topicals and daily SPF."
        )
    return f"No: no published single-session result for {profile.label.lower()}; expect {span}."


def estimate_sessions(concern: Concern) -> Estimate:
    """Estimate sessions, interval, course length and maintenance for one concern.

    Invariants: 1 <= low <= typical <= high <= ceiling; interval min <= target <= max; a more
    severe concern never needs fewer sessions; a darker skin type never shortens the interval;
    course weeks low <= high. Every adjustment is listed in ``factors`` with its source.
    """
    profile = _profile(concern)
    kd = (
        kirby_desai(fitzpatrick=concern.fitzpatrick, tattoo=concern.tattoo)
        if concern.tattoo
        else None
    )
    draft = _draft(concern, profile, kd)
    sessions = SessionCount(draft.low, draft.typical, draft.high)
    interval = IntervalDays(draft.min_days, draft.target_days, draft.max_days)
    may_suffice, answer = one_session_answer(concern, profile, sessions)
    return Estimate(
        concern=concern,
        profile=profile,
        sessions=sessions,
        one_session_may_suffice=may_suffice,
        one_session_answer=answer,
        interval=interval,
        course_weeks=course_weeks(sessions, interval),
        maintenance=f"{profile.maintenance.text} Relapse: {profile.relapse.text}",
        factors=draft.factors,
        ceiling=_ceiling(profile, kd),
        laser_line=profile.laser_line,
        first_line_alternatives=tuple(t.text for t in profile.first_line_alternatives),
        test_spot_required=needs_test_spot(concern, profile),
        estimate_note=_note(profile, draft, kd),
        includes_unverified=_weak(profile, draft),
        kirby_desai=kd,
        recommendation=draft.recommendation,
        recommendation_reason=draft.recommendation_reason,
    )


def _weak(profile: IndicationProfile, draft: Draft) -> bool:
    return profile.has_unverified or any(f.source.unverified for f in draft.factors)


def _note(profile: IndicationProfile, draft: Draft, kd: KirbyDesaiResult | None) -> str:
    note = ESTIMATE_NOTE + (UNVERIFIED_NOTE if _weak(profile, draft) else "")
    if kd is not None:
        note += f" {BAND_NOTE} {PS_NOTE}"
        note += f" {kd.realistic_goal_note}" if kd.realistic_goal_note else ""
    return note
