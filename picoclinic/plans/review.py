"""Which plans a doctor must approve, and what stops a plan being approved at all.

Review is needed when the clinic's policy says so (skin types, any screening precaution,
listed indications, periocular work, every plan), when a screening asks for a doctor, and (house
rule) when the plan departs from published guidance: an interval outside the published range or
a setting the core warns about (532 nm on dark skin, fluence above the allowed range, ...).
Approval is blocked while a concern is unscreened or its latest screening defers or forbids it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from picoclinic.clinical.common import Fitzpatrick
from picoclinic.clinics.models import Clinic, ClinicPolicy
from picoclinic.consultations.models import ScreeningRecord
from picoclinic.plans import errors
from picoclinic.plans.catalogue import interval_outside_published, setting_warnings
from picoclinic.plans.models import PlanInstruction, PlanItem

_BLOCKING = ("defer", "do_not_treat")
WHY_INSTRUCTIONS = _("The practitioner wrote instructions for a doctor to confirm: %(kinds)s.")


@dataclass
class Routing:
    """What submitting a plan would do: refuse (``blocks``) or route (``reasons``)."""

    blocks: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.blocks)

    @property
    def review_required(self) -> bool:
        return bool(self.reasons)


def clinic_policy(clinic: Clinic) -> ClinicPolicy:
    """The clinic's stored policy, or the defaults (an unsaved policy) when none is kept."""
    try:
        return clinic.policy
    except ClinicPolicy.DoesNotExist:
        return ClinicPolicy(clinic=clinic)


def _results(screening: ScreeningRecord, outcomes: tuple[str, ...]) -> list[dict]:
    return [r for r in (screening.report or {}).get("results", []) if r.get("outcome") in outcomes]


def _block_text(result: dict) -> str:
    text = result.get("reason", "")
    if result.get("defer_until"):
        return f"{text} Not before {result['defer_until']}."
    if result.get("defer_condition"):
        return f"{text} Wait until {result['defer_condition']}."
    return text


def blocks_for(items: list[PlanItem], screenings: dict[int, ScreeningRecord]) -> list[str]:
    """Why the plan cannot be approved now; empty when nothing blocks."""
    found = []
    for item in items:
        screening = screenings.get(item.concern_id)
        if screening is None:
            found.append(errors.ERR_NOT_SCREENED.format(concern=item.concern))
        elif screening.blocks_approval:
            texts = [_block_text(r) for r in _results(screening, _BLOCKING)]
            found += [f"{item.concern}: {t}" for t in texts] or [f"{item.concern}: deferred"]
    return found


def _policy_reasons(items: list[PlanItem], fitzpatrick: int, policy: ClinicPolicy) -> list[str]:
    found = []
    if policy.review_all_plans:
        found.append(errors.WHY_ALL_PLANS)
    if fitzpatrick in (policy.review_skin_types or []):
        found.append(errors.WHY_SKIN_TYPE.format(roman=Fitzpatrick(fitzpatrick).roman))
    for item in items:
        concern = item.concern
        if concern.indication in (policy.review_indications or []):
            label = concern.get_indication_display().lower()
            found.append(errors.WHY_INDICATION.format(concern=concern, label=label))
        if policy.review_periocular and concern.periocular:
            found.append(errors.WHY_PERIOCULAR.format(concern=concern))
    return found


def _screening_reasons(
    items: list[PlanItem], screenings: dict[int, ScreeningRecord], policy: ClinicPolicy
) -> list[str]:
    found = []
    for item in items:
        screening = screenings.get(item.concern_id)
        if screening is None:
            continue
        if screening.needs_doctor_review:
            for result in _results(screening, ("doctor_review",)):
                found.append(
                    errors.WHY_SCREENING_DOCTOR.format(
                        concern=item.concern, reason=result["reason"]
                    )
                )
        if policy.review_on_precaution:
            for result in _results(screening, ("precaution",)):
                found.append(
                    errors.WHY_PRECAUTION.format(concern=item.concern, reason=result["reason"])
                )
    return found


def _guidance_reasons(items: list[PlanItem], fitzpatrick: int) -> list[str]:
    found = []
    for item in items:
        if interval_outside_published(
            concern=item.concern, min_days=item.interval_min_days, max_days=item.interval_max_days
        ):
            found.append(
                errors.WHY_INTERVAL.format(concern=item.concern, reason=item.interval_reason)
            )
        for message in item_warnings(item, fitzpatrick=fitzpatrick):
            found.append(errors.WHY_SETTING.format(concern=item.concern, message=message))
    return found


def item_warnings(item: PlanItem, *, fitzpatrick: int) -> list[str]:
    """The core's warnings on the item's planned setting."""
    return setting_warnings(
        concern=item.concern,
        fitzpatrick=fitzpatrick,
        wavelength_nm=item.wavelength_nm,
        handpiece=item.handpiece,
        fluence_max=item.fluence_max,
        spot_mm=item.spot_mm,
    )


def plan_routing(
    *,
    items: list[PlanItem],
    fitzpatrick: int,
    screenings: dict[int, ScreeningRecord],
    policy: ClinicPolicy,
    instructions: list[PlanInstruction] | tuple = (),
) -> Routing:
    """Blocks and review reasons for a plan's items (each reason listed once, in order).

    An instruction no doctor has confirmed (written by the practitioner) needs a doctor."""
    reasons = _policy_reasons(items, fitzpatrick, policy)
    unconfirmed = [i.get_kind_display() for i in instructions if i.confirmed_by_id is None]
    if unconfirmed:
        reasons.append(str(WHY_INSTRUCTIONS) % {"kinds": ", ".join(map(str, unconfirmed))})
    reasons += _screening_reasons(items, screenings, policy)
    reasons += _guidance_reasons(items, fitzpatrick)
    return Routing(blocks=blocks_for(items, screenings), reasons=list(dict.fromkeys(reasons)))
