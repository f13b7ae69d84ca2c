"""The core's answers in plain words for the workspace: estimates, screenings, saved times."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from picoclinic.clinical.common import Source
from picoclinic.clinical.estimate import CourseEstimate, Estimate
from picoclinic.clinical.indications_model import LaserLine
from picoclinic.clinical.screening import DEFAULT_POLICY_NAME, NOTHING_FOUND, Outcome
from picoclinic.consultations import vocab
from picoclinic.consultations.models import Concern, ScreeningRecord
from picoclinic.consultations.sections import Section

DEFAULT_POLICY_LABEL = "evidence-based default"
_ANSWER_PREFIX = re.compile(r"^(No|Unlikely):\s*")


def concern_title(concern: Concern) -> str:
    """E.g. "Tattoo removal, arm": no patient detail."""
    site = vocab.label(vocab.BODY_SITES, concern.body_site).lower()
    return f"{vocab.label(vocab.INDICATIONS, concern.indication)}, {site}"


def section_title(key: str, concerns: list[Concern]) -> str:
    """The title of a draft's section key (``history``, ``concern:12``)."""
    if key.startswith("concern:"):
        found = next((c for c in concerns if f"concern:{c.pk}" == key), None)
        return concern_title(found) if found else "A removed concern"
    return Section(key).label if key in Section.values else key


def saved_label(saved_at: datetime | None) -> str:
    """ "Saved 14:32" in the active (clinic's) time zone; "" when never saved."""
    if saved_at is None:
        return ""
    local = timezone.localtime(saved_at)
    if local.date() != timezone.localdate():
        return f"Saved {local:%d %b %H:%M}"
    return f"Saved {local:%H:%M}"


@dataclass(frozen=True)
class SourceView:
    label: str
    unverified: bool

    @classmethod
    def of(cls, source: Source | dict[str, Any] | str) -> SourceView:
        if isinstance(source, Source):
            return cls(f"{source.citation} [{source.evidence.value}]", source.unverified)
        if isinstance(source, dict):
            return cls(f"{source['citation']} [{source['evidence']}]", bool(source["unverified"]))
        text = str(source)
        return cls(text.replace(" [UNVERIFIED]", ""), "[UNVERIFIED]" in text)


def one_session_words(estimate: Estimate) -> tuple[str, str]:
    """("Possibly." | "Probably not, because", the reason) from the core's one-session answer."""
    answer = estimate.one_session_answer
    if estimate.one_session_may_suffice:
        return "Possibly.", answer
    because = _ANSWER_PREFIX.sub("", answer)
    if because == answer:
        return "Probably not.", answer
    return "Probably not, because", because


@dataclass(frozen=True)
class EstimateView:
    concern: Concern
    estimate: Estimate
    verdict: str
    because: str
    factors: list[tuple[str, str, SourceView]]
    kd_parameters: list[tuple[str, str, int, SourceView]] = field(default_factory=list)

    @property
    def interval_weeks(self) -> tuple[float, float]:
        interval = self.estimate.interval
        return interval.min_days / 7, interval.max_days / 7

    @property
    def second_line(self) -> bool:
        return self.estimate.laser_line is LaserLine.SECOND


_KD_LABELS = {
    "Location": vocab.KD_LOCATIONS,
    "Colour": vocab.KD_COLOURS,
    "Amount of ink": vocab.KD_INK_AMOUNTS,
    "Scarring": vocab.KD_SCARRING,
}


def _kd_category(name: str, category: str) -> str:
    return vocab.label(_KD_LABELS.get(name, {}), category)


def estimate_view(concern: Concern, estimate: Estimate) -> EstimateView:
    verdict, because = one_session_words(estimate)
    factors = [(f.name, f.effect, SourceView.of(f.source)) for f in estimate.factors]
    kd = estimate.kirby_desai
    parameters = [
        (p.name, _kd_category(p.name, p.category), p.points, SourceView.of(p.source))
        for p in (kd.parameters if kd else ())
    ]
    return EstimateView(concern, estimate, verdict, because, factors, parameters)


@dataclass(frozen=True)
class CourseView:
    course: CourseEstimate
    groups: list[tuple[list[str], Any]]


def course_view(course: CourseEstimate, by_core_concern: dict[int, Concern]) -> CourseView:
    """The course with each visit group named by its concerns' titles.

    ``by_core_concern`` maps ``id()`` of each core concern given to ``estimate_course`` to the
    stored concern it came from.
    """
    groups = [
        ([concern_title(by_core_concern[id(e.concern)]) for e in group.estimates], group)
        for group in course.groups
    ]
    return CourseView(course, groups)


@dataclass(frozen=True)
class FindingView:
    title: str
    outcome: str
    outcome_label: str
    reason: str
    action: str
    precautions: list[str]
    defer_until: date | None
    defer_condition: str | None
    sources: list[SourceView]
    policy: str

    @property
    def blocking(self) -> bool:
        return self.outcome in (Outcome.DEFER, Outcome.DO_NOT_TREAT)


@dataclass(frozen=True)
class ScreeningView:
    record: ScreeningRecord
    current: bool
    overall_label: str
    findings: list[FindingView]
    cleared: list[tuple[str, str]]
    precautions: list[str]
    earliest_treatment_on: date | None

    @property
    def policy(self) -> str:
        return policy_label(self.record.policy_name)


def _finding(result: dict[str, Any]) -> FindingView:
    effect = vocab.POLICY_EFFECTS.get(result["policy_effect"], "")
    policy = policy_label(result["policy_applied"]) + (f" ({effect})" if effect else "")
    until = result["defer_until"]
    return FindingView(
        title=vocab.RULE_TITLES.get(result["rule"], result["rule"].replace("_", " ")),
        outcome=result["outcome"],
        outcome_label=vocab.label(vocab.OUTCOMES, result["outcome"]),
        reason=result["reason"],
        action=result["action"],
        precautions=[vocab.label(vocab.PRECAUTIONS, p) for p in result["precautions"]],
        defer_until=date.fromisoformat(until) if until else None,
        defer_condition=result["defer_condition"],
        sources=[SourceView.of(source) for source in result["sources"]],
        policy=policy,
    )


def policy_label(name: str) -> str:
    """The policy's name, or what the default is."""
    return DEFAULT_POLICY_LABEL if name == DEFAULT_POLICY_NAME else name


def screening_view(record: ScreeningRecord, *, current: bool) -> ScreeningView:
    report = record.report
    results = report.get("results", [])
    ranked = sorted(
        (r for r in results if r["outcome"] != Outcome.PROCEED),
        key=lambda r: -Outcome(r["outcome"]).rank,
    )
    cleared = [
        (vocab.RULE_TITLES.get(r["rule"], r["rule"]), r["reason"])
        for r in results
        if r["outcome"] == Outcome.PROCEED and r["reason"] not in ("", NOTHING_FOUND)
    ]
    earliest = report.get("earliest_treatment_on")
    return ScreeningView(
        record=record,
        current=current,
        overall_label=vocab.label(vocab.OUTCOMES, record.overall),
        findings=[_finding(result) for result in ranked],
        cleared=cleared,
        precautions=[vocab.label(vocab.PRECAUTIONS, p) for p in report.get("precautions", [])],
        earliest_treatment_on=date.fromisoformat(earliest) if earliest else None,
    )
