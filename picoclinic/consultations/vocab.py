"""Words shown for the clinical core's codes: choices for the forms, labels for the pages."""

from __future__ import annotations

from picoclinic.clinical.common import BodySite, Fitzpatrick, Indication, Severity
from picoclinic.clinical.estimate import PriorResponse
from picoclinic.clinical.indications import CATALOGUE, AcneScarType, InkColour, RejuvenationTarget
from picoclinic.clinical.kirby_desai import KDColours, KDInkAmount, KDLocation, KDScarring
from picoclinic.clinical.screening import Outcome, Precaution, SunExposureKind

INDICATIONS = {indication.value: CATALOGUE[indication].label for indication in Indication}
BODY_SITES = {site.value: site.value.capitalize() for site in BodySite}
SEVERITIES = {severity.value: severity.value.capitalize() for severity in Severity}
FITZPATRICK_TYPES = {str(int(t)): f"Type {t.roman}" for t in Fitzpatrick}

KD_LOCATIONS = {
    KDLocation.HEAD_NECK: "Head or neck",
    KDLocation.UPPER_TRUNK: "Upper trunk",
    KDLocation.LOWER_TRUNK: "Lower trunk",
    KDLocation.PROXIMAL_EXTREMITY: "Upper arm or thigh (proximal)",
    KDLocation.DISTAL_EXTREMITY: "Forearm, hand, lower leg or foot (distal)",
}
KD_COLOURS = {
    KDColours.BLACK: "Black only",
    KDColours.BLACK_SOME_RED: "Mostly black with some red",
    KDColours.BLACK_RED_OTHER: "Black and red plus other colours",
    KDColours.MULTICOLOUR: "Multicolour",
}
KD_INK_AMOUNTS = {
    KDInkAmount.AMATEUR: "Amateur",
    KDInkAmount.MINIMAL: "Professional, minimal ink",
    KDInkAmount.MODERATE: "Professional, moderate ink",
    KDInkAmount.SIGNIFICANT: "Professional, significant ink",
}
KD_SCARRING = {
    KDScarring.NONE: "No scarring",
    KDScarring.MINIMAL: "Minimal",
    KDScarring.MODERATE: "Moderate",
    KDScarring.SIGNIFICANT: "Significant",
}
INK_COLOURS = {
    InkColour.BLACK_DARK_BLUE: "Black or dark blue",
    InkColour.BLUE_GREEN_PURPLE: "Blue, green or purple",
    InkColour.RED_ORANGE: "Red or orange",
    InkColour.YELLOW: "Yellow",
    InkColour.WHITE_FLESH_COSMETIC: "White, flesh-tone or cosmetic",
}
ACNE_SCAR_TYPES = {
    AcneScarType.ICEPICK: "Icepick",
    AcneScarType.BOXCAR: "Boxcar",
    AcneScarType.ROLLING: "Rolling",
    AcneScarType.MIXED: "Mixed",
}
REJUVENATION_TARGETS = {
    RejuvenationTarget.TEXTURE: "Texture",
    RejuvenationTarget.FINE_LINES: "Fine lines",
    RejuvenationTarget.PORES: "Pores",
    RejuvenationTarget.GENERAL: "General rejuvenation",
}
PRIOR_RESPONSES = {
    PriorResponse.NONE: "No response",
    PriorResponse.PARTIAL: "Partial response",
    PriorResponse.GOOD: "Good response",
}
SUN_EXPOSURE_KINDS = {
    SunExposureKind.TAN: "Tan",
    SunExposureKind.SUN: "Sun exposure",
    SunExposureKind.SELF_TANNER: "Self-tanner",
    SunExposureKind.SUNBURN: "Sunburn",
}
OUTCOMES = {
    Outcome.PROCEED: "Proceed",
    Outcome.PRECAUTION: "Precaution",
    Outcome.DOCTOR_REVIEW: "Doctor review",
    Outcome.DEFER: "Defer",
    Outcome.DO_NOT_TREAT: "Do not treat",
}
PRECAUTIONS = {
    Precaution.ANTIVIRAL_PROPHYLAXIS: "Antiviral prophylaxis",
    Precaution.TEST_SPOT: "Test spot first",
    Precaution.LOWER_STARTING_FLUENCE: "Lower starting fluence",
    Precaution.AVOID_532_NM: "Avoid 532 nm",
    Precaution.MEDICAL_CLEARANCE: "Medical clearance",
    Precaution.PRESCRIBER_CHECK: "Check with the prescriber",
    Precaution.CORNEAL_SHIELDS: "Corneal shields",
    Precaution.LASER_EYEWEAR: "Laser eyewear for everyone",
    Precaution.COOLING_CAUTION: "Care with cooling",
    Precaution.BRUISING_WARNING: "Warn about bruising",
}


def choices(labels: dict, *, blank: str | None = None) -> list[tuple[str, str]]:
    """Form choices from a label map, optionally led by an empty choice."""
    items = [(str(key), label) for key, label in labels.items()]
    return [("", blank), *items] if blank is not None else items


def label(labels: dict, value: object) -> str:
    """The label of ``value``, or the value itself when it has none."""
    return labels.get(value, str(value).replace("_", " ")) if value is not None else ""


RULE_TITLES = {
    "isotretinoin": "Isotretinoin",
    "topical_actives": "Topical retinoids, AHA, BHA",
    "photosensitising_drugs": "Photosensitising drugs",
    "anticoagulants": "Anticoagulants",
    "bleeding_supplements": "Supplements that thin the blood",
    "pregnancy_or_ivf": "Pregnancy or IVF",
    "breastfeeding": "Breastfeeding",
    "active_infection_at_site": "Active infection at the site",
    "hsv_prophylaxis": "Herpes simplex (cold sores)",
    "keloid_history": "Keloid or hypertrophic scars",
    "recent_tan": "Recent sun or tan",
    "gold_pigment_exposed_site": "Gold therapy, pigment-targeting laser (any site)",
    "gold_other": "Gold therapy",
    "light_triggered_seizures": "Light-triggered seizures",
    "vitiligo_active": "Active vitiligo",
    "vitiligo_stable": "Stable vitiligo",
    "autoimmune_photosensitive": "Autoimmune or photosensitive disorder",
    "suspicious_lesion": "Suspicious lesion",
    "dysplastic_naevi": "Dysplastic naevi",
    "nf1_criteria": "Neurofibromatosis (NF1) criteria",
    "calm_test_spot": "Café-au-lait test spot",
    "melasma_pih_risk": "Melasma or PIH risk",
    "raynauds": "Raynaud's",
    "medical_clearance": "Medical clearance",
    "cosmetic_tattoo_ink": "Cosmetic tattoo ink",
    "periocular": "Near the eye",
}
POLICY_EFFECTS = {
    "default": "",
    "unchanged": "clinic policy, same result",
    "tightened": "tightened by clinic policy",
    "relaxed": "relaxed by clinic policy",
}
