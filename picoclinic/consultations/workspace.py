"""Everything the consultation workspace shows, built with a fixed number of queries.

Two queries whatever the number of concerns: the concerns, and the latest screening of each.
Each section's form is bound to its draft when there is one (so the page shows what was last
typed, errors included) and filled from the record otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms

from picoclinic.clinical.common import Fitzpatrick
from picoclinic.consultations.clinical_inputs import (
    concern_estimates,
    course_of,
    missing_history_keys,
    needs_type_confirmation,
    screening_is_current,
)
from picoclinic.consultations.forms import (
    GoalsForm,
    PriorTreatmentsForm,
    QuestionnaireProgress,
    SkinTypeForm,
    questionnaire_progress,
)
from picoclinic.consultations.forms.concern import ConcernAddForm, ConcernForm
from picoclinic.consultations.forms.history import HistoryForm
from picoclinic.consultations.models import (
    Concern,
    Consultation,
    ConsultationStatus,
    ReportedItem,
)
from picoclinic.consultations.presenters import (
    CourseView,
    EstimateView,
    ScreeningView,
    concern_title,
    course_view,
    estimate_view,
    saved_label,
    screening_view,
)
from picoclinic.consultations.sections import Section, concern_key, draft_entry
from picoclinic.consultations.selectors import concerns_of, latest_screenings
from picoclinic.consultations.services import completion_problems
from picoclinic.consultations.signals import flags_before_visit
from picoclinic.web.signals import ask

NOT_SAVED = "Not saved: {error} What you typed is kept."
FIX_MARKED = "correct what is marked."

SECTION_FORMS: dict[str, type[forms.Form]] = {
    Section.SKIN_TYPE: SkinTypeForm,
    Section.HISTORY: HistoryForm,
    Section.PRIOR_TREATMENTS: PriorTreatmentsForm,
    Section.GOALS: GoalsForm,
}


def section_form(section: str, *, data=None, initial=None, today: date) -> forms.Form:
    kwargs: dict[str, Any] = {"data": data, "initial": initial}
    if section == Section.HISTORY:
        kwargs["today"] = today
    return SECTION_FORMS[section](**kwargs)


def concern_form(concern: Concern, *, data=None) -> ConcernForm:
    initial = None if data is not None else ConcernForm.initial_from(concern)
    return ConcernForm(data=data, initial=initial, prefix=f"c{concern.pk}")


@dataclass(frozen=True)
class Status:
    """The autosave indicator of one section."""

    key: str
    text: str
    ok: bool


def status_of(key: str, form: forms.Form, saved_at) -> Status:
    """ "Saved 14:32", or "Not saved: <first error>" for a form with errors."""
    dom_key = key.replace(":", "-")
    if form.is_bound and form.errors:
        errors = [e for errs in form.errors.values() for e in errs]
        first = errors[0] if len(errors) == 1 else FIX_MARKED
        return Status(dom_key, NOT_SAVED.format(error=first), ok=False)
    return Status(dom_key, saved_label(saved_at), ok=True)


@dataclass
class SectionState:
    form: forms.Form
    status: Status


@dataclass
class ConcernCard:
    concern: Concern
    number: int
    state: SectionState
    estimate: EstimateView | None
    estimate_problem: str
    screening: ScreeningView | None

    @property
    def title(self) -> str:
        return concern_title(self.concern)


@dataclass
class ReportedCard:
    """One item the patient reported; a concern is confirmed through its own small form."""

    item: ReportedItem
    concern_form: ConcernAddForm | None = None


def reported_card(item: ReportedItem, *, data=None) -> ReportedCard:
    if item.key != "concern" or not item.is_open:
        return ReportedCard(item)
    value = item.value or {}
    initial = {k: value.get(k) for k in ("indication", "body_site", "severity")}
    form = ConcernAddForm(data=data, initial=initial, prefix=f"r{item.pk}")
    # The patient cannot judge severity in clinical terms: the practitioner chooses it.
    form.fields["severity"].choices = [("", "Choose…"), *form.fields["severity"].choices]
    return ReportedCard(item, form)


@dataclass
class Workspace:
    consultation: Consultation
    editable: bool
    today: date
    age: int | None
    sections: dict[str, SectionState]
    progress: QuestionnaireProgress
    cards: list[ConcernCard]
    add_form: ConcernAddForm
    course: CourseView | None
    missing_history: list[str]
    type_needs_confirmation: bool
    problems: list[str] = field(default_factory=list)
    # What the patient reported before the visit, item by item, and the screening's flags on it.
    reported: list[ReportedCard] = field(default_factory=list)
    before_visit: dict[str, Any] | None = None

    @property
    def reported_open(self) -> int:
        return sum(1 for card in self.reported if card.item.is_open)

    @property
    def type_label(self) -> str:
        """The type in force as a Roman numeral ("III"), or "" when not set."""
        fitzpatrick = self.consultation.fitzpatrick
        return Fitzpatrick(fitzpatrick).roman if fitzpatrick else ""

    @property
    def screened_all(self) -> bool:
        return bool(self.cards) and all(c.screening and c.screening.current for c in self.cards)


def _state(consultation: Consultation, key: str, build) -> SectionState:
    """A section's form: bound to its draft while the consultation is open, else the record."""
    entry = draft_entry(consultation.draft, key)
    if entry is None or consultation.status != ConsultationStatus.DRAFT:
        form = build(None)
        form.is_valid()
        return SectionState(form, status_of(key, form, entry.saved_at if entry else None))
    form = build(entry.form_data())
    form.is_valid()
    return SectionState(form, status_of(key, form, entry.saved_at))


def _section_state(consultation: Consultation, section: str, today: date) -> SectionState:
    initial = SECTION_FORMS[section].initial_from(consultation)
    return _state(
        consultation,
        section,
        lambda data: section_form(
            section, data=data, initial=None if data is not None else initial, today=today
        ),
    )


def _progress(state: SectionState, consultation: Consultation) -> QuestionnaireProgress:
    form = state.form
    if form.is_bound:
        return questionnaire_progress(form.answers())
    return questionnaire_progress(consultation.questionnaire_answers)


def build_workspace(consultation: Consultation, *, today: date, editable: bool) -> Workspace:
    """The workspace of ``consultation`` as of ``today`` (the clinic's date)."""
    concerns = concerns_of(consultation)
    screenings = latest_screenings(consultation)
    sections = {s: _section_state(consultation, s, today) for s in SECTION_FORMS}
    age = consultation.patient.age_on(today)
    estimates = concern_estimates(concerns=concerns, fitzpatrick=consultation.fitzpatrick, age=age)
    cards = [
        _card(consultation, item, number, screenings.get(item.concern.pk), today)
        for number, item in enumerate(estimates, start=1)
    ]
    course = course_of(estimates)
    by_core = {id(i.estimate.concern): i.concern for i in estimates if i.estimate is not None}
    workspace = Workspace(
        consultation=consultation,
        editable=editable and consultation.status == ConsultationStatus.DRAFT,
        today=today,
        age=age,
        sections=sections,
        progress=_progress(sections[Section.SKIN_TYPE], consultation),
        cards=cards,
        add_form=ConcernAddForm(),
        course=course_view(course, by_core) if course else None,
        missing_history=missing_history_keys(consultation.medical_history),
        type_needs_confirmation=needs_type_confirmation(consultation),
        reported=[reported_card(item) for item in consultation.reported_items.all()],
        before_visit=ask(flags_before_visit, patient=consultation.patient),
    )
    if consultation.status == ConsultationStatus.DRAFT:
        workspace.problems = completion_problems(
            consultation, today=today, concerns=concerns, screenings=screenings
        )
    return workspace


def _card(consultation: Consultation, item, number: int, record, today: date) -> ConcernCard:
    concern = item.concern
    state = _state(
        consultation, concern_key(concern.pk), lambda data: concern_form(concern, data=data)
    )
    # A completed consultation is judged as it was completed, not against today.
    current = record is not None and (
        consultation.status != ConsultationStatus.DRAFT
        or screening_is_current(record, consultation=consultation, concern=concern, today=today)
    )
    return ConcernCard(
        concern=concern,
        number=number,
        state=state,
        estimate=estimate_view(concern, item.estimate) if item.estimate else None,
        estimate_problem=item.problem,
        screening=screening_view(record, current=current) if record else None,
    )
