from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from picoclinic.accounts.decorators import staff_required
from picoclinic.accounts.forms import ClinicSwitchForm, LoginForm
from picoclinic.accounts.middleware import SESSION_CLINIC_KEY
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
