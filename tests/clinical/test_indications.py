"""The indication catalogue: every entry complete, sourced, ordered; UNVERIFIED values flagged."""

import pytest

from picoclinic.clinical.common import Evidence, Indication, Source
from picoclinic.clinical.indications import (
    CATALOGUE,
    DISCRETE_PIGMENT,
    TEXTURE_INDICATIONS,
    AcneScarType,
    Handpiece,
    InkColour,
    LaserLine,
    RejuvenationTarget,
    all_profiles,
    profile_for,
)
from picoclinic.clinical.indications_model import FluenceGuide, IntervalWindow, SessionRange

SRC = Source("test")


def test_every_indication_has_an_entry():
    assert set(CATALOGUE) == set(Indication)
    for indication, profile in CATALOGUE.items():
        assert profile.indication is indication


@pytest.mark.parametrize("profile", all_profiles(), ids=lambda p: p.key)
def test_entry_is_ordered_and_sourced(profile):
    s, w = profile.sessions, profile.interval
    assert 1 <= s.low <= s.typical <= s.high
    assert 1 <= w.min_days <= w.target_days <= w.max_days
    assert profile.expected
    assert profile.maintenance.text
    assert profile.relapse.text
    assert all(isinstance(src, Source) and src.citation for src in profile.sources)
    for guide in profile.fluences:
        assert guide.device_class, "fluences are device-specific"
        assert (guide.nm, guide.handpiece) in {(u.nm, u.handpiece) for u in profile.wavelengths}


def test_keys_are_unique():
    keys = [p.key for p in all_profiles()]
    assert len(keys) == len(set(keys)) == 10 + 5 + 3 + 3


@pytest.mark.parametrize("indication", [Indication.MELASMA, Indication.PIH])
def test_second_line_indications_list_first_line_alternatives(indication):
    profile = CATALOGUE[indication]
    assert profile.laser_line is LaserLine.SECOND
    assert profile.first_line_alternatives


def test_melasma_alternatives_name_kligman_and_tranexamic_acid():
    texts = " ".join(t.text for t in CATALOGUE[Indication.MELASMA].first_line_alternatives)
    assert "Kligman" in texts
    assert "tranexamic" in texts


def test_first_line_indications():
    second = {Indication.MELASMA, Indication.PIH}
    for indication in set(Indication) - second:
        assert CATALOGUE[indication].laser_line is LaserLine.FIRST


def test_published_session_ranges():
    expected = {
        Indication.SOLAR_LENTIGINES: (1, 1, 4),
        Indication.MELASMA: (3, 5, 10),
        Indication.NEVUS_OF_OTA: (2, 4, 6),
        Indication.HORI_NEVUS: (2, 3, 4),
        Indication.ACNE_SCARS: (2, 4, 6),
        Indication.REJUVENATION: (3, 4, 6),
        Indication.TATTOO: (4, 5, 7),
    }
    for indication, (low, typical, high) in expected.items():
        s = CATALOGUE[indication].sessions
        assert (s.low, s.typical, s.high) == (low, typical, high), indication


def test_published_intervals():
    assert CATALOGUE[Indication.SOLAR_LENTIGINES].interval.min_days == 28  # Negishi >= 4 weeks
    assert CATALOGUE[Indication.NEVUS_OF_OTA].interval.target_days == 84  # Ge 2020 12 weeks
    assert CATALOGUE[Indication.HORI_NEVUS].interval.max_days == 182  # Yu 2018 6 months
    tattoo = CATALOGUE[Indication.TATTOO].interval
    assert (tattoo.min_days, tattoo.target_days, tattoo.max_days) == (42, 56, 70)


def test_lentigo_fluences_carry_device_class_and_negishi():
    guides = CATALOGUE[Indication.SOLAR_LENTIGINES].fluences
    negishi = next(g for g in guides if "Negishi" in g.source.citation)
    assert (negishi.nm, negishi.fluence_low, negishi.fluence_high) == (532, 0.29, 0.41)
    assert "750 ps" in negishi.device_class


def test_only_lentigines_claim_single_session_evidence():
    claims = [p.key for p in all_profiles() if p.single_session_evidence is not None]
    assert claims == ["solar_lentigines"]


def test_test_spot_rules():
    required = {p.key for p in all_profiles() if p.test_spot.required}
    assert required == {"cafe_au_lait", "tattoo:red_orange", "tattoo:white_flesh_cosmetic"}
    assert (
        "darken"
        in profile_for(
            indication=Indication.TATTOO, ink_colour=InkColour.WHITE_FLESH_COSMETIC
        ).test_spot.reason
    )


def test_unverified_values_are_flagged():
    freckles = CATALOGUE[Indication.FRECKLES].sessions.source
    assert freckles.unverified
    assert freckles.evidence is Evidence.CONVENTION
    assert CATALOGUE[Indication.CAFE_AU_LAIT].sessions.source.unverified
    assert CATALOGUE[Indication.REJUVENATION].maintenance.source.unverified
    yellow = profile_for(indication=Indication.TATTOO, ink_colour=InkColour.YELLOW)
    assert yellow.sessions.source.unverified
    assert "UNVERIFIED" in str(yellow.sessions.source)
    assert CATALOGUE[Indication.FRECKLES].has_unverified


def test_ink_colour_wavelengths():
    def nms(colour):
        return profile_for(indication=Indication.TATTOO, ink_colour=colour).wavelengths_nm()

    assert 1064 in nms(InkColour.BLACK_DARK_BLUE)
    assert {730, 755, 785} <= nms(InkColour.BLUE_GREEN_PURPLE)
    assert nms(InkColour.RED_ORANGE) == {532}
    assert nms(InkColour.YELLOW) == {532}
    assert nms(InkColour.WHITE_FLESH_COSMETIC) == frozenset()


def test_scars_and_rejuvenation_use_fractional_handpieces_only():
    for indication in TEXTURE_INDICATIONS:
        assert {w.handpiece for w in CATALOGUE[indication].wavelengths} == {Handpiece.FRACTIONAL}
        assert not CATALOGUE[indication].is_pigment


def test_discrete_pigment_uses_flat_beam_only():
    for indication in DISCRETE_PIGMENT:
        assert {w.handpiece for w in CATALOGUE[indication].wavelengths} == {Handpiece.FLAT_BEAM}


def test_variants_resolve_and_ignore_foreign_arguments():
    icepick = profile_for(indication=Indication.ACNE_SCARS, acne_scar_type=AcneScarType.ICEPICK)
    assert icepick.key == "acne_scars:icepick"
    assert "UNVERIFIED" in icepick.expected[-1].text
    lines = profile_for(
        indication=Indication.REJUVENATION, rejuvenation_target=RejuvenationTarget.FINE_LINES
    )
    assert "5.48" in lines.expected[0].text
    assert profile_for(indication=Indication.MELASMA, ink_colour=InkColour.YELLOW).key == "melasma"


@pytest.mark.parametrize(
    "build",
    [
        lambda: SessionRange(low=0, typical=1, high=2, source=SRC),
        lambda: SessionRange(low=3, typical=2, high=4, source=SRC),
        lambda: IntervalWindow(min_days=30, target_days=28, max_days=40, source=SRC),
        lambda: FluenceGuide(
            nm=532,
            handpiece=Handpiece.FLAT_BEAM,
            device_class="x",
            fluence_low=1.0,
            fluence_high=0.5,
            spot_mm_low=None,
            spot_mm_high=None,
            note="",
            source=SRC,
        ),
    ],
)
def test_tables_refuse_out_of_order_values(build):
    with pytest.raises(ValueError, match="out of order"):
        build()
