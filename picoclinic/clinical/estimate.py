"""Session estimate: public facade.

- ``estimate_sessions(concern) -> Estimate`` for one concern (``estimate_single``).
- ``estimate_course(concerns) -> CourseEstimate`` for several (``estimate_course``).
- ``reestimate_remaining(estimate, sessions_done, clearance_percent_observed) -> Remaining``.

Every answer is an estimate built from the catalogue (``indications``) and the Kirby-Desai scale;
each adjustment is listed as a ``Factor`` with its source.
"""

from __future__ import annotations

from picoclinic.clinical.estimate_course import (
    CourseEstimate,
    CourseGroup,
    Remaining,
    estimate_course,
    reestimate_remaining,
)
from picoclinic.clinical.estimate_model import (
    Concern,
    CourseWeeks,
    Estimate,
    Factor,
    IntervalDays,
    PriorResponse,
    Recommendation,
    SessionCount,
)
from picoclinic.clinical.estimate_single import estimate_sessions
from picoclinic.clinical.kirby_desai import TattooDetails

__all__ = [
    "Concern",
    "CourseEstimate",
    "CourseGroup",
    "CourseWeeks",
    "Estimate",
    "Factor",
    "IntervalDays",
    "PriorResponse",
    "Recommendation",
    "Remaining",
    "SessionCount",
    "TattooDetails",
    "estimate_course",
    "estimate_sessions",
    "reestimate_remaining",
]
