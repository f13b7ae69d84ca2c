"""Catalogue data: pigmentary indications (lentigines, freckles, melasma, ABNOM, Ota, CALM, PIH).

Paraphrased from shared/clinical-reference.md sections 1.1-1.7 and 8. Each number sits beside its
source. Device settings are specific to the device class recorded with them.
"""

from __future__ import annotations

from picoclinic.clinical.common import Evidence, Indication, Source
from picoclinic.clinical.indications_model import (
    FluenceGuide,
    Handpiece,
    IndicationProfile,
    IntervalWindow,
    LaserLine,
    SessionRange,
    SourcedText,
    TestSpotRule,
    WavelengthUse,
)

FLAT = Handpiece.FLAT_BEAM
FRAC = Handpiece.FRACTIONAL

NEGISHI_2018 = Source("Negishi K et al. LSM 2018: 532 ps, 43 lentigines, FST III-IV")
OPEN_LABEL_532 = Source("532 nm 800 ps open-label trial, 25 subjects, FST I-III, face/hands")
LENTIGO_730 = Source("730 nm ps lentigines, 20 subjects, FST II-IV, LSM (PMC9291180)")
WU_2021 = Source("Wu DC et al. LSM 2021;53:9-49 systematic review (benign pigment: evidence I-IV)")
HARDY_EMEDICINE = Source(
    "Hardy CL, eMedicine, laser treatment of benign pigmented lesions", Evidence.SECONDARY
)
MCGRAW_HILL = Source("McGraw-Hill AccessDermatology, laser treatment chapter", Evidence.SECONDARY)
KUNG_2019 = Source("Kung KY et al. LSM 2019;51:14-22, PicoWay 532/1064, FST III-IV, n=12")
FRECKLE_CLINIC = Source("kiraspecialist.com; skinmdandbeyond.com", Evidence.CLINIC)
MONTHLY_CONVENTION = Source(
    "House convention: no upper bound published; monthly-to-bimonthly review",
    Evidence.CONVENTION,
    unverified=True,
)

SOLAR_LENTIGINES = IndicationProfile(
    indication=Indication.SOLAR_LENTIGINES,
    variant="",
    label="Solar lentigines",
    laser_line=LaserLine.FIRST,
    wavelengths=(
        WavelengthUse(nm=532, handpiece=FLAT, note="first line", source=NEGISHI_2018),
        WavelengthUse(nm=730, handpiece=FLAT, note="alternative", source=LENTIGO_730),
        # The reference lists 755 ps for lentigines without a lentigo-specific trial.
        WavelengthUse(
            nm=755,
            handpiece=FLAT,
            note="alternative (no lentigo-specific trial retrieved)",
            source=Source(WU_2021.citation, unverified=True),
        ),
    ),
    fluences=(
        # Negishi 2018: mean 0.35 +/- 0.06 J/cm2, 3-4 mm, 750 ps; range below is mean +/- 1 SD.
        FluenceGuide(
            nm=532,
            handpiece=FLAT,
            device_class="dual-wavelength ps Nd:YAG, 750 ps",
            fluence_low=0.29,
            fluence_high=0.41,
            spot_mm_low=3.0,
            spot_mm_high=4.0,
            note="mean 0.35 +/- 0.06 J/cm2",
            source=NEGISHI_2018,
        ),
        # Open-label 532 ps: 0.1-0.6 J/cm2, 4-6 mm, 800 ps, 3 monthly treatments.
        FluenceGuide(
            nm=532,
            handpiece=FLAT,
            device_class="532 nm ps, 800 ps",
            fluence_low=0.1,
            fluence_high=0.6,
            spot_mm_low=4.0,
            spot_mm_high=6.0,
            note="3 monthly treatments",
            source=OPEN_LABEL_532,
        ),
        # 730 nm lentigines: 0.8-4.0 J/cm2, 2-5 mm, 4 treatments.
        FluenceGuide(
            nm=730,
            handpiece=FLAT,
            device_class="730 nm Ti:sapphire ps handpiece",
            fluence_low=0.8,
            fluence_high=4.0,
            spot_mm_low=2.0,
            spot_mm_high=5.0,
            note="4 treatments",
            source=LENTIGO_730,
        ),
    ),
    # Negishi: 93% >75% clear after 1, the rest after 2; other protocols 3-4 sessions.
    sessions=SessionRange(low=1, typical=1, high=4, source=NEGISHI_2018),
    # Negishi: re-treat at >= 4 weeks if < 75% improved; other trials monthly.
    interval=IntervalWindow(
        min_days=28, target_days=28, max_days=56, source=NEGISHI_2018, max_source=MONTHLY_CONVENTION
    ),
    expected=(
        SourcedText(
            ">= 75% clearance in 93% of lesions after one 532 ps session; PIH in 4.65% of lesions.",
            NEGISHI_2018,
        ),
        SourcedText(
            "Good-to-excellent clearance in >= 95% of lesions at 1 and 3 months; downtime ~2 days.",
            OPEN_LABEL_532,
        ),
    ),
    maintenance=SourcedText(
        "Daily SPF; treat new lesions as they appear; yearly review (convention).", MCGRAW_HILL
    ),
    relapse=SourcedText(
        "Treated lesions clear durably, but new lentigines form with further sun exposure.",
        MCGRAW_HILL,
    ),
    single_session_evidence=SourcedText(
        "93% of lesions were > 75% clear after one 532 nm picosecond session (Negishi 2018).",
        NEGISHI_2018,
    ),
)

FRECKLES = IndicationProfile(
    indication=Indication.FRECKLES,
    variant="",
    label="Freckles (ephelides)",
    laser_line=LaserLine.FIRST,
    wavelengths=(
        WavelengthUse(nm=532, handpiece=FLAT, note="epidermal pigment", source=KUNG_2019),
        WavelengthUse(nm=1064, handpiece=FLAT, note="alternative", source=KUNG_2019),
    ),
    fluences=(),
    # No freckle-specific ps session count exists; modelled on lentigines (reference 1.2).
    sessions=SessionRange(
        low=1,
        typical=2,
        high=3,
        source=Source(
            "Reference 1.2: modelled on lentigines, no freckle-specific ps data",
            Evidence.CONVENTION,
            unverified=True,
        ),
    ),
    # Kung 2019: 2-6 week intervals; 4 weeks as for lentigines.
    interval=IntervalWindow(min_days=14, target_days=28, max_days=42, source=KUNG_2019),
    expected=(
        SourcedText(
            "> 90% of pigment good or excellent (> 50% lighter) at 1-2 months (mixed cohort).",
            KUNG_2019,
        ),
    ),
    maintenance=SourcedText("Daily SPF; seasonal touch-ups (convention).", FRECKLE_CLINIC),
    relapse=SourcedText(
        "Freckles recur and darken every summer without sun protection.", FRECKLE_CLINIC
    ),
)

SHANKAR_2014 = Source(
    "Shankar K et al. Dermatol Ther (Heidelb) 2014, PMC4257945", Evidence.CONSENSUS
)
SPIERINGS_2020 = Source("Spierings NMK, J Cosmet Dermatol 2020, doi:10.1111/jocd.13182")
LIANG_2023 = Source("Liang S et al. Front Med 2023;10:1132823: ps1064 vs ps755 vs HQ, n=60")
WU_2025 = Source("Wu X et al. Lasers Med Sci 2025: LF ps1064 +/- MLA, split-face, n=30")
XIA_2017 = Source("Xia X et al. J Tissue Eng Reconstr Surg 2017;13:201: ps755 + focus array")
MELASMA_META = Source("Lasers Med Sci 2022;37:2099 meta-analysis, PMID 35122202")
MELASMA_DEFAULTS = Source(
    "Reference 1.3 modelled defaults: 3-5 sessions, some protocols 5-10, 2-4 week intervals "
    "(Liang 2023; Wu 2025; Xia 2017; Choi 2017)"
)

MELASMA = IndicationProfile(
    indication=Indication.MELASMA,
    variant="",
    label="Melasma",
    laser_line=LaserLine.SECOND,
    wavelengths=(
        WavelengthUse(
            nm=1064, handpiece=FLAT, note="low-fluence toning, best arm", source=LIANG_2023
        ),
        WavelengthUse(nm=1064, handpiece=FRAC, note="MLA: fewer recurrences", source=WU_2025),
        WavelengthUse(nm=755, handpiece=FRAC, note="focus lens array", source=XIA_2017),
        WavelengthUse(nm=755, handpiece=FLAT, note="about as good as 2% HQ", source=LIANG_2023),
    ),
    fluences=(
        # Xia 2017: 0.4 J/cm2, 8 mm, 5 Hz, 550 ps, 5 sessions every 3 weeks.
        FluenceGuide(
            nm=755,
            handpiece=FRAC,
            device_class="ps755 alexandrite + focus lens array (PicoSure-class), 550 ps",
            fluence_low=0.4,
            fluence_high=0.4,
            spot_mm_low=8.0,
            spot_mm_high=8.0,
            note="single published setting",
            source=XIA_2017,
        ),
    ),
    sessions=SessionRange(low=3, typical=5, high=10, source=MELASMA_DEFAULTS),
    interval=IntervalWindow(
        min_days=14, target_days=28, max_days=42, source=MELASMA_DEFAULTS, max_source=KUNG_2019
    ),
    expected=(
        SourcedText("MASI fell 47% after 5 ps755 sessions, rebounding within 8 weeks.", XIA_2017),
        SourcedText(
            "Pooled MASI change with picosecond was not significant (WMD -0.58); adjunct only.",
            MELASMA_META,
        ),
    ),
    maintenance=SourcedText(
        "Lifelong photoprotection, maintenance topicals (non-HQ or intermittent triple "
        "combination), monthly follow-up. Any maintenance-laser interval is clinic policy "
        "(UNVERIFIED).",
        SHANKAR_2014,
    ),
    relapse=SourcedText(
        "Chronic and relapsing: 6-month recurrence 20% without MLA vs 3.3% with MLA.", WU_2025
    ),
    first_line_alternatives=(
        SourcedText(
            "Photoprotection plus modified Kligman formula for up to 12 weeks first.", SHANKAR_2014
        ),
        SourcedText(
            "HQ plus retinoid for >= 3 months, plus oral tranexamic acid 250 mg twice daily if not "
            "contraindicated (doctor's prescription).",
            SPIERINGS_2020,
        ),
    ),
)

YU_2018 = Source("Yu W et al. JAAD 2018;79:479: ps755 vs QS755 ABNOM, 6-month intervals")
ABNOM_RETRO = Source("LSM 2020, PMID 32282092: ps755 ABNOM retrospective, n=225")
ABNOM_730 = Source("Dermatol Surg 2025, PMID 39773863: 730 nm ps ABNOM, n=72, FST III-IV")
KOH_HORI = Source("Koh YP, Tan AWM, Chua SH (the-dermatologist.com summary)", Evidence.SECONDARY)
GE_2020 = Source("Ge Y et al. JAAD 2020;83:397: PSAL vs QSAL nevus of Ota, 12-week intervals")

HORI_NEVUS = IndicationProfile(
    indication=Indication.HORI_NEVUS,
    variant="",
    label="Hori's nevus / ABNOM",
    laser_line=LaserLine.FIRST,
    wavelengths=(
        WavelengthUse(nm=755, handpiece=FLAT, note="dermal pigment", source=YU_2018),
        WavelengthUse(nm=730, handpiece=FLAT, note="PIH 5.56%", source=ABNOM_730),
        WavelengthUse(nm=1064, handpiece=FLAT, note="dermal pigment", source=HARDY_EMEDICINE),
    ),
    fluences=(
        # Koh: mean 2.08 J/cm2 with ps755 in 11 Hori patients (secondary summary).
        FluenceGuide(
            nm=755,
            handpiece=FLAT,
            device_class="ps755 alexandrite",
            fluence_low=2.08,
            fluence_high=2.08,
            spot_mm_low=None,
            spot_mm_high=None,
            note="mean fluence only",
            source=KOH_HORI,
        ),
    ),
    # 730 nm: mean 2.42 sessions; Yu: 3 treatments; retrospective: 1-4 sessions.
    sessions=SessionRange(low=2, typical=3, high=4, source=ABNOM_RETRO),
    # Dermal pigment trials in Asians used 12 weeks (Ge 2020, Ota) up to 6 months (Yu 2018).
    interval=IntervalWindow(
        min_days=84, target_days=84, max_days=182, source=GE_2020, max_source=YU_2018
    ),
    expected=(
        SourcedText(
            "> 90% clearance after 1/2/3/4 sessions in 8.9/31.0/56.7/60.0% of patients; PIH 22.7%.",
            ABNOM_RETRO,
        ),
        SourcedText("Clearance score 3.73 vs 2.40 with QS; PIH 27.8% vs 54.4%.", YU_2018),
    ),
    maintenance=SourcedText(
        "Photoprotection and review; durability data not retrieved.", ABNOM_RETRO
    ),
    relapse=SourcedText("Durability data not retrieved.", ABNOM_RETRO),
)

OTA_YANG = Source("Yang 2022 via Garg S et al. J Clin Med 2024, PMC11012689", Evidence.SECONDARY)
OTA_CHILDREN = Source("LSM 2024, PMID 38711166: ps755 nevus of Ota in children, n=305")
OTA_LASER_THER = Source("Laser Ther 2018;27:251, PMID 31182899: 2-3 sessions over 10 months")
WILLIAMS_2020 = Source("Williams NM et al. Lasers Med Sci 2020 meta-analysis, 57 studies")
GE_2020_SETTINGS = Source("Ge 2020 settings via PMC11012689 table", Evidence.SECONDARY)
OTA_1064 = Source("Guangzhou ps1064 retrospective, n=212, 1-11 sessions")

NEVUS_OF_OTA = IndicationProfile(
    indication=Indication.NEVUS_OF_OTA,
    variant="",
    label="Nevus of Ota",
    laser_line=LaserLine.FIRST,
    wavelengths=(
        WavelengthUse(nm=755, handpiece=FLAT, note="first line", source=GE_2020),
        WavelengthUse(nm=1064, handpiece=FLAT, note="alternative", source=OTA_1064),
    ),
    fluences=(
        # Ge 2020: 2-4 mm, 1.59-6.37 J/cm2, 5 Hz.
        FluenceGuide(
            nm=755,
            handpiece=FLAT,
            device_class="ps755 alexandrite",
            fluence_low=1.59,
            fluence_high=6.37,
            spot_mm_low=2.0,
            spot_mm_high=4.0,
            note="split-lesion RCT",
            source=GE_2020_SETTINGS,
        ),
        # Yang 2022: 1.96-2.08 J/cm2, 3.5-4.0 mm.
        FluenceGuide(
            nm=755,
            handpiece=FLAT,
            device_class="ps755 alexandrite",
            fluence_low=1.96,
            fluence_high=2.08,
            spot_mm_low=3.5,
            spot_mm_high=4.0,
            note="retrospective, FST III-IV",
            source=OTA_YANG,
        ),
    ),
    # Typical defaults 2-6 sessions; Yang mean 4.3; Ge up to 6 (mean 5.26).
    sessions=SessionRange(low=2, typical=4, high=6, source=GE_2020),
    # 8-12+ weeks (3-monthly in RCTs); 2-3 sessions spanning 10 months => up to ~5 months apart.
    interval=IntervalWindow(
        min_days=56, target_days=84, max_days=150, source=GE_2020, max_source=OTA_LASER_THER
    ),
    expected=(
        SourcedText("96.5% reached > 95% clearance, mean 4.3 sessions.", OTA_YANG),
        SourcedText(
            "Pooled adverse events 44% with picosecond alexandrite (mostly pigmentary, transient).",
            WILLIAMS_2020,
        ),
    ),
    maintenance=SourcedText("Yearly follow-up for recurrence (convention).", OTA_CHILDREN),
    relapse=SourcedText("Recurrence 6.6% in children after ps755.", OTA_CHILDREN),
)

CALM_LSM_2020 = Source("LSM 2020: PS-755 vs QS-755 vs QS-532 CALM split-lesion, n=41")
BELKIN_2017 = Source("Belkin DA et al. JAMA Dermatol 2017;153:1158, PMC5817474")

CAFE_AU_LAIT = IndicationProfile(
    indication=Indication.CAFE_AU_LAIT,
    variant="",
    label="Cafe-au-lait macules",
    laser_line=LaserLine.FIRST,
    wavelengths=(
        WavelengthUse(nm=755, handpiece=FLAT, note="fewest adverse events", source=CALM_LSM_2020),
        WavelengthUse(nm=532, handpiece=FLAT, note="similar efficacy", source=CALM_LSM_2020),
        WavelengthUse(
            nm=1064,
            handpiece=FLAT,
            note="ps Nd:YAG 532/1064",
            source=Source("Byun SJ et al. Med Lasers 2024;13:25"),
        ),
    ),
    fluences=(),
    # "Several treatments" only: no published picosecond session count.
    sessions=SessionRange(
        low=2,
        typical=3,
        high=5,
        source=Source(
            "LSM 2020 'several treatments'; count is a house estimate",
            Evidence.CONVENTION,
            unverified=True,
        ),
    ),
    interval=IntervalWindow(
        min_days=84,
        target_days=84,
        max_days=182,
        source=CALM_LSM_2020,
        max_source=Source("Reference 8: review at 3-6 months", Evidence.CONVENTION),
    ),
    expected=(
        SourcedText(
            "No difference between PS-755, QS-755 and QS-532; 46.7% satisfied.", CALM_LSM_2020
        ),
        SourcedText(
            "Irregular ('coast of Maine') borders respond well (3.67/4); smooth ones fair (1.76).",
            BELKIN_2017,
        ),
    ),
    maintenance=SourcedText("Warn before treatment; review at 3-6 months.", CALM_LSM_2020),
    relapse=SourcedText("Recurrence in 26.3% within 1-5 months.", CALM_LSM_2020),
    test_spot=TestSpotRule(
        required=True,
        reason="Responses vary; the authors recommend patch (test) spots.",
        source=CALM_LSM_2020,
    ),
)

PIH_CASES = Source("Med Lasers 2018;7:52 and 2019;8:32: ps1064 case reports")
PIH_COURSE = Source(
    "Ren R et al. CCID 2021;14:1459 (ps755, '2-3 courses', read as treatments); Med Lasers "
    "2018;7:52 and 2019;8:32 (ps1064: 3 sessions, or 5 weekly); Byun SJ et al. Med Lasers "
    "2024;13:25 (PIH needed the most sessions of any indication)"
)
REN_2021 = Source("Ren R et al. Clin Cosmet Investig Dermatol 2021;14:1459, PMC8520414")
PIH_SECOND_LINE = Source("Am J Clin Dermatol 2023, doi:10.1007/s40257-023-00759-7")
DAVIS_2010 = Source("Davis EC, Callender VD. J Clin Aesthet Dermatol 2010;3(7):20-31")

PIH = IndicationProfile(
    indication=Indication.PIH,
    variant="",
    label="Post-inflammatory hyperpigmentation",
    laser_line=LaserLine.SECOND,
    wavelengths=(
        WavelengthUse(nm=1064, handpiece=FLAT, note="case reports", source=PIH_CASES),
        WavelengthUse(nm=755, handpiece=FRAC, note="DLA, case reports", source=REN_2021),
        WavelengthUse(nm=755, handpiece=FLAT, note="zoom handpiece", source=REN_2021),
    ),
    fluences=(),
    # Ren 2021: 2-3 treatments; case reports: 3 sessions, or 5 weekly; Byun 2024: PIH needed
    # the most sessions of any indication, so the high end stays at the longest published course.
    sessions=SessionRange(low=2, typical=3, high=5, source=PIH_COURSE),
    interval=IntervalWindow(
        min_days=7,
        target_days=28,
        max_days=28,
        source=PIH_CASES,
        max_source=Source("House convention: monthly, as for other pigment", Evidence.CONVENTION),
    ),
    expected=(
        SourcedText(
            "Near-complete clearance after 3 sessions, or 5 weekly ones (ps1064 case reports).",
            PIH_CASES,
        ),
        SourcedText(
            "Significant-to-complete clearance after 2-3 ps755 courses, none back at 3 years.",
            REN_2021,
        ),
    ),
    maintenance=SourcedText(
        "Control the underlying inflammation (acne, eczema); photoprotection.", REN_2021
    ),
    relapse=SourcedText("No recurrence over 3 years in two picosecond cases.", REN_2021),
    first_line_alternatives=(
        SourcedText("Topical agents first; laser is second line.", PIH_SECOND_LINE),
        SourcedText("Treat the cause and use photoprotection before any laser.", DAVIS_2010),
    ),
)

PIGMENT_PROFILES = (
    SOLAR_LENTIGINES,
    FRECKLES,
    MELASMA,
    HORI_NEVUS,
    NEVUS_OF_OTA,
    CAFE_AU_LAIT,
    PIH,
)
