"""The pre-treatment checklist: which items a session has, which apply, and what the system
checks by itself (plan approval, consent). Reads only; the services write.

Items the system checks are re-checked on request; items the practitioner confirms are ticked
at the chair. A blocked item is passed only by a doctor's override with a reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from picoclinic.clinical.common import ClinicalInputError, Indication
from picoclinic.clinical.estimate_io import parse_concern
from picoclinic.clinical.estimate_single import needs_test_spot
from picoclinic.clinical.indications import profile_for
from picoclinic.clinical.settings_check import Level, TestSpotStatus
from picoclinic.consent.selectors import valid_treatment_consent
from picoclinic.consultations.clinical_inputs import estimate_input
from picoclinic.plans.instructions import (
    RULES,
    instruction_of,
    instruction_words,
    plan_instructions,
    reading_days,
)
from picoclinic.plans.models import InstructionKind, TreatmentPlan
from picoclinic.plans.selectors import plan_approval_valid
from picoclinic.treatments.models import (
    PASSED_STATES,
    AdverseEvent,
    AdverseEventKind,
    CheckCode,
    ChecklistItem,
    CheckState,
    SessionStatus,
    TreatmentSession,
)
from picoclinic.treatments.signals import UnassessedReport, side_effects_unassessed
from picoclinic.web.signals import ask

if TYPE_CHECKING:  # django-stubs' name for text that is either plain or translated lazily
    from django_stubs_ext import StrOrPromise


# The doctor's instructions each confirmed at the chair; "test spot first" is the test-spot item.
INSTRUCTION_CODES: dict[InstructionKind, str] = {
    InstructionKind.ANTIVIRAL: CheckCode.INSTR_ANTIVIRAL,
    InstructionKind.LOWER_FLUENCE: CheckCode.INSTR_FLUENCE,
    InstructionKind.COOLING: CheckCode.INSTR_COOLING,
}
ORDER = tuple(c for c in CheckCode if c not in INSTRUCTION_CODES.values())
AUTOMATIC = frozenset({CheckCode.PLAN_APPROVED, CheckCode.CONSENT})
# Checked by the system when the session starts and on "Check again"; a practitioner confirms a
# non-serious open event was reviewed; an open serious one blocks (a doctor passes it).
RECHECKED = frozenset({*AUTOMATIC, CheckCode.ADVERSE_EVENTS})
# Ticked at the chair; the screening item is passed by re-confirming the history instead.
TICKABLE = frozenset(
    {
        CheckCode.PHOTOS,
        CheckCode.SKIN_PREPARED,
        CheckCode.EYE_PROTECTION,
        CheckCode.CORNEAL_SHIELDS,
        CheckCode.TEST_SPOT,
        CheckCode.ADVERSE_EVENTS,
        *INSTRUCTION_CODES.values(),
    }
)
HELP: dict[str, StrOrPromise] = {
    CheckCode.PLAN_APPROVED: "Checked by the system: the plan's approval covers its current "
    "version.",
    CheckCode.CONSENT: "Checked by the system: a treatment consent signed for this plan version.",
    CheckCode.SCREENING: "Ask about changes since the last visit: new medication, pregnancy, "
    "tan or sun, cold sore, new or changed lesion. Any change re-runs the screening.",
    CheckCode.ADVERSE_EVENTS: "This patient's adverse events that are not resolved yet. Look at "
    "the area and ask how it is now before treating; an open serious event needs a doctor's "
    "decision.",
    CheckCode.PHOTOS: "Standard photos of the treated areas before treatment.",
    CheckCode.SKIN_PREPARED: "Make-up and sunscreen removed, skin cleansed, the area examined.",
    CheckCode.EYE_PROTECTION: "Wavelength- and OD-marked eyewear for the patient and everyone in "
    "the room.",
    CheckCode.CORNEAL_SHIELDS: "Inside the orbital rim: 400-1400 nm is the retinal-hazard region "
    "and burns can be painless.",
    CheckCode.TEST_SPOT: "A test spot before the first full treatment of this area, read before "
    "treating.",
    CheckCode.INSTR_ANTIVIRAL: _(
        "Ask whether the antiviral was taken as prescribed; not taken needs a doctor's decision."
    ),
    CheckCode.INSTR_FLUENCE: _(
        "A setting above the cap is refused at the chair unless a doctor overrides it."
    ),
    CheckCode.INSTR_COOLING: _("Contact or air cooling ready before the first pulse."),
}

PLAN_OK = "Approved for version {version}."
PLAN_NOT_APPROVED = "The plan has no valid approval for its current version."
CONSENT_OK = "Signed {day} for plan version {version}."
CONSENT_MISSING = "No valid treatment consent for this plan version."
NOT_PERIOCULAR = "Not periocular work."
TEST_SPOT_NOT_REQUIRED = "No test-spot rule applies."
TEST_SPOT_EARLIER = "This area was treated at an earlier session."
TEST_SPOT_CATALOGUE = "Required by the indication catalogue: {reason}"
TEST_SPOT_SCREENING = "Required by the screening (a precaution asks for a test spot)."
TEST_SPOT_INSTRUCTION = _(
    "Required by the doctor's instruction: test spot first, read after %(days)s days."
)
INSTRUCTION_CONFIRMED = _("Confirmed: {words}")
INSTRUCTION_NOT_DONE = _("Not done: a doctor must decide. {words}")
TEST_SPOT_DONE = "Done and read: no adverse reaction."
TEST_SPOT_NOT_DONE = "Not done or not read yet: a doctor must decide."
NO_OPEN_EVENTS = "No open adverse events."
OPEN_EVENTS = "Open: {events}."
OPEN_SERIOUS = "Open serious event: a doctor must decide. {events}."
# A side effect the patient reported from the portal that nobody has recorded or closed yet is
# an open event too; one of the kinds they were told to phone about blocks like a serious event.
REPORT_WORDS = _("{kind}, reported by the patient, not assessed yet, since {since}")
OPEN_URGENT_REPORT = _(
    "A report from the patient is not assessed yet: record it, or a doctor must decide. {events}."
)


def plan_approval_check(plan: TreatmentPlan) -> tuple[str, str]:
    """(state, detail) of the plan-approval item."""
    if plan_approval_valid(plan):
        return CheckState.DONE, PLAN_OK.format(version=plan.version)
    return CheckState.BLOCKED, PLAN_NOT_APPROVED


def consent_check(plan: TreatmentPlan) -> tuple[str, str]:
    """(state, detail) of the consent item, from the consent app's own rule."""
    consent = valid_treatment_consent(plan=plan)
    if consent is None:
        return CheckState.BLOCKED, CONSENT_MISSING
    day = f"{timezone.localtime(consent.signed_at, plan.clinic.zone):%d %b %Y}"
    return CheckState.DONE, CONSENT_OK.format(day=day, version=consent.plan_version)


def _event_words(event: AdverseEvent, zone) -> str:
    since = f"{timezone.localtime(event.onset_at, zone):%d %b}"
    serious = ", serious" if event.serious else ""
    return f"{event.get_kind_display()} (grade {event.grade}{serious}) since {since}"


def _report_words(report: UnassessedReport) -> str:
    kind = AdverseEventKind(report.kind).label
    return str(REPORT_WORDS).format(kind=kind, since=f"{report.started_on:%d %b}")


def adverse_events_check(session: TreatmentSession) -> tuple[str, str]:
    """(state, detail) of the adverse-events item: the patient's open events other than
    this session's own, and the side effects they reported that staff have not recorded or
    closed (two queries). A serious event or an urgent unassessed report blocks."""
    events = list(
        AdverseEvent.objects.filter(patient_id=session.patient_id, resolved=False)
        .exclude(session_id=session.pk)
        .order_by("-serious", "onset_at", "id")
    )
    reports = ask(side_effects_unassessed, patient_id=session.patient_id)  # one query
    if not events and not reports:
        return CheckState.NOT_APPLICABLE, NO_OPEN_EVENTS
    words = "; ".join(
        [_event_words(e, session.clinic.zone) for e in events] + [_report_words(r) for r in reports]
    )
    if any(e.serious for e in events):
        return CheckState.BLOCKED, OPEN_SERIOUS.format(events=words)[:300]
    if any(r.urgent for r in reports):
        return CheckState.BLOCKED, str(OPEN_URGENT_REPORT).format(events=words)[:300]
    return CheckState.PENDING, OPEN_EVENTS.format(events=words)[:300]


def earlier_session_of_item(session: TreatmentSession) -> bool:
    """True when a signed session of the same plan item came before this one."""
    return (
        TreatmentSession.objects.filter(
            plan_item_id=session.plan_item_id, status=SessionStatus.SIGNED
        )
        .exclude(pk=session.pk)
        .exists()
    )


def _catalogue_reason(session: TreatmentSession) -> str:
    item = session.plan_item
    concern = item.concern
    profile = profile_for(indication=Indication(concern.indication))
    try:
        core = parse_concern(estimate_input(concern=concern, fitzpatrick=session.fitzpatrick))
        required = needs_test_spot(core, profile)
    except ClinicalInputError:
        required = profile.test_spot.required
    if required or (item.estimate or {}).get("test_spot_required"):
        reason = profile.test_spot.reason if profile.test_spot.required else "ink colour present"
        return TEST_SPOT_CATALOGUE.format(reason=reason)
    return ""


def test_spot_requirement(session: TreatmentSession, *, precautions: list[str]) -> tuple[str, str]:
    """(state, detail) of the test-spot item before it is ticked: PENDING with the reason it is
    required, or NOT_APPLICABLE with why not. Required only before the first session of an area.
    """
    if earlier_session_of_item(session):
        return CheckState.NOT_APPLICABLE, TEST_SPOT_EARLIER
    ordered = instruction_of(session.plan, InstructionKind.TEST_SPOT_FIRST)
    if ordered is not None:
        return CheckState.PENDING, str(TEST_SPOT_INSTRUCTION) % {"days": reading_days(ordered)}
    reason = _catalogue_reason(session)
    if not reason and "test_spot" in precautions:
        reason = TEST_SPOT_SCREENING
    if reason:
        return CheckState.PENDING, reason[:300]
    return CheckState.NOT_APPLICABLE, TEST_SPOT_NOT_REQUIRED


def initial_items(session: TreatmentSession) -> list[ChecklistItem]:
    """The checklist of a new session, automatic items already checked (not saved)."""
    plan = session.plan
    states: dict[str, tuple[str, str]] = {
        CheckCode.PLAN_APPROVED: plan_approval_check(plan),
        CheckCode.CONSENT: consent_check(plan),
        CheckCode.ADVERSE_EVENTS: adverse_events_check(session),
        CheckCode.TEST_SPOT: test_spot_requirement(session, precautions=[]),
        CheckCode.CORNEAL_SHIELDS: (
            (CheckState.PENDING, "")
            if session.periocular
            else (CheckState.NOT_APPLICABLE, NOT_PERIOCULAR)
        ),
    }
    states |= instruction_states(plan)
    return [
        ChecklistItem(
            session=session,
            code=code,
            position=position,
            state=states.get(code, (CheckState.PENDING, ""))[0],
            detail=states.get(code, (CheckState.PENDING, ""))[1],
        )
        for position, code in enumerate(ORDER + tuple(INSTRUCTION_CODES.values()))
        if code in ORDER or code in states
    ]


def instruction_states(plan: TreatmentPlan) -> dict[str, tuple[str, str]]:
    """The items of the plan's instructions, each to be confirmed at the chair (PENDING)."""
    return {
        INSTRUCTION_CODES[InstructionKind(i.kind)]: (CheckState.PENDING, instruction_words(i)[:300])
        for i in plan_instructions(plan)
        if i.kind in INSTRUCTION_CODES
    }


def instruction_tick(session: TreatmentSession, code: str, *, done: bool) -> tuple[str, str]:
    """(state, detail) of an instruction item ticked at the chair: confirmed, or blocked for a
    doctor's decision (an antiviral not taken, no cooling, the laser not set under the cap)."""
    kind = next(k for k, c in INSTRUCTION_CODES.items() if c == code)
    instruction = instruction_of(session.plan, kind)
    words = instruction_words(instruction) if instruction is not None else ""
    if done:
        return CheckState.DONE, str(INSTRUCTION_CONFIRMED).format(words=words)
    return CheckState.BLOCKED, str(INSTRUCTION_NOT_DONE).format(words=words)


FLUENCE_CAP_CODE = "instruction_fluence_cap"
FLUENCE_ABOVE_CAP = _("Above the doctor's fluence cap of %(cap)s J/cm² for this plan.")


def fluence_cap_findings(session: TreatmentSession, fluence) -> list[dict]:
    """A BLOCK finding when ``fluence`` is above the plan's "lower fluence" cap (a doctor
    overrides it with a reason, as any other blocked setting), else none."""
    instruction = instruction_of(session.plan, InstructionKind.LOWER_FLUENCE)
    if instruction is None or instruction.fluence_cap is None or fluence is None:
        return []
    if fluence <= instruction.fluence_cap:
        return []
    rule = RULES[InstructionKind.LOWER_FLUENCE]
    return [
        {
            "level": Level.BLOCK.value,
            "code": FLUENCE_CAP_CODE,
            "message": str(FLUENCE_ABOVE_CAP) % {"cap": instruction.fluence_cap},
            "reason": instruction_words(instruction),
            "source": rule.source,
        }
    ]


def is_complete(items: list[ChecklistItem]) -> bool:
    """Every item done, not needed, or passed by a doctor."""
    return bool(items) and all(item.state in PASSED_STATES for item in items)


def by_code(items: list[ChecklistItem]) -> dict[str, ChecklistItem]:
    return {item.code: item for item in items}


def test_spot_status(items: list[ChecklistItem]) -> TestSpotStatus:
    """What the core's settings check is told about the test spot.

    Done and read, or read at an earlier session of the area: DONE_READ_OK. Not applicable:
    NOT_REQUIRED. Anything else (even a doctor's pass of the item) is REQUIRED_NOT_DONE, so the
    core's own block stands and each setting needs its own doctor's override.
    """
    item = by_code(items).get(CheckCode.TEST_SPOT)
    if item is None or item.state == CheckState.NOT_APPLICABLE:
        if item is not None and item.detail == TEST_SPOT_EARLIER:
            return TestSpotStatus.DONE_READ_OK
        return TestSpotStatus.NOT_REQUIRED
    if item.state == CheckState.DONE:
        return TestSpotStatus.DONE_READ_OK
    return TestSpotStatus.REQUIRED_NOT_DONE


def corneal_shields_in(items: list[ChecklistItem]) -> bool:
    item = by_code(items).get(CheckCode.CORNEAL_SHIELDS)
    return item is not None and item.state == CheckState.DONE
