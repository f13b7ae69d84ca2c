"""Aftercare plans: tailoring, calendar dates, invariants and the text rendering."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from picoclinic.clinical.aftercare import (
    ERR_INK_WITHOUT_TATTOO,
    ERR_PERIOCULAR_SITE,
    TEXT_CONVENTION_NOTE,
    AftercarePlan,
    ItemKind,
    Topic,
    aftercare_plan,
    to_text,
)
from picoclinic.clinical.common import (
    BodySite,
    ClinicalInputError,
    Evidence,
    Fitzpatrick,
    Indication,
)

TREATED = date(2025, 11, 9)


def plan(**changes: object) -> AftercarePlan:
    arguments = {
        "indication": Indication.SOLAR_LENTIGINES,
        "body_site": BodySite.FACE,
        "fitzpatrick": Fitzpatrick.II,
        "treated_on": TREATED,
        "fractional": False,
        "periocular": False,
    }
    arguments.update(changes)
    return aftercare_plan(**arguments)


def topics(items) -> set[Topic]:
    return {item.topic for item in items}


def texts(plan_: AftercarePlan) -> str:
    return " ".join(item.text for item in plan_.items)


def test_lentigines_darken_and_crust_until_day_14():
    result = plan()

    crusts = [item for item in result.timeline if item.topic is Topic.CRUSTS]
    assert len(crusts) == 1
    assert crusts[0].until == date(2025, 11, 23)
    assert "5-14" in crusts[0].text


def test_tattoo_has_blisters_dressing_and_long_healing():
    result = plan(indication=Indication.TATTOO, body_site=BodySite.FOREARM)

    normal = {item.topic: item for item in result.of_kind(ItemKind.NORMAL)}
    assert normal[Topic.BLISTERS].until == date(2025, 11, 23)
    assert normal[Topic.HEALING].until == date(2026, 1, 4)
    assert Topic.FROSTING in normal
    dressing = [item for item in result.of_kind(ItemKind.DO) if item.topic is Topic.DRESSING]
    assert dressing[0].until == date(2025, 11, 12)
    assert result.avoid_until(Topic.HEAT) == date(2025, 11, 23)
    assert result.avoid_until(Topic.MAKEUP) == date(2025, 11, 16)
    assert "Blisters on the treated skin." not in texts(result)  # expected after tattoo work


def test_melasma_gets_lifelong_spf_topicals_and_short_redness():
    result = plan(indication=Indication.MELASMA)

    sun = next(item for item in result.of_kind(ItemKind.DO) if item.topic is Topic.SUN)
    assert sun.ongoing
    assert "for life" in sun.text
    assert any(source.unverified for source in sun.sources)  # tinted sunscreen advice
    assert Topic.TOPICALS in topics(result.of_kind(ItemKind.DO))
    redness = next(item for item in result.timeline if item.topic is Topic.REDNESS)
    assert redness.until == TREATED


def test_fractional_adds_pinpoint_bleeding_and_short_redness():
    result = plan(indication=Indication.ACNE_SCARS, fractional=True)

    normal = {item.topic: item for item in result.timeline}
    assert normal[Topic.BLEEDING].until == date(2025, 11, 14)
    assert normal[Topic.REDNESS].until == date(2025, 11, 11)
    assert Topic.BLEEDING not in topics(plan().timeline)


def test_periocular_adds_the_visual_symptom_red_flag():
    with_eye = plan(periocular=True)

    assert any("vision" in item.text for item in with_eye.red_flags)
    assert not any("vision" in item.text for item in plan().red_flags)


def test_cosmetic_tattoo_adds_paradoxical_darkening_red_flag():
    cosmetic = plan(indication=Indication.TATTOO, tattoo_ink_cosmetic=True)
    ordinary = plan(indication=Indication.TATTOO)

    assert any("paradoxical darkening" in item.text for item in cosmetic.red_flags)
    assert not any("paradoxical" in item.text for item in ordinary.red_flags)


def test_darker_skin_gets_stricter_sun_rules_and_a_pih_watch():
    light = plan(indication=Indication.ACNE_SCARS, fitzpatrick=Fitzpatrick.II)
    dark = plan(indication=Indication.ACNE_SCARS, fitzpatrick=Fitzpatrick.V)

    assert light.avoid_until(Topic.SUN) == date(2025, 11, 16)
    assert dark.avoid_until(Topic.SUN) == date(2025, 11, 23)
    light_spf = next(item for item in light.of_kind(ItemKind.DO) if item.topic is Topic.SUN)
    dark_spf = next(item for item in dark.of_kind(ItemKind.DO) if item.topic is Topic.SUN)
    assert light_spf.until == date(2025, 12, 21)  # 6 weeks
    assert dark_spf.until == date(2026, 2, 9)  # 3 months
    assert "SPF 50" in dark_spf.text
    assert Topic.PIGMENT in topics(dark.timeline)
    assert Topic.PIGMENT not in topics(light.timeline)


def test_makeup_only_on_face_or_neck_unless_tattoo():
    assert plan().avoid_until(Topic.MAKEUP) == date(2025, 11, 10)
    assert plan(body_site=BodySite.BACK).avoid_until(Topic.MAKEUP) is None


def test_three_month_spf_clamps_at_month_end():
    result = plan(
        indication=Indication.ACNE_SCARS, fitzpatrick=Fitzpatrick.IV, treated_on=date(2025, 11, 30)
    )

    spf = next(item for item in result.of_kind(ItemKind.DO) if item.topic is Topic.SUN)
    assert spf.until == date(2026, 2, 28)


def test_most_items_are_labelled_clinic_convention_and_red_flags_all_are():
    result = plan()

    assert all(item.clinic_convention for item in result.red_flags)
    avoid = result.of_kind(ItemKind.AVOID)
    assert all(source.evidence is Evidence.CLINIC for item in avoid for source in item.sources)
    crusts = next(item for item in result.timeline if item.topic is Topic.CRUSTS)
    assert not crusts.clinic_convention  # backed by a trial as well


@pytest.mark.parametrize(
    ("changes", "message", "field"),
    [
        ({"tattoo_ink_cosmetic": True}, ERR_INK_WITHOUT_TATTOO, "tattoo_ink_cosmetic"),
        ({"periocular": True, "body_site": BodySite.NECK}, ERR_PERIOCULAR_SITE, "periocular"),
    ],
)
def test_inconsistent_inputs_are_rejected(changes, message, field):
    with pytest.raises(ClinicalInputError) as caught:
        plan(**changes)

    assert caught.value.message == message
    assert caught.value.field == field


def test_to_text_has_sections_dates_and_the_convention_note():
    text = to_text(plan(indication=Indication.TATTOO, tattoo_ink_cosmetic=True))

    assert text.startswith("Aftercare for your laser treatment on 9 Nov 2025 (face).")
    for heading in ("What is normal:", "What to do:", "What to avoid:", "Call the clinic if"):
        assert heading in text
    assert "(until 23 Nov)" in text
    assert "(until 4 Jan 2026)" in text
    assert "(on the day of treatment)" in text
    assert "(ongoing)" in text
    assert text.rstrip().endswith(TEXT_CONVENTION_NOTE)


def test_to_text_is_plain_and_deterministic():
    result = plan()

    assert to_text(result) == to_text(result)
    assert to_text(result).isascii()


# --- properties -------------------------------------------------------------------------------

cases = st.fixed_dictionaries(
    {
        "indication": st.sampled_from(Indication),
        "body_site": st.sampled_from(BodySite),
        "treated_on": st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
        "fractional": st.booleans(),
    }
)


def _valid(case: dict, *, periocular: bool, ink: bool) -> dict:
    case = dict(case)
    case["periocular"] = periocular and case["body_site"] is BodySite.FACE
    case["tattoo_ink_cosmetic"] = ink and case["indication"] is Indication.TATTOO
    return case


@settings(max_examples=200, deadline=None)
@given(case=cases, skin=st.sampled_from(Fitzpatrick), periocular=st.booleans(), ink=st.booleans())
def test_no_date_is_before_the_treatment(case, skin, periocular, ink):
    result = aftercare_plan(fitzpatrick=skin, **_valid(case, periocular=periocular, ink=ink))

    for item in result.items:
        assert item.starts_on >= result.treated_on
        assert item.until is None or item.until >= item.starts_on
        assert item.sources


def _sun_ends(result: AftercarePlan) -> list[date]:
    return sorted(
        item.until or date.max
        for item in result.items
        if item.topic is Topic.SUN and item.kind in {ItemKind.DO, ItemKind.AVOID}
    )


@settings(max_examples=200, deadline=None)
@given(case=cases, skins=st.lists(st.sampled_from(Fitzpatrick), min_size=2, max_size=2))
def test_darker_skin_never_shortens_sun_protection(case, skins):
    lighter, darker = sorted(skins)
    valid = _valid(case, periocular=False, ink=False)

    light = aftercare_plan(fitzpatrick=lighter, **valid)
    dark = aftercare_plan(fitzpatrick=darker, **valid)

    assert len(_sun_ends(light)) == len(_sun_ends(dark))
    for light_end, dark_end in zip(_sun_ends(light), _sun_ends(dark), strict=True):
        assert dark_end >= light_end
