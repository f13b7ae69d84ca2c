"""Per-indication data of the setting checks: the clinical endpoint expected, wavelengths to avoid,
the picosecond pulse window and the largest step up from the same area's last session.

Every rule carries its source. Where the reference gives the direction but not the number (how
large a step up is safe), the number is a house rule marked UNVERIFIED.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from picoclinic.clinical.common import Evidence, Indication, Source


class Endpoint(StrEnum):
    """The clinical endpoint seen at the chair (the same names as the session record's)."""

    WHITENING = "whitening"
    GREYING = "greying"
    ERYTHEMA = "erythema"
    MILD_ERYTHEMA = "mild_erythema"
    PINPOINT_BLEEDING = "pinpoint_bleeding"
    NONE = "none"


class Level(StrEnum):
    """How heavy a finding is. Values are the stored ones (``SettingsEntry.findings``)."""

    INFO = "INFO"
    WARN = "WARN"
    BLOCK = "BLOCK"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Level.INFO: 0, Level.WARN: 1, Level.BLOCK: 2}


@dataclass(frozen=True, slots=True)
class EndpointRule:
    """The endpoints a setting is meant to reach for an indication, and what a stronger one means.

    ``too_strong`` endpoints raise a finding of ``severity``; ``expected`` is what to aim for.
    """

    expected: frozenset[Endpoint]
    too_strong: frozenset[Endpoint]
    severity: Level
    reason: str
    source: Source


@dataclass(frozen=True, slots=True)
class AvoidedWavelength:
    """A wavelength the literature says to avoid for an indication, whatever the fluence."""

    nm: int
    severity: Level
    reason: str
    source: Source


# Low-fluence toning aims at no visible change or faint erythema lasting 30-60 minutes (Kauvar
# 2012); whitening means the epidermis was hit hard, and toning has left lasting mottled
# hypopigmentation (Wang 2017, 8.3%); lasers can worsen melasma and PIH (McGraw-Hill).
GENTLE_ENDPOINT = Source(
    "Kauvar 2012 (toning: erythema for 30-60 minutes); Wang Y et al. China J Lepr Skin Dis "
    "2017;33:337 (mottled hypopigmentation 8.3% after toning); McGraw-Hill AccessDermatology "
    "(lasers can worsen melasma and PIH)",
    Evidence.PEER_REVIEWED,
)
# Fractional optics aim at erythema and, on picosecond, pinpoint bleeding (Bernstein 2017; Li
# 2023); whitening is not their endpoint.
FRACTIONAL_ENDPOINT = Source(
    "Bernstein EF et al. LSM 2017;49:796 (erythema, petechiae); Li J et al. J Cosmet Dermatol "
    "2023, PMID 37310182 (pinpoint bleeding)"
)
AVOID_532_PIGMENT = Source(
    "78stepshealth textbook excerpt (avoid 532 nm with a history of persistent PIH); McGraw-Hill "
    "AccessDermatology (lasers can worsen melasma and PIH)",
    Evidence.SECONDARY,
)
TITRATE = Source(
    "McGraw-Hill AccessDermatology ('start with a lower fluence and increase'); the 1.5x step "
    "is a house rule",
    Evidence.CONVENTION,
    unverified=True,
)
# Picosecond lasers are the sub-nanosecond class (Kasai K, review, Laser Ther 2017); published
# pulses run 300-900 ps (Zhou 2023) and down to 250 ps on the 730 nm handpiece (vendor data).
PULSE_WINDOW = Source(
    "Kasai K, Laser Ther 2017 (picosecond = pulses under 1 ns); Zhou Y et al. Lasers Med Sci "
    "2023;38:45 (300-900 ps); Candela PicoWay data: 250-450 ps",
    Evidence.PEER_REVIEWED,
    unverified=True,
)

PICOSECOND_PULSE_PS = (250, 1000)
STEP_UP_FACTOR = 1.5

_GENTLE = EndpointRule(
    expected=frozenset({Endpoint.NONE, Endpoint.MILD_ERYTHEMA, Endpoint.ERYTHEMA}),
    too_strong=frozenset({Endpoint.WHITENING, Endpoint.GREYING, Endpoint.PINPOINT_BLEEDING}),
    severity=Level.BLOCK,
    reason="The endpoint here is none or mild erythema; {seen} means the epidermis took too "
    "much energy: risk of worse pigment or lasting white patches.",
    source=GENTLE_ENDPOINT,
)
_FRACTIONAL = EndpointRule(
    expected=frozenset(
        {Endpoint.ERYTHEMA, Endpoint.MILD_ERYTHEMA, Endpoint.PINPOINT_BLEEDING, Endpoint.NONE}
    ),
    too_strong=frozenset({Endpoint.WHITENING, Endpoint.GREYING}),
    severity=Level.WARN,
    reason="Fractional treatment aims at erythema (pinpoint bleeding at most); {seen} suggests "
    "too much energy.",
    source=FRACTIONAL_ENDPOINT,
)

ENDPOINT_RULES: dict[Indication, EndpointRule] = {
    Indication.MELASMA: _GENTLE,
    Indication.PIH: _GENTLE,
    Indication.REJUVENATION: _FRACTIONAL,
    Indication.ACNE_SCARS: _FRACTIONAL,
}

_AVOID_532 = AvoidedWavelength(
    nm=532,
    severity=Level.BLOCK,
    reason="532 nm is absorbed strongly by epidermal melanin and can worsen melasma and PIH; "
    "the published picosecond settings use 755 or 1064 nm.",
    source=AVOID_532_PIGMENT,
)
AVOIDED_WAVELENGTHS: dict[Indication, tuple[AvoidedWavelength, ...]] = {
    Indication.MELASMA: (_AVOID_532,),
    Indication.PIH: (_AVOID_532,),
}


def avoided(indication: Indication, nm: int) -> AvoidedWavelength | None:
    """The avoided-wavelength rule for this indication and wavelength, if any."""
    return next((a for a in AVOIDED_WAVELENGTHS.get(indication, ()) if a.nm == nm), None)
