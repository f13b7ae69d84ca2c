"""Data of an aftercare plan: items with a kind, a topic, text, dates and sources.

Structured so that a web page, a PDF and a text message can each render it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from picoclinic.clinical.common import BodySite, Evidence, Fitzpatrick, Indication, Source

_CONVENTION_EVIDENCE = frozenset({Evidence.CLINIC, Evidence.CONVENTION})


class ItemKind(StrEnum):
    NORMAL = "normal"  # what to expect, and for how long
    DO = "do"
    AVOID = "avoid"
    RED_FLAG = "red_flag"  # call the clinic


class Topic(StrEnum):
    REDNESS = "redness"
    SWELLING = "swelling"
    BLEEDING = "bleeding"
    CRUSTS = "crusts"
    FROSTING = "frosting"
    BLISTERS = "blisters"
    HEALING = "healing"
    PIGMENT = "pigment"
    COOLING = "cooling"
    MOISTURISE = "moisturise"
    DRESSING = "dressing"
    TOPICALS = "topicals"
    SUN = "sun"
    ACTIVES = "actives"
    MAKEUP = "makeup"
    HEAT = "heat"
    PICKING = "picking"
    PROCEDURES = "procedures"
    CALL_US = "call_us"


@dataclass(frozen=True, slots=True, kw_only=True)
class AftercareItem:
    """One line of aftercare. ``until`` None means ongoing (no end date).

    Invariant: ``treated_on <= starts_on`` and, when set, ``starts_on <= until``.
    """

    kind: ItemKind
    topic: Topic
    text: str
    starts_on: date
    until: date | None
    sources: tuple[Source, ...]

    @property
    def ongoing(self) -> bool:
        return self.until is None

    @property
    def clinic_convention(self) -> bool:
        """True when every source is a clinic or convention source (no study behind it)."""
        return all(source.evidence in _CONVENTION_EVIDENCE for source in self.sources)


@dataclass(frozen=True, slots=True, kw_only=True)
class AftercarePlan:
    """Aftercare for one treatment, in the order normal course, do, avoid, red flags."""

    indication: Indication
    body_site: BodySite
    fitzpatrick: Fitzpatrick
    treated_on: date
    items: tuple[AftercareItem, ...]

    def of_kind(self, kind: ItemKind) -> tuple[AftercareItem, ...]:
        """The items of one kind, in plan order."""
        return tuple(item for item in self.items if item.kind is kind)

    @property
    def timeline(self) -> tuple[AftercareItem, ...]:
        """The normal course, soonest-ending first (ongoing last)."""
        return tuple(sorted(self.of_kind(ItemKind.NORMAL), key=_end_key))

    @property
    def red_flags(self) -> tuple[AftercareItem, ...]:
        return self.of_kind(ItemKind.RED_FLAG)

    def avoid_until(self, topic: Topic) -> date | None:
        """The last "avoid" date for a topic; None if ongoing or not in the plan."""
        ends = [item.until for item in self.of_kind(ItemKind.AVOID) if item.topic is topic]
        if not ends or None in ends:
            return None
        return max(end for end in ends if end)


def _end_key(item: AftercareItem) -> date:
    return item.until or date.max
