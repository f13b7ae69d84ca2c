"""The course summary for the patient: one document per plan (issue #7 item 7).

What the course treated, the sessions done, each concern's scores first against latest, the
before and after photographs of the same area and view (only while photography consent is in
force), the remaining-sessions estimate labelled as one, the maintenance advice with its
source, the recall, and how to reach the clinic. ``course_summary`` reads it all in a fixed
number of queries; ``summary_pdf`` renders it with WeasyPrint like the plan and consent PDFs.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from picoclinic.accounts.models import User
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.clinical.indications_model import SourcedText
from picoclinic.consent.selectors import photo_consent
from picoclinic.outcomes.models import Photo, PhotoSize
from picoclinic.outcomes.progress import ItemProgress, progress_for_patient
from picoclinic.outcomes.scores.models import Recall
from picoclinic.outcomes.selectors import PhotoGroup, photo_groups, photos_of_patient
from picoclinic.outcomes.storage import photo_storage
from picoclinic.plans.catalogue import concern_profile
from picoclinic.plans.models import PlanStatus, TreatmentPlan
from picoclinic.scheduling.models import Appointment, AppointmentKind, AppointmentStatus
from picoclinic.web import patient_words

# Plans a summary can be made of: the course has begun (or is done).
SUMMARISED = (PlanStatus.IN_PROGRESS, PlanStatus.COMPLETED)
NO_PHOTO_CONSENT_NOTE = (
    "Photographs are not included: your consent to clinical photographs is not in force."
)
NEXT_STEPS = {
    PlanStatus.IN_PROGRESS: "Keep to your aftercare and come to your next session as booked.",
    PlanStatus.COMPLETED: "Your course is complete. Keep to the maintenance advice below and "
    "come back for the review we suggest.",
}


@dataclass(frozen=True)
class PhotoPair:
    """The first and latest photograph of one area from one view (the same framing)."""

    label: str
    before: Photo
    after: Photo


@dataclass
class ConcernSummary:
    progress: ItemProgress
    maintenance: SourcedText
    recall: Recall | None
    photos: PhotoPair | None = None

    @property
    def keeping(self) -> str:
        """How the result is kept, in the patient's words."""
        return patient_words.maintenance(self.progress.item.concern.indication)

    @property
    def keeping_source(self) -> str:
        return patient_words.citation(self.maintenance.source)


@dataclass
class CourseSummary:
    plan: TreatmentPlan
    sessions: list[Appointment]
    concerns: list[ConcernSummary]
    photos_allowed: bool
    next_step: str
    today: date
    notes: list[str] = field(default_factory=list)


def summary_plan_allowed(plan: TreatmentPlan) -> bool:
    return plan.status in SUMMARISED


def summarised_plans(items: list[ItemProgress]) -> list[TreatmentPlan]:
    """The plans of ``items`` that a course summary can be made of, each once, in order."""
    started = (p.item.plan for p in items if summary_plan_allowed(p.item.plan))
    return list({plan.pk: plan for plan in started}.values())


def course_summary(*, plan: TreatmentPlan, today: date) -> CourseSummary:
    """Everything the summary shows (a fixed number of queries, whatever the course's size).

    Photographs: only while the patient's photography consent is in force. The summary is for
    the patient's own care and goes only to the patient (and the clinic's own staff), so it is
    not a marketing use and does not need the marketing consent; but a withdrawn or refused
    photography consent means the clinic stops using the pictures, so none are put in a new
    document (``NO_PHOTO_CONSENT_NOTE`` says why they are missing).
    """
    patient = plan.patient
    progress = progress_for_patient(patient=patient, plan=plan)
    recalls = {r.plan_item_id: r for r in Recall.objects.filter(plan=plan)}
    allowed = photo_consent(patient=patient) is not None
    groups = photo_groups(photos_of_patient(patient=patient)) if allowed else []
    concerns = [
        ConcernSummary(
            p,
            concern_profile(p.item.concern).maintenance,
            recalls.get(p.item.pk),
            concern_photo_pair(groups, p.item.concern_id),
        )
        for p in progress
    ]
    return CourseSummary(
        plan=plan,
        sessions=_sessions(plan),
        concerns=concerns,
        photos_allowed=allowed,
        next_step=NEXT_STEPS.get(PlanStatus(plan.status), ""),
        today=today,
        notes=[] if allowed else [NO_PHOTO_CONSENT_NOTE],
    )


def _sessions(plan: TreatmentPlan) -> list[Appointment]:
    return list(
        Appointment.objects.filter(
            plan=plan, kind=AppointmentKind.TREATMENT, status=AppointmentStatus.COMPLETED
        ).order_by("starts_at")
    )


def concern_photo_pair(groups: list[PhotoGroup], concern_id: int) -> PhotoPair | None:
    """The concern's area and view with the most photographs: its first against its latest."""
    best = None
    for group in groups:
        mine = [photo for photo in group.photos if photo.concern_id == concern_id]
        if len(mine) > 1 and (best is None or len(mine) > len(best[1])):
            best = (group, mine)
    if best is None:
        return None
    return PhotoPair(best[0].label, best[1][0], best[1][-1])


def summary_html(summary: CourseSummary, *, embed_photos: bool = True) -> str:
    """The HTML the PDF is made from, times in the clinic's zone, photos as data URLs."""
    if embed_photos:
        _embed(summary)
    context = {"s": summary, "clinic": summary.plan.clinic, "patient": summary.plan.patient}
    with timezone.override(summary.plan.clinic.zone):
        return render_to_string("outcomes/summary_pdf.html", context)


def _embed(summary: CourseSummary) -> None:
    """Give each photo shown a ``data_url`` of its display size (the PDF loads no URL)."""
    photos = [p for c in summary.concerns if c.photos for p in (c.photos.before, c.photos.after)]
    for photo in photos:
        try:
            with photo_storage().open(photo.file_for(PhotoSize.DISPLAY), "rb") as stream:
                data = base64.b64encode(stream.read()).decode("ascii")
        except OSError:
            continue  # a missing file leaves its place empty rather than failing the summary
        photo.data_url = f"data:image/jpeg;base64,{data}"


def summary_pdf(summary: CourseSummary) -> bytes:
    """The PDF bytes. WeasyPrint is imported lazily (pango is slow to load); the page fetches
    nothing but its own data URLs, so no text in a record can make the server load a URL."""
    from weasyprint import HTML, URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    return HTML(string=summary_html(summary), url_fetcher=fetcher).write_pdf()


def summary_generated(*, actor: User, plan: TreatmentPlan, ip_address: str | None = None) -> None:
    """Record that ``actor`` (staff or the patient) generated the course summary of ``plan``."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.VIEW,
            obj=plan,
            patient=plan.patient,
            clinic=plan.clinic,
            summary=f"Plan {plan.pk}: course summary generated",
            ip_address=ip_address,
        )
