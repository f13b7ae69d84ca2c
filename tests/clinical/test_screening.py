"""Screening rules, outcome ordering, defer dates and the report helpers."""

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from picoclinic.clinical.common import BodySite, ClinicalInputError, Evidence, Indication
from picoclinic.clinical.screening import (
    ERR_CALM_COUNT_REQUIRED,
    ERR_DATE_IN_FUTURE,
    ERR_PLANNED_IN_PAST,
    CafeAuLaitSpots,
    Isotretinoin,
    MedicalHistory,
    Outcome,
    PolicyEffect,
    Precaution,
    RuleCode,
    SunExposure,
    SunExposureKind,
    TreatmentContext,
    Vitiligo,
    Window,
    rule_catalogue,
    screen,
)
from picoclinic.clinical.screening_catalogue import RULES
from picoclinic.clinical.screening_model import ERR_CALM_COUNTS, add_months, worst

TODAY = date(2025, 11, 10)


def treatment(**changes: object) -> TreatmentContext:
    base = TreatmentContext(
        indication=Indication.SOLAR_LENTIGINES,
        body_site=BodySite.FACE,
        facial_or_perioral=True,
        periocular=False,
        planned_on=TODAY,
    )
    return replace(base, **changes)


def run(history: MedicalHistory, **treatment_changes: object):
    return screen(history, treatment=treatment(**treatment_changes), today=TODAY)


def days_ago(days: int) -> date:
    return date.fromordinal(TODAY.toordinal() - days)


CALM_FEW = CafeAuLaitSpots(over_5_mm=2, over_15_mm=0, post_puberty=True)

# (rule, history, treatment changes, expected outcome) for a history that triggers the rule.
POSITIVE = [
    (RuleCode.ISOTRETINOIN, {"isotretinoin": Isotretinoin()}, {}, Outcome.PRECAUTION),
    (
        RuleCode.TOPICAL_ACTIVES,
        {"topical_actives_last_used_on": days_ago(2)},
        {},
        Outcome.DEFER,
    ),
    (RuleCode.PHOTOSENSITISING_DRUGS, {"photosensitising_drugs": True}, {}, Outcome.PRECAUTION),
    (RuleCode.ANTICOAGULANTS, {"anticoagulants": True}, {}, Outcome.PRECAUTION),
    (RuleCode.BLEEDING_SUPPLEMENTS, {"bleeding_supplements": True}, {}, Outcome.PRECAUTION),
    (RuleCode.PREGNANCY_OR_IVF, {"pregnant": True}, {}, Outcome.DEFER),
    (RuleCode.PREGNANCY_OR_IVF, {"ivf": True}, {}, Outcome.DEFER),
    (RuleCode.BREASTFEEDING, {"breastfeeding": True}, {}, Outcome.DOCTOR_REVIEW),
    (RuleCode.ACTIVE_INFECTION_AT_SITE, {"active_infection_at_site": True}, {}, Outcome.DEFER),
    (RuleCode.ACTIVE_INFECTION_AT_SITE, {"cold_sore_at_site": True}, {}, Outcome.DEFER),
    (RuleCode.HSV_PROPHYLAXIS, {"hsv_history": True}, {}, Outcome.PRECAUTION),
    (RuleCode.KELOID_HISTORY, {"keloid_history": True}, {}, Outcome.PRECAUTION),
    (
        RuleCode.RECENT_TAN,
        {"sun_exposures": (SunExposure(kind=SunExposureKind.SUNBURN, last_on=days_ago(3)),)},
        {},
        Outcome.DEFER,
    ),
    (RuleCode.GOLD_PIGMENT_EXPOSED_SITE, {"gold_therapy_ever": True}, {}, Outcome.DO_NOT_TREAT),
    (
        RuleCode.GOLD_OTHER,
        {"gold_therapy_ever": True},
        {"indication": Indication.ACNE_SCARS},
        Outcome.DOCTOR_REVIEW,
    ),
    (
        RuleCode.LIGHT_TRIGGERED_SEIZURES,
        {"light_triggered_seizures": True},
        {},
        Outcome.DO_NOT_TREAT,
    ),
    (
        RuleCode.VITILIGO_ACTIVE,
        {"vitiligo": Vitiligo(last_active_on=days_ago(30))},
        {},
        Outcome.DEFER,
    ),
    (
        RuleCode.VITILIGO_STABLE,
        {"vitiligo": Vitiligo(last_active_on=date(2020, 1, 1))},
        {},
        Outcome.PRECAUTION,
    ),
    (RuleCode.AUTOIMMUNE_PHOTOSENSITIVE, {"autoimmune_disorder": True}, {}, Outcome.DOCTOR_REVIEW),
    (
        RuleCode.AUTOIMMUNE_PHOTOSENSITIVE,
        {"photosensitive_disorder": True},
        {},
        Outcome.DOCTOR_REVIEW,
    ),
    (RuleCode.SUSPICIOUS_LESION, {"suspicious_lesion_at_site": True}, {}, Outcome.DO_NOT_TREAT),
    (RuleCode.DYSPLASTIC_NAEVI, {"dysplastic_naevi_history": True}, {}, Outcome.DOCTOR_REVIEW),
    (
        RuleCode.NF1_CRITERIA,
        {"cafe_au_lait": CafeAuLaitSpots(over_5_mm=6, over_15_mm=6, post_puberty=True)},
        {},
        Outcome.DOCTOR_REVIEW,
    ),
    (
        RuleCode.CALM_TEST_SPOT,
        {"cafe_au_lait": CALM_FEW},
        {"indication": Indication.CAFE_AU_LAIT},
        Outcome.PRECAUTION,
    ),
    (RuleCode.MELASMA_PIH_RISK, {"melasma": True}, {}, Outcome.PRECAUTION),
    (RuleCode.MELASMA_PIH_RISK, {"existing_pih": True}, {}, Outcome.PRECAUTION),
    (RuleCode.RAYNAUDS, {"raynauds": True}, {}, Outcome.PRECAUTION),
    (RuleCode.MEDICAL_CLEARANCE, {"poorly_controlled_condition": True}, {}, Outcome.PRECAUTION),
    (RuleCode.MEDICAL_CLEARANCE, {"immunosuppressed": True}, {}, Outcome.PRECAUTION),
    (RuleCode.MEDICAL_CLEARANCE, {"insulin_dependent_diabetes": True}, {}, Outcome.PRECAUTION),
    (
        RuleCode.COSMETIC_TATTOO_INK,
        {"tattoo_ink_cosmetic": True},
        {"indication": Indication.TATTOO},
        Outcome.PRECAUTION,
    ),
    (RuleCode.PERIOCULAR, {}, {"periocular": True}, Outcome.PRECAUTION),
]

# (rule, history, treatment changes) where the rule must NOT trigger despite a related answer.
NEGATIVE = [
    (RuleCode.ISOTRETINOIN, {"isotretinoin": Isotretinoin(stopped_on=date(2025, 5, 10))}, {}),
    (RuleCode.TOPICAL_ACTIVES, {"topical_actives_last_used_on": days_ago(7)}, {}),
    (RuleCode.HSV_PROPHYLAXIS, {"hsv_history": True}, {"facial_or_perioral": False}),
    (
        RuleCode.RECENT_TAN,
        {"sun_exposures": (SunExposure(kind=SunExposureKind.TAN, last_on=days_ago(28)),)},
        {},
    ),
    (
        RuleCode.GOLD_PIGMENT_EXPOSED_SITE,
        {"gold_therapy_ever": True},
        {"indication": Indication.REJUVENATION},
    ),
    (RuleCode.GOLD_OTHER, {"gold_therapy_ever": True}, {}),
    (RuleCode.VITILIGO_ACTIVE, {"vitiligo": Vitiligo(last_active_on=date(2024, 11, 10))}, {}),
    (RuleCode.VITILIGO_STABLE, {"vitiligo": Vitiligo(last_active_on=days_ago(30))}, {}),
    (
        RuleCode.SUSPICIOUS_LESION,
        {"suspicious_lesion_at_site": True, "suspicious_lesion_cleared": True},
        {},
    ),
    (
        RuleCode.DYSPLASTIC_NAEVI,
        {"dysplastic_naevi_history": True},
        {"indication": Indication.REJUVENATION},
    ),
    (RuleCode.NF1_CRITERIA, {"cafe_au_lait": CALM_FEW}, {}),
    (
        RuleCode.NF1_CRITERIA,
        {"cafe_au_lait": CafeAuLaitSpots(over_5_mm=8, over_15_mm=5, post_puberty=True)},
        {},
    ),
    (RuleCode.CALM_TEST_SPOT, {"cafe_au_lait": CALM_FEW}, {}),
    (RuleCode.MELASMA_PIH_RISK, {"melasma": True}, {"indication": Indication.MELASMA}),
    (RuleCode.MELASMA_PIH_RISK, {"existing_pih": True}, {"indication": Indication.PIH}),
    (RuleCode.COSMETIC_TATTOO_INK, {"tattoo_ink_cosmetic": True}, {}),
]


@pytest.mark.parametrize(("code", "history", "changes", "expected"), POSITIVE)
def test_rule_triggers(code, history, changes, expected):
    result = run(MedicalHistory(**history), **changes).result(code)

    assert result.triggered
    assert result.outcome is expected
    assert result.reason
    assert result.action
    assert result.sources
    assert result.policy_effect is PolicyEffect.DEFAULT


@pytest.mark.parametrize(("code", "history", "changes"), NEGATIVE)
def test_rule_does_not_trigger(code, history, changes):
    result = run(MedicalHistory(**history), **changes).result(code)

    assert not result.triggered
    assert result.outcome is Outcome.PROCEED
    assert result.reason


def test_every_rule_has_a_positive_and_the_catalogue_is_complete():
    assert {code for code, *_ in POSITIVE} == set(RuleCode)
    assert [spec.code for spec in rule_catalogue()] == list(RuleCode)


def test_clean_history_proceeds_on_every_rule():
    report = run(MedicalHistory(), facial_or_perioral=False)

    assert report.overall is Outcome.PROCEED
    assert [result.code for result in report.results] == list(RuleCode)
    assert all(not result.triggered for result in report.results)
    assert not report.blocks_approval
    assert not report.needs_doctor_review
    assert report.findings == ()
    assert report.earliest_treatment_on is None


def test_outcome_order_is_the_defined_one():
    ordered = [
        Outcome.PROCEED,
        Outcome.PRECAUTION,
        Outcome.DOCTOR_REVIEW,
        Outcome.DEFER,
        Outcome.DO_NOT_TREAT,
    ]
    assert sorted(Outcome, key=lambda outcome: outcome.rank) == ordered
    assert worst([Outcome.DEFER, Outcome.DO_NOT_TREAT, Outcome.PRECAUTION]) is Outcome.DO_NOT_TREAT
    assert worst([Outcome.DOCTOR_REVIEW, Outcome.DEFER]) is Outcome.DEFER
    assert worst([]) is Outcome.PROCEED


def test_overall_is_worst_and_findings_are_sorted_worst_first():
    history = MedicalHistory(keloid_history=True, breastfeeding=True, pregnant=True)

    report = run(history)

    assert report.overall is Outcome.DEFER
    assert [result.outcome for result in report.findings] == [
        Outcome.DEFER,
        Outcome.DOCTOR_REVIEW,
        Outcome.PRECAUTION,
    ]
    assert report.blocks_approval
    assert report.needs_doctor_review  # even though DEFER is worse


def test_precaution_only_does_not_block_and_lists_precautions_once():
    history = MedicalHistory(keloid_history=True, hsv_history=True, tattoo_ink_cosmetic=True)

    report = run(history, indication=Indication.TATTOO)

    assert report.overall is Outcome.PRECAUTION
    assert not report.blocks_approval
    assert report.precautions == (
        Precaution.ANTIVIRAL_PROPHYLAXIS,
        Precaution.TEST_SPOT,
        Precaution.LOWER_STARTING_FLUENCE,
    )


def test_do_not_treat_blocks_and_has_no_earliest_date():
    history = MedicalHistory(
        light_triggered_seizures=True,
        sun_exposures=(SunExposure(kind=SunExposureKind.TAN, last_on=days_ago(1)),),
    )

    report = run(history)

    assert report.overall is Outcome.DO_NOT_TREAT
    assert report.blocks_approval
    assert report.earliest_treatment_on is None


def test_earliest_treatment_is_the_latest_dated_deferral():
    history = MedicalHistory(
        topical_actives_last_used_on=days_ago(1),
        sun_exposures=(SunExposure(kind=SunExposureKind.SELF_TANNER, last_on=days_ago(10)),),
    )

    report = run(history)

    assert report.result(RuleCode.TOPICAL_ACTIVES).defer_until == date(2025, 11, 16)
    assert report.result(RuleCode.RECENT_TAN).defer_until == date(2025, 11, 28)
    assert report.earliest_treatment_on == date(2025, 11, 28)


def test_condition_deferral_has_no_date():
    report = run(MedicalHistory(active_infection_at_site=True))

    result = report.result(RuleCode.ACTIVE_INFECTION_AT_SITE)
    assert result.defer_until is None
    assert result.defer_condition == "the area has healed"
    assert report.earliest_treatment_on is None


def test_tan_uses_the_latest_exposure():
    exposures = (
        SunExposure(kind=SunExposureKind.SUN, last_on=days_ago(40)),
        SunExposure(kind=SunExposureKind.TAN, last_on=days_ago(5)),
    )

    result = run(MedicalHistory(sun_exposures=exposures)).result(RuleCode.RECENT_TAN)

    assert result.defer_until == date(2025, 12, 3)
    assert "tan" in result.reason


@pytest.mark.parametrize(
    ("last_on", "expected"),
    [
        (date(2025, 1, 31), date(2025, 2, 28)),  # across a short month
        (date(2024, 1, 31), date(2024, 2, 28)),  # leap year: 28 days is still 28 days
        (date(2024, 2, 15), date(2024, 3, 14)),
        (date(2024, 12, 20), date(2025, 1, 17)),  # across a year end
    ],
)
def test_tan_defer_date_is_last_exposure_plus_28_days(last_on, expected):
    exposure = SunExposure(kind=SunExposureKind.TAN, last_on=last_on)

    report = screen(
        MedicalHistory(sun_exposures=(exposure,)),
        treatment=treatment(planned_on=last_on),
        today=last_on,
    )

    assert report.result(RuleCode.RECENT_TAN).defer_until == expected


def test_tan_wait_ends_on_day_28_exactly():
    exposure = SunExposure(kind=SunExposureKind.TAN, last_on=date(2025, 1, 31))
    history = MedicalHistory(sun_exposures=(exposure,))

    on = date(2025, 2, 1)

    day_before = screen(history, treatment=treatment(planned_on=date(2025, 2, 27)), today=on)
    on_the_day = screen(history, treatment=treatment(planned_on=date(2025, 2, 28)), today=on)

    assert day_before.result(RuleCode.RECENT_TAN).outcome is Outcome.DEFER
    assert on_the_day.result(RuleCode.RECENT_TAN).outcome is Outcome.PROCEED
    assert "ended on 28 Feb 2025" in on_the_day.result(RuleCode.RECENT_TAN).reason


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 11, 15), 2, date(2026, 1, 15)),
        (date(2025, 1, 31), 0, date(2025, 1, 31)),
    ],
)
def test_add_months_clamps_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_window_labels_and_overflow_clamp():
    assert Window(days=28).label == "28 days"
    assert Window(months=1, days=1).label == "1 month and 1 day"
    assert Window().label == "0 days"
    assert Window(days=10).after(date.max) == date.max


def test_vitiligo_active_defers_until_12_months_after_last_activity():
    vitiligo = Vitiligo(last_active_on=date(2025, 2, 28))

    result = run(MedicalHistory(vitiligo=vitiligo)).result(RuleCode.VITILIGO_ACTIVE)

    assert result.defer_until == date(2026, 2, 28)


@pytest.mark.parametrize(
    "vitiligo",
    [
        Vitiligo(last_active_on=date(2020, 1, 1), signs_of_activity=True),
        Vitiligo(last_active_on=None),
    ],
)
def test_vitiligo_with_signs_or_unknown_activity_defers_on_a_condition(vitiligo):
    report = run(MedicalHistory(vitiligo=vitiligo))

    active = report.result(RuleCode.VITILIGO_ACTIVE)
    assert active.outcome is Outcome.DEFER
    assert active.defer_until is None
    assert "stable for 12 months" in active.defer_condition
    assert not report.result(RuleCode.VITILIGO_STABLE).triggered


def test_nf1_uses_5_mm_before_puberty():
    spots = CafeAuLaitSpots(over_5_mm=6, over_15_mm=0, post_puberty=False)

    result = run(MedicalHistory(cafe_au_lait=spots)).result(RuleCode.NF1_CRITERIA)

    assert result.outcome is Outcome.DOCTOR_REVIEW
    assert "meets the NF1 criterion" in result.reason


@pytest.mark.parametrize("site", [BodySite.THIGH, BodySite.HAND, BodySite.BACK, BodySite.FACE])
def test_gold_therapy_blocks_pigment_treatment_at_every_site(site):
    # Laser-induced chrysiasis has been published on thighs and hands, not only sun-exposed skin.
    result = run(MedicalHistory(gold_therapy_ever=True), body_site=site).result(
        RuleCode.GOLD_PIGMENT_EXPOSED_SITE
    )
    assert result.triggered
    assert result.outcome is Outcome.DO_NOT_TREAT
    assert any("Cohen PR, Ross EV" in s.citation for s in result.sources)


def test_gold_rules_are_mutually_exclusive():
    report = run(MedicalHistory(gold_therapy_ever=True))

    assert report.result(RuleCode.GOLD_PIGMENT_EXPOSED_SITE).triggered
    assert not report.result(RuleCode.GOLD_OTHER).triggered


def test_current_isotretinoin_is_a_precaution_by_default_citing_asds():
    result = run(MedicalHistory(isotretinoin=Isotretinoin())).result(RuleCode.ISOTRETINOIN)

    assert result.outcome is Outcome.PRECAUTION
    assert "ASDS 2017" in result.action
    assert any("Waldman" in source.citation for source in result.sources)


def test_hsv_action_names_the_regimen_and_its_ablative_origin():
    result = run(MedicalHistory(hsv_history=True)).result(RuleCode.HSV_PROPHYLAXIS)

    assert "valacyclovir 500 mg twice daily" in result.action
    assert "ablative" in result.action
    assert result.precautions == (Precaution.ANTIVIRAL_PROPHYLAXIS,)


def test_anticoagulant_action_never_stops_without_prescriber():
    result = run(MedicalHistory(anticoagulants=True)).result(RuleCode.ANTICOAGULANTS)

    assert "Never stop" in result.action
    assert Precaution.PRESCRIBER_CHECK in result.precautions


def test_planned_date_before_today_is_rejected():
    with pytest.raises(ClinicalInputError) as caught:
        screen(MedicalHistory(), treatment=treatment(planned_on=date(2025, 11, 9)), today=TODAY)

    assert caught.value.message == ERR_PLANNED_IN_PAST
    assert caught.value.field == "treatment.planned_on"


@pytest.mark.parametrize(
    ("history", "field"),
    [
        (
            MedicalHistory(isotretinoin=Isotretinoin(stopped_on=date(2025, 11, 11))),
            "history.isotretinoin.stopped_on",
        ),
        (
            MedicalHistory(topical_actives_last_used_on=date(2026, 1, 1)),
            "history.topical_actives_last_used_on",
        ),
        (
            MedicalHistory(vitiligo=Vitiligo(last_active_on=date(2026, 1, 1))),
            "history.vitiligo.last_active_on",
        ),
        (
            MedicalHistory(
                sun_exposures=(
                    SunExposure(kind=SunExposureKind.SUN, last_on=TODAY),
                    SunExposure(kind=SunExposureKind.SUN, last_on=date(2025, 11, 11)),
                )
            ),
            "history.sun_exposures.1.last_on",
        ),
    ],
)
def test_history_dates_after_today_are_rejected(history, field):
    with pytest.raises(ClinicalInputError) as caught:
        run(history)

    assert caught.value.message == ERR_DATE_IN_FUTURE
    assert caught.value.field == field


def test_cafe_au_lait_treatment_needs_the_nf1_counts():
    with pytest.raises(ClinicalInputError) as caught:
        run(MedicalHistory(), indication=Indication.CAFE_AU_LAIT)

    assert caught.value.message == ERR_CALM_COUNT_REQUIRED
    assert caught.value.field == "history.cafe_au_lait"


def test_calm_counts_are_consistent():
    with pytest.raises(ClinicalInputError) as caught:
        CafeAuLaitSpots(over_5_mm=1, over_15_mm=2, post_puberty=True)

    assert caught.value.message == ERR_CALM_COUNTS


# --- property: adding a finding never makes the overall outcome milder -----------------------

RISK_FLAGS = [
    "photosensitising_drugs",
    "anticoagulants",
    "bleeding_supplements",
    "pregnant",
    "breastfeeding",
    "ivf",
    "active_infection_at_site",
    "cold_sore_at_site",
    "hsv_history",
    "keloid_history",
    "gold_therapy_ever",
    "light_triggered_seizures",
    "autoimmune_disorder",
    "photosensitive_disorder",
    "suspicious_lesion_at_site",
    "dysplastic_naevi_history",
    "melasma",
    "existing_pih",
    "raynauds",
    "poorly_controlled_condition",
    "immunosuppressed",
    "insulin_dependent_diabetes",
    "tattoo_ink_cosmetic",
]
past_dates = st.dates(min_value=date(2015, 1, 1), max_value=TODAY)


@st.composite
def histories(draw) -> MedicalHistory:
    flags = {flag: draw(st.booleans()) for flag in RISK_FLAGS}
    exposures = draw(
        st.lists(
            st.builds(SunExposure, kind=st.sampled_from(SunExposureKind), last_on=past_dates),
            max_size=2,
        )
    )
    return MedicalHistory(
        **flags,
        suspicious_lesion_cleared=draw(st.booleans()),
        sun_exposures=tuple(exposures),
        isotretinoin=draw(st.none() | st.builds(Isotretinoin, stopped_on=st.none() | past_dates)),
        topical_actives_last_used_on=draw(st.none() | past_dates),
        vitiligo=draw(st.none() | st.builds(Vitiligo, last_active_on=st.none() | past_dates)),
    )


@st.composite
def added_finding(draw, history: MedicalHistory) -> MedicalHistory:
    choice = draw(st.sampled_from(["flag", "exposure", "isotretinoin", "vitiligo", "actives"]))
    if choice == "flag":
        return replace(history, **{draw(st.sampled_from(RISK_FLAGS)): True})
    if choice == "exposure":
        exposure = SunExposure(
            kind=draw(st.sampled_from(SunExposureKind)), last_on=draw(past_dates)
        )
        return replace(history, sun_exposures=(*history.sun_exposures, exposure))
    if choice == "isotretinoin" and history.isotretinoin is None:
        return replace(history, isotretinoin=Isotretinoin(stopped_on=draw(past_dates)))
    if choice == "vitiligo" and history.vitiligo is None:
        return replace(history, vitiligo=Vitiligo(last_active_on=draw(past_dates)))
    if choice == "actives" and history.topical_actives_last_used_on is None:
        return replace(history, topical_actives_last_used_on=draw(past_dates))
    return history


@settings(max_examples=150, deadline=None)
@given(
    data=st.data(),
    history=histories(),
    indication=st.sampled_from([i for i in Indication if i is not Indication.CAFE_AU_LAIT]),
    site=st.sampled_from(BodySite),
    facial=st.booleans(),
    periocular=st.booleans(),
)
def test_adding_a_finding_never_makes_overall_milder(
    data, history, indication, site, facial, periocular
):
    context = treatment(
        indication=indication, body_site=site, facial_or_perioral=facial, periocular=periocular
    )
    worse = data.draw(added_finding(history))

    before = screen(history, treatment=context, today=TODAY)
    after = screen(worse, treatment=context, today=TODAY)

    assert after.overall.rank >= before.overall.rank
    for old, new in zip(before.results, after.results, strict=True):
        assert new.outcome.rank >= old.outcome.rank, new.code


def test_isotretinoin_and_nf1_cite_the_papers():
    iso = run(MedicalHistory(isotretinoin=Isotretinoin())).result(RuleCode.ISOTRETINOIN)
    citations = " ".join(s.citation for s in iso.sources)
    assert "Spring LK" in citations
    assert "JAMA Dermatol 2017;153(8):802-809" in citations
    assert "somalaser" not in citations
    nf1 = RULES[RuleCode.NF1_CRITERIA]
    assert "Arch Neurol 1988;45(5):575-578" in nf1.sources[0].citation
    assert nf1.sources[0].evidence is Evidence.CONSENSUS
