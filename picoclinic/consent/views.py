from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from picoclinic.accounts.decorators import staff_required
from picoclinic.accounts.handover import HandoverTask, handover_start, handover_task_done
from picoclinic.accounts.requests import StaffHttpRequest
from picoclinic.accounts.roles import Capability
from picoclinic.consent.access import consent_get_for_user
from picoclinic.consent.forms import ConsentSignForm, WithdrawForm
from picoclinic.consent.models import ConsentKind
from picoclinic.consent.pdf import consent_pdf_bytes
from picoclinic.consent.services import (
    CLOSED_PLAN_STATUSES,
    PLAN_CLOSED,
    TEXT_CHANGED,
    ConsentTextChanged,
    consent_clinic,
    consent_pdf_downloaded,
    consent_sign,
    consent_withdraw,
)
from picoclinic.consent.texts import texts_to_show
from picoclinic.patients.access import patient_get_for_user
from picoclinic.plans.models import TreatmentPlan
from picoclinic.web.http import client_ip, safe_next
from picoclinic.web.lookup import get_or_404

SIGNED = "Consent signed and witnessed: {summary}."
WITHDRAWN = "The withdrawal is recorded. It takes effect now."


@staff_required(Capability.WITNESS_CONSENT)
@require_http_methods(["GET", "POST"])
def consent_take(request: StaffHttpRequest, patient_id: int):
    patient = patient_get_for_user(request.user, patient_id, capability=Capability.WITNESS_CONSENT)
    plan = _plan_from_query(request, patient)
    shown = texts_to_show(clinic=consent_clinic(patient=patient, plan=plan), plan=plan)
    form = ConsentSignForm(request.POST or None, shown=shown, full_name=patient.full_name)
    if request.method == "POST" and form.is_valid():
        try:
            records = consent_sign(
                actor=request.user,
                patient=patient,
                plan=plan,
                decisions=form.decisions(),
                shown_hashes=form.shown_hashes(),
                signature=form.signature,
            )
        except ConsentTextChanged:
            return _text_changed(request, patient, plan)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if getattr(request, "handover", None) is not None:
                # Signed on the handed-over tablet: the patient is asked to hand it back.
                handover_task_done(session=request.session)
                return redirect("accounts:handover_return")
            messages.success(request, SIGNED.format(summary=_summary(records)))
            # Taken at the chair: back to the session's checklist (``next``), else the chart.
            chart = reverse("patients:chart", kwargs={"patient_id": patient.pk})
            return redirect(safe_next(request, chart))
    return _take_page(request, patient, plan, shown, form)


@staff_required(Capability.WITNESS_CONSENT)
def consent_handover(request: StaffHttpRequest, patient_id: int):
    """Hand the tablet to the patient: locked to signing this consent until staff take it back."""
    # Access first, so an outsider gets the same 404 whatever the method.
    patient = patient_get_for_user(request.user, patient_id, capability=Capability.WITNESS_CONSENT)
    if request.method != "POST":  # a bookmark or a reload: back to the consent page
        return redirect(reverse("consent:take", kwargs={"patient_id": patient.pk}))
    plan = _plan_from_query(request, patient)
    url = handover_start(
        session=request.session,
        actor=request.user,
        task=HandoverTask.CONSENT,
        patient_id=patient.pk,
        clinic_id=request.clinic.pk,
        query=f"plan={plan.pk}" if plan is not None else "",
    )
    return redirect(url)


def _text_changed(request, patient, plan):
    # Show the new text with fresh hashes; the patient reads it and signs again.
    shown = texts_to_show(clinic=consent_clinic(patient=patient, plan=plan), plan=plan)
    form = ConsentSignForm(shown=shown, full_name=patient.full_name)
    form.initial |= {k: request.POST.get(k) for k in ("photography", "marketing")}
    return _take_page(request, patient, plan, shown, form, text_changed=TEXT_CHANGED)


def _take_page(request, patient, plan, shown, form, text_changed: str = ""):
    context = {
        "patient": patient,
        "plan": plan,
        "shown": shown,
        "form": form,
        "text_changed": text_changed,
        "missing_treatment": plan is not None
        and (not shown or shown[0].kind != ConsentKind.TREATMENT),
        "plan_closed": _plan_closed_message(plan),
        "handover_task": HandoverTask.CONSENT,
    }
    return render(request, "consent/take.html", context)


def _plan_closed_message(plan) -> str:
    if plan is None or plan.status not in CLOSED_PLAN_STATUSES:
        return ""
    return PLAN_CLOSED.format(status=plan.get_status_display().lower())


def _plan_from_query(request, patient) -> TreatmentPlan | None:
    plan_id = request.GET.get("plan", "")
    if not plan_id:
        return None
    return get_or_404(
        TreatmentPlan.objects.select_related("clinic"), "No such plan", pk=plan_id, patient=patient
    )


def _summary(records) -> str:
    parts = []
    for record in records:
        label = record.get_kind_display().lower()
        is_treatment = record.kind == ConsentKind.TREATMENT
        parts.append(label if is_treatment else f"{label} {_yes_no(record)}")
    return ", ".join(parts)


def _yes_no(record) -> str:
    return "yes" if record.granted else "no"


@staff_required(Capability.WITNESS_CONSENT)
@require_http_methods(["GET", "POST"])
def consent_withdraw_view(request: StaffHttpRequest, patient_id: int, consent_id: int):
    record = consent_get_for_user(
        request.user, patient_id, consent_id, capability=Capability.WITNESS_CONSENT
    )
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consent_withdraw(actor=request.user, record=record, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, WITHDRAWN)
            return redirect("patients:chart", patient_id=patient_id)
    return render(request, "consent/withdraw.html", {"record": record, "form": form})


def consent_pdf(request, patient_id: int, consent_id: int):
    """The printable consent, for the clinic's staff and for the patient it belongs to."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    # Access first, so an outsider gets the same 404 whatever the method.
    record = consent_get_for_user(request.user, patient_id, consent_id)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    consent_pdf_downloaded(actor=request.user, record=record, ip_address=client_ip(request))
    response = HttpResponse(consent_pdf_bytes(record=record), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="consent-{record.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
