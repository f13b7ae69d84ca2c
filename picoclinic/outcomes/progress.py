"""Progress over a course: each concern's scores over time as a small server-drawn chart, and
the sessions still expected, re-estimated by the clinical core from the response so far.

``progress_for_patient`` reads everything in a fixed number of queries (the plan items, the
scores, the completed sessions per item); the rest is arithmetic.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count

from picoclinic.clinical.common import ClinicalInputError
from picoclinic.clinical.estimate import Remaining, reestimate_remaining
from picoclinic.clinical.outcomes import scales_for
from picoclinic.outcomes.score_models import OutcomeScore, Rater, Scale
from picoclinic.plans.catalogue import concern_estimate
from picoclinic.plans.models import PlanItem, PlanStatus
from picoclinic.scheduling.models import Appointment, AppointmentKind, AppointmentStatus

# Each scale's full range, so a chart never exaggerates a small change; and its direction.
AXES: dict[Scale, tuple[float, float, str, bool]] = {
    Scale.PIGMENT_CLEARANCE: (0, 100, "Clearance (%)", False),
    Scale.MMASI: (0, 24, "mMASI (0-24)", True),
    Scale.MASI: (0, 48, "MASI (0-48)", True),
    Scale.GOODMAN_BARON_QUALITATIVE: (1, 4, "Goodman & Baron grade (1-4)", True),
    Scale.GAIS: (1, 5, "GAIS (1 best, 5 worse)", True),
    Scale.PAIN_NRS: (0, 10, "Pain (0-10)", True),
    Scale.PATIENT_SATISFACTION: (1, 5, "Satisfaction (1-5)", False),
}
SHOWN_PLANS = (PlanStatus.APPROVED, PlanStatus.IN_PROGRESS, PlanStatus.COMPLETED)

# Drawing box (SVG user units); the SVG scales to its container.
WIDTH, HEIGHT = 520, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 36, 26, 40
Y_TICKS = 5
MAX_X_LABELS = 6


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    on: date
    value: Decimal
    label: str


@dataclass(frozen=True)
class Chart:
    scale: Scale
    rater: Rater
    title: str
    axis_label: str
    lower_is_better: bool
    points: list[Point]
    y_ticks: list[tuple[float, str]]
    x_labels: list[Point]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    top: int = TOP
    bottom_edge: int = HEIGHT - BOTTOM

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def x_axis_label_y(self) -> int:
        return HEIGHT - 6


@dataclass(frozen=True)
class RemainingEstimate:
    """What the progress page says about the sessions still expected (an estimate)."""

    planned: int
    done: int
    remaining: Remaining | None
    reason: str = ""

    @property
    def likely(self) -> str:
        if self.remaining is None:
            return ""
        n = self.remaining.remaining
        if n == 0:
            return "likely no more sessions"
        return f"likely {n} more session{'s' if n != 1 else ''}"


@dataclass
class ItemProgress:
    item: PlanItem
    scores: list[OutcomeScore] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    estimate: RemainingEstimate | None = None

    @property
    def primary(self) -> Chart | None:
        return self.charts[0] if self.charts else None


NO_CLEARANCE_SCALE = "This concern is not graded by clearance, so no re-estimate is made."
NO_CLEARANCE_YET = "No clinician clearance score yet: the original estimate stands."
ESTIMATE_UNAVAILABLE = "The concern's details do not give an estimate."


def progress_for_patient(*, patient) -> list[ItemProgress]:
    """Per plan item of the patient's approved, running or completed plans: scores, charts,
    and the remaining-sessions estimate. Three queries, whatever the number of items."""
    items = list(
        PlanItem.objects.filter(plan__patient=patient, plan__status__in=SHOWN_PLANS)
        .select_related("plan", "concern__consultation")
        .order_by("-plan__created_at", "position", "id")
    )
    by_item: dict[int, list[OutcomeScore]] = defaultdict(list)
    for score in OutcomeScore.objects.filter(plan_item__in=items).order_by("assessed_on", "id"):
        by_item[score.plan_item_id].append(score)
    done = sessions_done_by_item(items)
    return [_progress(item, by_item[item.pk], done.get(item.pk, 0)) for item in items]


def sessions_done_by_item(items: list[PlanItem]) -> dict[int, int]:
    """Completed treatment appointments per plan item (one query)."""
    rows = (
        Appointment.objects.filter(
            plan_item__in=items,
            kind=AppointmentKind.TREATMENT,
            status=AppointmentStatus.COMPLETED,
        )
        .values("plan_item")
        .annotate(n=Count("id"))
    )
    return {row["plan_item"]: row["n"] for row in rows}


def _progress(item: PlanItem, scores: list[OutcomeScore], done: int) -> ItemProgress:
    return ItemProgress(item, scores, charts_for(scores), remaining_for(item, scores, done))


def charts_for(scores: list[OutcomeScore]) -> list[Chart]:
    """One chart per scale and rater, the concern-specific clinician series first."""
    series: dict[tuple[str, str], list[OutcomeScore]] = defaultdict(list)
    for score in scores:
        if Scale(score.scale) in AXES:
            series[(score.scale, score.rater)].append(score)
    order = list(Scale)
    keys = sorted(series, key=lambda k: (order.index(Scale(k[0])), k[1] != Rater.CLINICIAN))
    return [chart(series[key]) for key in keys]


def chart(scores: list[OutcomeScore]) -> Chart:
    """The chart geometry for one series (same scale and rater), oldest first."""
    scale, rater = Scale(scores[0].scale), Rater(scores[0].rater)
    low, high, axis_label, lower_better = AXES[scale]
    first, last = scores[0].assessed_on, scores[-1].assessed_on
    span = (last - first).days
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(on: date) -> float:
        return LEFT + (inner_w / 2 if span == 0 else inner_w * (on - first).days / span)

    def y(value: float) -> float:
        return TOP + inner_h * (1 - (value - low) / (high - low))

    points = [
        Point(x(s.assessed_on), y(float(s.value)), s.assessed_on, s.value, s.label) for s in scores
    ]
    step = (high - low) / (Y_TICKS - 1)
    ticks = [(y(low + i * step), f"{low + i * step:g}") for i in range(Y_TICKS)]
    title = f"{scale.label} · rated by the {rater.label.lower()}"
    return Chart(scale, rater, title, axis_label, lower_better, points, ticks, _x_labels(points))


def _x_labels(points: list[Point]) -> list[Point]:
    """Every date when few; else first, last and evenly spaced ones between."""
    unique = list({p.on: p for p in points}.values())
    if len(unique) <= MAX_X_LABELS:
        return unique
    step = (len(unique) - 1) / (MAX_X_LABELS - 1)
    return [unique[round(i * step)] for i in range(MAX_X_LABELS)]


def remaining_for(item: PlanItem, scores: list[OutcomeScore], done: int) -> RemainingEstimate:
    """The core's re-estimate from the latest clinician clearance and the sessions done."""
    planned = item.sessions
    if Scale.PIGMENT_CLEARANCE.value not in {s.value for s in scales_for(item.concern.indication)}:
        return RemainingEstimate(planned, done, None, NO_CLEARANCE_SCALE)
    clearance = [
        s for s in scores if s.scale == Scale.PIGMENT_CLEARANCE and s.rater == Rater.CLINICIAN
    ]
    if not clearance:
        return RemainingEstimate(planned, done, None, NO_CLEARANCE_YET)
    latest = clearance[-1]  # oldest first: the last is the latest
    try:
        fitzpatrick = item.concern.consultation.fitzpatrick
        estimate = concern_estimate(item.concern, fitzpatrick=fitzpatrick)
        remaining = reestimate_remaining(estimate, done, float(latest.value))
    except (ClinicalInputError, TypeError, ValueError):
        return RemainingEstimate(planned, done, None, ESTIMATE_UNAVAILABLE)
    return RemainingEstimate(planned, done, remaining)
