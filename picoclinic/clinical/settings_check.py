"""Setting safety checks: a device setting for an indication and patient -> findings.

Each finding has a level set by its clinical weight: BLOCK (the setting is not used until a
doctor overrides it with a reason), WARN (visibly a warning) and INFO (quiet information). A
routine setting inside the published range for the indication raises nothing.

Fluence limits come from the catalogue's published ranges for the same wavelength and handpiece;
they belong to the device class recorded there and are not transferable between devices, so every
fluence finding names the device class it compared against. Darker skin types start lower in the
published range (never higher): I-III up to the published top, IV up to its midpoint, V-VI its
bottom (reference 4.2, "start with a lower fluence and increase"; house convention for the split).

532 nm decision: the reference says avoid 532 above FST III (78stepshealth, Hardy). Picosecond
532 trials included FST IV (Negishi 2018; Lu 2024, 2 PIH cases in FST III-VI), so FST IV is a
WARN; FST V-VI is a BLOCK unless a doctor's override is recorded, which turns it into a WARN.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from picoclinic.clinical.common import (
    ClinicalInputError,
    Evidence,
    Fitzpatrick,
    Indication,
    Source,
)
from picoclinic.clinical.indications import (
    DISCRETE_PIGMENT,
    TEXTURE_INDICATIONS,
    FluenceGuide,
    Handpiece,
    IndicationProfile,
    InkColour,
    profile_for,
)
from picoclinic.clinical.settings_rules import (
    ENDPOINT_RULES,
    PICOSECOND_PULSE_PS,
    PULSE_WINDOW,
    STEP_UP_FACTOR,
    TITRATE,
    Endpoint,
    Level,
    avoided,
)

__all__ = ["PICOSECOND_PULSE_PS", "Endpoint", "Level"]


class TestSpotStatus(StrEnum):
    __test__ = False  # not a pytest test class

    NOT_REQUIRED = "not_required"
    REQUIRED_NOT_DONE = "required_not_done"
    DONE_READ_OK = "done_read_ok"


class Code(StrEnum):
    TANNED_SKIN = "tanned_skin"
    WAVELENGTH_532_DARK_SKIN = "wavelength_532_dark_skin"
    FLUENCE_ABOVE_RANGE = "fluence_above_range"
    FLUENCE_FAR_ABOVE_RANGE = "fluence_far_above_range"
    FLUENCE_UNPUBLISHED = "fluence_unpublished"
    SPOT_OUTSIDE_RANGE = "spot_outside_range"
    FLUENCE_ABOVE_INDICATION = "fluence_above_indication"
    WAVELENGTH_UNSUITABLE = "wavelength_unsuitable"
    WAVELENGTH_AVOIDED = "wavelength_avoided"
    ENDPOINT_TOO_STRONG = "endpoint_too_strong"
    STEP_UP_TOO_LARGE = "step_up_too_large"
    HANDPIECE_UNSUITABLE = "handpiece_unsuitable"
    TEST_SPOT_MISSING = "test_spot_missing"
    PERIOCULAR_NO_SHIELDS = "periocular_no_shields"
    PULSE_NOT_PICOSECOND = "pulse_not_picosecond"


MCGRAW_HILL = Source(
    "McGraw-Hill AccessDermatology, pigmented lesions and tattoos", Evidence.SECONDARY
)
AVOID_532 = Source("78stepshealth textbook excerpt; Hardy CL, eMedicine", Evidence.SECONDARY)
ZHOU_2023 = Source("Zhou Y, Hamblin MR, Wen X. Lasers Med Sci 2023;38:45")
EYE_SAFETY = Source("Bader O, Lui H, dermweb (AAD poster); Malayanur D. CosmoDerma 2022;2:24")
FAR_ABOVE = Source(
    "House policy: more than 1.5x the published top blocks", Evidence.CONVENTION, True
)
DARK_FLUENCE = Source(
    "McGraw-Hill (start low); Astanza (darker skin, lower energy); split is house convention",
    Evidence.CONVENTION,
    unverified=True,
)
FAR_ABOVE_FACTOR = 1.5

MSG_TANNED = "Do not treat tanned skin."
MSG_532_DARK_BLOCK = "532 nm is blocked for skin type V-VI without a doctor's override."
MSG_532_DARK_WARN = "532 nm on darker skin: high PIH risk; prefer a longer wavelength."
MSG_FLUENCE_ABOVE = "Fluence above the published range for this indication and device class."
MSG_FLUENCE_FAR = "Fluence far above the published range for this indication and device class."
MSG_FLUENCE_UNPUBLISHED = "No published fluence for this indication, wavelength and handpiece."
MSG_FLUENCE_INDICATION = "Fluence far above any published for this indication."
MSG_WAVELENGTH_AVOIDED = "Wavelength to avoid for this indication."
MSG_ENDPOINT = "Endpoint stronger than this indication's."
MSG_STEP_UP = "Large step up from this area's last session."
MSG_SPOT = "Spot size outside the published range for this device class."
MSG_WAVELENGTH = "Wavelength not listed for this indication."
MSG_FRACTIONAL_PIGMENT = "Fractional handpiece for discrete pigment: use a flat beam."
MSG_FLAT_TEXTURE = "Flat beam for scars or rejuvenation: use a fractional handpiece."
MSG_TEST_SPOT = "A test spot is required and has not been done and read."
MSG_PERIOCULAR = "Periocular treatment needs corneal shields."
PULSE_LOW, PULSE_HIGH = PICOSECOND_PULSE_PS
MSG_PULSE = f"Pulse duration outside the picosecond range ({PULSE_LOW}-{PULSE_HIGH} ps)."
ERR_POSITIVE = "must be a finite number above 0"


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviceSettings:
    """A proposed setting and its context. Invariant: spot, fluence and pulse are finite and > 0."""

    wavelength_nm: int
    handpiece: Handpiece
    spot_mm: float
    fluence_j_cm2: float
    pulse_ps: float
    indication: Indication
    fitzpatrick: Fitzpatrick
    tanned: bool
    test_spot: TestSpotStatus
    periocular: bool
    corneal_shields: bool
    ink_colour: InkColour | None = None
    override_532_dark_skin: bool = False
    endpoint: Endpoint | None = None
    previous_fluence_j_cm2: float | None = None  # the same area, last session, same beam

    def __post_init__(self) -> None:
        for name in ("wavelength_nm", "spot_mm", "fluence_j_cm2", "pulse_ps"):
            _positive(getattr(self, name), name)
        if self.previous_fluence_j_cm2 is not None:
            _positive(self.previous_fluence_j_cm2, "previous_fluence_j_cm2")


def _positive(value: object, name: str) -> None:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if not (number and math.isfinite(value) and value > 0):  # type: ignore[arg-type,operator]
        raise ClinicalInputError(ERR_POSITIVE, field=name)


@dataclass(frozen=True, slots=True)
class Finding:
    level: Level
    code: Code
    message: str
    reason: str
    source: Source


@dataclass(frozen=True, slots=True)
class FluenceLimit:
    """Allowed fluence for a skin type, from published ranges for one wavelength and handpiece."""

    allowed: float
    published_low: float
    published_high: float
    device_classes: tuple[str, ...]
    sources: tuple[Source, ...]


def _profile(indication: Indication, ink_colour: InkColour | None) -> IndicationProfile:
    return profile_for(indication=indication, ink_colour=ink_colour)


def _guides(profile: IndicationProfile, nm: int, handpiece: Handpiece) -> tuple[FluenceGuide, ...]:
    return tuple(g for g in profile.fluences if g.nm == nm and g.handpiece is handpiece)


def allowed_fluence(
    *,
    indication: Indication,
    wavelength_nm: int,
    handpiece: Handpiece,
    fitzpatrick: Fitzpatrick,
    ink_colour: InkColour | None = None,
) -> FluenceLimit | None:
    """The highest fluence the published ranges support for this skin type, or None if unpublished.

    Invariant: published_low <= allowed <= published_high, and a darker skin type never gets a
    higher ``allowed`` (I-III: top; IV: midpoint; V-VI: bottom of the published range).
    """
    guides = _guides(_profile(indication, ink_colour), wavelength_nm, handpiece)
    if not guides:
        return None
    low, high = min(g.fluence_low for g in guides), max(g.fluence_high for g in guides)
    if fitzpatrick <= Fitzpatrick.III:
        allowed = high
    else:
        allowed = (low + high) / 2 if fitzpatrick is Fitzpatrick.IV else low
    classes = tuple(dict.fromkeys(g.device_class for g in guides))
    return FluenceLimit(allowed, low, high, classes, tuple(dict.fromkeys(g.source for g in guides)))


def _check_tan(s: DeviceSettings) -> list[Finding]:
    if not s.tanned:
        return []
    reason = "A tan is a competing chromophore: defer until it has faded."
    return [Finding(Level.BLOCK, Code.TANNED_SKIN, MSG_TANNED, reason, MCGRAW_HILL)]


def _check_532(s: DeviceSettings) -> list[Finding]:
    if s.wavelength_nm != 532 or s.fitzpatrick < Fitzpatrick.IV:
        return []
    reason = f"Skin type {s.fitzpatrick.roman}: melanin competes strongly at 532 nm."
    if s.fitzpatrick is Fitzpatrick.IV or s.override_532_dark_skin:
        return [
            Finding(Level.WARN, Code.WAVELENGTH_532_DARK_SKIN, MSG_532_DARK_WARN, reason, AVOID_532)
        ]
    return [
        Finding(Level.BLOCK, Code.WAVELENGTH_532_DARK_SKIN, MSG_532_DARK_BLOCK, reason, AVOID_532)
    ]


def _check_fluence(s: DeviceSettings) -> list[Finding]:
    limit = allowed_fluence(
        indication=s.indication,
        wavelength_nm=s.wavelength_nm,
        handpiece=s.handpiece,
        fitzpatrick=s.fitzpatrick,
        ink_colour=s.ink_colour,
    )
    if limit is None:
        return _check_unpublished_fluence(s)
    if s.fluence_j_cm2 <= limit.allowed:
        return []
    reason = (
        f"{s.fluence_j_cm2:g} J/cm2 vs allowed {limit.allowed:g} for skin type "
        f"{s.fitzpatrick.roman} (published {limit.published_low:g}-{limit.published_high:g} on "
        f"{'; '.join(limit.device_classes)}; not transferable between devices)."
    )
    if s.fluence_j_cm2 > limit.published_high * FAR_ABOVE_FACTOR:
        return [
            Finding(Level.BLOCK, Code.FLUENCE_FAR_ABOVE_RANGE, MSG_FLUENCE_FAR, reason, FAR_ABOVE)
        ]
    source = limit.sources[0] if s.fitzpatrick <= Fitzpatrick.III else DARK_FLUENCE
    return [Finding(Level.WARN, Code.FLUENCE_ABOVE_RANGE, MSG_FLUENCE_ABOVE, reason, source)]


def _check_spot(s: DeviceSettings) -> list[Finding]:
    guides = _guides(_profile(s.indication, s.ink_colour), s.wavelength_nm, s.handpiece)
    spots = [g for g in guides if g.spot_mm_low is not None]
    if not spots or any(g.spot_mm_low <= s.spot_mm <= g.spot_mm_high for g in spots):  # type: ignore[operator]
        return []
    ranges = ", ".join(f"{g.spot_mm_low:g}-{g.spot_mm_high:g} mm ({g.device_class})" for g in spots)
    reason = f"{s.spot_mm:g} mm; published {ranges}. Fluence depends on spot size."
    return [Finding(Level.WARN, Code.SPOT_OUTSIDE_RANGE, MSG_SPOT, reason, spots[0].source)]


def _check_unpublished_fluence(s: DeviceSettings) -> list[Finding]:
    """No published fluence for this beam: quiet information, unless the fluence is far above
    everything published for the indication on any device (a warning: not transferable, but
    a number that far out is no routine setting)."""
    guides = _profile(s.indication, s.ink_colour).fluences
    top = max(guides, key=lambda g: g.fluence_high, default=None)
    if top is not None and s.fluence_j_cm2 > top.fluence_high * FAR_ABOVE_FACTOR:
        reason = (
            f"{s.fluence_j_cm2:g} J/cm2; the highest published for this indication is "
            f"{top.fluence_high:g} J/cm2 ({top.device_class}, {top.nm} nm). Not transferable "
            "between devices, but confirm this setting."
        )
        return [
            Finding(
                Level.WARN,
                Code.FLUENCE_ABOVE_INDICATION,
                MSG_FLUENCE_INDICATION,
                reason,
                top.source,
            )
        ]
    reason = "Settings are device-specific; confirm against the device maker's guidance."
    return [
        Finding(Level.INFO, Code.FLUENCE_UNPUBLISHED, MSG_FLUENCE_UNPUBLISHED, reason, ZHOU_2023)
    ]


def _check_wavelength(s: DeviceSettings) -> list[Finding]:
    rule = avoided(s.indication, s.wavelength_nm)
    if rule is not None:
        return [
            Finding(
                rule.severity,
                Code.WAVELENGTH_AVOIDED,
                MSG_WAVELENGTH_AVOIDED,
                rule.reason,
                rule.source,
            )
        ]
    profile = _profile(s.indication, s.ink_colour)
    listed = sorted(profile.wavelengths_nm())
    if s.wavelength_nm in listed:
        return []
    reason = f"{profile.label}: listed wavelengths {listed or 'none (test spot first)'} nm."
    source = profile.wavelengths[0].source if profile.wavelengths else profile.test_spot.source
    return [
        Finding(Level.WARN, Code.WAVELENGTH_UNSUITABLE, MSG_WAVELENGTH, reason, source or ZHOU_2023)
    ]


def _check_handpiece(s: DeviceSettings) -> list[Finding]:
    if s.indication in DISCRETE_PIGMENT and s.handpiece is Handpiece.FRACTIONAL:
        message = MSG_FRACTIONAL_PIGMENT
    elif s.indication in TEXTURE_INDICATIONS and s.handpiece is Handpiece.FLAT_BEAM:
        message = MSG_FLAT_TEXTURE
    else:
        return []
    reason = (
        "Fractional optics make micro-injuries for texture; they do not clear discrete pigment."
    )
    return [Finding(Level.WARN, Code.HANDPIECE_UNSUITABLE, message, reason, ZHOU_2023)]


def _check_test_spot(s: DeviceSettings) -> list[Finding]:
    rule = _profile(s.indication, s.ink_colour).test_spot
    required = rule.required or s.test_spot is TestSpotStatus.REQUIRED_NOT_DONE
    if not required or s.test_spot is TestSpotStatus.DONE_READ_OK:
        return []
    reason = rule.reason if rule.required else "The clinic marked a test spot as required."
    source = rule.source or Source("Clinic policy", Evidence.CLINIC)
    return [Finding(Level.BLOCK, Code.TEST_SPOT_MISSING, MSG_TEST_SPOT, reason, source)]


def _check_eyes(s: DeviceSettings) -> list[Finding]:
    if not s.periocular or s.corneal_shields:
        return []
    reason = "400-1400 nm is the retinal-hazard region; retinal burns can be painless."
    return [Finding(Level.BLOCK, Code.PERIOCULAR_NO_SHIELDS, MSG_PERIOCULAR, reason, EYE_SAFETY)]


def _check_pulse(s: DeviceSettings) -> list[Finding]:
    low, high = PICOSECOND_PULSE_PS
    if low <= s.pulse_ps <= high:
        return []
    reason = (
        f"{s.pulse_ps:g} ps; the catalogue's fluences come from picosecond devices and do not "
        "apply to other pulse durations."
    )
    return [Finding(Level.WARN, Code.PULSE_NOT_PICOSECOND, MSG_PULSE, reason, PULSE_WINDOW)]


def _check_endpoint(s: DeviceSettings) -> list[Finding]:
    rule = ENDPOINT_RULES.get(s.indication)
    if rule is None or s.endpoint is None or s.endpoint not in rule.too_strong:
        return []
    reason = rule.reason.format(seen=s.endpoint.value.replace("_", " "))
    return [Finding(rule.severity, Code.ENDPOINT_TOO_STRONG, MSG_ENDPOINT, reason, rule.source)]


def _check_step_up(s: DeviceSettings) -> list[Finding]:
    last = s.previous_fluence_j_cm2
    if last is None or s.fluence_j_cm2 <= last * STEP_UP_FACTOR:
        return []
    reason = (
        f"{s.fluence_j_cm2:g} J/cm2 is {s.fluence_j_cm2 / last:.1f} times this area's last "
        f"{last:g} J/cm2 on the same beam; more than {STEP_UP_FACTOR:g} times needs a doctor. "
        "Start low and titrate up."
    )
    return [Finding(Level.BLOCK, Code.STEP_UP_TOO_LARGE, MSG_STEP_UP, reason, TITRATE)]


CHECKS = (
    _check_tan,
    _check_eyes,
    _check_test_spot,
    _check_532,
    _check_fluence,
    _check_spot,
    _check_wavelength,
    _check_handpiece,
    _check_pulse,
    _check_endpoint,
    _check_step_up,
)


def check_settings(settings: DeviceSettings) -> tuple[Finding, ...]:
    """All findings for a proposed setting, BLOCKs first, then WARNs, then INFO; empty means
    no finding.

    Invariants: each finding has a level, code, message, reason and source; a darker skin type
    never removes a fluence finding that a lighter one raises (the allowed fluence only falls);
    the highest level never falls as the fluence rises.
    """
    findings = [f for check in CHECKS for f in check(settings)]
    return tuple(sorted(findings, key=lambda f: -f.level.rank))


# What a plan already fixes: the beam and its planned fluence and spot. The tan, the eyes, the
# test spot, the pulse, the endpoint and the step-up are facts of the session day.
PLANNING_CHECKS = (_check_532, _check_wavelength, _check_handpiece)


def check_planned_settings(
    *,
    indication: Indication,
    fitzpatrick: Fitzpatrick,
    wavelength_nm: int,
    handpiece: Handpiece,
    fluence_j_cm2: float | None = None,
    spot_mm: float | None = None,
    ink_colour: InkColour | None = None,
) -> tuple[Finding, ...]:
    """The findings of ``check_settings`` that a planned setting can already raise, in its order.

    The same rules as on the session day (one place for them); fluence and spot are checked
    only when planned (None: not planned yet)."""
    checks = list(PLANNING_CHECKS)
    if fluence_j_cm2 is not None:
        checks.append(_check_fluence)
    if spot_mm is not None:
        checks.append(_check_spot)
    settings = DeviceSettings(
        wavelength_nm=wavelength_nm,
        handpiece=handpiece,
        # Stand-ins when not planned: the checks that would read them are not run.
        spot_mm=1.0 if spot_mm is None else spot_mm,
        fluence_j_cm2=1.0 if fluence_j_cm2 is None else fluence_j_cm2,
        pulse_ps=PULSE_LOW,
        indication=indication,
        fitzpatrick=fitzpatrick,
        tanned=False,
        test_spot=TestSpotStatus.NOT_REQUIRED,
        periocular=False,
        corneal_shields=False,
        ink_colour=ink_colour,
    )
    findings = [f for check in checks for f in check(settings)]
    return tuple(sorted(findings, key=lambda f: -f.level.rank))


def highest_level(findings: tuple[Finding, ...]) -> Level | None:
    """The most severe level among ``findings``, or None when there is none."""
    return max((f.level for f in findings), key=lambda level: level.rank, default=None)


def is_blocked(findings: tuple[Finding, ...]) -> bool:
    """True when any finding is a BLOCK."""
    return any(f.level is Level.BLOCK for f in findings)
