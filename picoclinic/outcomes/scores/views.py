"""Outcome scores and the progress page (under /patients/<id>/photos/, the outcomes include)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from picoclinic.accounts.decorators import staff_required
from picoclinic.accounts.requests import StaffHttpRequest
from picoclinic.accounts.roles import Capability
from picoclinic.clinical.common import ClinicalInputError
from picoclinic.consultations.access import may_consult
from picoclinic.outcomes.progress import SHOWN_PLANS, progress_for_patient
from picoclinic.outcomes.scores.errors import ScoreRefused
from picoclinic.outcomes.scores.forms import SCALE_NOTES, ScoreForm
from picoclinic.outcomes.scores.models import OutcomeScore, Scale
from picoclinic.outcomes.scores.services import scale_options, score_compute, score_record
from picoclinic.outcomes.summary import summarised_plans
from picoclinic.patients.access import patient_get_for_user
from picoclinic.plans.models import PlanItem
from picoclinic.web.refusals import refusal_on_form


@dataclass(frozen=True)
class Preview:
    value: Decimal | None = None
    label: str = ""
    error: str = ""


RECORDED = "Score recorded: {scale}, {label}."
CLINICIANS_ONLY = "Scores are recorded by the clinicians (practitioners and doctors)."


def item_of_patient(patient, item_id) -> PlanItem:
    """Plan item ``item_id`` of one of the patient's scorable plans, else 404."""
    try:
        item = PlanItem.objects.select_related("plan", "concern__consultation").get(
            pk=int(item_id), plan__patient=patient, plan__status__in=SHOWN_PLANS
        )
    except (PlanItem.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404("No such plan item") from None
    item.plan.patient = patient
    return item


@staff_required(Capability.VIEW_PATIENTS)
def progress(request: StaffHttpRequest, patient_id: int):
    """Each concern's scores over time, and the sessions the core now expects."""
    patient = patient_get_for_user(request.user, patient_id)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    items = progress_for_patient(patient=patient)
    context = {
        "patient": patient,
        "items": items,
        "plans": summarised_plans(items),
        "can_score": may_consult(request, patient),
    }
    return render(request, "outcomes/progress.html", context)


@staff_required(Capability.VIEW_PATIENTS)
def score_list(request: StaffHttpRequest, patient_id: int):
    patient = patient_get_for_user(request.user, patient_id)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    scores = (
        OutcomeScore.objects.filter(patient=patient)
        .select_related("plan_item__concern", "appointment", "recorded_by")
        .order_by("-assessed_on", "-id")
    )
    context = {"patient": patient, "scores": scores, "can_score": may_consult(request, patient)}
    return render(request, "outcomes/score_list.html", context)


@staff_required(Capability.VIEW_PATIENTS)
@require_http_methods(["GET", "POST"])
def score_new(request: StaffHttpRequest, patient_id: int):
    """?item= chooses the concern, ?scale= the scale; then the scale's form."""
    patient = patient_get_for_user(request.user, patient_id)
    if not may_consult(request, patient):
        messages.info(request, CLINICIANS_ONLY)
        return redirect("photos:progress", patient_id=patient.pk)
    if not request.GET.get("item"):
        items = [p.item for p in progress_for_patient(patient=patient)]
        return render(request, "outcomes/score_pick.html", {"patient": patient, "items": items})
    item = item_of_patient(patient, request.GET["item"])
    options = scale_options(item.concern.indication)
    scale = _scale(request.GET.get("scale"), options)
    context = {"patient": patient, "item": item, "options": options, "scale": scale}
    if scale is None:
        return render(request, "outcomes/score_pick.html", context)
    form = ScoreForm(request.POST or None, item=item, scale=scale)
    if request.method == "POST" and form.is_valid():
        try:
            score = score_record(actor=request.user, item=item, scale=scale, **_fields(form))
        except ScoreRefused as refused:
            refusal_on_form(form, refused)
        except ClinicalInputError as error:
            form.core_error(error.field, error.message)
        else:
            messages.success(request, RECORDED.format(scale=scale.label, label=score.label))
            return redirect("photos:progress", patient_id=patient.pk)
    option = next(o for o in options if o.scale == scale)
    context |= {
        "form": form,
        "option": option,
        "preview": _preview(item, scale, form.data),
        "notes": SCALE_NOTES.get(scale, ()),
    }
    return render(request, "outcomes/score_new.html", context)


@staff_required(Capability.VIEW_PATIENTS)
def score_preview(request: StaffHttpRequest, patient_id: int):
    """The score the core computes from the inputs typed so far (htmx, as the clinician types).
    Nothing is stored; the same computation runs again when the form is recorded."""
    patient = patient_get_for_user(request.user, patient_id)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if not request.GET.get("item"):
        return redirect("photos:score_new", patient_id=patient.pk)
    item = item_of_patient(patient, request.GET["item"])
    scale = _scale(request.GET.get("scale"), scale_options(item.concern.indication))
    if scale is None:
        raise Http404("No such scale for this concern")
    context = {"preview": _preview(item, scale, request.GET)}
    return render(request, "outcomes/_score_preview.html", context)


def _preview(item: PlanItem, scale: Scale, data) -> Preview:
    """The live result for the scale's inputs in ``data`` (a bound form's data or GET)."""
    form = ScoreForm(data, item=item, scale=scale)
    if not any(data.get(name) not in (None, "") for name in form.scale_field_names):
        return Preview()  # nothing typed yet
    form.is_valid()
    problems = [str(e) for name in form.scale_field_names for e in form.errors.get(name, [])]
    if problems:
        return Preview(error=problems[0])
    try:
        computed = score_compute(scale=scale, inputs=form.inputs() | {"rater": "clinician"})
    except ClinicalInputError as error:
        return Preview(error=error.message)
    return Preview(value=computed.value, label=computed.label)


def _scale(value: str | None, options) -> Scale | None:
    recordable = {o.scale.value: o.scale for o in options if o.recordable}
    return recordable.get(value or "")


def _fields(form: ScoreForm) -> dict:
    data = form.cleaned_data
    return {
        "rater": data["rater"],
        "assessed_on": data["assessed_on"],
        "appointment": data["appointment"],
        "note": data["note"],
        "inputs": form.inputs(),
    }
