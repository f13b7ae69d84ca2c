"""From a person's answers on the public self-assessment to the clinical core's inputs.

The questions are in plain words; each answer maps to one input of the core's estimate
(``Concern``) or screening (``MedicalHistory``, ``TreatmentContext``). Where a person cannot
judge what the core asks (the amount of ink, how severe a mark is in clinical terms) the
mapping takes a middle value, and the page says the consultation decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from picoclinic.clinical.common import BodySite, Fitzpatrick, Indication, Severity
from picoclinic.clinical.estimate import Concern, PriorResponse, TattooDetails
from picoclinic.clinical.indications_model import InkColour
from picoclinic.clinical.kirby_desai import KDColours, KDInkAmount, KDLocation, KDScarring
from picoclinic.clinical.screening_model import (
    CafeAuLaitSpots,
    Isotretinoin,
    MedicalHistory,
    SunExposure,
    SunExposureKind,
    TreatmentContext,
)
from picoclinic.clinical.skin import QuestionnaireResult, score_questionnaire

# "How large is it?" -> an area in cm2 (a fingernail is about 1 cm2, a coin about 5, a palm
# about 100: house approximations for a person's own judgement).
AREA_CM2 = {"fingernail": 1.0, "coin": 5.0, "palm": 50.0, "larger": 150.0}
# "How noticeable is it?" -> the core's severity.
SEVERITY = {"faint": Severity.MILD, "clear": Severity.MODERATE, "marked": Severity.SEVERE}
# Kirby-Desai location (reference s2.1): head and neck; chest, back and tummy (upper or lower
# trunk); arms and legs (proximal); hands and feet (distal extremity).
KD_LOCATION = {
    BodySite.FACE: KDLocation.HEAD_NECK,
    BodySite.NECK: KDLocation.HEAD_NECK,
    BodySite.CHEST: KDLocation.UPPER_TRUNK,
    BodySite.BACK: KDLocation.UPPER_TRUNK,
    BodySite.ABDOMEN: KDLocation.LOWER_TRUNK,
    BodySite.ARM: KDLocation.PROXIMAL_EXTREMITY,
    BodySite.FOREARM: KDLocation.PROXIMAL_EXTREMITY,
    BodySite.THIGH: KDLocation.PROXIMAL_EXTREMITY,
    BodySite.LEG: KDLocation.PROXIMAL_EXTREMITY,
    BodySite.HAND: KDLocation.DISTAL_EXTREMITY,
    BodySite.FOOT: KDLocation.DISTAL_EXTREMITY,
}
# Who made the tattoo -> Kirby-Desai amount of ink. A professional tattoo's amount cannot be
# judged by its wearer: "moderate" is the middle value, and the consultation decides.
INK_AMOUNT = {
    "amateur": KDInkAmount.AMATEUR,
    "cosmetic": KDInkAmount.MINIMAL,
    "professional": KDInkAmount.MODERATE,
}
SCARRING = {"none": KDScarring.NONE, "little": KDScarring.MINIMAL, "clear": KDScarring.MODERATE}
PRIOR_RESPONSE = {
    "good": PriorResponse.GOOD,
    "partial": PriorResponse.PARTIAL,
    "none": PriorResponse.NONE,
}
# "When did you last tan the area?" -> a day that falls inside the answer's span.
TAN_DAYS_AGO = {"2_weeks": 7, "4_weeks": 21}
# "Isotretinoin (for acne)?" -> when it was stopped (None: still taking it).
ISOTRETINOIN_MONTHS_AGO = {"now": None, "6_months": 3, "longer": 12}
FACIAL = frozenset({BodySite.FACE, BodySite.NECK})


@dataclass(frozen=True)
class CoreInputs:
    """What the core is asked: the estimate's concern and the screening's history/treatment."""

    concern: Concern
    history: MedicalHistory
    treatment: TreatmentContext
    skin: QuestionnaireResult


def skin_result(answers: dict[str, Any]) -> QuestionnaireResult:
    """The core's skin-type questionnaire, scored from the ``skin_<item>`` answers."""
    return score_questionnaire(
        {key.removeprefix("skin_"): int(v) for key, v in answers.items() if key.startswith("skin_")}
    )


def tattoo_colours(inks: frozenset[InkColour]) -> KDColours:
    """Kirby-Desai colour category from the colours ticked; anything beyond black and red is
    "multiple colours" (the most sessions), as is a tattoo without black."""
    black, red = InkColour.BLACK_DARK_BLUE, InkColour.RED_ORANGE
    if inks == {black}:
        return KDColours.BLACK
    if inks == {black, red}:
        return KDColours.BLACK_SOME_RED
    if black in inks and red in inks:
        return KDColours.BLACK_RED_OTHER
    return KDColours.MULTICOLOUR


def _tattoo(answers: dict[str, Any], site: BodySite) -> TattooDetails:
    inks = frozenset(InkColour(v) for v in answers["tattoo_colours"])
    return TattooDetails(
        location=KD_LOCATION[site],
        colours=tattoo_colours(inks),
        ink_amount=INK_AMOUNT[answers["tattoo_maker"]],
        scarring=SCARRING[answers.get("tattoo_scarring") or "none"],
        layering=answers.get("tattoo_cover_up") == "yes",
    )


def concern_of(answers: dict[str, Any], fitzpatrick: Fitzpatrick) -> Concern:
    """The estimate's input. Raises ``ClinicalInputError`` where the core refuses it."""
    indication = Indication(answers["concern"])
    site = BodySite(answers["body_site"])
    is_tattoo = indication is Indication.TATTOO
    earlier = answers.get("earlier") or "no"
    return Concern(
        indication=indication,
        fitzpatrick=fitzpatrick,
        severity=SEVERITY[answers["noticeable"]],
        body_site=site,
        area_cm2=AREA_CM2[answers["size"]],
        tattoo=_tattoo(answers, site) if is_tattoo else None,
        ink_colours_present=frozenset(InkColour(v) for v in answers["tattoo_colours"])
        if is_tattoo
        else frozenset(),
        prior_sessions=int(answers.get("earlier_sessions") or 0) if earlier != "no" else 0,
        prior_response=PRIOR_RESPONSE.get(earlier),
    )


def _months_ago(today: date, months: int) -> date:
    return today - timedelta(days=round(months * 30.4))


def history_of(answers: dict[str, Any], *, today: date) -> MedicalHistory:
    """The screening's history from the safety questions; questions not asked here are "no"
    (the consultation asks the full history)."""
    iso = answers.get("isotretinoin") or "never"
    tan = answers.get("tan") or "no"
    calm = answers.get("calm_count")
    return MedicalHistory(
        isotretinoin=None
        if iso == "never"
        else Isotretinoin(
            stopped_on=None
            if ISOTRETINOIN_MONTHS_AGO[iso] is None
            else _months_ago(today, ISOTRETINOIN_MONTHS_AGO[iso])
        ),
        photosensitising_drugs=answers.get("light_medicines") in ("yes", "unsure"),
        pregnant=answers.get("pregnant") == "yes",
        cold_sore_at_site=answers.get("cold_sore_now") == "yes",
        hsv_history=answers.get("cold_sores") == "yes",
        keloid_history=answers.get("keloids") == "yes",
        sun_exposures=()
        if tan == "no"
        else (
            SunExposure(
                kind=SunExposureKind.TAN, last_on=today - timedelta(days=TAN_DAYS_AGO[tan])
            ),
        ),
        melasma=answers["concern"] == Indication.MELASMA,
        cafe_au_lait=None
        if answers["concern"] != Indication.CAFE_AU_LAIT
        else CafeAuLaitSpots(
            over_5_mm=6 if calm == "six_or_more" else 1,
            over_15_mm=6 if calm == "six_or_more" else 1,
            post_puberty=True,
        ),
        tattoo_ink_cosmetic=answers["concern"] == Indication.TATTOO
        and (
            answers.get("tattoo_maker") == "cosmetic"
            or InkColour.WHITE_FLESH_COSMETIC in (answers.get("tattoo_colours") or [])
        ),
    )


def core_inputs(answers: dict[str, Any], *, today: date) -> CoreInputs:
    """Every input of the core from one set of cleaned answers."""
    skin = skin_result(answers)
    site = BodySite(answers["body_site"])
    return CoreInputs(
        concern=concern_of(answers, skin.fitzpatrick),
        history=history_of(answers, today=today),
        treatment=TreatmentContext(
            indication=Indication(answers["concern"]),
            body_site=site,
            facial_or_perioral=site in FACIAL,
            periocular=answers.get("near_eyes") == "yes" and site is BodySite.FACE,
            planned_on=today,
        ),
        skin=skin,
    )
