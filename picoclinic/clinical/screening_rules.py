"""What each screening rule finds in a history, before any policy is applied.

A rule returns a ``Finding`` (something applies), a ``Clear`` (nothing applies, with a specific
reason) or None (nothing applies, nothing to add). Outcomes and waiting periods are not decided
here: they come from the catalogue defaults and the clinic's policy (see ``screening``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from picoclinic.clinical.common import Indication
from picoclinic.clinical.screening_model import (
    MedicalHistory,
    Precaution,
    RuleCode,
    TreatmentContext,
    Vitiligo,
    add_months,
)

# Fractional rejuvenation and acne-scar work does not target pigment; everything else does.
PIGMENT_TARGETING = frozenset(Indication) - {Indication.ACNE_SCARS, Indication.REJUVENATION}
# Laser-induced chrysiasis is not limited to sun-exposed skin: the published cases (Cohen &
# Ross 2015) include thighs and hands, so every site counts for a pigment-targeting treatment.
NF1_THRESHOLD = 6  # six or more qualifying macules (NIH consensus statement, Arch Neurol 1988)
VITILIGO_STABLE_MONTHS = 12  # Post 2023 survey; stability criteria via droracle.ai [2ry]


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """Something in the history that the rule applies to.

    ``anchor``: the day the rule's waiting period counts from (policy may change the period).
    ``until``: a fixed date set by the rule itself. ``condition``: what must change, in words,
    when there is no date.
    """

    reason: str
    action: str
    precautions: tuple[Precaution, ...] = ()
    anchor: date | None = None
    until: date | None = None
    condition: str | None = None


@dataclass(frozen=True, slots=True)
class Clear:
    """Nothing applies, and why (when the why is worth showing)."""

    reason: str


Verdict = Finding | Clear | None
Rule = Callable[[MedicalHistory, TreatmentContext], Verdict]


def day_label(day: date) -> str:
    """A date in plain words: "23 Nov 2025"."""
    return f"{day.day} {day.strftime('%b %Y')}"


def _isotretinoin(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    course = history.isotretinoin
    if course is None:
        return None
    action = (
        "ASDS 2017 consensus: no need to delay non-ablative lasers (picosecond was not studied "
        "directly). Record the course, tell the doctor, warn that healing may be slower."
    )
    if course.stopped_on is None:
        return Finding(
            reason="Currently taking isotretinoin.", action=action, condition="the course stops"
        )
    reason = f"Isotretinoin stopped on {day_label(course.stopped_on)}."
    return Finding(reason=reason, action=action, anchor=course.stopped_on)


def _topical_actives(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    last = history.topical_actives_last_used_on
    if last is None:
        return None
    return Finding(
        reason=f"Topical retinoid, AHA or BHA last used on {day_label(last)}.",
        action="Pause the actives before treatment (clinic convention); restart once healed.",
        anchor=last,
    )


def _photosensitising(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    if not history.photosensitising_drugs:
        return None
    return Finding(
        reason="Takes a photosensitising drug.",
        action=(
            "Review the drug. Ask the prescriber whether it can be paused 3-5 days before "
            "(Candela policy); never stop it without them."
        ),
        precautions=(Precaution.PRESCRIBER_CHECK,),
    )


def _anticoagulants(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    if not history.anticoagulants:
        return None
    return Finding(
        reason="Takes a prescribed anticoagulant or antiplatelet.",
        action=(
            "Never stop a prescribed anticoagulant without the prescriber's approval. Warn about "
            "bruising and pinpoint bleeding, more so with fractional handpieces."
        ),
        precautions=(Precaution.PRESCRIBER_CHECK, Precaution.BRUISING_WARNING),
    )


def _supplements(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    if not history.bleeding_supplements:
        return None
    return Finding(
        reason="Takes ginkgo, garlic, ginseng or fish oil.",
        action="Warn about bruising; a textbook suggests stopping 10 days before if possible.",
        precautions=(Precaution.BRUISING_WARNING,),
    )


def _pregnancy(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    if not (history.pregnant or history.ivf):
        return None
    state = "Pregnant" if history.pregnant else "Undergoing IVF"
    return Finding(
        reason=f"{state}; the treatment is elective.",
        action="Defer elective treatment. Evidence of harm is absent but low-level.",
        condition="the pregnancy or IVF cycle has ended",
    )


def _breastfeeding(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    if not history.breastfeeding:
        return None
    return Finding(
        reason="Breastfeeding.",
        action="A doctor decides; our reference has no source on breastfeeding.",
        condition="breastfeeding has ended",
    )


def _active_infection(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    if not (history.active_infection_at_site or history.cold_sore_at_site):
        return None
    what = "cold sore" if history.cold_sore_at_site else "infection"
    return Finding(
        reason=f"Active {what} in the treatment area.",
        action="Do not treat active lesions; reschedule once healed.",
        condition="the area has healed",
    )


def _hsv(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    if not history.hsv_history:
        return None
    if not treatment.facial_or_perioral:
        return Clear("History of herpes simplex, but the treatment is not facial or perioral.")
    return Finding(
        reason="History of herpes simplex and a facial or perioral treatment.",
        action=(
            "Prescriber to consider valacyclovir 500 mg twice daily for 10-14 days from the "
            "morning before (or of) treatment, or famciclovir 125-250 mg twice daily from 1-2 "
            "days before to 5 days after. These regimens come from ablative resurfacing."
        ),
        precautions=(Precaution.ANTIVIRAL_PROPHYLAXIS,),
    )


def _keloid(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    if not history.keloid_history:
        return None
    return Finding(
        reason="History of keloid or hypertrophic scars.",
        action="Test spot first; start at a lower fluence.",
        precautions=(Precaution.TEST_SPOT, Precaution.LOWER_STARTING_FLUENCE),
    )


def _recent_tan(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    if not history.sun_exposures:
        return None
    latest = max(history.sun_exposures, key=lambda exposure: exposure.last_on)
    kind = latest.kind.value.replace("_", "-")
    return Finding(
        reason=f"Last {kind} exposure on {day_label(latest.last_on)}.",
        action="No sun, tanning or self-tanner until treatment; tanned skin absorbs the laser.",
        anchor=latest.last_on,
    )


def _gold_at_risk(treatment: TreatmentContext) -> bool:
    return treatment.indication in PIGMENT_TARGETING


def _gold_exposed(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    if not history.gold_therapy_ever:
        return None
    if not _gold_at_risk(treatment):
        return Clear("Gold therapy on record; this treatment is handled by gold_other.")
    return Finding(
        reason="Systemic gold therapy (ever) and a pigment-targeting treatment (any site).",
        action="Do not treat: risk of immediate, lasting blue-grey chrysiasis marks.",
    )


def _gold_other(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    if not history.gold_therapy_ever:
        return None
    if _gold_at_risk(treatment):
        return Clear("Gold therapy on record; this treatment is handled by the stricter rule.")
    return Finding(
        reason="Systemic gold therapy (ever).",
        action="A doctor weighs the chrysiasis risk before any laser treatment.",
        condition="a doctor has reviewed the gold history",
    )


def _seizures(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    if not history.light_triggered_seizures:
        return None
    return Finding(
        reason="History of light-triggered seizures.",
        action="Do not treat (manufacturer policy): laser flashes may trigger a seizure.",
    )


def vitiligo_active_until(vitiligo: Vitiligo, *, on: date) -> date | None:
    """The day vitiligo counts as stable, if it is active on ``on``; None when already stable.

    ``date.max`` stands for "not known": signs of activity now, or no date of last activity.
    """
    if vitiligo.signs_of_activity or vitiligo.last_active_on is None:
        return date.max
    stable_from = add_months(vitiligo.last_active_on, VITILIGO_STABLE_MONTHS)
    return stable_from if on < stable_from else None


def _vitiligo_active(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    if history.vitiligo is None:
        return None
    until = vitiligo_active_until(history.vitiligo, on=treatment.planned_on)
    if until is None:
        return Clear("Vitiligo, stable for at least 12 months.")
    action = "Defer until stable: 12 months with no new or extending lesions and no Koebner."
    if until == date.max:
        reason = "Vitiligo with signs of activity, or no date of last activity."
        condition = "the vitiligo has been stable for 12 months"
        return Finding(reason=reason, action=action, condition=condition)
    return Finding(reason="Vitiligo active within the last 12 months.", action=action, until=until)


def _vitiligo_stable(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    vitiligo = history.vitiligo
    if vitiligo is None or vitiligo_active_until(vitiligo, on=treatment.planned_on):
        return None
    return Finding(
        reason="Stable vitiligo: laser-induced leukoderma is still possible.",
        action="Test spot first; warn about new white patches.",
        precautions=(Precaution.TEST_SPOT,),
    )


def _autoimmune(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    if not (history.autoimmune_disorder or history.photosensitive_disorder):
        return None
    return Finding(
        reason="Autoimmune or photosensitive disorder (e.g. lupus, porphyria).",
        action="A doctor reviews before treatment; no picosecond-specific evidence exists.",
        condition="a doctor has reviewed the disorder",
    )


def _suspicious_lesion(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    if not history.suspicious_lesion_at_site:
        return None
    if history.suspicious_lesion_cleared:
        return Clear("Pigmented lesion at the site cleared by a dermatologist.")
    return Finding(
        reason="Suspicious or undiagnosed pigmented lesion at the treatment site.",
        action="Refer to a dermatologist (biopsy if needed). Do not laser it until cleared.",
        condition="a dermatologist has cleared the lesion",
    )


def _dysplastic_naevi(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    if not history.dysplastic_naevi_history:
        return None
    if treatment.indication not in PIGMENT_TARGETING:
        return Clear("Dysplastic naevi history; this treatment does not target pigment.")
    return Finding(
        reason="Personal or family history of dysplastic naevi.",
        action="A doctor examines the lesions before any pigment laser; biopsy if unsure.",
        condition="a doctor has examined the lesions",
    )


def _nf1(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    spots = history.cafe_au_lait
    if spots is None:
        return None
    size = "15 mm (after puberty)" if spots.post_puberty else "5 mm (before puberty)"
    counted = f"{spots.qualifying_count} café-au-lait macules over {size}"
    if spots.qualifying_count < NF1_THRESHOLD:
        return Clear(f"{counted}: below the NF1 criterion of {NF1_THRESHOLD}.")
    return Finding(
        reason=f"{counted}: meets the NF1 criterion.",
        action="Refer for assessment of neurofibromatosis type 1 before cosmetic treatment.",
        condition="the NF1 assessment is done",
    )


def _calm_test_spot(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    if treatment.indication is not Indication.CAFE_AU_LAIT:
        return None
    return Finding(
        reason="Café-au-lait macules respond unpredictably and often recur.",
        action="Patch test first; warn that about a quarter recur within months.",
        precautions=(Precaution.TEST_SPOT,),
    )


def _melasma_risk(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    melasma = history.melasma and treatment.indication is not Indication.MELASMA
    pih = history.existing_pih and treatment.indication is not Indication.PIH
    if not (melasma or pih):
        return None
    what = "Melasma" if melasma else "Existing PIH"
    return Finding(
        reason=f"{what} present, not the target: laser can make it worse.",
        action="Start at a lower fluence; prefer longer wavelengths over 532 nm.",
        precautions=(Precaution.LOWER_STARTING_FLUENCE, Precaution.AVOID_532_NM),
    )


def _raynauds(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    if not history.raynauds:
        return None
    return Finding(
        reason="Raynaud's or cold sensitivity.",
        action="Take care with contact or air cooling.",
        precautions=(Precaution.COOLING_CAUTION,),
    )


def _medical_clearance(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    if not (
        history.poorly_controlled_condition
        or history.immunosuppressed
        or history.insulin_dependent_diabetes
    ):
        return None
    return Finding(
        reason="Poorly controlled condition, immunosuppression or insulin-dependent diabetes.",
        action="Get medical clearance from the patient's doctor before the first session.",
        precautions=(Precaution.MEDICAL_CLEARANCE,),
        condition="medical clearance is on file",
    )


def _cosmetic_ink(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    if not history.tattoo_ink_cosmetic or treatment.indication is not Indication.TATTOO:
        return None
    return Finding(
        reason="Cosmetic, white or flesh-tone tattoo ink: may darken to grey or black.",
        action="Mandatory test spot (about 3 mm, least visible area), review at 1-2 weeks.",
        precautions=(Precaution.TEST_SPOT,),
    )


def _periocular(history: MedicalHistory, treatment: TreatmentContext) -> Verdict:
    if not treatment.periocular:
        return None
    return Finding(
        reason="Treatment near the eye.",
        action="Corneal shields inside the orbital rim; marked eyewear for everyone in the room.",
        precautions=(Precaution.CORNEAL_SHIELDS, Precaution.LASER_EYEWEAR),
    )


RULE_FUNCTIONS: dict[RuleCode, Rule] = {
    RuleCode.ISOTRETINOIN: _isotretinoin,
    RuleCode.TOPICAL_ACTIVES: _topical_actives,
    RuleCode.PHOTOSENSITISING_DRUGS: _photosensitising,
    RuleCode.ANTICOAGULANTS: _anticoagulants,
    RuleCode.BLEEDING_SUPPLEMENTS: _supplements,
    RuleCode.PREGNANCY_OR_IVF: _pregnancy,
    RuleCode.BREASTFEEDING: _breastfeeding,
    RuleCode.ACTIVE_INFECTION_AT_SITE: _active_infection,
    RuleCode.HSV_PROPHYLAXIS: _hsv,
    RuleCode.KELOID_HISTORY: _keloid,
    RuleCode.RECENT_TAN: _recent_tan,
    RuleCode.GOLD_PIGMENT_EXPOSED_SITE: _gold_exposed,
    RuleCode.GOLD_OTHER: _gold_other,
    RuleCode.LIGHT_TRIGGERED_SEIZURES: _seizures,
    RuleCode.VITILIGO_ACTIVE: _vitiligo_active,
    RuleCode.VITILIGO_STABLE: _vitiligo_stable,
    RuleCode.AUTOIMMUNE_PHOTOSENSITIVE: _autoimmune,
    RuleCode.SUSPICIOUS_LESION: _suspicious_lesion,
    RuleCode.DYSPLASTIC_NAEVI: _dysplastic_naevi,
    RuleCode.NF1_CRITERIA: _nf1,
    RuleCode.CALM_TEST_SPOT: _calm_test_spot,
    RuleCode.MELASMA_PIH_RISK: _melasma_risk,
    RuleCode.RAYNAUDS: _raynauds,
    RuleCode.MEDICAL_CLEARANCE: _medical_clearance,
    RuleCode.COSMETIC_TATTOO_INK: _cosmetic_ink,
    RuleCode.PERIOCULAR: _periocular,
}
