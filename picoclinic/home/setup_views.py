"""A clinic's set-up page for the owner and its admins: the checklist, the forms that fill it,
starter content to review, and (the owner only) a new clinic copied from this one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from picoclinic.home.checklist import setup_checklist
from picoclinic.home.copying import ERR_OWNER_ONLY, clinic_copy
from picoclinic.home.forms import CopyClinicForm
from picoclinic.home.starter import starter_content_add
from picoclinic.scheduling.access import clinic_for_configuring
from picoclinic.web.refusals import Refused, refusal_on_form


def _page(request, clinic, copy_form, status: int = 200):
    context = {
        "clinic": clinic,
        "checklist": setup_checklist(clinic=clinic),
        "on_setup_page": True,
        "copy_form": copy_form if request.user.is_superuser else None,
    }
    return render(request, "home/setup.html", context, status=status)


@login_required
def setup(request, clinic_id: int):
    clinic = clinic_for_configuring(request.user, clinic_id)
    return _page(request, clinic, CopyClinicForm(organisation=clinic.organisation))


@login_required
@require_POST
def starter(request, clinic_id: int):
    clinic = clinic_for_configuring(request.user, clinic_id)
    today = timezone.localdate(timezone=clinic.zone)
    added = starter_content_add(actor=request.user, clinic=clinic, today=today)
    if added.anything:
        messages.success(request, _("Starter content added: review each item before use."))
    else:
        messages.info(request, _("The clinic has all the starter content already."))
    if not added.holidays_known:
        messages.info(request, _("No public holiday calendar is known for this clinic's country."))
    return redirect("home:setup", clinic_id=clinic.pk)


@login_required
@require_http_methods(["POST"])
def copy(request, clinic_id: int):
    clinic = clinic_for_configuring(request.user, clinic_id)
    if not request.user.is_superuser:
        raise PermissionDenied(str(ERR_OWNER_ONLY))
    form = CopyClinicForm(request.POST, organisation=clinic.organisation)
    if form.is_valid():
        try:
            new = clinic_copy(actor=request.user, source=clinic, **form.cleaned_data)
        except Refused as refused:
            refusal_on_form(form, refused)
        else:
            messages.success(request, _("%(clinic)s is set up as a copy.") % {"clinic": new.name})
            return redirect("home:setup", clinic_id=new.pk)
    return _page(request, clinic, form, status=400)
