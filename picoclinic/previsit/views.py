"""The questionnaire's pages: by the signed link (no login) or from the portal (the patient's
own only). Both show one form that saves as the patient types (htmx) and with a Save button
without JavaScript, and a Send button when done.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.views.decorators.http import require_http_methods

from picoclinic.consultations.sections import raw_values
from picoclinic.patients.decorators import patient_login_required
from picoclinic.previsit.forms import FIX_MARKED, QuestionnaireForm
from picoclinic.previsit.links import LINK_UNKNOWN, questionnaire_for_token
from picoclinic.previsit.models import Questionnaire
from picoclinic.previsit.prefill import initial_answers
from picoclinic.previsit.selectors import questionnaire_of_patient
from picoclinic.previsit.services import (
    QuestionnaireRefused,
    questionnaire_check_open,
    questionnaire_return,
    questionnaire_save,
)

AUTOSAVE_HEADER = "X-Autosave"


@require_http_methods(["GET", "POST"])
def fill(request, token: str):
    questionnaire = questionnaire_for_token(token)
    if questionnaire is None:
        return render(request, "previsit/gone.html", {"message": LINK_UNKNOWN}, status=404)
    return _questionnaire_page(request, questionnaire, actor=None)


@patient_login_required
@require_http_methods(["GET", "POST"])
def mine(request, questionnaire_id: int):
    questionnaire = questionnaire_of_patient(request.patient, questionnaire_id)
    return _questionnaire_page(request, questionnaire, actor=request.user)


def _today(questionnaire: Questionnaire):
    return timezone.localdate(timezone.now(), questionnaire.clinic.zone)


def _questionnaire_page(request, questionnaire: Questionnaire, *, actor):
    try:
        questionnaire_check_open(questionnaire, now=timezone.now())
    except QuestionnaireRefused as refused:
        context = {"message": refused.message, "questionnaire": questionnaire}
        return render(request, "previsit/gone.html", context, status=410)
    today = _today(questionnaire)
    if request.method == "GET":
        form = _stored_form(questionnaire, today)
        return _page(request, questionnaire, form, status=200)
    form = QuestionnaireForm(request.POST, today=today)
    raw = raw_values(request.POST)
    try:
        if "send" in request.POST:
            return _send(request, questionnaire, form, raw, actor)
        questionnaire = questionnaire_save(questionnaire=questionnaire, raw=raw)
    except QuestionnaireRefused as refused:
        context = {"message": refused.message, "questionnaire": questionnaire}
        return render(request, "previsit/gone.html", context, status=410)
    form.is_valid()
    if request.htmx:
        response = render(request, "previsit/_autosaved.html", {"form": form, "q": questionnaire})
        response[AUTOSAVE_HEADER] = "saved"
        return response
    return _page(request, questionnaire, form, status=400 if form.errors else 200, saved=True)


def _send(request, questionnaire, form, raw, actor):
    if not form.check_complete():
        questionnaire = questionnaire_save(questionnaire=questionnaire, raw=raw)
        return _page(request, questionnaire, form, status=400, problem=FIX_MARKED)
    questionnaire = questionnaire_return(
        actor=actor, questionnaire=questionnaire, raw=raw, reported=form.reported_values()
    )
    return render(request, "previsit/done.html", {"q": questionnaire})


def _stored_form(questionnaire: Questionnaire, today) -> QuestionnaireForm:
    if questionnaire.answers:
        form = QuestionnaireForm(_as_data(questionnaire.answers), today=today)
        form.is_valid()
        return form
    return QuestionnaireForm(initial=initial_answers(questionnaire), today=today)


def _as_data(answers):
    return MultiValueDict({key: list(values) for key, values in answers.items()})


def _page(request, questionnaire, form, *, status: int, saved: bool = False, problem=""):
    if questionnaire is None:
        raise Http404("No such questionnaire")
    context = {"q": questionnaire, "form": form, "saved": saved, "problem": problem}
    return render(request, "previsit/fill.html", context, status=status)
