"""The doctor's structured instructions on a plan: what each one enforces, its parameters and
its source (``/work/shared/clinical-reference.md`` section 4.2 and 5).

An instruction is decision support turned into a rule the product keeps: the treatment
checklist waits for it, the settings check at the chair refuses a fluence above a cap, and
series booking puts the test spot (and its reading) before session 1. A doctor passes a
blocked item or setting with a reason, as for every other block.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from picoclinic.plans.models import InstructionKind, PlanInstruction, TreatmentPlan

if TYPE_CHECKING:  # django-stubs' name for text that is either plain or translated lazily
    from django_stubs_ext import StrOrPromise


# The reading of a test spot: "about 3 mm in the least visible area, review at 1-2 weeks"
# (clinicalpub textbook chapter on cosmetic tattoos, reference 1.8 [2ry]). The longer end is
# the default; the doctor may set 7 to 90 days.
READING_DAYS_DEFAULT = 14
READING_DAYS_MIN = 7
READING_DAYS_MAX = 90
FLUENCE_CAP_MAX = Decimal("50")


@dataclass(frozen=True)
class InstructionRule:
    kind: InstructionKind
    enforces: StrOrPromise
    source: str


RULES: dict[str, InstructionRule] = {
    InstructionKind.TEST_SPOT_FIRST: InstructionRule(
        InstructionKind.TEST_SPOT_FIRST,
        _(
            "The checklist blocks until the test spot has been done and read; series booking "
            "puts the test spot first and session 1 no earlier than its reading."
        ),
        "Test spots before treating: keloid history (Candela policy [CLINIC]), café-au-lait "
        "macules (Lasers Surg Med 2020 [PR]), cosmetic, white or red tattoos (clinicalpub "
        "chapter [2ry]); reading at 1-2 weeks (clinicalpub chapter [2ry]).",
    ),
    InstructionKind.LOWER_FLUENCE: InstructionRule(
        InstructionKind.LOWER_FLUENCE,
        _(
            "No setting above the cap is recorded at the chair without a doctor's override; "
            "the checklist asks for the laser to be set at or below it."
        ),
        "Start with a lower fluence and titrate up (McGraw-Hill AccessDermatology, laser "
        "treatment of pigmented lesions and tattoos [2ry]); keloid history: lower fluence "
        "(78stepshealth [2ry]; Candela policy [CLINIC]).",
    ),
    InstructionKind.ANTIVIRAL: InstructionRule(
        InstructionKind.ANTIVIRAL,
        _("The checklist blocks until the practitioner confirms the antiviral was taken."),
        "Valacyclovir 500 mg twice daily from the day before (Gilbert & McBurney, Dermatol "
        "Surg 2000;26:50-54 [PR]); data from ablative resurfacing, used by judgment for "
        "picosecond treatment (Brauer 2015 [2ry]).",
    ),
    InstructionKind.COOLING: InstructionRule(
        InstructionKind.COOLING,
        _("The checklist blocks until the practitioner confirms cooling is ready."),
        "House rule: cooling as the doctor instructs (no picosecond trial of cooling in the "
        "clinical reference; contact or air cooling is a precaution in Raynaud's, Candela "
        "policy [CLINIC]). UNVERIFIED.",
    ),
}


def instruction_words(instruction: PlanInstruction) -> str:
    """One line saying the instruction with its parameters, for the plan, PDF and session."""
    label = str(instruction.get_kind_display())
    if instruction.kind == InstructionKind.LOWER_FLUENCE and instruction.fluence_cap is not None:
        label = _("Lower fluence: at most %(cap)s J/cm²") % {"cap": instruction.fluence_cap}
    elif instruction.kind == InstructionKind.TEST_SPOT_FIRST:
        label = _("Test spot first, read after %(days)s days before session 1") % {
            "days": reading_days(instruction)
        }
    return f"{label}. {instruction.note}" if instruction.note else str(label)


def reading_days(instruction: PlanInstruction) -> int:
    return instruction.reading_days or READING_DAYS_DEFAULT


def plan_instructions(plan: TreatmentPlan) -> list[PlanInstruction]:
    """The plan's instructions (a prefetch is used when present)."""
    return sorted(plan.instructions.all(), key=lambda i: (i.kind, i.pk or 0))


def instruction_of(plan: TreatmentPlan, kind: InstructionKind) -> PlanInstruction | None:
    return next((i for i in plan_instructions(plan) if i.kind == kind), None)


def instruction_content(instruction: PlanInstruction) -> dict[str, Any]:
    """What an approval signs of one instruction (see ``content.plan_content``)."""
    cap = instruction.fluence_cap
    return {
        "kind": instruction.kind,
        "fluence_cap": None if cap is None else f"{Decimal(cap):.2f}",
        "reading_days": instruction.reading_days,
        "note": instruction.note,
    }


def instruction_errors(values: list[dict[str, Any]]) -> dict[str, str]:
    """``{field: message}`` for instruction values that break a rule (``kind``-prefixed)."""
    found = {}
    for value in values:
        kind = value["kind"]
        if kind == InstructionKind.LOWER_FLUENCE:
            cap = value.get("fluence_cap")
            if cap is None or not Decimal("0") < cap <= FLUENCE_CAP_MAX:
                found[f"{kind}_cap"] = str(ERR_CAP)
        if kind == InstructionKind.TEST_SPOT_FIRST:
            days = value.get("reading_days")
            if days is not None and not READING_DAYS_MIN <= days <= READING_DAYS_MAX:
                found[f"{kind}_days"] = str(ERR_READING_DAYS)
    return found


ERR_CAP = _("Give the fluence cap in J/cm², above 0 and at most 50.")
ERR_READING_DAYS = _("Read the test spot 7 to 90 days after it is done.")


PATIENT_WORDS: dict[str, StrOrPromise] = {
    InstructionKind.TEST_SPOT_FIRST: _(
        "A small test patch is treated first and checked after %(days)s days, before your "
        "first full session."
    ),
    InstructionKind.LOWER_FLUENCE: _("The laser's energy is kept lower than usual for you."),
    InstructionKind.ANTIVIRAL: _(
        "Take the antiviral medicine as prescribed, starting before your session. Tell us on "
        "the day if you have not."
    ),
    InstructionKind.COOLING: _("Your skin is cooled during and after each session."),
}


def patient_words(instruction: PlanInstruction) -> str:
    """The instruction in plain words for the patient's printout."""
    return str(PATIENT_WORDS[instruction.kind]) % {"days": reading_days(instruction)}
