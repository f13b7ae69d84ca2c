"""Setting checks for every indication (issue #14): wavelength, fluence for the indication and
skin type, the clinical endpoint, the pulse window and the step up from the area's last session,
each finding with a level set by its clinical weight."""

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from picoclinic.clinical.common import Fitzpatrick, Indication
from picoclinic.clinical.indications import Handpiece, InkColour, all_profiles
from picoclinic.clinical.settings_check import (
    Code,
    DeviceSettings,
    Endpoint,
    Level,
    TestSpotStatus,
    check_settings,
    highest_level,
    is_blocked,
)
from picoclinic.clinical.settings_rules import (
    AVOIDED_WAVELENGTHS,
    ENDPOINT_RULES,
    PULSE_WINDOW,
    STEP_UP_FACTOR,
    TITRATE,
)

FLAT, FRAC = Handpiece.FLAT_BEAM, Handpiece.FRACTIONAL

# The case from the chair: 532 nm, 4.5 J/cm2, frosting, skin type III melasma, the same area's
# last session at 0.7 J/cm2.
MELASMA_CASE = DeviceSettings(
    wavelength_nm=532,
    handpiece=FLAT,
    spot_mm=4.0,
    fluence_j_cm2=4.5,
    pulse_ps=750,
    indication=Indication.MELASMA,
    fitzpatrick=Fitzpatrick.III,
    tanned=False,
    test_spot=TestSpotStatus.NOT_REQUIRED,
    periocular=False,
    corneal_shields=False,
    endpoint=Endpoint.WHITENING,
    previous_fluence_j_cm2=0.7,
)
# Routine melasma toning on the published ps755 focus-array setting (Xia 2017).
MELASMA_ROUTINE = dataclasses.replace(
    MELASMA_CASE,
    wavelength_nm=755,
    handpiece=FRAC,
    spot_mm=8.0,
    fluence_j_cm2=0.4,
    pulse_ps=550,
    endpoint=Endpoint.MILD_ERYTHEMA,
    previous_fluence_j_cm2=0.4,
)


def by_code(settings):
    return {f.code: f for f in check_settings(settings)}


def test_the_melasma_case_is_blocked_for_a_doctor_with_clear_reasons():
    findings = check_settings(MELASMA_CASE)
    assert is_blocked(findings)
    found = by_code(MELASMA_CASE)
    blocks = {c for c, f in found.items() if f.level is Level.BLOCK}
    assert blocks == {Code.WAVELENGTH_AVOIDED, Code.ENDPOINT_TOO_STRONG, Code.STEP_UP_TOO_LARGE}
    assert "532 nm" in found[Code.WAVELENGTH_AVOIDED].reason
    assert "whitening" in found[Code.ENDPOINT_TOO_STRONG].reason
    assert "6.4 times" in found[Code.STEP_UP_TOO_LARGE].reason
    assert "0.7 J/cm2" in found[Code.STEP_UP_TOO_LARGE].reason
    # 4.5 J/cm2 is far above the only published melasma setting (0.4 J/cm2, Xia 2017).
    assert found[Code.FLUENCE_ABOVE_INDICATION].level is Level.WARN
    assert "0.4 J/cm2" in found[Code.FLUENCE_ABOVE_INDICATION].reason
    # Blocks first, then warnings, then information.
    ranks = [f.level.rank for f in findings]
    assert ranks == sorted(ranks, reverse=True)
    assert all(f.source.citation for f in findings)


def test_routine_melasma_toning_raises_nothing():
    assert check_settings(MELASMA_ROUTINE) == ()


def test_each_reason_of_the_case_blocks_on_its_own():
    assert is_blocked(check_settings(dataclasses.replace(MELASMA_ROUTINE, wavelength_nm=532)))
    frosting = dataclasses.replace(MELASMA_ROUTINE, endpoint=Endpoint.WHITENING)
    assert by_code(frosting)[Code.ENDPOINT_TOO_STRONG].level is Level.BLOCK
    jump = dataclasses.replace(MELASMA_ROUTINE, previous_fluence_j_cm2=0.2)
    assert by_code(jump)[Code.STEP_UP_TOO_LARGE].level is Level.BLOCK


def test_step_up_up_to_the_stated_factor_is_routine_titration():
    at_factor = dataclasses.replace(MELASMA_ROUTINE, previous_fluence_j_cm2=0.4 / STEP_UP_FACTOR)
    assert Code.STEP_UP_TOO_LARGE not in by_code(at_factor)
    first_time = dataclasses.replace(MELASMA_ROUTINE, previous_fluence_j_cm2=None)
    assert check_settings(first_time) == ()
    step = by_code(dataclasses.replace(MELASMA_ROUTINE, previous_fluence_j_cm2=0.25))
    assert step[Code.STEP_UP_TOO_LARGE].source is TITRATE
    assert TITRATE.unverified  # the factor is a house rule


def test_532_is_blocked_for_pih_too():
    pih = dataclasses.replace(MELASMA_ROUTINE, indication=Indication.PIH, wavelength_nm=532)
    assert by_code(pih)[Code.WAVELENGTH_AVOIDED].level is Level.BLOCK


@pytest.mark.parametrize(
    ("indication", "endpoint", "level"),
    [
        (Indication.MELASMA, Endpoint.WHITENING, Level.BLOCK),
        (Indication.MELASMA, Endpoint.GREYING, Level.BLOCK),
        (Indication.PIH, Endpoint.WHITENING, Level.BLOCK),
        (Indication.REJUVENATION, Endpoint.WHITENING, Level.WARN),
        (Indication.ACNE_SCARS, Endpoint.GREYING, Level.WARN),
        (Indication.MELASMA, Endpoint.MILD_ERYTHEMA, None),
        (Indication.MELASMA, Endpoint.NONE, None),
        (Indication.REJUVENATION, Endpoint.PINPOINT_BLEEDING, None),
        (Indication.SOLAR_LENTIGINES, Endpoint.WHITENING, None),
        (Indication.TATTOO, Endpoint.WHITENING, None),
    ],
)
def test_endpoint_against_the_indications_endpoint(indication, endpoint, level):
    settings = dataclasses.replace(MELASMA_ROUTINE, indication=indication, endpoint=endpoint)
    found = by_code(settings).get(Code.ENDPOINT_TOO_STRONG)
    assert (found.level if found else None) is level


def test_information_is_not_a_warning():
    freckles = dataclasses.replace(
        MELASMA_ROUTINE, indication=Indication.FRECKLES, wavelength_nm=1064, handpiece=FLAT
    )
    findings = check_settings(freckles)
    assert [f.level for f in findings] == [Level.INFO]
    assert highest_level(findings) is Level.INFO
    assert not is_blocked(findings)


def _mid(guide):
    return (guide.fluence_low + guide.fluence_high) / 2


def _routine(profile, guide):
    rule = ENDPOINT_RULES.get(profile.indication)
    spot = guide.spot_mm_low if guide.spot_mm_low is not None else 4.0
    ink = (
        InkColour(profile.variant)
        if profile.indication is Indication.TATTOO and profile.variant
        else None
    )
    return DeviceSettings(
        wavelength_nm=guide.nm,
        handpiece=guide.handpiece,
        spot_mm=spot,
        fluence_j_cm2=_mid(guide),
        pulse_ps=750,
        indication=profile.indication,
        fitzpatrick=Fitzpatrick.III,
        tanned=False,
        test_spot=TestSpotStatus.DONE_READ_OK,
        periocular=False,
        corneal_shields=False,
        ink_colour=ink,
        endpoint=min(rule.expected) if rule else Endpoint.WHITENING,
        previous_fluence_j_cm2=_mid(guide),
    )


ROUTINE = [
    pytest.param(
        profile, guide, id=f"{profile.key}-{guide.nm}-{guide.handpiece}-{guide.fluence_low}"
    )
    for profile in all_profiles()
    for guide in profile.fluences
]


@pytest.mark.parametrize(("profile", "guide"), ROUTINE)
def test_routine_settings_inside_the_published_range_raise_nothing(profile, guide):
    assert check_settings(_routine(profile, guide)) == ()


def test_every_indication_with_a_published_fluence_is_covered():
    covered = {p.indication for p, _ in (param.values for param in ROUTINE)}
    assert {Indication.SOLAR_LENTIGINES, Indication.MELASMA, Indication.NEVUS_OF_OTA} <= covered
    assert {Indication.TATTOO, Indication.ACNE_SCARS, Indication.REJUVENATION} <= covered


def test_rules_carry_their_sources():
    for rule in ENDPOINT_RULES.values():
        assert rule.source.citation
        assert rule.expected.isdisjoint(rule.too_strong)
    for rules in AVOIDED_WAVELENGTHS.values():
        assert all(rule.source.citation for rule in rules)
    assert PULSE_WINDOW.citation


# Property tests over every catalogue entry (ink colours included).
PROFILES = st.sampled_from(all_profiles())
SETTINGS = st.fixed_dictionaries(
    {
        "wavelength_nm": st.sampled_from([532, 730, 755, 785, 1064]),
        "handpiece": st.sampled_from(Handpiece),
        "spot_mm": st.floats(1, 10),
        "fluence_j_cm2": st.floats(0.05, 12),
        "pulse_ps": st.floats(100, 20_000),
        "fitzpatrick": st.sampled_from(Fitzpatrick),
        "tanned": st.booleans(),
        "test_spot": st.sampled_from(TestSpotStatus),
        "periocular": st.booleans(),
        "corneal_shields": st.booleans(),
        "endpoint": st.none() | st.sampled_from(Endpoint),
        "previous_fluence_j_cm2": st.none() | st.floats(0.05, 12),
    }
)


def _build(profile, values):
    ink = (
        InkColour(profile.variant)
        if profile.indication is Indication.TATTOO and profile.variant
        else None
    )
    return DeviceSettings(indication=profile.indication, ink_colour=ink, **values)


def _rank(settings):
    level = highest_level(check_settings(settings))
    return -1 if level is None else level.rank


def _blocks(settings):
    return {f.code for f in check_settings(settings) if f.level is Level.BLOCK}


@given(profile=PROFILES, values=SETTINGS, factor=st.floats(1.0, 10.0))
def test_severity_never_drops_as_fluence_rises(profile, values, factor):
    lower = _build(profile, values)
    higher = dataclasses.replace(lower, fluence_j_cm2=lower.fluence_j_cm2 * factor)
    assert _rank(lower) <= _rank(higher)
    assert _blocks(lower) <= _blocks(higher)


SAFER = {
    "lower fluence": lambda s: {"fluence_j_cm2": s.fluence_j_cm2 / 2},
    "lighter skin": lambda s: {"fitzpatrick": Fitzpatrick(max(1, s.fitzpatrick - 1))},
    "not tanned": lambda s: {"tanned": False},
    "shields": lambda s: {"corneal_shields": True},
    "smaller step": lambda s: {
        "previous_fluence_j_cm2": s.fluence_j_cm2 if s.previous_fluence_j_cm2 else None
    },
    "test spot read": lambda s: {"test_spot": TestSpotStatus.DONE_READ_OK},
}


@given(profile=PROFILES, values=SETTINGS, change=st.sampled_from(sorted(SAFER)))
def test_a_safer_setting_never_raises_a_more_severe_finding(profile, values, change):
    riskier = _build(profile, values)
    safer = dataclasses.replace(riskier, **SAFER[change](riskier))
    assert _rank(safer) <= _rank(riskier)
    assert _blocks(safer) <= _blocks(riskier)
