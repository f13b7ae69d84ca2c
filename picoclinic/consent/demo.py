"""Starter consent texts for the demo clinics (and a starting point for a real clinic's own).

``consent_demo_texts_load(clinic=...)`` publishes version 1 of each kind the clinic lacks;
loading again changes nothing. The wording is a sample for the demo, not legal advice: each
clinic's admin replaces it with text their own advisers approved.
"""

from __future__ import annotations

from picoclinic.accounts.models import User
from picoclinic.clinics.models import Clinic
from picoclinic.consent.models import ConsentKind, ConsentText
from picoclinic.consent.services import consent_text_publish

DEMO_TEXTS = {
    ConsentKind.TREATMENT: (
        "Consent to a course of picosecond laser treatment",
        (
            "I have discussed my concerns, my medical history and my medicines with the "
            "clinic, and my questions have been answered.\n\n"
            "I understand that picosecond laser treatment is given in a course of sessions "
            "some weeks apart, that results build up gradually over weeks to months, and that "
            "the number of sessions I need is an estimate, not a promise.\n\n"
            "I understand the usual effects: redness, swelling, warmth and a feeling like "
            "mild sunburn for hours to a day; sometimes pinpoint bleeding, crusting or "
            "darkening of pigment for a few days.\n\n"
            "I understand the less common risks: blistering, infection, lighter or darker "
            "patches of skin (usually temporary, rarely lasting), scarring, and incomplete "
            "clearance. Risks are higher on tanned skin and on darker skin types.\n\n"
            "I will follow the aftercare advice, avoid sun and tanning, and tell the clinic "
            "before each session about any new medicine, pregnancy, illness or reaction.\n\n"
            "I may stop the course at any time by telling the clinic."
        ),
    ),
    ConsentKind.PHOTOGRAPHY: (
        "Clinical photographs",
        (
            "The clinic takes standardised photographs of the treated areas before the "
            "course, during it and afterwards, to plan my treatment and to see how my skin "
            "responds.\n\n"
            "The photographs are part of my clinical record. They are kept securely and seen "
            "only by the clinic's staff involved in my care. My face is photographed only if "
            "it is a treated area.\n\n"
            "I may withdraw this consent at any time; photographs already taken stay in my "
            "record."
        ),
    ),
    ConsentKind.MARKETING: (
        "Use of my photographs for marketing",
        (
            "The clinic may use my before-and-after photographs, without my name, on its "
            "website, in its leaflets and on its social media.\n\n"
            "This is entirely my choice and does not affect my treatment in any way.\n\n"
            "I may withdraw this consent at any time: the clinic then stops new use of my "
            "photographs and removes them from its website and social media pages it "
            "controls."
        ),
    ),
}


def consent_demo_texts_load(*, clinic: Clinic, actor: User | None = None) -> list[ConsentText]:
    "Publish each demo text the clinic has no version of yet."
    present = set(ConsentText.objects.filter(clinic=clinic).values_list("kind", flat=True))
    return [
        consent_text_publish(actor=actor, clinic=clinic, kind=kind, title=title, body=body)
        for kind, (title, body) in DEMO_TEXTS.items()
        if kind not in present
    ]
