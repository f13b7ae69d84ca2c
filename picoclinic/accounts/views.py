from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
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
from picoclinic.accounts.lockout import login_username
from picoclinic.accounts.middleware import SESSION_CLINIC_KEY, session_mark_refreshed
from picoclinic.accounts.requests import ClinicHttpRequest, StaffHttpRequest
from picoclinic.web.http import client_ip, safe_next
from picoclinic.web.ratelimit import Limit, limit_hit


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


# Password reset: per address (a script trying many accounts) and per account (someone's
# mailbox flooded with links). Beyond the account's limit the page says "sent" as always (it
# never tells whether an address has an account) and sends nothing.
RESET_PER_ADDRESS = Limit("password-reset-per-address", 10, 60 * 60)
RESET_PER_ACCOUNT = Limit("password-reset-per-account", 3, 60 * 60)
RESET_TOO_MANY = _(
    "Too many password resets have been asked for from your connection. Please try again in "
    "an hour, or ask your clinic admin."
)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if limit_hit(RESET_PER_ADDRESS, client_ip(self.request) or "unknown"):
            form.add_error(None, RESET_TOO_MANY)
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        if limit_hit(
            RESET_PER_ACCOUNT, login_username(None, {"username": form.cleaned_data["email"]})
        ):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


@require_POST
@staff_required()
def clinic_switch(request: StaffHttpRequest):
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


@require_http_methods(["GET", "POST"])
def handover_return(request: ClinicHttpRequest):
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
def staff_pin_view(request: StaffHttpRequest):
    """A member of staff sets their own hand-over PIN (their password confirms it is them)."""
    form = StaffPinSetForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        handover.staff_pin_set(user=request.user, pin=form.cleaned_data["pin"])
        messages.success(request, PIN_SAVED)
        return HttpResponseRedirect(reverse("home"))
    return render(request, "accounts/staff_pin.html", {"form": form})
