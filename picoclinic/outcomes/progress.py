"""Progress over a course: each concern's scores over time as a small server-drawn chart, and
the sessions still expected, re-estimated by the clinical core from the response so far.

``progress_for_patient`` reads everything in a fixed number of queries (the plan items, the
scores, the dates of the completed sessions per item); the rest is arithmetic.

The re-estimate is a function of the scores and their dates: the response a score shows is read
against the sessions that took place before the day it was assessed. A session signed since the
latest score changes nothing until a new score says how the skin responded; the page says the
estimate waits for one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from picoclinic.clinical.common import ClinicalInputError
from picoclinic.clinical.estimate import Remaining, reestimate_remaining
from picoclinic.clinical.outcomes import scale_info, scales_for
from picoclinic.clinical.outcomes_scars import ECCA_MAXIMUM, QUANTITATIVE_MAX
from picoclinic.outcomes.scores.models import OutcomeScore, Rater, Scale
from picoclinic.plans.catalogue import concern_estimate
from picoclinic.plans.models import PlanItem, PlanStatus
from picoclinic.scheduling.models import Appointment, AppointmentKind, AppointmentStatus
from picoclinic.web import patient_words

# Each scale's full range, so a chart never exaggerates a small change; and its direction.
AXES: dict[Scale, tuple[float, float, str, bool]] = {
    Scale.PIGMENT_CLEARANCE: (0, 100, "Clearance (%)", False),
    Scale.MMASI: (0, 24, "mMASI (0-24)", True),
    Scale.MASI: (0, 48, "MASI (0-48)", True),
    Scale.GOODMAN_BARON_QUALITATIVE: (1, 4, "Goodman & Baron grade (1-4)", True),
    Scale.GOODMAN_BARON_QUANTITATIVE: (0, QUANTITATIVE_MAX, "Goodman & Baron score (0-84)", True),
    # 420 from the weights; the reference states 540 (outcomes_scars.ECCA_MAXIMUM_NOTE).
    Scale.ECCA: (0, ECCA_MAXIMUM, "ECCA (0-420; reference says 540)", True),
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

    @property
    def scale_name(self) -> str:
        """The scale's full published name (the core's registry)."""
        return scale_info(self.scale.value).name

    @property
    def patient_name(self) -> str:
        """What the scale measures, in the patient's words (portal and patient PDFs)."""
        return patient_words.scale_name(self.scale.value)

    @property
    def first(self) -> Point:
        return self.points[0]

    @property
    def latest(self) -> Point:
        return self.points[-1]

    @property
    def direction(self) -> str:
        """In plain words, how the latest score compares with the first."""
        if len(self.points) < 2 or self.latest.value == self.first.value:
            return "no change yet" if len(self.points) > 1 else "first score"
        lower = self.latest.value < self.first.value
        return "better" if lower == self.lower_is_better else "worse"


@dataclass(frozen=True)
class RemainingEstimate:
    """What the progress page says about the sessions still expected (an estimate)."""

    planned: int
    done: int
    remaining: Remaining | None
    reason: str = ""
    # What the observed "clearance" is: the clinician's clearance, or an index's fall.
    measure: str = "Observed clearance"
    house_method: bool = False
    # Sessions that took place on or after the latest score's day: they wait for a new score.
    since_score: int = 0

    @property
    def waiting(self) -> str:
        if not self.remaining or not self.since_score:
            return ""
        n = self.since_score
        return WAITS_FOR_SCORE.format(n=n, s="s" if n != 1 else "")

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

    @property
    def patient_concern(self) -> str:
        """The concern as the patient would name it (portal and patient PDFs)."""
        return patient_words.concern(self.item.concern.indication)

    @property
    def patient_remaining(self) -> str:
        """The sessions still expected in the patient's words: a condition that comes back
        never reads "no more sessions" without how to keep it away."""
        if self.estimate is None or self.estimate.remaining is None:
            return ""
        count = self.estimate.remaining.remaining
        return patient_words.remaining(count, self.item.concern.indication)


NO_CLEARANCE_SCALE = "This concern is not graded by clearance, so no re-estimate is made."
NO_CLEARANCE_YET = "No clinician clearance score yet: the original estimate stands."
NO_INDEX_YET = (
    "No re-estimate yet: it needs two clinician {scale} scores (the first is the baseline)."
)
NO_SCAR_MODEL = (
    "Acne scars improve in part rather than clear, so the clearance model behind the re-estimate "
    "does not fit them: follow the change in the scar score from baseline instead."
)
ESTIMATE_UNAVAILABLE = "The concern's details do not give an estimate."
WAITS_FOR_SCORE = (
    "{n} session{s} since the latest score: this estimate stands until a new score shows how "
    "the skin responded."
)
# House method [UNVERIFIED]: the core re-estimates from a clearance percentage; for melasma the
# fall of the clinician's mMASI (or MASI) from its first score is read as that percentage. No
# published model says a melasma index falls like pigment clears: the page labels it so.
INDEX_FALL_NOTE = (
    "{scale} fall from the first score, read as clearance (house method, UNVERIFIED: no "
    "published model for melasma)"
)
INDEX_SCALES = (Scale.MMASI, Scale.MASI)
SCAR_SCALES = (Scale.GOODMAN_BARON_QUANTITATIVE, Scale.ECCA, Scale.GOODMAN_BARON_QUALITATIVE)


def progress_for_patient(*, patient, plan=None) -> list[ItemProgress]:
    """Per plan item of the patient's approved, running or completed plans (or of ``plan``
    only): scores, charts, and the remaining-sessions estimate. Three queries, whatever the
    number of items."""
    items = PlanItem.objects.filter(plan__patient=patient, plan__status__in=SHOWN_PLANS)
    if plan is not None:
        items = items.filter(plan=plan)
    items = list(
        items.select_related("plan", "concern__consultation").order_by(
            "-plan__created_at", "position", "id"
        )
    )
    by_item: dict[int, list[OutcomeScore]] = defaultdict(list)
    for score in OutcomeScore.objects.filter(plan_item__in=items).order_by("assessed_on", "id"):
        by_item[score.plan_item_id].append(score)
    dates = session_dates_by_item(items)
    return [_progress(item, by_item[item.pk], dates.get(item.pk, [])) for item in items]


def session_dates_by_item(items: list[PlanItem]) -> dict[int, list[date]]:
    """The days the completed treatment sessions of each plan item took place (one query)."""
    rows = _completed(items).values_list("plan_item", "occurred_on", "starts_at")
    found: dict[int, list[date]] = defaultdict(list)
    for item_id, occurred_on, starts_at in rows:
        found[item_id].append(occurred_on or timezone.localdate(starts_at))
    return found


def _completed(items: list[PlanItem]):
    return Appointment.objects.filter(
        plan_item__in=items,
        kind=AppointmentKind.TREATMENT,
        status=AppointmentStatus.COMPLETED,
    )


def sessions_done_by_item(items: list[PlanItem]) -> dict[int, int]:
    """Completed treatment appointments per plan item (one query)."""
    rows = _completed(items).values("plan_item").annotate(n=Count("id"))
    return {row["plan_item"]: row["n"] for row in rows}


def _progress(item: PlanItem, scores: list[OutcomeScore], dates: list[date]) -> ItemProgress:
    return ItemProgress(item, scores, charts_for(scores), remaining_for(item, scores, dates))


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


def remaining_for(
    item: PlanItem, scores: list[OutcomeScore], dates: list[date]
) -> RemainingEstimate:
    """The core's re-estimate from the latest clinician clearance, or for melasma the fall of
    its index from baseline (house method), read against the sessions that took place before
    that score's day. ``dates`` are the days of the item's completed sessions."""
    planned, done = item.sessions, len(dates)
    offered = {s.value for s in scales_for(item.concern.indication)}
    clinician = [s for s in scores if s.rater == Rater.CLINICIAN]
    if Scale.PIGMENT_CLEARANCE.value in offered:
        clearance = [s for s in clinician if s.scale == Scale.PIGMENT_CLEARANCE]
        if not clearance:
            return RemainingEstimate(planned, done, None, NO_CLEARANCE_YET)
        latest = clearance[-1]  # oldest first
        return _reestimate(item, dates, latest.assessed_on, float(latest.value))
    index = next((sc for sc in INDEX_SCALES if sc.value in offered), None)
    if index is None:
        scars = any(sc.value in offered for sc in SCAR_SCALES)
        return RemainingEstimate(
            planned, done, None, NO_SCAR_MODEL if scars else NO_CLEARANCE_SCALE
        )
    return _index_reestimate(item, dates, [s for s in clinician if s.scale in INDEX_SCALES])


def _index_reestimate(
    item: PlanItem, dates: list[date], scores: list[OutcomeScore]
) -> RemainingEstimate:
    series = [s for s in scores if s.scale == (scores[-1].scale if scores else None)]
    if len(series) < 2 or series[0].value <= 0:
        name = Scale.MMASI.label
        return RemainingEstimate(item.sessions, len(dates), None, NO_INDEX_YET.format(scale=name))
    fall = (series[0].value - series[-1].value) / series[0].value * 100
    observed = float(min(max(fall, Decimal(0)), Decimal(100)))
    estimate = _reestimate(item, dates, series[-1].assessed_on, observed)
    if estimate.remaining is None:
        return estimate
    measure = INDEX_FALL_NOTE.format(scale=Scale(series[-1].scale).label)
    return replace(estimate, measure=measure, house_method=True)


def _reestimate(
    item: PlanItem, dates: list[date], scored_on: date, observed: float
) -> RemainingEstimate:
    # A response cannot show on the day of a session: the score reads the sessions before it.
    before = sum(1 for day in dates if day < scored_on)
    since = len(dates) - before
    try:
        fitzpatrick = item.concern.consultation.fitzpatrick
        estimate = concern_estimate(item.concern, fitzpatrick=fitzpatrick)
        remaining = reestimate_remaining(estimate, before, observed)
    except (ClinicalInputError, TypeError, ValueError):
        return RemainingEstimate(item.sessions, len(dates), None, ESTIMATE_UNAVAILABLE)
    return RemainingEstimate(item.sessions, len(dates), remaining, since_score=since)
