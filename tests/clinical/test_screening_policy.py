"""Clinic screening policy: parsing, validation, tightening and relaxing, and the catalogue."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from picoclinic.clinical.common import BodySite, ClinicalInputError, Evidence, Indication
from picoclinic.clinical.screening import (
    DEFAULT_POLICY,
    Isotretinoin,
    MedicalHistory,
    Outcome,
    PolicyEffect,
    RuleCode,
    RuleOverride,
    ScreeningPolicy,
    SunExposure,
    SunExposureKind,
    TreatmentContext,
    Window,
    policy_from_dict,
    rule_catalogue,
    rule_catalogue_dicts,
    screen,
)
from picoclinic.clinical.screening_catalogue import RULES
from picoclinic.clinical.screening_policy import (
    ERR_BELOW_FLOOR,
    ERR_INVALID_OUTCOME,
    ERR_OUTCOME_MISSING,
    ERR_OVERRIDE_NOT_OBJECT,
    ERR_POLICY_NAME,
    ERR_POLICY_NOT_OBJECT,
    ERR_RULES_NOT_OBJECT,
    ERR_UNKNOWN_FIELD,
    ERR_UNKNOWN_RULE,
    ERR_WINDOW_NO_DATE,
    ERR_WINDOW_NOT_COUNT,
)

TODAY = date(2025, 11, 10)
CONTEXT = TreatmentContext(
    indication=Indication.SOLAR_LENTIGINES,
    body_site=BodySite.FACE,
    facial_or_perioral=True,
    periocular=False,
    planned_on=TODAY,
)
STRICT = policy_from_dict(
    {
        "name": "Harbour strict",
        "rules": {
            "isotretinoin": {"outcome": "defer", "defer_months": 6},
            "keloid_history": {"outcome": "doctor_review"},
        },
    }
)


def run(history: MedicalHistory, policy: ScreeningPolicy = DEFAULT_POLICY):
    return screen(history, treatment=CONTEXT, policy=policy, today=TODAY)


def policy_error(data: object) -> ClinicalInputError:
    with pytest.raises(ClinicalInputError) as caught:
        policy_from_dict(data, field_prefix="policy")
    return caught.value


def test_isotretinoin_tightened_to_defer_six_months_after_stopping():
    history = MedicalHistory(isotretinoin=Isotretinoin(stopped_on=date(2025, 8, 31)))

    result = run(history, STRICT).result(RuleCode.ISOTRETINOIN)

    assert result.outcome is Outcome.DEFER
    assert result.defer_until == date(2026, 2, 28)
    assert result.default_outcome is Outcome.PRECAUTION
    assert result.policy_applied == "Harbour strict"
    assert result.policy_effect is PolicyEffect.TIGHTENED


def test_current_isotretinoin_under_a_defer_policy_waits_on_a_condition():
    result = run(MedicalHistory(isotretinoin=Isotretinoin()), STRICT).result(RuleCode.ISOTRETINOIN)

    assert result.outcome is Outcome.DEFER
    assert result.defer_until is None
    assert result.defer_condition == "the course stops, then 6 months"


def test_longer_window_tightens_a_rule_the_default_had_cleared():
    policy = policy_from_dict(
        {"name": "P", "rules": {"isotretinoin": {"outcome": "defer", "defer_months": 12}}}
    )
    history = MedicalHistory(isotretinoin=Isotretinoin(stopped_on=date(2025, 3, 1)))

    result = run(history, policy).result(RuleCode.ISOTRETINOIN)

    assert result.default_outcome is Outcome.PROCEED
    assert result.outcome is Outcome.DEFER
    assert result.defer_until == date(2026, 3, 1)
    assert result.policy_effect is PolicyEffect.TIGHTENED


def test_shorter_tan_window_relaxes():
    policy = policy_from_dict(
        {"name": "Sunny", "rules": {"recent_tan": {"outcome": "defer", "defer_days": 14}}}
    )
    exposure = SunExposure(kind=SunExposureKind.TAN, last_on=date(2025, 10, 20))

    result = run(MedicalHistory(sun_exposures=(exposure,)), policy).result(RuleCode.RECENT_TAN)

    assert result.outcome is Outcome.PROCEED
    assert result.default_outcome is Outcome.DEFER
    assert result.policy_effect is PolicyEffect.RELAXED
    assert "14 days" in result.reason


def test_same_outcome_with_a_later_date_tightens():
    policy = policy_from_dict(
        {"name": "P", "rules": {"recent_tan": {"outcome": "defer", "defer_days": 42}}}
    )
    exposure = SunExposure(kind=SunExposureKind.TAN, last_on=date(2025, 11, 1))

    result = run(MedicalHistory(sun_exposures=(exposure,)), policy).result(RuleCode.RECENT_TAN)

    assert result.defer_until == date(2025, 12, 13)
    assert result.policy_effect is PolicyEffect.TIGHTENED


def test_relaxing_an_outcome_is_recorded():
    policy = policy_from_dict(
        {"name": "Lenient", "rules": {"breastfeeding": {"outcome": "precaution"}}}
    )

    result = run(MedicalHistory(breastfeeding=True), policy).result(RuleCode.BREASTFEEDING)

    assert result.outcome is Outcome.PRECAUTION
    assert result.default_outcome is Outcome.DOCTOR_REVIEW
    assert result.policy_effect is PolicyEffect.RELAXED


def test_override_that_changes_nothing_is_unchanged_and_untriggered_rules_too():
    report = run(MedicalHistory(keloid_history=True), STRICT)

    keloid = report.result(RuleCode.KELOID_HISTORY)
    assert keloid.outcome is Outcome.DOCTOR_REVIEW
    assert keloid.policy_effect is PolicyEffect.TIGHTENED
    untouched = report.result(RuleCode.ISOTRETINOIN)
    assert untouched.policy_effect is PolicyEffect.UNCHANGED
    assert untouched.policy_applied == "Harbour strict"
    other = report.result(RuleCode.RAYNAUDS)
    assert other.policy_effect is PolicyEffect.DEFAULT
    assert other.policy_applied == "default"
    assert report.policy_name == "Harbour strict"


def test_policy_defer_on_a_rule_without_a_date_uses_the_rules_condition():
    policy = policy_from_dict({"name": "P", "rules": {"gold_other": {"outcome": "defer"}}})

    result = run(MedicalHistory(gold_therapy_ever=True), policy)
    # face + lentigines -> the stricter gold rule; use a non-pigment treatment instead
    assert result.result(RuleCode.GOLD_OTHER).outcome is Outcome.PROCEED
    other = screen(
        MedicalHistory(gold_therapy_ever=True),
        treatment=TreatmentContext(
            indication=Indication.ACNE_SCARS,
            body_site=BodySite.FACE,
            facial_or_perioral=True,
            periocular=False,
            planned_on=TODAY,
        ),
        policy=policy,
        today=TODAY,
    ).result(RuleCode.GOLD_OTHER)
    assert other.outcome is Outcome.DEFER
    assert other.defer_condition == "a doctor has reviewed the gold history"


def test_relaxing_seizures_is_allowed_and_recorded():
    policy = policy_from_dict(
        {"name": "P", "rules": {"light_triggered_seizures": {"outcome": "doctor_review"}}}
    )

    result = run(MedicalHistory(light_triggered_seizures=True), policy).result(
        RuleCode.LIGHT_TRIGGERED_SEIZURES
    )

    assert result.outcome is Outcome.DOCTOR_REVIEW
    assert result.policy_effect is PolicyEffect.RELAXED


@pytest.mark.parametrize(
    ("code", "outcome"),
    [
        ("suspicious_lesion", "defer"),
        ("active_infection_at_site", "doctor_review"),
        ("anticoagulants", "proceed"),
        ("periocular", "proceed"),
    ],
)
def test_policy_cannot_relax_below_a_floor(code, outcome):
    error = policy_error({"name": "P", "rules": {code: {"outcome": outcome}}})

    assert error.message == ERR_BELOW_FLOOR
    assert error.field == f"policy.rules.{code}.outcome"


@pytest.mark.parametrize(
    ("data", "message", "field"),
    [
        (["not", "a", "dict"], ERR_POLICY_NOT_OBJECT, "policy"),
        ({"rules": {}}, ERR_POLICY_NAME, "policy.name"),
        ({"name": "  "}, ERR_POLICY_NAME, "policy.name"),
        ({"name": 3}, ERR_POLICY_NAME, "policy.name"),
        ({"name": "P", "colour": "red"}, ERR_UNKNOWN_FIELD, "policy.colour"),
        ({"name": "P", "rules": []}, ERR_RULES_NOT_OBJECT, "policy.rules"),
        ({"name": "P", "rules": {"tanning": {}}}, ERR_UNKNOWN_RULE, "policy.rules.tanning"),
        (
            {"name": "P", "rules": {"raynauds": "defer"}},
            ERR_OVERRIDE_NOT_OBJECT,
            "policy.rules.raynauds",
        ),
        (
            {"name": "P", "rules": {"raynauds": {}}},
            ERR_OUTCOME_MISSING,
            "policy.rules.raynauds.outcome",
        ),
        (
            {"name": "P", "rules": {"raynauds": {"outcome": "maybe"}}},
            ERR_INVALID_OUTCOME,
            "policy.rules.raynauds.outcome",
        ),
        (
            {"name": "P", "rules": {"raynauds": {"outcome": "DEFER"}}},
            ERR_INVALID_OUTCOME,
            "policy.rules.raynauds.outcome",
        ),
        (
            {"name": "P", "rules": {"raynauds": {"outcome": "defer", "until": 3}}},
            ERR_UNKNOWN_FIELD,
            "policy.rules.raynauds.until",
        ),
        (
            {"name": "P", "rules": {"raynauds": {"outcome": "defer", "defer_days": 7}}},
            ERR_WINDOW_NO_DATE,
            "policy.rules.raynauds.defer_days",
        ),
        (
            {"name": "P", "rules": {"pregnancy_or_ivf": {"outcome": "defer", "defer_months": 3}}},
            ERR_WINDOW_NO_DATE,
            "policy.rules.pregnancy_or_ivf.defer_months",
        ),
        (
            {"name": "P", "rules": {"recent_tan": {"outcome": "defer", "defer_days": -1}}},
            ERR_WINDOW_NOT_COUNT,
            "policy.rules.recent_tan.defer_days",
        ),
        (
            {"name": "P", "rules": {"recent_tan": {"outcome": "defer", "defer_days": True}}},
            ERR_WINDOW_NOT_COUNT,
            "policy.rules.recent_tan.defer_days",
        ),
        (
            {"name": "P", "rules": {"recent_tan": {"outcome": "defer", "defer_days": 2.5}}},
            ERR_WINDOW_NOT_COUNT,
            "policy.rules.recent_tan.defer_days",
        ),
        (
            {"name": "P", "rules": {"isotretinoin": {"outcome": "defer", "defer_months": 10**9}}},
            ERR_WINDOW_NOT_COUNT,
            "policy.rules.isotretinoin.defer_months",
        ),
    ],
)
def test_invalid_policies_name_the_field(data, message, field):
    error = policy_error(data)

    assert error.message == message
    assert error.field == field


def test_field_prefix_is_optional():
    with pytest.raises(ClinicalInputError) as caught:
        policy_from_dict({"name": "P", "rules": {"tanning": {}}})

    assert caught.value.field == "rules.tanning"


def test_python_built_policy_is_validated_too():
    with pytest.raises(ClinicalInputError) as caught:
        ScreeningPolicy(
            name="P",
            overrides=(
                (
                    RuleCode.KELOID_HISTORY,
                    RuleOverride(outcome=Outcome.DEFER, window=Window(days=3)),
                ),
            ),
        )

    assert caught.value.message == ERR_WINDOW_NO_DATE


def test_to_dict_round_trips():
    assert policy_from_dict(STRICT.to_dict()) == STRICT
    assert DEFAULT_POLICY.to_dict() == {"name": "default", "rules": {}}


overrides = st.dictionaries(
    st.sampled_from([code for code in RuleCode if RULES[code].floor is Outcome.PROCEED]),
    st.sampled_from(Outcome),
    max_size=6,
)


@given(name=st.text(min_size=1).filter(str.strip), chosen=overrides, days=st.integers(0, 400))
def test_any_valid_policy_round_trips(name, chosen, days):
    rules = {code.value: {"outcome": outcome.value} for code, outcome in chosen.items()}
    if RuleCode.RECENT_TAN in chosen:
        rules["recent_tan"]["defer_days"] = days

    policy = policy_from_dict({"name": name, "rules": rules})

    assert policy_from_dict(policy.to_dict()) == policy
    assert [code for code, _ in policy.overrides] == [c for c in RuleCode if c in chosen]


def test_catalogue_export_lists_every_rule_with_outcome_description_and_sources():
    exported = rule_catalogue_dicts()

    assert [entry["code"] for entry in exported] == [code.value for code in RuleCode]
    for entry in exported:
        assert entry["default_outcome"] in {outcome.value for outcome in Outcome}
        assert entry["description"]
        assert entry["sources"]
        assert all(source["label"] for source in entry["sources"])
    by_code = {entry["code"]: entry for entry in exported}
    assert by_code["recent_tan"]["window"] == "28 days"
    assert by_code["isotretinoin"]["window"] == "6 months"
    assert by_code["suspicious_lesion"]["floor"] == "do_not_treat"


def test_clinic_and_unverified_sources_are_labelled():
    specs = {spec.code: spec for spec in rule_catalogue()}

    seizures = specs[RuleCode.LIGHT_TRIGGERED_SEIZURES].sources
    assert all(source.evidence is Evidence.CLINIC for source in seizures)
    breastfeeding = specs[RuleCode.BREASTFEEDING].sources[0]
    assert breastfeeding.unverified
    assert str(breastfeeding).endswith("[UNVERIFIED]")
    assert any(source.unverified for source in specs[RuleCode.HSV_PROPHYLAXIS].sources)
    assert any(
        source.evidence is Evidence.CONSENSUS for source in specs[RuleCode.ISOTRETINOIN].sources
    )
