"""The aftercare items, by concern. Content is from shared/clinical-reference.md section 6.

Most durations are clinic convention (the reference's section 9, gap 6): their sources say CLINIC.
Each builder takes an ``AftercareCase`` and returns the items that apply to it; dates count from
the treatment day, so no item starts or ends before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from picoclinic.clinical.aftercare_model import AftercareItem, ItemKind, Topic
from picoclinic.clinical.common import BodySite, Evidence, Fitzpatrick, Indication, Source
from picoclinic.clinical.screening_model import add_months

PR = Evidence.PEER_REVIEWED
CLINIC = Evidence.CLINIC

CLINIC_AFTERCARE = Source(
    "Clinic aftercare pages: miamibeachlaserandaesthetics.com, theretreatrx.com, "
    "losfelizmedspa.com, renewlasermed.com",
    CLINIC,
)
CLINIC_TATTOO = Source(
    "Tattoo clinic pages: evolvetattooremoval, renewlasermed, neotattooremoval, vanishdfw, "
    "guilfordaesthetics",
    CLINIC,
)
CLINIC_RED_FLAGS = Source(
    "Compiled from miamibeachlaserandaesthetics.com, theretreatrx.com, evolvetattooremoval.biz",
    CLINIC,
)
BSWEET = Source("bsweet.shop aftercare page", CLINIC)
SPF_TEXTBOOK = Source(
    "Laser textbook excerpt, via 78stepshealth (SPF 30 or more)", Evidence.SECONDARY
)
SPF_TRIAL = Source("NCT03040089 melasma RCT: daily SPF 50 throughout", PR)
PIH_DARKER = Source(
    "Manuskiatti W. JEADV 2013, doi:10.1111/jdv.12050 (PIH more common in III-VI)", PR
)

PIGMENT_CRUSTING = frozenset(
    {Indication.SOLAR_LENTIGINES, Indication.FRECKLES, Indication.CAFE_AU_LAIT}
)
LIFELONG_SPF = frozenset({Indication.MELASMA, Indication.SOLAR_LENTIGINES, Indication.FRECKLES})
MAKEUP_SITES = frozenset({BodySite.FACE, BodySite.NECK})


@dataclass(frozen=True, slots=True, kw_only=True)
class AftercareCase:
    indication: Indication
    body_site: BodySite
    fitzpatrick: Fitzpatrick
    treated_on: date
    fractional: bool
    periocular: bool
    tattoo_ink_cosmetic: bool

    @property
    def tattoo(self) -> bool:
        return self.indication is Indication.TATTOO

    @property
    def darker(self) -> bool:
        """Types III-VI: PIH is more common, so sun rules are stricter."""
        return self.fitzpatrick >= Fitzpatrick.III

    def day(self, offset: int) -> date:
        return self.treated_on + timedelta(days=offset)


def _item(
    case: AftercareCase,
    kind: ItemKind,
    topic: Topic,
    text: str,
    *sources: Source,
    until: int | date | None = None,
    starts: int = 0,
) -> AftercareItem:
    end = case.day(until) if isinstance(until, int) else until
    return AftercareItem(
        kind=kind, topic=topic, text=text, starts_on=case.day(starts), until=end, sources=sources
    )


def normal_course(case: AftercareCase) -> list[AftercareItem]:
    """What to expect, and for how long."""
    items = _redness_and_swelling(case)
    if case.fractional:
        items.append(
            _item(
                case,
                ItemKind.NORMAL,
                Topic.BLEEDING,
                "Pinpoint bleeding or tiny red dots (petechiae); more common with picosecond "
                "fractional treatment than with other fractional lasers.",
                BSWEET,
                Source("Li J et al. J Cosmet Dermatol 2023, PMID 37310182", PR),
                until=5,
            )
        )
    if case.indication in PIGMENT_CRUSTING:
        items.append(
            _item(
                case,
                ItemKind.NORMAL,
                Topic.CRUSTS,
                "Treated spots darken over 1-2 days, then form fine crusts that flake off by "
                "themselves, usually by day 5-14.",
                Source("theretreatrx.com, miamibeachlaserandaesthetics.com", CLINIC),
                Source("532 nm picosecond open-label lentigines trial (downtime 2.1 days)", PR),
                until=14,
            )
        )
    if case.tattoo:
        items += _tattoo_course(case)
    if case.darker:
        items.append(
            _item(
                case,
                ItemKind.NORMAL,
                Topic.PIGMENT,
                "Darker patches (post-inflammatory hyperpigmentation) are more likely in your "
                "skin type. When they occur they usually fade within 1-2 months; tell us if "
                "you see them.",
                Source("Yu W et al. JAAD 2018 (mean 1.3 months)", PR),
                PIH_DARKER,
                until=60,
            )
        )
    return items


def _redness_and_swelling(case: AftercareCase) -> list[AftercareItem]:
    if case.fractional:
        redness = _item(
            case,
            ItemKind.NORMAL,
            Topic.REDNESS,
            "Redness and mild swelling; most settle within hours, at the latest in 2 days.",
            Source("Khetarpal S et al. Lasers Surg Med 2016;48:723-726", PR, unverified=True),
            Source("Weiss RA et al. Lasers Surg Med 2017;49:40-44", PR),
            until=2,
        )
    elif case.indication is Indication.MELASMA:
        redness = _item(
            case,
            ItemKind.NORMAL,
            Topic.REDNESS,
            "Redness for about 30-60 minutes after low-fluence toning.",
            Source("Kauvar 2012 (Q-switched toning)", PR),
            until=0,
        )
    else:
        redness = _item(
            case,
            ItemKind.NORMAL,
            Topic.REDNESS,
            "Redness over the treated area, settling over the first days.",
            CLINIC_AFTERCARE,
            until=3,
        )
    swelling = _item(
        case,
        ItemKind.NORMAL,
        Topic.SWELLING,
        "Swelling for 1-4 days, worst on the first morning (under the eyes after facial work).",
        BSWEET,
        until=4,
    )
    return [redness, swelling]


def _tattoo_course(case: AftercareCase) -> list[AftercareItem]:
    saedi = Source("Saedi N et al. Arch Dermatol 2012;148:1360-1363", PR)
    return [
        _item(
            case,
            ItemKind.NORMAL,
            Topic.FROSTING,
            "White frosting over the tattoo right after treatment; it fades within 20 minutes.",
            Source("evolvetattooremoval, invisibleink", CLINIC),
            until=0,
        ),
        _item(
            case,
            ItemKind.NORMAL,
            Topic.BLISTERS,
            "Blisters and crusts may appear within 8-72 hours and last 1-2 weeks.",
            saedi,
            CLINIC_TATTOO,
            until=14,
        ),
        _item(
            case,
            ItemKind.NORMAL,
            Topic.HEALING,
            "The skin takes 4-8 weeks to heal completely; the ink keeps fading in that time.",
            CLINIC_TATTOO,
            until=56,
        ),
    ]


def what_to_do(case: AftercareCase) -> list[AftercareItem]:
    """Care steps: cooling, moisturising, dressing, sunscreen, topicals."""
    items = [
        _item(
            case,
            ItemKind.DO,
            Topic.COOLING,
            "Cool compresses for about 10 minutes every hour on the day of treatment.",
            Source("losfelizmedspa.com, theretreatrx.com", CLINIC),
            until=0,
        ),
        _item(
            case,
            ItemKind.DO,
            Topic.MOISTURISE,
            "Moisturise with a plain, fragrance-free emollient until the skin has healed.",
            CLINIC_AFTERCARE,
            until=14 if case.tattoo else 7,
        ),
        _sunscreen(case),
    ]
    if case.tattoo:
        items.append(
            _item(
                case,
                ItemKind.DO,
                Topic.DRESSING,
                "Keep a thin layer of ointment and a non-stick dressing on the tattoo for 3 days.",
                CLINIC_TATTOO,
                until=3,
            )
        )
    if case.indication is Indication.MELASMA:
        items.append(
            _item(
                case,
                ItemKind.DO,
                Topic.TOPICALS,
                "Keep using your prescribed pigment creams (restart 24 hours after treatment "
                "unless told otherwise) and a gentle skincare routine; melasma needs ongoing care.",
                Source(
                    "Shankar K et al. Dermatol Ther (Heidelb) 2014, PMC4257945", Evidence.CONSENSUS
                ),
                BSWEET,
                starts=1,
            )
        )
    return items


def _sunscreen(case: AftercareCase) -> AftercareItem:
    strength = "SPF 50" if case.darker or case.indication is Indication.MELASMA else "SPF 30+"
    text = f"Broad-spectrum {strength} sunscreen every day on treated skin that sees light"
    if case.indication is Indication.MELASMA:
        text += " - for life; a tinted (iron-oxide) sunscreen also blocks visible light"
        sources = (
            SPF_TRIAL,
            Source(
                "Melasma lifelong photoprotection; tinted sunscreen advice",
                Evidence.CONVENTION,
                unverified=True,
            ),
        )
        return _item(case, ItemKind.DO, Topic.SUN, f"{text}.", *sources)
    if case.indication in LIFELONG_SPF:
        text += "; keep it up long-term, because new spots form with sun"
        return _item(
            case,
            ItemKind.DO,
            Topic.SUN,
            f"{text}.",
            SPF_TEXTBOOK,
            Source("Maintenance practice, reference section 8", Evidence.CONVENTION),
        )
    until = add_months(case.treated_on, 3) if case.darker or case.tattoo else case.day(42)
    sources = (SPF_TEXTBOOK, Source("evolvetattooremoval; renewlasermed", CLINIC))
    return _item(case, ItemKind.DO, Topic.SUN, f"{text}.", *sources, until=until)


def what_to_avoid(case: AftercareCase) -> list[AftercareItem]:
    """Things to avoid, each with the date it is fine again."""
    healed = 14 if case.tattoo or case.indication in PIGMENT_CRUSTING else 7
    items = [
        _item(
            case,
            ItemKind.AVOID,
            Topic.SUN,
            "Direct sun, sunbeds and self-tanner on the treated area.",
            CLINIC_AFTERCARE,
            until=14 if case.darker or case.tattoo else 7,
        ),
        _item(
            case,
            ItemKind.AVOID,
            Topic.ACTIVES,
            "Retinoids, acids (AHA/BHA, glycolic, salicylic), benzoyl peroxide, vitamin C and "
            "scrubs on the area; wait longer if it has not fully healed.",
            Source("losfelizmedspa.com, theretreatrx.com, miamibeach (5-7 days)", CLINIC),
            until=healed,
        ),
        _item(
            case,
            ItemKind.AVOID,
            Topic.HEAT,
            "Hot baths, sauna, hard exercise and swimming pools"
            + (" until the tattoo has healed." if case.tattoo else "."),
            Source("miamibeach; guilfordaesthetics; renewlasermed", CLINIC),
            until=14 if case.tattoo else 2,
        ),
        _item(
            case,
            ItemKind.AVOID,
            Topic.PICKING,
            "Picking, scratching or peeling crusts and blisters: it can leave marks or scars.",
            CLINIC_AFTERCARE,
            until=healed,
        ),
        _item(
            case,
            ItemKind.AVOID,
            Topic.PROCEDURES,
            "Waxing, electrolysis, peels and other treatments on the area.",
            Source("theretreatrx.com (14 days); miamibeach (at least 1 week)", CLINIC),
            until=14,
        ),
    ]
    makeup = _makeup(case)
    return items + ([makeup] if makeup else [])


def _makeup(case: AftercareCase) -> AftercareItem | None:
    if case.tattoo:
        return _item(
            case,
            ItemKind.AVOID,
            Topic.MAKEUP,
            "Make-up and heavy lotions on the tattoo.",
            CLINIC_TATTOO,
            until=7,
        )
    if case.body_site not in MAKEUP_SITES:
        return None
    return _item(
        case,
        ItemKind.AVOID,
        Topic.MAKEUP,
        "Make-up on the treated area for the first day.",
        Source("miamibeachlaserandaesthetics.com (12-24 hours)", CLINIC),
        until=1,
    )


def red_flags(case: AftercareCase) -> list[AftercareItem]:
    """When to call the clinic. Open-ended: they apply until the area has fully settled."""
    later = 3 if case.body_site is BodySite.FACE and not case.tattoo else 7
    flags = [
        ("Redness or swelling that gets worse, or lasts beyond the expected days.", later),
        ("Severe or increasing pain.", 0),
        ("Spreading redness, warmth, pus, yellow (honey) crusts, fever or chills.", 0),
        ("Clustered small blisters or a cold sore (herpes may have flared).", 0),
        ("Dark marks that persist or spread after the crusts have gone, or new white patches.", 14),
        ("A raised, thick or itchy area where you were treated.", 14),
    ]
    if not case.tattoo:
        flags.append(("Blisters on the treated skin.", 0))
    if case.tattoo and case.tattoo_ink_cosmetic:
        flags.append(("The tattoo turns grey or black (paradoxical darkening).", 0))
    if case.periocular:
        flags.append(("Any change in vision - a spot, blur or flashes: call at once.", 0))
    return [
        _item(case, ItemKind.RED_FLAG, Topic.CALL_US, text, CLINIC_RED_FLAGS, starts=starts)
        for text, starts in flags
    ]
