"""Types of the indication catalogue (the data lives in ``indications_*`` modules).

Every number in the catalogue sits in a frozen dataclass together with the ``Source`` it came from.
Values the clinical reference marks UNVERIFIED, or that rest only on clinic pages or house
convention, carry ``Source(unverified=True)`` or a CLINIC/convention evidence tag; products must
present them as estimates.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from picoclinic.clinical.common import Evidence, Indication, Source


class Handpiece(StrEnum):
    """How the beam is delivered. Fractional = DLA, MLA, holographic or DOE micro-spot optics."""

    FLAT_BEAM = "flat_beam"
    FRACTIONAL = "fractional"


class LaserLine(StrEnum):
    """Whether laser is a first-line treatment or an adjunct after topicals."""

    FIRST = "first_line"
    SECOND = "second_line"


class InkColour(StrEnum):
    BLACK_DARK_BLUE = "black_dark_blue"
    BLUE_GREEN_PURPLE = "blue_green_purple"
    RED_ORANGE = "red_orange"
    YELLOW = "yellow"
    WHITE_FLESH_COSMETIC = "white_flesh_cosmetic"


class AcneScarType(StrEnum):
    ICEPICK = "icepick"
    BOXCAR = "boxcar"
    ROLLING = "rolling"
    MIXED = "mixed"


class RejuvenationTarget(StrEnum):
    TEXTURE = "texture"
    FINE_LINES = "fine_lines"
    PORES = "pores"
    GENERAL = "general"


@dataclass(frozen=True, slots=True)
class SourcedText:
    """A plain-words statement and where it comes from."""

    text: str
    source: Source


@dataclass(frozen=True, slots=True)
class WavelengthUse:
    """A wavelength/handpiece pair published (or listed) for an indication."""

    nm: int
    handpiece: Handpiece
    note: str
    source: Source


@dataclass(frozen=True, slots=True)
class FluenceGuide:
    """Published fluence/spot for one device class. Not transferable to other devices.

    Invariant: 0 < fluence_low <= fluence_high; spot bounds ordered when given.
    """

    nm: int
    handpiece: Handpiece
    device_class: str
    fluence_low: float
    fluence_high: float
    spot_mm_low: float | None
    spot_mm_high: float | None
    note: str
    source: Source

    def __post_init__(self) -> None:
        if not 0 < self.fluence_low <= self.fluence_high:
            raise ValueError(f"fluence range out of order: {self}")
        if (self.spot_mm_low is None) != (self.spot_mm_high is None):
            raise ValueError("give both spot bounds or neither")
        if (
            self.spot_mm_low is not None
            and self.spot_mm_high is not None
            and self.spot_mm_low > self.spot_mm_high
        ):
            raise ValueError(f"spot range out of order: {self}")


@dataclass(frozen=True, slots=True)
class SessionRange:
    """Sessions for a course. Invariant: 1 <= low <= typical <= high."""

    low: int
    typical: int
    high: int
    source: Source

    def __post_init__(self) -> None:
        if not 1 <= self.low <= self.typical <= self.high:
            raise ValueError(f"session range out of order: {self}")


@dataclass(frozen=True, slots=True)
class IntervalWindow:
    """Days between sessions. Invariant: 1 <= min_days <= target_days <= max_days.

    ``source`` covers min and target; ``max_source`` covers the upper bound when it comes from a
    different (often weaker) source.
    """

    min_days: int
    target_days: int
    max_days: int
    source: Source
    max_source: Source | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.min_days <= self.target_days <= self.max_days:
            raise ValueError(f"interval window out of order: {self}")


@dataclass(frozen=True, slots=True)
class TestSpotRule:
    """Whether the catalogue requires a test (patch) spot before a full treatment."""

    __test__ = False  # not a pytest test class

    required: bool
    reason: str
    source: Source | None = None


NO_TEST_SPOT = TestSpotRule(required=False, reason="No indication-specific test-spot rule.")


@dataclass(frozen=True, slots=True)
class IndicationProfile:
    """One catalogue entry: an indication, or a variant of it (ink colour, scar subtype)."""

    indication: Indication
    variant: str
    label: str
    laser_line: LaserLine
    wavelengths: tuple[WavelengthUse, ...]
    fluences: tuple[FluenceGuide, ...]
    sessions: SessionRange
    interval: IntervalWindow
    expected: tuple[SourcedText, ...]
    maintenance: SourcedText
    relapse: SourcedText
    first_line_alternatives: tuple[SourcedText, ...] = ()
    test_spot: TestSpotRule = NO_TEST_SPOT
    single_session_evidence: SourcedText | None = None
    is_pigment: bool = True

    def __post_init__(self) -> None:
        if self.laser_line is LaserLine.SECOND and not self.first_line_alternatives:
            raise ValueError(f"{self.label}: second-line laser needs first-line alternatives")

    @property
    def key(self) -> str:
        return f"{self.indication.value}:{self.variant}" if self.variant else self.indication.value

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source cited anywhere in the entry, de-duplicated, in order."""
        found: list[Source] = [w.source for w in self.wavelengths]
        found += [f.source for f in self.fluences]
        found += [self.sessions.source, self.interval.source]
        found += [self.interval.max_source] if self.interval.max_source else []
        found += [t.source for t in (*self.expected, self.maintenance, self.relapse)]
        found += [t.source for t in self.first_line_alternatives]
        found += [self.test_spot.source] if self.test_spot.source else []
        return tuple(dict.fromkeys(found))

    @property
    def has_unverified(self) -> bool:
        """True when any number or rule in the entry is UNVERIFIED or clinic/convention only."""
        weak = {Evidence.CLINIC, Evidence.CONVENTION}
        return any(s.unverified or s.evidence in weak for s in self.sources)

    def wavelengths_nm(self) -> frozenset[int]:
        return frozenset(w.nm for w in self.wavelengths)

    def handpieces_for(self, nm: int) -> frozenset[Handpiece]:
        return frozenset(w.handpiece for w in self.wavelengths if w.nm == nm)
