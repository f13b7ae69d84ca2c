"""A planned setting is checked by the same rules as the session day, less the day's facts."""

import dataclasses

from picoclinic.clinical.common import Fitzpatrick, Indication
from picoclinic.clinical.indications import Handpiece
from picoclinic.clinical.settings_check import (
    MSG_WAVELENGTH_AVOIDED,
    Code,
    Level,
    check_planned_settings,
    check_settings,
)
from tests.clinical.test_settings_check import SAFE


def _planned(**changes):
    base = {
        "indication": SAFE.indication,
        "fitzpatrick": SAFE.fitzpatrick,
        "wavelength_nm": SAFE.wavelength_nm,
        "handpiece": SAFE.handpiece,
        "fluence_j_cm2": SAFE.fluence_j_cm2,
        "spot_mm": SAFE.spot_mm,
    }
    return check_planned_settings(**(base | changes))


def test_532_nm_on_melasma_is_a_wavelength_to_avoid_not_merely_unlisted():
    findings = _planned(indication=Indication.MELASMA, fluence_j_cm2=None, spot_mm=None)
    avoided = [f for f in findings if f.code is Code.WAVELENGTH_AVOIDED]
    assert [f.message for f in avoided] == [MSG_WAVELENGTH_AVOIDED]
    assert Code.WAVELENGTH_UNSUITABLE not in {f.code for f in findings}


def test_the_same_findings_as_the_session_day_for_what_a_plan_fixes():
    day = dataclasses.replace(SAFE, fitzpatrick=Fitzpatrick.V, fluence_j_cm2=3.0, spot_mm=9.0)
    planned = _planned(fitzpatrick=Fitzpatrick.V, fluence_j_cm2=3.0, spot_mm=9.0)
    assert planned == check_settings(day)
    assert {f.code for f in planned} >= {Code.WAVELENGTH_532_DARK_SKIN, Code.SPOT_OUTSIDE_RANGE}
    assert planned[0].level is Level.BLOCK  # blocks first, as check_settings orders them


def test_fluence_and_spot_not_yet_planned_are_not_checked():
    findings = _planned(fluence_j_cm2=None, spot_mm=None, handpiece=Handpiece.FRACTIONAL)
    assert {f.code for f in findings} == {Code.HANDPIECE_UNSUITABLE}


def test_the_session_days_facts_raise_nothing_at_planning():
    # Cafe-au-lait macules need a test spot on the day (a BLOCK until it is read); a plan cannot
    # have done it yet, nor know the tan, the eyes or the pulse.
    day = dataclasses.replace(SAFE, indication=Indication.CAFE_AU_LAIT, wavelength_nm=755)
    assert Code.TEST_SPOT_MISSING in {f.code for f in check_settings(day)}
    findings = _planned(indication=Indication.CAFE_AU_LAIT, wavelength_nm=755)
    assert Code.TEST_SPOT_MISSING not in {f.code for f in findings}
