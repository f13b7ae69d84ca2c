"""The screening rules as data: default outcome, waiting period, policy floor, description, sources.

Defaults follow the evidence in shared/clinical-reference.md section 5; where only clinic or vendor
pages back a rule, its sources say CLINIC, and values the reference could not confirm carry
``unverified=True``. A clinic tightens or relaxes these defaults with a ``ScreeningPolicy``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from picoclinic.clinical.common import Evidence, Source
from picoclinic.clinical.screening_model import Outcome, RuleCode, Window

PR = Evidence.PEER_REVIEWED

CANDELA = Source("Candela treatment policy, via willowsskinandlaserbar.com", Evidence.CLINIC)
TEXTBOOK = Source("Laser textbook excerpt, via 78stepshealth", Evidence.SECONDARY)
MCGRAW_HILL = Source(
    "McGraw-Hill AccessDermatology, laser treatment of pigmented lesions and tattoos",
    Evidence.SECONDARY,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleSpec:
    """One rule's defaults.

    ``window``: for rules that count from a date (last exposure, last dose), how long the rule
    holds after it; a policy may change it. None for rules without such a date.
    ``floor``: the mildest outcome a policy may relax this rule to (PROCEED: no floor).
    """

    code: RuleCode
    default_outcome: Outcome
    description: str
    sources: tuple[Source, ...]
    window: Window | None = None
    floor: Outcome = Outcome.PROCEED

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form for the admin UI."""
        return {
            "code": self.code.value,
            "default_outcome": self.default_outcome.value,
            "description": self.description,
            "window": self.window.label if self.window else None,
            "floor": self.floor.value,
            "sources": [source_to_dict(source) for source in self.sources],
        }


def source_to_dict(source: Source) -> dict[str, Any]:
    """A source as plain data; ``label`` is the rendering to show (with [UNVERIFIED] if so)."""
    return {
        "citation": source.citation,
        "evidence": source.evidence.value,
        "unverified": source.unverified,
        "label": str(source),
    }


_SPECS = (
    RuleSpec(
        code=RuleCode.ISOTRETINOIN,
        default_outcome=Outcome.PRECAUTION,
        description=(
            "Isotretinoin now or stopped within the window. The ASDS 2017 consensus found no "
            "reason to delay non-ablative lasers; picosecond lasers were not studied directly. "
            "Many clinics still wait 6 months: a policy may tighten this to DEFER."
        ),
        window=Window(months=6),
        sources=(
            Source(
                "Waldman A et al. (ASDS) Dermatol Surg 2017;43(10):1249-1262, PMID 28498204",
                Evidence.CONSENSUS,
            ),
            Source(
                "Spring LK, Krakowski AC, Alam M et al. Isotretinoin and timing of procedural "
                "interventions: a systematic review with consensus recommendations. JAMA "
                "Dermatol 2017;153(8):802-809, doi:10.1001/jamadermatol.2017.2077",
                PR,
            ),
            Source("Candela policy; medspadeluxela.com: wait 6 months", Evidence.CLINIC),
        ),
    ),
    RuleSpec(
        code=RuleCode.TOPICAL_ACTIVES,
        default_outcome=Outcome.DEFER,
        description=(
            "Topical retinoid, AHA or BHA used within the window before treatment. Clinic "
            "convention only: no peer-reviewed pause length exists."
        ),
        window=Window(days=7),
        sources=(
            Source(
                "medspadeluxela.com (stop 1 week before); allureplastic-md.com "
                "(2 weeks for Retin-A)",
                Evidence.CLINIC,
            ),
        ),
    ),
    RuleSpec(
        code=RuleCode.PHOTOSENSITISING_DRUGS,
        default_outcome=Outcome.PRECAUTION,
        description=(
            "Systemic photosensitising drug (tetracyclines, thiazides, St John's wort...): screen "
            "carefully; pause 3-5 days before only if the prescriber agrees."
        ),
        sources=(TEXTBOOK, CANDELA),
    ),
    RuleSpec(
        code=RuleCode.ANTICOAGULANTS,
        default_outcome=Outcome.PRECAUTION,
        description=(
            "Prescribed anticoagulant or antiplatelet: more bruising and pinpoint bleeding. "
            "Never stopped without the prescriber; a policy cannot relax this below PRECAUTION."
        ),
        floor=Outcome.PRECAUTION,
        sources=(TEXTBOOK, CANDELA),
    ),
    RuleSpec(
        code=RuleCode.BLEEDING_SUPPLEMENTS,
        default_outcome=Outcome.PRECAUTION,
        description="Ginkgo, garlic, ginseng or fish oil: more bruising and pinpoint bleeding.",
        sources=(TEXTBOOK, CANDELA),
    ),
    RuleSpec(
        code=RuleCode.PREGNANCY_OR_IVF,
        default_outcome=Outcome.DEFER,
        description=(
            "Pregnant or in IVF: elective treatment is deferred. Evidence of harm is absent but "
            "low-level (case series); labels usually say contraindicated; melasma may be "
            "hormonally active."
        ),
        sources=(
            Source(
                "Wilkerson EC et al. Dermatol Surg 2019;45(6):818-828, PMID 30998530 "
                "(22 publications, 380 women; low-level evidence)",
                PR,
            ),
            Source("Trivedi MK et al. Int J Womens Dermatol 2017;3:6-10", PR),
            Source("Manufacturer labels (contraindicated)", Evidence.CLINIC),
        ),
    ),
    RuleSpec(
        code=RuleCode.BREASTFEEDING,
        default_outcome=Outcome.DOCTOR_REVIEW,
        description=(
            "Breastfeeding: the clinical reference has no source either way, so a doctor "
            "decides. Clinic convention, to be confirmed."
        ),
        sources=(
            Source(
                "No source in the clinical reference; clinic convention",
                Evidence.CLINIC,
                unverified=True,
            ),
        ),
    ),
    RuleSpec(
        code=RuleCode.ACTIVE_INFECTION_AT_SITE,
        default_outcome=Outcome.DEFER,
        description="Active infection or cold sore in the treatment area: reschedule until healed.",
        floor=Outcome.DEFER,
        sources=(Source("realself; Candela policy; renewlasermed.com", Evidence.CLINIC),),
    ),
    RuleSpec(
        code=RuleCode.HSV_PROPHYLAXIS,
        default_outcome=Outcome.PRECAUTION,
        description=(
            "History of herpes simplex and a facial or perioral treatment: antiviral prophylaxis "
            "by the prescriber's judgment. The regimen data come from ablative resurfacing."
        ),
        sources=(
            Source(
                "Gilbert S, McBurney E. Dermatol Surg 2000;26:50-54, PMID 10632686 "
                "(valacyclovir 500 mg twice daily, 10-14 days; ablative resurfacing, n=84)",
                PR,
            ),
            Source(
                "Second valacyclovir study, n=120, 10 vs 14 days (likely Beeson WH, Rachel JD. "
                "Dermatol Surg 2002)",
                PR,
                unverified=True,
            ),
            Source(
                "Famciclovir study, Plast Reconstr Surg 1999;104(4):1103-1108, via realself",
                Evidence.SECONDARY,
            ),
            Source("Brauer JA et al. JAMA Dermatol 2015, via mdedge", Evidence.SECONDARY),
        ),
    ),
    RuleSpec(
        code=RuleCode.KELOID_HISTORY,
        default_outcome=Outcome.PRECAUTION,
        description="Keloid or hypertrophic scar history: test spot first, lower fluence.",
        sources=(TEXTBOOK, CANDELA),
    ),
    RuleSpec(
        code=RuleCode.RECENT_TAN,
        default_outcome=Outcome.DEFER,
        description=(
            "Tan, sun exposure, self-tanner or sunburn within the window: tanned skin competes "
            "for the laser. The 4-week wait is clinic convention."
        ),
        window=Window(days=28),
        sources=(
            MCGRAW_HILL,
            Source(
                "medspadeluxela.com, renewlasermed.com (4 weeks); newity.ca (3-4 weeks)",
                Evidence.CLINIC,
            ),
        ),
    ),
    RuleSpec(
        code=RuleCode.GOLD_PIGMENT_EXPOSED_SITE,
        default_outcome=Outcome.DO_NOT_TREAT,
        description=(
            "Systemic gold therapy at any time, pigment-targeting treatment at any site: "
            "laser-induced chrysiasis (immediate blue-grey marks), reported up to 26 years after "
            "stopping gold, on covered skin such as thighs as well as on hands and face. No "
            "picosecond-specific case found."
        ),
        sources=(
            Source(
                "Cohen PR, Ross EV. J Clin Aesthet Dermatol 2015;8(9):48-53, PMID 26430491 "
                "(the published cases include thighs and hands)",
                PR,
            ),
            Source("Arch Dermatol 2002;138(8):1012-1014 (case)", PR),
        ),
    ),
    RuleSpec(
        code=RuleCode.GOLD_OTHER,
        default_outcome=Outcome.DOCTOR_REVIEW,
        description=(
            "Systemic gold therapy at any time, any other treatment: a doctor weighs the "
            "chrysiasis risk."
        ),
        sources=(
            Source("Cohen PR, Ross EV. J Clin Aesthet Dermatol 2015;8(9):48-53, PMID 26430491", PR),
        ),
    ),
    RuleSpec(
        code=RuleCode.LIGHT_TRIGGERED_SEIZURES,
        default_outcome=Outcome.DO_NOT_TREAT,
        description="History of light-triggered seizures: manufacturer policy is not to treat.",
        sources=(CANDELA, Source("akbody.com", Evidence.CLINIC)),
    ),
    RuleSpec(
        code=RuleCode.VITILIGO_ACTIVE,
        default_outcome=Outcome.DEFER,
        description=(
            "Active vitiligo (new or extending lesions in the last 12 months, Koebner "
            "phenomenon, confetti-like lesions, hypochromic borders): defer until stable."
        ),
        sources=(
            Source(
                "Post NF et al. Arch Dermatol Res 2023;315:2289-2294, PMID 36964767 "
                "(laser/IPL leukoderma 0.27%)",
                PR,
            ),
            Source("Stability criteria (12 months), via droracle.ai", Evidence.SECONDARY),
        ),
    ),
    RuleSpec(
        code=RuleCode.VITILIGO_STABLE,
        default_outcome=Outcome.PRECAUTION,
        description=(
            "Stable vitiligo: leukoderma still occurs (58% of vitiligo cases in the survey "
            "had been stable over 12 months). Test spot first."
        ),
        sources=(
            Source("Post NF et al. Arch Dermatol Res 2023;315:2289-2294, PMID 36964767", PR),
            Source("Post NF et al. Lasers Med Sci 2022", PR),
        ),
    ),
    RuleSpec(
        code=RuleCode.AUTOIMMUNE_PHOTOSENSITIVE,
        default_outcome=Outcome.DOCTOR_REVIEW,
        description=(
            "Autoimmune or photosensitive disorder (lupus, porphyria...): listed on clinic "
            "screening forms; no picosecond-specific evidence."
        ),
        sources=(
            Source(
                "Clinic screening forms: beauty-electrolysis-laser.blogspot; hiddendoorspa",
                Evidence.CLINIC,
            ),
        ),
    ),
    RuleSpec(
        code=RuleCode.SUSPICIOUS_LESION,
        default_outcome=Outcome.DO_NOT_TREAT,
        description=(
            "Suspicious or undiagnosed pigmented lesion at the site: not treated until a "
            "dermatologist has cleared it. Melanomas have arisen in lasered, never-biopsied "
            "lesions. A policy cannot relax this rule."
        ),
        floor=Outcome.DO_NOT_TREAT,
        sources=(
            Source(
                "Delker S et al. J Dermatol 2017, via HealthDay and thedermatologist.co.nz",
                Evidence.SECONDARY,
            ),
            MCGRAW_HILL,
            Source("Hruza G, ASDS 2014", Evidence.SECONDARY),
        ),
    ),
    RuleSpec(
        code=RuleCode.DYSPLASTIC_NAEVI,
        default_outcome=Outcome.DOCTOR_REVIEW,
        description=(
            "Personal or family history of dysplastic naevi and a pigment-targeting treatment: "
            "a doctor reviews the lesions first."
        ),
        sources=(MCGRAW_HILL,),
    ),
    RuleSpec(
        code=RuleCode.NF1_CRITERIA,
        default_outcome=Outcome.DOCTOR_REVIEW,
        description=(
            "Six or more café-au-lait macules over 5 mm before puberty or over 15 mm after: "
            "meets the NF1 criterion, refer."
        ),
        sources=(
            Source(
                "National Institutes of Health Consensus Development Conference. "
                "Neurofibromatosis: conference statement. Arch Neurol 1988;45(5):575-578, "
                "doi:10.1001/archneur.1988.00520290115023",
                Evidence.CONSENSUS,
            ),
        ),
    ),
    RuleSpec(
        code=RuleCode.CALM_TEST_SPOT,
        default_outcome=Outcome.PRECAUTION,
        description=(
            "Café-au-lait treatment: responses vary and 26% recurred within 1-5 months; "
            "patch test first and warn about recurrence or darkening."
        ),
        sources=(
            Source("Lasers Surg Med 2020, PS-755 vs QS-755 vs QS-532 in CALM, n=41", PR),
            Source("Grossman MC et al. Arch Dermatol 1995;131:1416-1420", PR),
        ),
    ),
    RuleSpec(
        code=RuleCode.MELASMA_PIH_RISK,
        default_outcome=Outcome.PRECAUTION,
        description=(
            "Melasma or existing PIH that is not the target: lasers can make it worse. Lower "
            "fluence, avoid 532 nm."
        ),
        sources=(MCGRAW_HILL, TEXTBOOK),
    ),
    RuleSpec(
        code=RuleCode.RAYNAUDS,
        default_outcome=Outcome.PRECAUTION,
        description="Raynaud's or cold sensitivity: care with contact or air cooling.",
        sources=(CANDELA,),
    ),
    RuleSpec(
        code=RuleCode.MEDICAL_CLEARANCE,
        default_outcome=Outcome.PRECAUTION,
        description=(
            "Poorly controlled condition, immunosuppression or insulin-dependent diabetes: "
            "medical clearance before the first session."
        ),
        sources=(Source("Candela policy; newity.ca", Evidence.CLINIC),),
    ),
    RuleSpec(
        code=RuleCode.COSMETIC_TATTOO_INK,
        default_outcome=Outcome.PRECAUTION,
        description=(
            "Cosmetic, white or flesh-tone tattoo ink: paradoxical darkening (grey or black), "
            "sometimes permanent. A test spot is mandatory."
        ),
        sources=(
            Source("Clinicalpub textbook chapter on tattoo removal", Evidence.SECONDARY),
            Source(
                "belislaser.com, articleslash.net (3 mm test spot, review at 1-2 weeks)",
                Evidence.CLINIC,
            ),
        ),
    ),
    RuleSpec(
        code=RuleCode.PERIOCULAR,
        default_outcome=Outcome.PRECAUTION,
        description=(
            "Treatment near the eye: all picosecond wavelengths can burn the retina painlessly. "
            "Corneal shields inside the orbital rim, marked eyewear for everyone in the room. "
            "A policy cannot relax this below PRECAUTION."
        ),
        floor=Outcome.PRECAUTION,
        sources=(
            Source("Bader O, Lui H, dermweb.com (AAD poster)", Evidence.SECONDARY),
            Source("Malayanur D, Mysore VN. CosmoDerma 2022;2:24", PR),
            Source(
                "Nevus of Ota in children with corneal shields, Lasers Surg Med 2018;50:56-60", PR
            ),
        ),
    ),
)

RULES: dict[RuleCode, RuleSpec] = {spec.code: spec for spec in _SPECS}


def rule_catalogue() -> tuple[RuleSpec, ...]:
    """Every rule in evaluation order; one entry per ``RuleCode``."""
    return _SPECS


def rule_catalogue_dicts() -> list[dict[str, Any]]:
    """The catalogue as plain data (code, default outcome, description, window, floor, sources)."""
    return [spec.to_dict() for spec in _SPECS]
