"""Courses of several concerns, and re-estimating what remains after some sessions."""

from __future__ import annotations

import math
from dataclasses import dataclass

from picoclinic.clinical.common import ClinicalInputError, Evidence, Source
from picoclinic.clinical.estimate_model import (
    Concern,
    CourseWeeks,
    Estimate,
    IntervalDays,
    SessionCount,
)
from picoclinic.clinical.estimate_single import ESTIMATE_NOTE, course_weeks, estimate_sessions
from picoclinic.clinical.indications_model import Handpiece

ERR_NO_CONCERNS = "give at least one concern"
ERR_SESSIONS_DONE = "sessions_done must be a whole number from 0 to 100"
ERR_CLEARANCE = "clearance_percent_observed must be a number from 0 to 100"

# ">75% clearance" is the success endpoint in Negishi 2018 and the top band (75-100%) of the
# 4-point scales used in picosecond trials (e.g. Laser Ther 2018;27:251).
GOAL_CLEARANCE_PERCENT = 75.0
GOAL_SOURCE = Source("Negishi 2018 (>75% clearance); 4-point scales, top band 75-100%")
NO_RESPONSE_PERCENT = 10.0  # house threshold for "no meaningful response"
NO_RESPONSE_SOURCE = Source("House threshold: < 10% clearance", Evidence.CONVENTION, True)
MAX_SESSIONS_DONE = 100

METHOD_NOTE = (
    "Estimate: assumes each session clears the same fraction of what remains (first-order). The "
    "rate r is fitted from the clearance c seen after k sessions, 1 - r = (1 - c)^(1/k); sessions "
    "to reach 75% clearance n = ln(0.25) / ln(1 - r), rounded up; remaining = n - k, never below 0 "
    "and never beyond the catalogue's (or Kirby-Desai's) high."
)
MSG_NOT_STARTED = "No sessions yet: the original estimate stands."
MSG_GOAL_REACHED = "Observed clearance has reached the 75% goal: no further sessions estimated."
MSG_NO_RESPONSE = "Little or no response so far: reconsider the plan (doctor review)."
MSG_SLOWER = "Slower than published: capped at the published maximum; doctor review advised."
MSG_AT_CEILING = "Published maximum reached without the goal: doctor review."
MSG_ON_TRACK = "Re-estimated from the response so far."

Beam = tuple[int, Handpiece]


@dataclass(frozen=True, slots=True)
class CourseGroup:
    """Concerns treated at the same visits: same body site, a shared beam, overlapping intervals.

    The longest minimum interval governs; the concern needing most sessions sets the count.
    """

    estimates: tuple[Estimate, ...]
    shared_beams: tuple[Beam, ...]
    sessions: SessionCount
    interval: IntervalDays
    course_weeks: CourseWeeks


@dataclass(frozen=True, slots=True)
class CourseEstimate:
    """Several concerns. ``visits`` sums the groups (worst case: separate appointments);
    ``course_weeks`` is the longest group's course."""

    estimates: tuple[Estimate, ...]
    groups: tuple[CourseGroup, ...]
    visits: SessionCount
    course_weeks: CourseWeeks
    estimate_note: str


def _beams(estimate: Estimate) -> frozenset[Beam]:
    return frozenset((w.nm, w.handpiece) for w in estimate.profile.wavelengths)


def _merged_interval(estimates: tuple[Estimate, ...]) -> IntervalDays | None:
    low = max(e.interval.min_days for e in estimates)
    high = min(e.interval.max_days for e in estimates)
    if low > high:
        return None
    target = min(max(e.interval.target_days for e in estimates), high)
    return IntervalDays(low, target, high)


def _shared_beams(estimates: tuple[Estimate, ...]) -> frozenset[Beam]:
    return frozenset.intersection(*(_beams(e) for e in estimates))


def _fits(group: tuple[Estimate, ...], candidate: Estimate) -> bool:
    merged = (*group, candidate)
    same_site = len({e.concern.body_site for e in merged}) == 1
    return same_site and bool(_shared_beams(merged)) and _merged_interval(merged) is not None


def _group(estimates: tuple[Estimate, ...]) -> CourseGroup:
    interval = _merged_interval(estimates)
    assert interval is not None  # guaranteed by _fits
    sessions = SessionCount(
        *(max(getattr(e.sessions, k) for e in estimates) for k in ("low", "typical", "high"))
    )
    return CourseGroup(
        estimates=estimates,
        shared_beams=tuple(sorted(_shared_beams(estimates))),
        sessions=sessions,
        interval=interval,
        course_weeks=course_weeks(sessions, interval),
    )


def _partition(estimates: tuple[Estimate, ...]) -> list[tuple[Estimate, ...]]:
    groups: list[tuple[Estimate, ...]] = []
    for estimate in estimates:
        index = next((i for i, g in enumerate(groups) if _fits(g, estimate)), None)
        if index is None:
            groups.append((estimate,))
        else:
            groups[index] = (*groups[index], estimate)
    return groups


def estimate_course(concerns: list[Concern] | tuple[Concern, ...]) -> CourseEstimate:
    """Combine several concerns into one course.

    Concerns on the same body site with a shared wavelength/handpiece and overlapping interval
    windows share visits (greedy, in the order given). Within a group the longest minimum interval
    governs and the concern needing most sessions sets the count. Invariants: every concern is in
    exactly one group; visits low <= typical <= high; course weeks low <= high.
    """
    if not concerns:
        raise ClinicalInputError(ERR_NO_CONCERNS, field="concerns")
    estimates = tuple(estimate_sessions(c) for c in concerns)
    groups = tuple(_group(g) for g in _partition(estimates))
    visits = SessionCount(
        *(sum(getattr(g.sessions, k) for g in groups) for k in ("low", "typical", "high"))
    )
    weeks = CourseWeeks(
        low=max(g.course_weeks.low for g in groups), high=max(g.course_weeks.high for g in groups)
    )
    return CourseEstimate(estimates, groups, visits, weeks, ESTIMATE_NOTE)


@dataclass(frozen=True, slots=True)
class Remaining:
    """Sessions still expected after ``sessions_done``. Invariant: 0 <= remaining and
    sessions_done + remaining <= max(ceiling, sessions_done)."""

    sessions_done: int
    clearance_percent_observed: float
    per_session_clearance_percent: float
    remaining: int
    doctor_review: bool
    message: str
    method: str = METHOD_NOTE


def _validate(sessions_done: object, clearance: object) -> None:
    done_ok = type(sessions_done) is int and 0 <= sessions_done <= MAX_SESSIONS_DONE
    if not done_ok:
        raise ClinicalInputError(ERR_SESSIONS_DONE, field="sessions_done")
    number = type(clearance) in (int, float) and math.isfinite(clearance)  # type: ignore[arg-type]
    if not (number and 0 <= clearance <= 100):  # type: ignore[operator]
        raise ClinicalInputError(ERR_CLEARANCE, field="clearance_percent_observed")


def _rate(sessions_done: int, clearance: float) -> float:
    # float ** float is typed Any (a negative base gives a complex); the base is 0..1 here.
    rate: float = 1 - (1 - clearance / 100) ** (1 / sessions_done)
    return rate


def _sessions_needed(rate: float) -> int:
    goal_left = 1 - GOAL_CLEARANCE_PERCENT / 100
    return math.ceil(math.log(goal_left) / math.log(1 - rate) - 1e-9)


def reestimate_remaining(
    estimate: Estimate, sessions_done: int, clearance_percent_observed: float
) -> Remaining:
    """Re-estimate the sessions that remain from the clearance observed so far (see METHOD_NOTE).

    Invariants: remaining >= 0; sessions_done + remaining never exceeds the estimate's ceiling
    (the catalogue high, or the picosecond Kirby-Desai high for tattoos); a stronger observed
    response never leaves more sessions; little response (< 10%) flags doctor review.
    """
    _validate(sessions_done, clearance_percent_observed)
    k, c = sessions_done, float(clearance_percent_observed)
    room = max(0, estimate.ceiling - k)
    if k == 0:
        return Remaining(0, c, 0.0, min(estimate.sessions.typical, room), False, MSG_NOT_STARTED)
    rate = _rate(k, c)
    if c >= GOAL_CLEARANCE_PERCENT:
        return Remaining(k, c, rate * 100, 0, False, MSG_GOAL_REACHED)
    if room == 0:
        return Remaining(k, c, rate * 100, 0, True, MSG_AT_CEILING)
    if c < NO_RESPONSE_PERCENT:
        return Remaining(k, c, rate * 100, room, True, MSG_NO_RESPONSE)
    needed = _sessions_needed(rate) - k
    if needed > room:
        return Remaining(k, c, rate * 100, room, True, MSG_SLOWER)
    return Remaining(k, c, rate * 100, max(0, needed), False, MSG_ON_TRACK)
