"""Setting safety checks: every rule, and darker skin never raises the allowed fluence."""

import dataclasses
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from picoclinic.clinical.common import ClinicalInputError, Fitzpatrick, Indication
from picoclinic.clinical.indications import Handpiece, InkColour
from picoclinic.clinical.settings_check import (
    ERR_POSITIVE,
    MSG_532_DARK_BLOCK,
    MSG_FLAT_TEXTURE,
    MSG_FRACTIONAL_PIGMENT,
    Code,
    DeviceSettings,
    Level,
    TestSpotStatus,
    allowed_fluence,
    check_settings,
    is_blocked,
)

FLAT, FRAC = Handpiece.FLAT_BEAM, Handpiece.FRACTIONAL

# Negishi 2018 lentigo setting: 532 nm, 0.35 J/cm2, 3 mm, 750 ps, FST III.
SAFE = DeviceSettings(
    wavelength_nm=532,
    handpiece=FLAT,
    spot_mm=3.0,
    fluence_j_cm2=0.35,
    pulse_ps=750,
    indication=Indication.SOLAR_LENTIGINES,
    fitzpatrick=Fitzpatrick.III,
    tanned=False,
    test_spot=TestSpotStatus.NOT_REQUIRED,
    periocular=False,
    corneal_shields=False,
)


def codes(settings, level=None):
    return {f.code for f in check_settings(settings) if level is None or f.level is level}


def test_published_setting_has_no_findings():
    assert check_settings(SAFE) == ()
    assert not is_blocked(check_settings(SAFE))


def test_findings_carry_reason_and_source_and_blocks_come_first():
    findings = check_settings(dataclasses.replace(SAFE, tanned=True, pulse_ps=5000))
    assert [f.level for f in findings] == [Level.BLOCK, Level.WARN]
    assert all(f.message and f.reason and f.source.citation for f in findings)


def test_532_on_type_iv_warns_and_v_vi_block_unless_overridden():
    iv = dataclasses.replace(SAFE, fitzpatrick=Fitzpatrick.IV)
    assert Code.WAVELENGTH_532_DARK_SKIN in codes(iv, Level.WARN)
    for fst in (Fitzpatrick.V, Fitzpatrick.VI):
        dark = dataclasses.replace(SAFE, fitzpatrick=fst)
        assert Code.WAVELENGTH_532_DARK_SKIN in codes(dark, Level.BLOCK)
        assert MSG_532_DARK_BLOCK in {f.message for f in check_settings(dark)}
        overridden = dataclasses.replace(dark, override_532_dark_skin=True)
        assert Code.WAVELENGTH_532_DARK_SKIN in codes(overridden, Level.WARN)
        assert Code.WAVELENGTH_532_DARK_SKIN not in codes(overridden, Level.BLOCK)


def test_tanned_skin_blocks():
    assert Code.TANNED_SKIN in codes(dataclasses.replace(SAFE, tanned=True), Level.BLOCK)


def test_fluence_above_range_warns_and_far_above_blocks():
    above = dataclasses.replace(SAFE, fluence_j_cm2=0.7)  # published top 0.6
    far = dataclasses.replace(SAFE, fluence_j_cm2=1.0)  # > 1.5 x 0.6
    assert Code.FLUENCE_ABOVE_RANGE in codes(above, Level.WARN)
    assert Code.FLUENCE_FAR_ABOVE_RANGE in codes(far, Level.BLOCK)
    reason = next(f.reason for f in check_settings(above))
    assert "not transferable" in reason
    assert "750 ps" in reason


def test_darker_skin_starts_lower_in_published_range():
    iv = dataclasses.replace(SAFE, fitzpatrick=Fitzpatrick.IV, fluence_j_cm2=0.5)
    assert Code.FLUENCE_ABOVE_RANGE in codes(iv, Level.WARN)
    assert Code.FLUENCE_ABOVE_RANGE not in codes(
        dataclasses.replace(iv, fitzpatrick=Fitzpatrick.III)
    )


def test_unpublished_fluence_is_quiet_information():
    melasma = dataclasses.replace(SAFE, indication=Indication.MELASMA, wavelength_nm=1064)
    assert codes(melasma, Level.INFO) == {Code.FLUENCE_UNPUBLISHED}
    assert codes(melasma, Level.WARN) == set()


def test_spot_outside_published_range_warns():
    assert Code.SPOT_OUTSIDE_RANGE in codes(dataclasses.replace(SAFE, spot_mm=10.0), Level.WARN)


def test_wavelength_not_suitable_warns():
    ota = dataclasses.replace(
        SAFE, indication=Indication.NEVUS_OF_OTA, fluence_j_cm2=2.0, spot_mm=3.0
    )
    assert Code.WAVELENGTH_UNSUITABLE in codes(ota, Level.WARN)
    red_at_785 = dataclasses.replace(
        SAFE,
        indication=Indication.TATTOO,
        ink_colour=InkColour.RED_ORANGE,
        wavelength_nm=785,
        test_spot=TestSpotStatus.DONE_READ_OK,
    )
    assert Code.WAVELENGTH_UNSUITABLE in codes(red_at_785, Level.WARN)


def test_handpiece_rules():
    pigment = dataclasses.replace(SAFE, handpiece=FRAC)
    assert MSG_FRACTIONAL_PIGMENT in {f.message for f in check_settings(pigment)}
    scars = dataclasses.replace(SAFE, indication=Indication.ACNE_SCARS, wavelength_nm=755)
    assert MSG_FLAT_TEXTURE in {f.message for f in check_settings(scars)}
    melasma_dla = dataclasses.replace(
        SAFE,
        indication=Indication.MELASMA,
        wavelength_nm=755,
        handpiece=FRAC,
        fluence_j_cm2=0.4,
        spot_mm=8.0,
    )
    assert check_settings(melasma_dla) == ()


@pytest.mark.parametrize(
    ("indication", "ink"),
    [
        (Indication.CAFE_AU_LAIT, None),
        (Indication.TATTOO, InkColour.RED_ORANGE),
        (Indication.TATTOO, InkColour.WHITE_FLESH_COSMETIC),
    ],
)
def test_missing_required_test_spot_blocks(indication, ink):
    base = dataclasses.replace(SAFE, indication=indication, ink_colour=ink)
    for status in (TestSpotStatus.NOT_REQUIRED, TestSpotStatus.REQUIRED_NOT_DONE):
        assert Code.TEST_SPOT_MISSING in codes(
            dataclasses.replace(base, test_spot=status), Level.BLOCK
        )
    done = dataclasses.replace(base, test_spot=TestSpotStatus.DONE_READ_OK)
    assert Code.TEST_SPOT_MISSING not in codes(done)


def test_clinic_marked_test_spot_blocks_until_done():
    marked = dataclasses.replace(SAFE, test_spot=TestSpotStatus.REQUIRED_NOT_DONE)
    assert Code.TEST_SPOT_MISSING in codes(marked, Level.BLOCK)


def test_periocular_without_shields_blocks():
    eyes = dataclasses.replace(SAFE, periocular=True)
    assert Code.PERIOCULAR_NO_SHIELDS in codes(eyes, Level.BLOCK)
    assert check_settings(dataclasses.replace(eyes, corneal_shields=True)) == ()


def test_pulse_outside_picosecond_range_warns():
    assert Code.PULSE_NOT_PICOSECOND in codes(
        dataclasses.replace(SAFE, pulse_ps=10_000), Level.WARN
    )
    # A published sub-300 ps device (the 730 nm handpiece at 250 ps) is picosecond.
    assert codes(dataclasses.replace(SAFE, pulse_ps=250)) == set()
    assert Code.PULSE_NOT_PICOSECOND in codes(dataclasses.replace(SAFE, pulse_ps=200))
    assert Code.PULSE_NOT_PICOSECOND in codes(dataclasses.replace(SAFE, pulse_ps=1200))


@pytest.mark.parametrize("field", ["spot_mm", "fluence_j_cm2", "pulse_ps", "wavelength_nm"])
@pytest.mark.parametrize("value", [0, -1, float("nan"), float("inf")])
def test_settings_validation(field, value):
    with pytest.raises(ClinicalInputError, match=ERR_POSITIVE) as error:
        dataclasses.replace(SAFE, **{field: value})
    assert error.value.field == field


@given(
    indication=st.sampled_from(Indication),
    nm=st.sampled_from([532, 730, 755, 785, 1064]),
    handpiece=st.sampled_from(Handpiece),
    ink=st.none() | st.sampled_from(InkColour),
)
def test_darker_skin_never_raises_allowed_fluence(indication, nm, handpiece, ink):
    limits = [
        allowed_fluence(
            indication=indication,
            wavelength_nm=nm,
            handpiece=handpiece,
            fitzpatrick=f,
            ink_colour=ink,
        )
        for f in Fitzpatrick
    ]
    if limits[0] is None:
        assert all(limit is None for limit in limits)
        return
    for lighter, darker in itertools.pairwise(limits):
        assert darker.allowed <= lighter.allowed
        assert darker.published_low <= darker.allowed <= darker.published_high


@given(fluence=st.floats(0.01, 20), fst=st.sampled_from(Fitzpatrick))
def test_darker_skin_never_loses_a_fluence_finding(fluence, fst):
    base = dataclasses.replace(SAFE, fluence_j_cm2=fluence, fitzpatrick=fst)
    fluence_codes = {Code.FLUENCE_ABOVE_RANGE, Code.FLUENCE_FAR_ABOVE_RANGE}
    if codes(base) & fluence_codes and fst < Fitzpatrick.VI:
        darker = dataclasses.replace(base, fitzpatrick=Fitzpatrick(fst + 1))
        assert codes(darker) & fluence_codes
