"""The plan the patient takes home: an HTML template rendered to PDF by WeasyPrint.

Plain words per concern (what to expect, how many sessions and how far apart in weeks, what
goes with the laser), the aftercare in short from the clinical core, the estimate's caveat and
the clinic's contact. Fonts are DejaVu (installed with WeasyPrint's Debian dependencies).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy

from picoclinic.clinical.aftercare import ItemKind, aftercare_plan
from picoclinic.clinical.common import BodySite, ClinicalInputError, Fitzpatrick, Indication
from picoclinic.plans import wording
from picoclinic.plans.catalogue import concern_profile
from picoclinic.plans.instructions import patient_words, plan_instructions
from picoclinic.plans.models import PlanItem, PlanStatus, TreatmentPlan
from picoclinic.plans.selectors import plan_valid_approval
from picoclinic.web import patient_words as patient_wording

# How many lines of each kind the printout keeps: the full aftercare comes after each session.
AFTERCARE_HEADLINES = {ItemKind.NORMAL: 3, ItemKind.DO: 3, ItemKind.AVOID: 4, ItemKind.RED_FLAG: 4}
AFTERCARE_HEADINGS = {
    ItemKind.NORMAL: "What is normal",
    ItemKind.DO: "What to do",
    ItemKind.AVOID: "What to avoid",
    ItemKind.RED_FLAG: "Call us if you notice",
}
ESTIMATE_NOTE = gettext_lazy(
    "The number of sessions is an estimate from published studies and the clinic's "
    "experience, not a promise: your practitioner reviews it with you at each session."
)
NOT_APPROVED_NOTE = (
    "Draft: this plan has not been approved yet and may change before your first session."
)


@dataclass
class AftercareLine:
    text: str
    when: str


@dataclass
class PrintedItem:
    item: PlanItem
    sessions: str
    interval: str
    course: str
    aftercare: list[tuple[str, list[AftercareLine]]]
    caveat: str
    # The patient's words (web.patient_words): the staff's plan text keeps the clinical detail.
    concern: str = ""
    results: str = ""
    keeping: str = ""
    adjuncts: str = ""
    sources: tuple[str, ...] = ()


def _aftercare(item: PlanItem, *, fitzpatrick: int, history: dict, today: date):
    concern = item.concern
    indication = Indication(concern.indication)
    site = BodySite(concern.body_site)
    try:
        plan = aftercare_plan(
            indication=indication,
            body_site=site,
            fitzpatrick=Fitzpatrick(fitzpatrick),
            treated_on=today,
            fractional=item.handpiece == "fractional",
            periocular=concern.periocular and site is BodySite.FACE,
            tattoo_ink_cosmetic=bool(history.get("tattoo_ink_cosmetic"))
            and indication is Indication.TATTOO,
        )
    except ClinicalInputError:
        return []
    sections = []
    for kind, keep in AFTERCARE_HEADLINES.items():
        chosen = plan.timeline if kind is ItemKind.NORMAL else plan.of_kind(kind)
        lines = [
            AftercareLine(
                patient_wording.plain(a.text), wording.aftercare_when(a, treated_on=today)
            )
            for a in chosen[:keep]
        ]
        sections.append((AFTERCARE_HEADINGS[kind], lines))
    return sections


def _printed(item: PlanItem, *, fitzpatrick: int, history: dict, today: date) -> PrintedItem:
    return PrintedItem(
        item=item,
        sessions=wording.sessions(item.sessions),
        interval=wording.interval(
            min_days=item.interval_min_days,
            target_days=item.interval_target_days,
            max_days=item.interval_max_days,
        ),
        course=wording.course_length(count=item.sessions, target_days=item.interval_target_days),
        aftercare=_aftercare(item, fitzpatrick=fitzpatrick, history=history, today=today),
        caveat=str(ESTIMATE_NOTE) if item.estimate else "",
        concern=patient_wording.concern(item.concern.indication),
        results=patient_wording.results_when(item.concern.indication),
        keeping=patient_wording.maintenance(item.concern.indication),
        adjuncts=patient_wording.plain(item.adjuncts),
        sources=_sources(item),
    )


def _sources(item: PlanItem) -> tuple[str, ...]:
    """Where the numbers come from, as readable citations (the catalogue's sources for the
    session count, the results and their upkeep)."""
    try:
        profile = concern_profile(item.concern)
    except (ClinicalInputError, ValueError):
        return ()
    found = [profile.sessions.source, *(e.source for e in profile.expected[:1])]
    found.append(profile.maintenance.source)
    return tuple(dict.fromkeys(patient_wording.citation(s) for s in found))


def printout_context(plan: TreatmentPlan, *, today: date) -> dict:
    consultation = plan.consultation
    history = consultation.medical_history or {}
    items = sorted(plan.items.all(), key=lambda item: (item.position, item.pk))
    approval = plan_valid_approval(plan)
    return {
        "plan": plan,
        "patient": plan.patient,
        "clinic": plan.clinic,
        "today": today,
        "approval": approval,
        "draft_note": "" if approval else NOT_APPROVED_NOTE,
        "stopped": plan.status == PlanStatus.STOPPED,
        "instructions": [patient_words(i) for i in plan_instructions(plan)],
        "items": [
            _printed(i, fitzpatrick=consultation.fitzpatrick, history=history, today=today)
            for i in items
        ],
    }


def printout_html(plan: TreatmentPlan, *, today: date) -> str:
    return render_to_string("plans/plan_pdf.html", printout_context(plan, today=today))


def printout_pdf(plan: TreatmentPlan, *, today: date) -> bytes:
    """The PDF bytes. Imports WeasyPrint lazily: it loads pango, which is slow to start."""
    from weasyprint import HTML

    return HTML(string=printout_html(plan, today=today)).write_pdf()
