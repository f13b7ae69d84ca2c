"""Demo results: Mei Lin's photos and scores across her sessions, and a finished course with
its maintenance recall overdue (``demo_load_outcomes``).

The pictures are drawn, not photographed, and say so on their face: a skin-tone gradient
with a darker patch (think melasma on a cheek) that fades from one session to the next. They
go through ``photo_upload`` like any photo (consent checked, re-encoded, audited). Every date
comes from the sessions the demo made (``treatments.demo``), never from a fixed calendar.
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from picoclinic.consent.selectors import photo_consent
from picoclinic.consultations.models import Concern
from picoclinic.outcomes.models import Photo, PhotoView
from picoclinic.outcomes.services import photo_upload
from picoclinic.patients.models import Patient
from picoclinic.scheduling.models import Appointment, AppointmentKind, AppointmentStatus

SIZE = (900, 1200)
SESSIONS = 4
# How dark the patch still is at the last session (1 = as at baseline); linear in between.
PATCH_LAST = 0.25
SKIN_TOP, SKIN_BOTTOM = (232, 196, 168), (206, 164, 134)
PATCH = (140, 96, 70)


def demo_load_photos(*, patient) -> bool:
    """Add the demo photos to ``patient`` once: the face from the front at each of four
    sessions, and at 45° at the first and the last. Skipped (False) when the patient has
    photos already or no photography consent."""
    if Photo.objects.filter(patient=patient).exists() or photo_consent(patient=patient) is None:
        return False
    concern = (
        Concern.objects.filter(consultation__patient=patient, body_site="face")
        .order_by("consultation__started_at", "position")
        .first()
    )
    sessions = _sessions(patient)
    last = len(sessions) - 1
    for session, (when, appointment) in enumerate(sessions):
        views = [PhotoView.FRONT] + ([PhotoView.LEFT_45] if session in {0, last} else [])
        strength = 1 - (1 - PATCH_LAST) * session / last
        for view in views:
            photo_upload(
                actor=None,
                patient=patient,
                upload=_picture(session, strength, when, view),
                body_area="face",
                view=view,
                taken_at=when + timedelta(minutes=2 if view == PhotoView.LEFT_45 else 0),
                concern=concern,
                appointment=appointment,
                note="Synthetic demo image",
            )
    return True


def _past_sessions(patient) -> list[Appointment]:
    """The patient's treatment sessions that have taken place, oldest first."""
    return list(
        Appointment.objects.filter(
            patient=patient, kind=AppointmentKind.TREATMENT, starts_at__lte=timezone.now()
        )
        .exclude(status__in=[AppointmentStatus.CANCELLED, AppointmentStatus.NO_SHOW])
        .select_related("plan_item__plan__clinic", "plan_item__concern__consultation")
        .order_by("starts_at")
    )


def _sessions(patient) -> list[tuple[datetime, Appointment | None]]:
    """The patient's past treatment sessions (the latest four) if the demo made two or more,
    else four dates four weeks apart ending last week."""
    past = _past_sessions(patient)[-SESSIONS:]
    if len(past) >= 2:
        return [(a.starts_at + timedelta(minutes=5), a) for a in past]
    last = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=7)
    return [(last - timedelta(weeks=4 * (SESSIONS - 1 - n)), None) for n in range(SESSIONS)]


def _picture(session: int, strength: float, when: datetime, view: str) -> SimpleUploadedFile:
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    for y in range(SIZE[1]):
        t = y / SIZE[1]
        colour = tuple(round(a + (b - a) * t) for a, b in zip(SKIN_TOP, SKIN_BOTTOM, strict=True))
        draw.line([(0, y), (SIZE[0], y)], fill=colour)
    _patch(image, strength, shifted=view == PhotoView.LEFT_45)
    _label(image, f"SYNTHETIC DEMO IMAGE · session {session + 1} · {when:%d %b %Y}")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=92)
    return SimpleUploadedFile("demo.jpg", buffer.getvalue(), content_type="image/jpeg")


def _patch(image: Image.Image, strength: float, *, shifted: bool) -> None:
    mask = Image.new("L", SIZE, 0)
    x = 330 if shifted else 520
    ImageDraw.Draw(mask).ellipse([x, 520, x + 240, 700], fill=round(200 * strength))
    mask = mask.filter(ImageFilter.GaussianBlur(40))
    image.paste(Image.new("RGB", SIZE, PATCH), (0, 0), mask)


def _label(image: Image.Image, text: str) -> None:
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=30)
    draw.rectangle([0, SIZE[1] - 70, SIZE[0], SIZE[1]], fill=(23, 32, 42))
    draw.text((24, SIZE[1] - 52), text, fill=(255, 255, 255), font=font)
    # Registration marks, so an overlay shows the two pictures line up.
    for cx, cy in [(60, 60), (SIZE[0] - 60, 60)]:
        draw.line([(cx - 20, cy), (cx + 20, cy)], fill=(23, 32, 42), width=3)
        draw.line([(cx, cy - 20), (cx, cy + 20)], fill=(23, 32, 42), width=3)


def demo_load_outcomes(*, clinic, practitioner, doctor) -> bool:
    """The demo's results at ``clinic``: Mei Lin's photos and scores across the sessions the
    demo made, and Chloe Martin's completed course with its recall overdue. Idempotent."""
    from picoclinic.demo.journeys import _completed  # the demo's consultation helper
    from picoclinic.demo.results import (
        demo_load_completed_course,
        demo_load_mei_scores,
    )

    patients = {p.given_name: p for p in Patient.objects.filter(clinic=clinic)}
    made = False
    if mei := patients.get("Mei"):
        made |= demo_load_photos(patient=mei)
        sessions = [a for a in _past_sessions(mei) if a.status == AppointmentStatus.COMPLETED]
        made |= demo_load_mei_scores(patient=mei, sessions=sessions, actor=practitioner)
    if chloe := patients.get("Chloe"):
        made |= demo_load_completed_course(
            patient=chloe, practitioner=practitioner, doctor=doctor, completed=_completed
        )
    return made
