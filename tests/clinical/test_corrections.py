"""Corrections from the clinical review (issue #14): each range or wording says what its source
says, and no clinic or marketing page stands where a paper exists."""

from __future__ import annotations

import pytest

from picoclinic.clinical.common import BodySite, Evidence, Fitzpatrick, Indication, Severity
from picoclinic.clinical.estimate import Concern, estimate_sessions
from picoclinic.clinical.indications import CATALOGUE, InkColour, RejuvenationTarget, profile_for
from picoclinic.clinical.indications_tattoo import INK_PROFILES
from picoclinic.clinical.kirby_desai import (
    COLOUR_POINTS,
    INK_POINTS,
    LAYERING_POINTS,
    LOCATION_POINTS,
    SCARRING_POINTS,
)
from picoclinic.clinical.screening_catalogue import rule_catalogue
from picoclinic.clinical.settings_rules import PICOSECOND_PULSE_PS

MARKETING = ("somalaser", "biologyinsights", "drdavinlim")


def test_yellow_ink_is_not_quoted_at_a_wavelength_not_used_for_yellow():
    yellow = INK_PROFILES[InkColour.YELLOW]
    text = " ".join(t.text for t in yellow.expected)
    assert "785" not in text
    assert "532 nm" in text
    assert {w.nm for w in yellow.wavelengths} == {532}


def test_a_fixed_four_session_protocol_is_not_read_as_took_four():
    dark = estimate_sessions(
        Concern(
            indication=Indication.SOLAR_LENTIGINES,
            fitzpatrick=Fitzpatrick.V,
            severity=Severity.MILD,
            body_site=BodySite.FACE,
            area_cm2=1,
        )
    )
    assert "took 4" not in dark.one_session_answer
    assert "fixed protocol of four treatments" in dark.one_session_answer


def test_the_pores_entry_does_not_quote_wrinkle_results():
    pores = profile_for(
        indication=Indication.REJUVENATION, rejuvenation_target=RejuvenationTarget.PORES
    )
    assert "rinkle" not in pores.relapse.text
    assert "ores" in pores.relapse.text
    lines = profile_for(
        indication=Indication.REJUVENATION, rejuvenation_target=RejuvenationTarget.FINE_LINES
    )
    assert "Wrinkle" in lines.relapse.text


def test_kirby_desai_categories_cite_the_paper():
    tables = (LOCATION_POINTS, COLOUR_POINTS, INK_POINTS, SCARRING_POINTS, LAYERING_POINTS)
    for table in tables:
        for points in table.values():
            assert points.source.citation.startswith("Kirby W")
            assert "PMC2923953" in points.source.citation
            assert points.source.evidence is not Evidence.CLINIC


def test_the_picosecond_window_includes_published_sub_300_ps_devices():
    low, high = PICOSECOND_PULSE_PS
    assert low <= 250 < 300
    assert high >= 900


@pytest.mark.parametrize("word", MARKETING)
def test_no_marketing_page_where_a_paper_exists(word):
    citations = [s.citation for spec in rule_catalogue() for s in spec.sources]
    for profile in CATALOGUE.values():
        citations += [s.citation for s in profile.sources]
    assert not any(word in c for c in citations)


def test_melasma_interval_bound_comes_from_a_trial():
    window = CATALOGUE[Indication.MELASMA].interval
    assert window.max_source is not None
    assert window.max_source.evidence is Evidence.PEER_REVIEWED
    assert "Kung" in window.max_source.citation
