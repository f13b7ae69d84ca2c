from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.timezone import localtime
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from picoclinic.accounts.decorators import staff_required
from picoclinic.accounts.requests import StaffHttpRequest
from picoclinic.accounts.roles import Capability
from picoclinic.consultations.access import may_consult
from picoclinic.outcomes.access import photo_get_for_user
from picoclinic.outcomes.errors import NO_PHOTO_CONSENT, RECHOOSE_FILE, PhotoRejected
from picoclinic.outcomes.forms import PhotoUploadForm
from picoclinic.outcomes.models import PhotoSize
from picoclinic.outcomes.selectors import (
    comparison_choose,
    photo_consent_state,
    photo_groups,
    photos_of_patient,
)
from picoclinic.outcomes.services import photo_opened, photo_upload
from picoclinic.outcomes.storage import max_upload_bytes, photo_storage
from picoclinic.outcomes.uploads import limit_upload_size, upload_was_too_large
from picoclinic.patients.access import patient_get_for_user
from picoclinic.web.http import client_ip

logger = logging.getLogger(__name__)

ADDED = "Photo added: {label}, {when}. Add the next view, or compare."
CLINICIANS_ONLY = "Photos are added by the clinicians (practitioners and doctors)."
RECENT_ON_UPLOAD_PAGE = 6
IMAGE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


@staff_required(Capability.VIEW_PATIENTS)
def photo_index(request: StaffHttpRequest, patient_id: int):
    """The patient's photos by area and view, and two of them compared."""
    patient = patient_get_for_user(request.user, patient_id)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    groups = photo_groups(photos_of_patient(patient=patient))
    comparison = comparison_choose(
        groups,
        body_area=request.GET.get("area", ""),
        view=request.GET.get("view", ""),
        first_id=_int_param(request.GET.get("a")),
        second_id=_int_param(request.GET.get("b")),
    )
    context = {
        "patient": patient,
        "groups": groups,
        "comparison": comparison,
        "consent": photo_consent_state(patient=patient),
        "can_upload": may_consult(request, patient),
    }
    return render(request, "outcomes/index.html", context)


@csrf_exempt  # CSRF is checked by the inner view, after the upload limit is in place
@staff_required(Capability.VIEW_PATIENTS)
@require_http_methods(["GET", "POST"])
def photo_new(request: StaffHttpRequest, patient_id: int):
    if request.method == "POST":
        limit_upload_size(request, limit=max_upload_bytes())
    return _photo_new(request, patient_id)


@csrf_protect
def _photo_new(request: StaffHttpRequest, patient_id: int):
    patient = patient_get_for_user(request.user, patient_id)
    if not may_consult(request, patient):
        messages.info(request, CLINICIANS_ONLY)
        return redirect("photos:index", patient_id=patient.pk)
    form = PhotoUploadForm(
        request.POST or None,
        request.FILES or None,
        patient=patient,
        too_large=upload_was_too_large(request),
        initial=_initial(request, patient),
    )
    if request.method == "POST" and form.is_valid():
        try:
            photo = photo_upload(
                actor=request.user,
                patient=patient_get_for_user(
                    request.user, patient_id, capability=Capability.CONSULT
                ),
                upload=form.upload,
                clinic=request.clinic,
                ip_address=client_ip(request),
                **_photo_fields(form.cleaned_data),
            )
        except PhotoRejected as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, ADDED.format(label=_label(photo), when=_when(photo)))
            return redirect(_next_upload_url(photo))
    return _upload_page(request, patient, form)


def _upload_page(request, patient, form):
    # The consent as it is now, after any attempt: a withdrawal shows at once.
    context = {
        "patient": patient,
        "form": form,
        "consent": photo_consent_state(patient=patient),
        "no_consent": NO_PHOTO_CONSENT,
        "max_mb": max_upload_bytes() // (1024 * 1024),
        "rechoose": form.is_bound and not form.is_valid() and RECHOOSE_FILE,
        "recent": photos_of_patient(patient=patient, limit=RECENT_ON_UPLOAD_PAGE)[::-1],
    }
    return render(request, "outcomes/upload.html", context)


@staff_required(Capability.VIEW_PATIENTS)
def photo_detail(request: StaffHttpRequest, patient_id: int, photo_id: int):
    photo = photo_get_for_user(request.user, patient_id, photo_id)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    context = {
        "patient": photo.patient,
        "photo": photo,
        "consent": photo_consent_state(patient=photo.patient),
        "compare_url": _compare_url(photo),
    }
    return render(request, "outcomes/detail.html", context)


def photo_image(request, patient_id: int, photo_id: int, size: str):
    """The picture itself, for the clinic's staff and for the patient it shows. Never cached,
    never sniffed; opening the full or display size is audited (thumbnails are not)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    photo = photo_get_for_user(request.user, patient_id, photo_id)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    try:
        stream = photo_storage().open(photo.file_for(size), "rb")
    except (FileNotFoundError, OSError):
        logger.error("Photo %s: its %s file is missing from storage", photo.pk, size)
        raise Http404("Photo file missing") from None
    if size != PhotoSize.THUMB:
        photo_opened(actor=request.user, photo=photo, size=size, ip_address=client_ip(request))
    # An explicit file name: the default would be the storage name, which stays private.
    response = FileResponse(
        stream, content_type="image/jpeg", filename=f"photo-{photo.pk}-{size}.jpg"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    # Opened on its own, the browser shows the picture in an image viewer that styles itself
    # inline; nothing may run or load there (the site-wide policy would log violations).
    response["Content-Security-Policy"] = IMAGE_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def _int_param(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


def _initial(request, patient) -> dict:
    """Prefill from ?concern=, ?appointment=, ?area= (ignored when not the patient's)."""
    initial = {}
    for name in ("concern", "appointment"):
        if (value := _int_param(request.GET.get(name))) is not None:
            initial[name] = value
    if request.GET.get("area"):
        initial["body_area"] = request.GET["area"]
    return initial


def _photo_fields(data: dict) -> dict:
    return {
        name: data[name]
        for name in ("body_area", "view", "taken_at", "concern", "appointment", "note")
    }


def _label(photo) -> str:
    return f"{photo.get_body_area_display()} · {photo.get_view_display()}"


def _when(photo) -> str:
    return date_format(localtime(photo.taken_at), "j M Y, H:i")


def _next_upload_url(photo) -> str:
    """Back to the form for the next view of the same area, concern and session."""
    params = {"area": photo.body_area}
    if photo.concern_id:
        params["concern"] = photo.concern_id
    if photo.appointment_id:
        params["appointment"] = photo.appointment_id
    return f"{reverse('photos:new', args=[photo.patient_id])}?{urlencode(params)}"


def _compare_url(photo) -> str:
    params = {"area": photo.body_area, "view": photo.view, "b": photo.pk}
    return f"{reverse('photos:index', args=[photo.patient_id])}?{urlencode(params)}"
