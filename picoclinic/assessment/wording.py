"""The core's answer in a person's words: each statement with its sources as readable
citations (never an internal reference or a flag: a weak source reads "estimate")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as N_
from django.utils.translation import ngettext

from picoclinic.clinical.aftercare import aftercare_plan
from picoclinic.clinical.aftercare_model import ItemKind, Topic
from picoclinic.clinical.common import Fitzpatrick, Indication, Source
from picoclinic.clinical.estimate import Estimate, Recommendation
from picoclinic.clinical.estimate_rules import KD_SOURCE
from picoclinic.clinical.estimate_single import inks_present
from picoclinic.clinical.indications_model import LaserLine
from picoclinic.clinical.indications_tattoo import INK_PROFILES
from picoclinic.clinical.screening_model import Outcome, RuleCode, RuleResult, ScreeningReport
from picoclinic.clinical.skin import QUESTIONNAIRE_SOURCE, QuestionnaireResult
from picoclinic.web.patient_words import citation, results_when, weak
from picoclinic.web.patient_words import maintenance as patient_maintenance

if TYPE_CHECKING:  # django-stubs' name for text that is either plain or translated lazily
    from django_stubs_ext import StrOrPromise


# What a person sees in the days after: the visible parts of the core's normal course.
VISIBLE = frozenset({Topic.REDNESS, Topic.SWELLING, Topic.CRUSTS, Topic.BLEEDING, Topic.FROSTING})
SCARS_AND_TEXTURE = frozenset({Indication.ACNE_SCARS, Indication.REJUVENATION})


@dataclass(frozen=True)
class Cited:
    """One statement and where it comes from (readable citations)."""

    text: str
    sources: tuple[str, ...]
    estimate: bool = False


def readable(source: Source) -> str:
    return citation(source)


def cited(text: str, *sources: Source | None) -> Cited:
    found = tuple(dict.fromkeys(s for s in sources if s is not None))
    readable = tuple(dict.fromkeys(citation(s) for s in found))
    return Cited(text, readable, estimate=any(weak(s) for s in found))


def weeks(days_low: int, days_high: int) -> str:
    low, high = round(days_low / 7), round(days_high / 7)
    if low == high:
        return ngettext("%(n)d week", "%(n)d weeks", low) % {"n": low}
    return _("%(low)d to %(high)d weeks") % {"low": low, "high": high}


def skin_type(result: QuestionnaireResult) -> Cited:
    roman = result.fitzpatrick.roman
    if result.needs_clinician_confirmation:
        roman = _("V or VI")
    text = _(
        "Your answers suggest skin type %(type)s, on a scale from I (very fair skin that always "
        "burns) to VI (deeply pigmented skin that never burns). The practitioner confirms it by "
        "looking at your skin."
    ) % {"type": roman}
    return cited(text, QUESTIONNAIRE_SOURCE)


def _session_sources(estimate: Estimate) -> tuple[Source, ...]:
    base = KD_SOURCE if estimate.kirby_desai else estimate.profile.sessions.source
    return (base, *(f.source for f in estimate.factors))


def one_session(estimate: Estimate) -> Cited:
    evidence = estimate.profile.single_session_evidence
    if estimate.one_session_may_suffice and evidence is not None:
        return cited(
            _(
                "One session may be enough. For a small, faint spot like this, most spots "
                "treated in a study were clear after one session; the rest needed a second."
            ),
            evidence.source,
        )
    if estimate.concern.indication is Indication.TATTOO:
        text = _("Probably not: tattoos fade over a course of sessions.")
    elif estimate.laser_line is LaserLine.SECOND:
        text = _(
            "Probably not: for this, creams and sun protection come first, and laser helps "
            "alongside them over several sessions."
        )
    elif estimate.sessions.low == 1:
        text = _(
            "Not known: no study has shown one session to be enough for this, so plan for a "
            "short course; sometimes one is enough."
        )
    else:
        text = _("Probably not: for this, a short course of sessions is usual.")
    return cited(text, *_session_sources(estimate))


def sessions(estimate: Estimate) -> Cited:
    s = estimate.sessions
    if s.low == s.high:
        text = ngettext("About %(n)d session.", "About %(n)d sessions.", s.low) % {"n": s.low}
    else:
        text = _("Likely %(low)d to %(high)d sessions, most often %(typical)d.") % {
            "low": s.low,
            "high": s.high,
            "typical": s.typical,
        }
    return cited(text, *_session_sources(estimate))


def spacing(estimate: Estimate) -> Cited:
    w = estimate.interval
    text = _("Sessions are spaced %(weeks)s apart, so the skin can heal in between.") % {
        "weeks": weeks(w.min_days, w.max_days)
    }
    profile = estimate.profile
    return cited(text, profile.interval.source, profile.interval.max_source)


def course(estimate: Estimate) -> Cited:
    c = estimate.course_weeks
    if estimate.sessions.high == 1:
        text = _("One visit, then a check of the result.")
    elif estimate.sessions.low == 1:
        text = _(
            "A single visit, or up to about %(high)d weeks from the first to the last session."
        ) % {"high": round(c.high)}
    elif c.low == c.high:
        text = _("From the first to the last session: about %(n)d weeks.") % {"n": round(c.high)}
    else:
        text = _("From the first to the last session: about %(low)d to %(high)d weeks.") % {
            "low": round(c.low),
            "high": round(c.high),
        }
    profile = estimate.profile
    return cited(text, *_session_sources(estimate), profile.interval.source)


def downtime(estimate: Estimate, *, today: date) -> Cited:
    concern = estimate.concern
    plan = aftercare_plan(
        indication=concern.indication,
        body_site=concern.body_site,
        fitzpatrick=Fitzpatrick.I,  # the visible course, not the darker-skin pigment warning
        treated_on=today,
        fractional=concern.indication in SCARS_AND_TEXTURE,
        periocular=False,
    )
    items = [i for i in plan.of_kind(ItemKind.NORMAL) if i.topic in VISIBLE and i.until]
    if not items:
        return cited(_("Usually little to see afterwards."))
    days = max((i.until - today).days for i in items if i.until)
    text = ngettext(
        "Redness, swelling or small crusts usually settle within %(n)d day.",
        "Redness, swelling or small crusts usually settle within %(n)d days.",
        days,
    ) % {"n": days}
    return cited(text, *(s for i in items for s in i.sources))


def results(estimate: Estimate) -> Cited:
    profile = estimate.profile
    source = profile.expected[0].source if profile.expected else None
    return cited(results_when(estimate.concern.indication), source)


def maintenance(estimate: Estimate) -> Cited:
    profile = estimate.profile
    text = patient_maintenance(estimate.concern.indication)
    return cited(text, profile.maintenance.source, profile.relapse.source)


RULE_WORDS: dict[RuleCode, StrOrPromise] = {
    RuleCode.ISOTRETINOIN: N_(
        "You take, or recently took, isotretinoin. Current guidance finds no "
        "need to wait for this kind of laser; some clinics still ask you to wait 6 months."
    ),
    RuleCode.PHOTOSENSITISING_DRUGS: N_(
        "Some medicines make skin react to light: bring their names to the consultation."
    ),
    RuleCode.PREGNANCY_OR_IVF: N_("Laser treatment for looks is put off during pregnancy and IVF."),
    RuleCode.ACTIVE_INFECTION_AT_SITE: N_(
        "A cold sore or infection must heal before that skin is treated."
    ),
    RuleCode.HSV_PROPHYLAXIS: N_(
        "As you get cold sores, the doctor may give you tablets that "
        "prevent one after treatment near the mouth."
    ),
    RuleCode.KELOID_HISTORY: N_(
        "As your skin tends to form thick scars, a small test spot comes first."
    ),
    RuleCode.RECENT_TAN: N_("Tanned skin is treated only once the tan has faded."),
    RuleCode.MELASMA_PIH_RISK: N_(
        "Melasma can darken after laser: creams and sun protection come "
        "first, and settings are gentle."
    ),
    RuleCode.COSMETIC_TATTOO_INK: N_(
        "White, skin-coloured or pink ink can turn dark under laser: a test spot comes first."
    ),
    RuleCode.PERIOCULAR: N_(
        "Treatment close to the eyes needs eye shields and the doctor's agreement."
    ),
    RuleCode.CALM_TEST_SPOT: N_(
        "These marks respond differently from person to person: a test spot comes first."
    ),
    RuleCode.NF1_CRITERIA: N_(
        "Six or more of these marks should be seen by a doctor before any treatment."
    ),
}
OUTCOME_WORDS: dict[Outcome, StrOrPromise] = {
    Outcome.PRECAUTION: N_("To plan for"),
    Outcome.DOCTOR_REVIEW: N_("The doctor looks first"),
    Outcome.DEFER: N_("Treatment waits"),
    Outcome.DO_NOT_TREAT: N_("Not by laser for now"),
}


def _rule(result: RuleResult) -> Cited:
    words = RULE_WORDS.get(
        result.code, N_("Something in your answers needs the doctor's look first.")
    )
    text = f"{OUTCOME_WORDS[result.outcome]}: {words}"
    return cited(text, *result.sources)


def before_treatment(estimate: Estimate, report: ScreeningReport) -> list[Cited]:
    """What needs the doctor (or waiting, or a test spot) first, most serious first."""
    found = sorted(
        (r for r in report.results if r.triggered and r.outcome is not Outcome.PROCEED),
        key=lambda r: -r.outcome.rank,
    )
    items = [_rule(r) for r in found]
    if estimate.recommendation is not Recommendation.PROCEED:
        items.append(
            cited(
                _(
                    "The doctor looks first: earlier treatment did not help as expected, so "
                    "the plan is decided with the doctor."
                ),
                *(f.source for f in estimate.factors),
            )
        )
    if estimate.test_spot_required and not any("test spot" in i.text for i in items):
        inks = inks_present(estimate.concern)
        sources = [estimate.profile.test_spot.source]
        sources += [
            INK_PROFILES[i].test_spot.source for i in inks if INK_PROFILES[i].test_spot.required
        ]
        items.append(cited(_("A small test spot comes first."), *sources))
    return items
