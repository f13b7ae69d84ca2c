from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from picoclinic.consultations.models import Concern
from picoclinic.outcomes.errors import NO_FILE, TOO_LARGE, TWO_FILES
from picoclinic.outcomes.models import BODY_AREA_CHOICES, PhotoView
from picoclinic.outcomes.storage import max_upload_bytes
from picoclinic.scheduling.models import Appointment, AppointmentStatus
from picoclinic.web.forms import ModelChoiceField

# Which appointments a photo can be linked to: this past year's, up to tomorrow.
APPOINTMENT_WINDOW = timedelta(days=400)
# Phones and desktop browsers that do not know the HEIC type still offer these files.
FILE_ACCEPT = "image/*,.heic,.heif,.jpg,.jpeg,.png"


class ConcernChoice(ModelChoiceField):
    def label_from_instance(self, obj: Concern) -> str:
        started = date_format(timezone.localtime(obj.consultation.started_at), "j M Y")
        return f"{obj} · consultation of {started}"


class AppointmentChoice(ModelChoiceField):
    def label_from_instance(self, obj: Appointment) -> str:
        when = date_format(timezone.localtime(obj.starts_at), "j M Y, H:i")
        what = obj.get_kind_display()
        if obj.session_number:
            what = f"{what} {obj.session_number}"
        return f"{when} · {what} ({obj.get_status_display().lower()})"


class PhotoUploadForm(forms.Form):
    camera = forms.FileField(
        required=False,
        label="Take a photo",
        widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    image = forms.FileField(
        required=False,
        label="Choose a photo file",
        help_text="JPEG, PNG or HEIC.",
        widget=forms.FileInput(attrs={"accept": FILE_ACCEPT}),
    )
    body_area = forms.ChoiceField(
        label="Body area", choices=[("", "Choose the area…"), *BODY_AREA_CHOICES]
    )
    view = forms.ChoiceField(label="View", choices=PhotoView.choices, widget=forms.RadioSelect)
    concern = ConcernChoice(
        queryset=Concern.objects.none(), required=False, empty_label="No particular concern"
    )
    appointment = AppointmentChoice(
        queryset=Appointment.objects.none(),
        required=False,
        label="Session",
        empty_label="Not linked to a session",
    )
    taken_at = forms.DateTimeField(
        required=False,
        label="Taken at",
        help_text="Leave empty to use the camera's time (or now, if the photo has none).",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    note = forms.CharField(
        required=False,
        max_length=200,
        label="Note",
        help_text="Optional, e.g. “immediately after the session”.",
    )

    def __init__(self, *args, patient, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        self.fields["concern"].queryset = (
            Concern.objects.filter(consultation__patient=patient)
            .select_related("consultation")
            .order_by("-consultation__started_at", "position", "id")
        )
        now = timezone.now()
        self.fields["appointment"].queryset = (
            Appointment.objects.filter(
                patient=patient,
                starts_at__gte=now - APPOINTMENT_WINDOW,
                starts_at__lte=now + timedelta(days=1),
            )
            .exclude(status=AppointmentStatus.CANCELLED)
            .order_by("-starts_at")
        )
        if not self.is_bound:
            self._prefill()

    def _prefill(self) -> None:
        """Today's appointment as the session; the concern, if the patient has only one; the
        concern's site as the area."""
        if "appointment" not in self.initial:
            today = self.fields["appointment"].queryset.filter(starts_at__date=timezone.localdate())
            self.initial["appointment"] = today.values_list("pk", flat=True).first()
        if "concern" not in self.initial:
            only = list(self.fields["concern"].queryset.values_list("pk", flat=True)[:2])
            self.initial["concern"] = only[0] if len(only) == 1 else None
        if self.initial.get("concern") and not self.initial.get("body_area"):
            concerns = self.fields["concern"].queryset.filter(pk=self.initial["concern"])
            self.initial["body_area"] = concerns.values_list("body_site", flat=True).first()

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        camera, image = cleaned.get("camera"), cleaned.get("image")
        if self.too_large:
            limit_mb = max_upload_bytes() // (1024 * 1024)
            self.add_error("image", TOO_LARGE.format(limit_mb=limit_mb))
        elif camera and image:
            self.add_error("image", TWO_FILES)
        elif not camera and not image and not self.has_error("image"):
            self.add_error("image", NO_FILE)
        return cleaned

    @property
    def upload(self):
        return self.cleaned_data.get("camera") or self.cleaned_data.get("image")
