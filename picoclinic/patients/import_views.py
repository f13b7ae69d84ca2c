"""Importing existing patients from a CSV file: upload, map the columns, preview the problems
per row, then import all or nothing. Front desk and clinic admins, at their current clinic."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from picoclinic.accounts.decorators import staff_required
from picoclinic.accounts.roles import Capability
from picoclinic.audit.opened import audit_opened
from picoclinic.patients.access import patient_import_get_for_user, patients_for_user
from picoclinic.patients.import_forms import ImportMappingForm, ImportUploadForm, mapping_initial
from picoclinic.patients.imports import (
    COLUMNS,
    TEMPLATE_EXAMPLE,
    TEMPLATE_HEADER,
    ImportFileError,
    import_preview,
    read_rows,
)
from picoclinic.patients.services import (
    patient_import_commit,
    patient_import_discard,
    patient_import_map,
    patient_import_start,
)
from picoclinic.web.refusals import Refused, refusal_on_form


@staff_required(Capability.IMPORT_PATIENTS)
@require_http_methods(["GET", "POST"])
def import_start(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            draft = patient_import_start(
                actor=request.user, clinic=request.clinic, file_name=upload.name, raw=upload.read()
            )
        except Refused as refused:
            refusal_on_form(form, refused)
        else:
            return redirect("patients:import_review", import_id=draft.pk)
    return render(request, "patients/import_start.html", {"form": form})


@staff_required(Capability.IMPORT_PATIENTS)
@require_http_methods(["GET", "POST"])
def import_review(request, import_id: int):
    draft = patient_import_get_for_user(request.user, import_id)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "discard":
        patient_import_discard(draft=draft)
        messages.info(request, _("The file was discarded; nothing was imported."))
        return redirect("patients:import")
    try:
        header, _rows = read_rows(draft.text)
    except ImportFileError:  # cannot happen for a kept draft; refuse rather than 500
        patient_import_discard(draft=draft)
        return redirect("patients:import")
    initial = mapping_initial(draft.mapping, draft.date_order)
    form = ImportMappingForm(
        request.POST if action == "map" else None, header=header, initial=initial
    )
    if action == "map" and form.is_valid():
        patient_import_map(
            draft=draft, mapping=form.mapping(), date_order=form.cleaned_data["date_order"]
        )
        return redirect("patients:import_review", import_id=draft.pk)
    patients = patients_for_user(request.user, capability=Capability.EDIT_PATIENTS)
    refused = ""
    if action == "import":
        try:
            created = patient_import_commit(
                actor=request.user, draft=draft, patients=patients, today=request.clinic_today
            )
        except Refused as exc:
            refused = exc.message
        else:
            messages.success(
                request,
                _("Imported %(n)s patients, numbered from %(first)s to %(last)s.")
                % {
                    "n": len(created),
                    "first": created[0].patient_number,
                    "last": created[-1].patient_number,
                },
            )
            return redirect("patients:list")
    preview = import_preview(
        text=draft.text,
        mapping=draft.mapping,
        order=draft.date_order,
        region=draft.clinic.country,
        patients=patients,
        today=request.clinic_today,
    )
    shown = sorted({pk for row in preview.rows for pk in row.existing})
    audit_opened(
        request,
        summary=f"Previewed a patient import: {len(preview.rows)} rows",
        obj=draft,
        changes={"patients": shown},
    )
    context = {
        "draft": draft,
        "form": form,
        "preview": preview,
        "columns": COLUMNS,
        "refused": refused,
    }
    return render(request, "patients/import_review.html", context)


@staff_required(Capability.IMPORT_PATIENTS)
def import_template(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="patients-template.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with a byte-order mark correctly
    writer = csv.writer(response)
    writer.writerow(TEMPLATE_HEADER)
    writer.writerow(TEMPLATE_EXAMPLE)
    return response
