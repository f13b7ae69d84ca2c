"""Skin typing: the 10-item Fitzpatrick clinic questionnaire and the clinician-confirmed type.

Sources: shared/clinical-reference.md section 3. ITA° (colorimetry) lives in ``skin_ita``
and is re-exported here.

Invariants:
- The questionnaire is Version A of the reference (10 items, 3 sections, each item 0-4, total 0-40).
  It is a clinic tool adapted from Fitzpatrick, not Fitzpatrick's 1975 instrument.
- ``QuestionnaireResult.total == sum(section_totals.values())`` and the derived type never
  decreases as the total rises.
- The questionnaire can never return type VI: a total over 30 gives type V flagged "V-VI", and
  the clinician must decide between V and VI.
- A clinician's type always wins; when it differs from the questionnaire a reason is required.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from picoclinic.clinical.common import ClinicalInputError, Evidence, Fitzpatrick, Source
from picoclinic.clinical.scales_common import require_int, require_text

# ITA° lives in its own module; re-exported so callers find all skin typing here.
from picoclinic.clinical.skin_ita import ItaCategory as ItaCategory
from picoclinic.clinical.skin_ita import ItaReading as ItaReading
from picoclinic.clinical.skin_ita import ita_category as ita_category
from picoclinic.clinical.skin_ita import ita_degrees as ita_degrees
from picoclinic.clinical.skin_ita import ita_reading as ita_reading

ANSWERS_NOT_MAPPING = "The questionnaire answers must be given as item id -> score."
UNKNOWN_ITEM = "This is not an item of the skin-type questionnaire."
MISSING_ITEM = "Every questionnaire item must be answered."
ANSWER_OUT_OF_RANGE = "Each answer must be a whole number from 0 to 4."
TOTAL_OUT_OF_RANGE = "A questionnaire total must be a whole number from 0 to 40."
TYPE_INVALID = "A Fitzpatrick type must be one of I to VI."
QUESTIONNAIRE_TYPE_VI = "The questionnaire cannot give type VI; only a clinician can assign it."
TYPE_MISSING = "A skin type needs a questionnaire result or a clinician's assessment."
REASON_INVALID = "The reason must be text."
REASON_REQUIRED = "Give a reason when the clinician's type differs from the questionnaire."

# Version A of the reference: bystefany.com, transformclinic.co.uk, agedefy.com (clinic sheets).
QUESTIONNAIRE_SOURCE = Source(
    "Fitzpatrick 10-item clinic questionnaire, Version A (bystefany.com 'The Fitzpatrick "
    "Skin-Type Chart'; transformclinic.co.uk; agedefy.com); clinical-reference.md s3.2",
    Evidence.CLINIC,
)
QUESTIONNAIRE_VERSION = "fitzpatrick-10-item-A"
ANSWER_MIN = 0
ANSWER_MAX = 4
TOTAL_MAX = 40  # 10 items x 4 points
BAND_NOTE = (
    "Version A bands (0-7 I, 8-16 II, 17-25 III, 25-30 IV, >30 V-VI) overlap at 25; "
    "this product scores 25 as III and 26-30 as IV. Totals of 31-40 give type V flagged "
    "'V-VI': the questionnaire cannot separate V from VI, so the clinician must confirm."
)


class QuestionnaireSection(StrEnum):
    GENETIC_DISPOSITION = "genetic_disposition"
    SUN_REACTION = "sun_reaction"
    TANNING_HABITS = "tanning_habits"

    # The section's heading; it hides str.title(), which nothing calls on a section.
    @property
    def title(self) -> str:  # type: ignore[override]
        return _SECTION_TITLES[self]


_SECTION_TITLES = {
    QuestionnaireSection.GENETIC_DISPOSITION: "Genetic disposition",
    QuestionnaireSection.SUN_REACTION: "Reaction to sun exposure",
    QuestionnaireSection.TANNING_HABITS: "Tanning habits",
}


@dataclass(frozen=True, slots=True)
class QuestionnaireItem:
    """One question; ``answers[score]`` is the label for that score (0-4, paler to darker)."""

    id: str
    section: QuestionnaireSection
    question: str
    answers: tuple[str, str, str, str, str]
    source: Source = QUESTIONNAIRE_SOURCE
    note: str = ""

    @property
    def choices(self) -> tuple[tuple[int, str], ...]:
        """``(score, label)`` pairs, ready for a form's choice field."""
        return tuple(enumerate(self.answers))


def _item(
    item_id: str, section: QuestionnaireSection, question: str, *answers: str, note: str = ""
) -> QuestionnaireItem:
    a0, a1, a2, a3, a4 = answers
    return QuestionnaireItem(item_id, section, question, (a0, a1, a2, a3, a4), note=note)


_G = QuestionnaireSection.GENETIC_DISPOSITION
_S = QuestionnaireSection.SUN_REACTION
_T = QuestionnaireSection.TANNING_HABITS

QUESTIONNAIRE_ITEMS: tuple[QuestionnaireItem, ...] = (
    _item(
        "eye_colour",
        _G,
        "What colour are your eyes?",
        "Light blue, light grey or light green",
        "Blue, grey or green",
        "Hazel or light brown",
        "Dark brown",
        "Brownish black",
        note="Some printed sheets give 'blue' for score 2; the SCF version's 'hazel or light "
        "brown' is used here so that no two answers read alike.",
    ),
    _item(
        "hair_colour",
        _G,
        "What is your natural hair colour?",
        "Red or sandy red",
        "Blonde",
        "Chestnut or dark blonde",
        "Dark brown",
        "Black",
    ),
    _item(
        "skin_colour",
        _G,
        "What colour is your skin where the sun does not reach it?",
        "Reddish",
        "Very pale",
        "Pale with a beige tint",
        "Light brown",
        "Dark brown",
    ),
    _item(
        "freckles",
        _G,
        "How many freckles do you have where the sun does not reach?",
        "Many",
        "Several",
        "A few",
        "Only the odd one",
        "None",
    ),
    _item(
        "sunburn",
        _S,
        "What happens to your skin when you stay in the sun too long?",
        "Painful redness, blisters and peeling",
        "Blisters, then peeling",
        "It burns, sometimes with peeling",
        "It rarely burns",
        "It has never burned",
    ),
    _item(
        "tan_depth",
        _S,
        "How brown does your skin get in the sun?",
        "Hardly or not at all",
        "A light tan",
        "A moderate tan",
        "I tan very easily",
        "I quickly turn dark brown",
    ),
    _item(
        "tan_speed",
        _S,
        "Do you turn brown within a few hours of sun exposure?",
        "Never",
        "Seldom",
        "Sometimes",
        "Often",
        "Always",
    ),
    _item(
        "face_reaction",
        _S,
        "How does the skin of your face react to the sun?",
        "Very sensitive",
        "Sensitive",
        "Normal",
        "Very resistant",
        "It has never been a problem",
    ),
    _item(
        "last_exposure",
        _T,
        "When did you last expose your body to the sun, a sunbed or self-tanning cream?",
        "More than 3 months ago",
        "2 to 3 months ago",
        "1 to 2 months ago",
        "Between 2 weeks and 1 month ago",
        "Within the last 2 weeks",
    ),
    _item(
        "treated_area_exposure",
        _T,
        "Do you expose the area to be treated to the sun?",
        "Never",
        "Hardly ever",
        "Sometimes",
        "Often",
        "Always",
    ),
)
ITEMS_BY_ID: Mapping[str, QuestionnaireItem] = MappingProxyType(
    {item.id: item for item in QUESTIONNAIRE_ITEMS}
)


@dataclass(frozen=True, slots=True)
class QuestionnaireBand:
    """Totals ``low..high`` (inclusive) map to ``fitzpatrick``; ``label`` is what staff see."""

    low: int
    high: int
    fitzpatrick: Fitzpatrick
    label: str
    needs_clinician_confirmation: bool = False


# Version A bands with the 25 overlap resolved to III; >30 is "V-VI" (reference s3.2).
QUESTIONNAIRE_BANDS: tuple[QuestionnaireBand, ...] = (
    QuestionnaireBand(0, 7, Fitzpatrick.I, "I"),
    QuestionnaireBand(8, 16, Fitzpatrick.II, "II"),
    QuestionnaireBand(17, 25, Fitzpatrick.III, "III"),
    QuestionnaireBand(26, 30, Fitzpatrick.IV, "IV"),
    QuestionnaireBand(31, TOTAL_MAX, Fitzpatrick.V, "V-VI", needs_clinician_confirmation=True),
)


def band_for_total(total: int) -> QuestionnaireBand:
    """The band a questionnaire total (0-40) falls in; bands tile 0-40 without gaps."""
    total = require_int(total, field="total", low=0, high=TOTAL_MAX, message=TOTAL_OUT_OF_RANGE)
    return next(band for band in QUESTIONNAIRE_BANDS if band.low <= total <= band.high)


@dataclass(frozen=True, slots=True)
class QuestionnaireResult:
    """A scored questionnaire. ``answers`` is in item order; ``fitzpatrick`` is never VI."""

    answers: Mapping[str, int]
    section_totals: Mapping[QuestionnaireSection, int]
    total: int
    band: QuestionnaireBand
    version: str = QUESTIONNAIRE_VERSION
    band_note: str = BAND_NOTE
    source: Source = QUESTIONNAIRE_SOURCE

    @property
    def fitzpatrick(self) -> Fitzpatrick:
        return self.band.fitzpatrick

    @property
    def type_label(self) -> str:
        return self.band.label

    @property
    def needs_clinician_confirmation(self) -> bool:
        return self.band.needs_clinician_confirmation


def score_questionnaire(answers: Mapping[str, int]) -> QuestionnaireResult:
    """Score a complete questionnaire: every item once, each an ``int`` 0-4, no unknown ids.

    Raises ``ClinicalInputError`` with ``field`` "answers" or "answers.<item id>".
    """
    clean = _validated_answers(answers)
    sections = {
        section: sum(clean[item.id] for item in QUESTIONNAIRE_ITEMS if item.section is section)
        for section in QuestionnaireSection
    }
    total = sum(sections.values())
    return QuestionnaireResult(
        answers=MappingProxyType(clean),
        section_totals=MappingProxyType(sections),
        total=total,
        band=band_for_total(total),
    )


def _validated_answers(answers: object) -> dict[str, int]:
    if not isinstance(answers, Mapping):
        raise ClinicalInputError(ANSWERS_NOT_MAPPING, field="answers")
    for key in answers:
        if key not in ITEMS_BY_ID:
            raise ClinicalInputError(UNKNOWN_ITEM, field=f"answers.{key}")
    clean: dict[str, int] = {}
    for item in QUESTIONNAIRE_ITEMS:
        if item.id not in answers:
            raise ClinicalInputError(MISSING_ITEM, field=f"answers.{item.id}")
        clean[item.id] = require_int(
            answers[item.id],
            field=f"answers.{item.id}",
            low=ANSWER_MIN,
            high=ANSWER_MAX,
            message=ANSWER_OUT_OF_RANGE,
        )
    return clean


class TypeSource(StrEnum):
    """Who decided the final type."""

    QUESTIONNAIRE = "questionnaire"
    CLINICIAN = "clinician"


@dataclass(frozen=True, slots=True)
class SkinType:
    """The type the clinic works with.

    ``fitzpatrick`` is the clinician's type when given, else the questionnaire's. ``reason`` is
    non-empty whenever both exist and differ. ``needs_clinician_confirmation`` is true only when
    the questionnaire alone gave V (its "V-VI" band).
    """

    fitzpatrick: Fitzpatrick
    source: TypeSource
    questionnaire_type: Fitzpatrick | None
    clinician_type: Fitzpatrick | None
    reason: str = ""

    @property
    def needs_clinician_confirmation(self) -> bool:
        return self.source is TypeSource.QUESTIONNAIRE and self.fitzpatrick is Fitzpatrick.V

    @property
    def overrides_questionnaire(self) -> bool:
        return self.questionnaire_type is not None and self.clinician_type not in (
            None,
            self.questionnaire_type,
        )


def confirmed_type(
    *,
    questionnaire_type: Fitzpatrick | int | None,
    clinician_type: Fitzpatrick | int | None,
    reason: str = "",
) -> SkinType:
    """Combine the questionnaire's type with the clinician's; the clinician's wins.

    Types may be ``Fitzpatrick`` members or ints 1-6. A reason is required when the clinician's
    type differs from the questionnaire's. Raises ``ClinicalInputError``.
    """
    from_questionnaire = _optional_type(questionnaire_type, field="questionnaire_type")
    if from_questionnaire is Fitzpatrick.VI:
        raise ClinicalInputError(QUESTIONNAIRE_TYPE_VI, field="questionnaire_type")
    from_clinician = _optional_type(clinician_type, field="clinician_type")
    why = require_text(reason, field="reason", message=REASON_INVALID)
    if from_clinician is None:
        if from_questionnaire is None:
            raise ClinicalInputError(TYPE_MISSING, field="clinician_type")
        return SkinType(from_questionnaire, TypeSource.QUESTIONNAIRE, from_questionnaire, None, why)
    differs = from_questionnaire is not None and from_clinician is not from_questionnaire
    if differs and not why:
        raise ClinicalInputError(REASON_REQUIRED, field="reason")
    return SkinType(from_clinician, TypeSource.CLINICIAN, from_questionnaire, from_clinician, why)


def _optional_type(value: object, *, field: str) -> Fitzpatrick | None:
    if value is None:
        return None
    return Fitzpatrick(require_int(value, field=field, low=1, high=6, message=TYPE_INVALID))
