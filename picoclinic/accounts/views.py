from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from picoclinic.accounts import handover
from picoclinic.accounts.decorators import staff_required
from picoclinic.accounts.forms import (
    ClinicSwitchForm,
    HandoverSignInForm,
    LoginForm,
    PinForm,
    StaffPinSetForm,
)
from picoclinic.accounts.middleware import SESSION_CLINIC_KEY, session_mark_refreshed
from picoclinic.accounts.roles import Capability
from picoclinic.patients.access import patient_get_for_user
from picoclinic.web.http import safe_next


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


@require_POST
@staff_required()
def clinic_switch(request):
    form = ClinicSwitchForm(request.POST)
    allowed = {m.clinic_id: m.clinic for m in request.memberships}
    if form.is_valid() and form.cleaned_data["clinic_id"] in allowed:
        clinic = allowed[form.cleaned_data["clinic_id"]]
        request.session[SESSION_CLINIC_KEY] = clinic.pk
        messages.info(request, f"You are now working at {clinic.name}.")
    else:
        messages.error(request, "You do not work at that clinic.")
    return HttpResponseRedirect(safe_next(request, reverse("home")))


# --- Hand-over mode ------------------------------------------------------------------------

PIN_SAVED = _("Your PIN is set. Use it to take the tablet back from a patient.")
TASK_UNKNOWN = _("That task cannot be handed to a patient.")


@require_POST
@staff_required(Capability.WITNESS_CONSENT)
def handover_start_view(request):
    """Hand the tablet to the patient for one task (the form on the task's staff page)."""
    task = request.POST.get("task", "")
    patient = patient_get_for_user(
        request.user, _int(request.POST.get("patient_id")), capability=Capability.WITNESS_CONSENT
    )
    if task not in handover.TASKS:
        messages.error(request, TASK_UNKNOWN)
        return HttpResponseRedirect(reverse("patients:chart", kwargs={"patient_id": patient.pk}))
    plan = _int(request.POST.get("plan")) if request.POST.get("plan") else None
    url = handover.handover_start(
        session=request.session,
        actor=request.user,
        task=task,
        patient=patient,
        clinic=request.clinic,
        query=urlencode({"plan": plan}) if plan else "",
    )
    return HttpResponseRedirect(url)


def _int(raw) -> int:
    try:
        value = int(raw or "")
    except ValueError:
        raise Http404("No such patient") from None
    if not 0 < value < 2**63:
        raise Http404("No such patient")
    return value


@require_http_methods(["GET", "POST"])
def handover_return(request):
    """The hand-back screen: a staff PIN or a full sign-in by staff of the clinic ends it."""
    state = request.handover
    if state is None:
        return HttpResponseRedirect(reverse("home"))
    if request.method == "GET":
        return handover.hand_back_response(request)
    if request.POST.get("action") == "signin":
        return _return_by_sign_in(request, state)
    return _return_by_pin(request, state)


def _return_by_pin(request, state):
    form = PinForm(request.POST)
    if form.is_valid():
        try:
            handover.staff_pin_check(user=request.user, pin=form.cleaned_data["pin"])
        except handover.HandoverRefused as refused:
            form.add_error("pin", refused.message)
        else:
            handover.handover_end(session=request.session, actor=request.user, how="PIN")
            return HttpResponseRedirect(_back_url(state))
    return handover.hand_back_response(request, status=400, pin_form=form)


def _return_by_sign_in(request, state):
    form = HandoverSignInForm(request, data=request.POST)
    if form.is_valid():
        user = form.get_user()
        if handover.staff_of_clinic(user, state.clinic_id):
            handover.handover_end(session=request.session, actor=user, how="sign-in")
            login(request, user)  # another member of staff: a new session of their own
            session_mark_refreshed(request.session)
            return HttpResponseRedirect(_back_url(state))
        form.add_error(None, handover.ERR_NOT_STAFF_HERE)
    return handover.hand_back_response(request, status=400, login_form=form)


def _back_url(state) -> str:
    return reverse("patients:chart", kwargs={"patient_id": state.patient_id})


@staff_required()
@require_http_methods(["GET", "POST"])
def staff_pin_view(request):
    """A member of staff sets their own hand-over PIN (their password confirms it is them)."""
    form = StaffPinSetForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        handover.staff_pin_set(user=request.user, pin=form.cleaned_data["pin"])
        messages.success(request, PIN_SAVED)
        return HttpResponseRedirect(reverse("home"))
    return render(request, "accounts/staff_pin.html", {"form": form})
