"""The invitation landing page, the staff page, the chart's portal-login actions and the
patient closing their own login. Thin: access helper, form, one service, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from picoclinic.accounts.decorators import staff_required
from picoclinic.accounts.middleware import session_mark_refreshed
from picoclinic.accounts.models import Role
from picoclinic.accounts.roles import Capability
from picoclinic.invitations import services, staff
from picoclinic.invitations.access import (
    clinics_managed_by,
    membership_get_for_manager,
    staff_invitation_get_for_manager,
)
from picoclinic.invitations.forms import PatientPortalActionForm, RoleChangeForm, StaffInviteForm
from picoclinic.invitations.models import InvitationState
from picoclinic.invitations.portal_logins import (
    ERR_NO_INVITATION,
    patient_invitation_latest,
    patient_portal_close,
    patient_portal_invite,
)
from picoclinic.invitations.selectors import staff_rows
from picoclinic.patients.access import patient_get_for_user
from picoclinic.patients.decorators import patient_login_required
from picoclinic.web.http import client_ip
from picoclinic.web.ratelimit import Limit, limit_hit
from picoclinic.web.refusals import Refused, refusal_on_form

LANDING_PER_ADDRESS = Limit("invitation-per-address", 30, 60 * 60)
RENEW_PER_ADDRESS = Limit("invitation-renew-per-address", 5, 60 * 60)
TOO_MANY = _("Too many attempts from your connection. Please try again in an hour.")
RENEW_SENT = _(
    "If this invitation can be renewed, a new link is on its way to the address the clinic "
    "has for you."
)
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _site_url(request) -> str:
    return settings.PICOCLINIC_BASE_URL or request.build_absolute_uri("/")


# --- The landing page (public) ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def invite_landing(request, token: str):
    if limit_hit(LANDING_PER_ADDRESS, client_ip(request) or "unknown"):
        return render(request, "invitations/landing.html", {"problem": TOO_MANY}, status=429)
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return _problem(request, services.ERR_UNKNOWN, status=404)
    state = invitation.state_at(timezone.now())
    if request.method == "POST" and request.POST.get("action") == "renew":
        return _renew(request, invitation)
    if state != InvitationState.PENDING:
        return _problem(request, services.invitation_refusal(state), state=state, status=410)
    form = SetPasswordForm(invitation.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation, password=form.cleaned_data["new_password1"]
            )
        except Refused as refused:
            return _problem(request, refused.message, status=410)
        login(request, user, backend=BACKEND)
        session_mark_refreshed(request.session)
        return HttpResponseRedirect(reverse("home"))
    context = {"form": form, "invitation": invitation}
    return render(request, "invitations/landing.html", context, status=400 if form.errors else 200)


def _problem(request, message, *, state=None, status):
    context = {"problem": message, "can_renew": state == InvitationState.EXPIRED}
    return render(request, "invitations/landing.html", context, status=status)


def _renew(request, invitation):
    if limit_hit(RENEW_PER_ADDRESS, client_ip(request) or "unknown"):
        return render(request, "invitations/landing.html", {"problem": TOO_MANY}, status=429)
    services.invitation_renew_expired(invitation=invitation, site_url=_site_url(request))
    return render(request, "invitations/landing.html", {"notice": RENEW_SENT})


# --- Staff (owner and clinic admins) ------------------------------------------------------


def _manager_required(view):
    @staff_required()
    def wrapped(request, *args, **kwargs):
        if not clinics_managed_by(request.user).exists():
            raise PermissionDenied(_("Only the owner and clinic admins manage staff."))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


@_manager_required
@require_http_methods(["GET", "POST"])
def staff_list(request):
    clinics = clinics_managed_by(request.user).order_by("name")
    initial = {"role": Role.FRONT_DESK}
    if request.clinic in clinics:
        initial["clinic"] = request.clinic
    form = StaffInviteForm(request.POST or None, clinics=clinics, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            staff.staff_invite(
                actor=request.user,
                clinic=data["clinic"],
                full_name=data["full_name"],
                email=data["email"],
                role=data["role"],
                indications=data["indications"],
                site_url=_site_url(request),
            )
        except Refused as refused:
            refusal_on_form(form, refused)
        else:
            messages.success(
                request, _("%(name)s is invited.") % {"name": data["full_name"].strip()}
            )
            return redirect("invitations:staff")
    rows = staff_rows(clinics=clinics, now=timezone.now())
    context = {
        "form": form,
        "rows": rows,
        # The rows are of clinics this user manages: the rest of the rule, per row.
        "may_act": {
            row.membership.pk for row in rows if staff.may_act_on(request.user, row.membership)
        },
    }
    return render(request, "invitations/staff.html", context, status=400 if form.errors else 200)


@_manager_required
@require_http_methods(["GET", "POST"])
def staff_member(request, membership_id: int):
    membership = membership_get_for_manager(request.user, membership_id)
    initial = {"role": membership.role}
    form = RoleChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            staff.membership_role_change(
                actor=request.user,
                membership=membership,
                role=form.cleaned_data["role"],
                indications=form.cleaned_data["indications"],
            )
        except Refused as refused:
            refusal_on_form(form, refused)
        else:
            messages.success(request, _("Role changed."))
            return redirect("invitations:staff")
    context = {"form": form, "membership": membership}
    return render(request, "invitations/member.html", context, status=400 if form.errors else 200)


@_manager_required
@require_POST
def staff_member_end(request, membership_id: int):
    membership = membership_get_for_manager(request.user, membership_id)
    try:
        staff.membership_end(actor=request.user, membership=membership)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The membership has ended."))
    return redirect("invitations:staff")


@_manager_required
@require_POST
def staff_invitation_action(request, invitation_id: int, action: str):
    invitation = staff_invitation_get_for_manager(request.user, invitation_id)
    try:
        if action == "resend":
            services.invitation_resend(
                actor=request.user, invitation=invitation, site_url=_site_url(request)
            )
            messages.success(request, _("A new link is sent; the old one no longer works."))
        else:
            services.invitation_revoke(actor=request.user, invitation=invitation)
            messages.success(request, _("The invitation is withdrawn."))
    except Refused as refused:
        messages.error(request, refused.message)
    return redirect("invitations:staff")


# --- The chart's portal panel ------------------------------------------------------------------


@staff_required(Capability.EDIT_PATIENTS)
@require_http_methods(["GET", "POST"])
def patient_portal_login(request, patient_id: int):
    patient = patient_get_for_user(request.user, patient_id, capability=Capability.EDIT_PATIENTS)
    chart = redirect("patients:chart", patient_id=patient.pk)
    form = PatientPortalActionForm(request.POST if request.method == "POST" else None)
    if request.method != "POST" or not form.is_valid():
        return chart
    try:
        _portal_action(request, patient, form.cleaned_data["action"])
    except Refused as refused:
        messages.error(request, refused.message)
    return chart


def _portal_action(request, patient, action: str) -> None:
    if action == "invite":
        patient_portal_invite(actor=request.user, patient=patient, site_url=_site_url(request))
        messages.success(request, _("Portal invitation sent."))
        return
    latest = patient_invitation_latest(patient)
    if latest is None:
        raise Refused(str(ERR_NO_INVITATION))
    if action == "resend":
        services.invitation_resend(
            actor=request.user, invitation=latest, site_url=_site_url(request)
        )
        messages.success(request, _("A new link is sent; the old one no longer works."))
    else:
        services.invitation_revoke(actor=request.user, invitation=latest)
        messages.success(request, _("The invitation is withdrawn."))


# --- The patient closes their login ----------------------------------------------------------


@patient_login_required
@require_http_methods(["GET", "POST"])
def portal_login_close(request):
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        patient_portal_close(patient=request.patient)
        logout(request)
        return render(request, "invitations/closed.html")
    return render(request, "invitations/close.html", {"patient": request.patient})
