"""Reads of the self-assessment: the core's answer to a set of answers (no database), and the
clinics whose websites may frame the page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core import signing

from picoclinic.assessment.answers import core_inputs
from picoclinic.assessment.forms import AssessForm
from picoclinic.assessment.models import EmbedSetting
from picoclinic.assessment.wording import (
    Cited,
    before_treatment,
    course,
    downtime,
    maintenance,
    one_session,
    results,
    sessions,
    skin_type,
    spacing,
)
from picoclinic.clinical.estimate import estimate_sessions
from picoclinic.clinical.screening import screen
from picoclinic.clinics.models import Clinic
from picoclinic.scheduling.forms.online import ASSESSMENT_SALT

# Fields a person answers that are not questions to report (the bot traps).
NOT_REPORTED = frozenset({"website", "started"})


@dataclass(frozen=True)
class Answer:
    """What to expect, each part with its sources; ``before`` lists what comes first."""

    one_session: Cited
    may_suffice: bool
    facts: list[tuple[str, Cited]]
    before: list[Cited]
    skin: Cited


def assessment_answer(answers: dict[str, Any], *, today: date) -> Answer:
    """The core's estimate and screening for one set of cleaned answers, in plain words.
    Raises ``ClinicalInputError`` when the core refuses the combination."""
    inputs = core_inputs(answers, today=today)
    estimate = estimate_sessions(inputs.concern)
    report = screen(inputs.history, treatment=inputs.treatment, today=today)
    facts = [
        ("sessions", sessions(estimate)),
        ("spacing", spacing(estimate)),
        ("course", course(estimate)),
        ("downtime", downtime(estimate, today=today)),
        ("results", results(estimate)),
        ("maintenance", maintenance(estimate)),
    ]
    return Answer(
        one_session=one_session(estimate),
        may_suffice=estimate.one_session_may_suffice,
        facts=facts,
        before=before_treatment(estimate, report),
        skin=skin_type(inputs.skin),
    )


def _label(form: AssessForm, name: str, value: Any) -> str:
    field = form.fields[name]
    choices = {str(k): str(v) for k, v in getattr(field, "choices", [])}
    if isinstance(value, list):
        return "; ".join(choices.get(str(v), str(v)) for v in value)
    return choices.get(str(value), str(value))


def reported_lines(form: AssessForm) -> list[list[str]]:
    """[question, answer] for every question answered, in the form's order and words."""
    lines = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if name in NOT_REPORTED or value in (None, "", []):
            continue
        lines.append([str(field.label), _label(form, name, value)])
    return lines


def signed_answers(form: AssessForm, answer: Answer) -> str:
    """The answers, the questions in words and the answer's headline, signed for the booking
    page (which checks the signature and stores them only when the request is sent)."""
    answers = {k: v for k, v in form.cleaned_data.items() if k not in NOT_REPORTED}
    payload = {
        "version": 1,
        "answers": answers,
        "summary": reported_lines(form),
        "result": [answer.one_session.text, *(c.text for _, c in answer.facts), answer.skin.text],
        "before": [c.text for c in answer.before],
    }
    return signing.dumps(payload, salt=ASSESSMENT_SALT, compress=True)


def embed_origins(clinic_id: str | None) -> tuple[Clinic | None, list[str]]:
    """The clinic named in the page's address and the website origins it lets frame the page
    (1 query)."""
    try:
        pk = int(clinic_id or "")
    except ValueError:
        return None, []
    setting = EmbedSetting.objects.select_related("clinic").filter(clinic_id=pk).first()
    if setting is None:
        return Clinic.objects.filter(pk=pk).first(), []
    return setting.clinic, setting.origin_list()


# More clinics than a chooser can list sensibly: the clinic's own link names one (?clinic=).
CHOOSER_MAX = 20


def assess_clinics(clinic_id: str | None) -> tuple[Clinic | None, list[str], list[Clinic]]:
    """The clinic the page speaks for, the origins that may frame it, and, when the address
    names none and there are several, the clinics to choose from (1 query). With one clinic
    the page needs no ``?clinic=``."""
    if clinic_id:
        clinic, origins = embed_origins(clinic_id)
        return clinic, origins, []
    clinics = list(Clinic.objects.order_by("name")[: CHOOSER_MAX + 1])
    if len(clinics) == 1:
        return clinics[0], [], []
    return None, [], clinics[:CHOOSER_MAX]
