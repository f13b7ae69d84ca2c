"""Words a patient reads, in one place: the seam between the clinic's words and the patient's.

Staff pages keep the clinical detail (scale abbreviations, citations with their evidence tags,
UNVERIFIED flags, study statistics). Every page, message and PDF a patient reads takes its
clinical words from here instead:

- ``scale_name``: what an outcome scale measures, in words (never "mMASI" or "GAIS" alone);
- ``citation``: a catalogue source as a readable citation (authors, journal, year), never an
  internal reference, an identifier or an evidence tag;
- ``results_when`` / ``maintenance``: what to expect and how the result is kept, per indication;
- ``remaining``: the sessions still expected, with the maintenance message for a condition
  that comes back (melasma is never "no more sessions" on its own);
- ``plain``: free text a clinician wrote (a plan's "alongside the laser"), with the clinic's
  shorthand spelled out;
- ``zone_words``: a clinic's time zone as people say it ("UK time", "Hong Kong time").

It imports only the clinical core and Django's translation, so every app can use it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as N_
from django.utils.translation import ngettext

from picoclinic.clinical.common import Evidence, Indication, Source

if TYPE_CHECKING:  # django-stubs' name for text that is plain or translated lazily
    from django_stubs_ext import StrOrPromise

# --- Outcome scales --------------------------------------------------------------------------

# What each scale measures, by the core's ScaleId value (outcomes.scores.Scale stores the same).
SCALES: dict[str, StrOrPromise] = {
    "pigment_clearance": N_("How much of the pigment has cleared (your clinician's rating)"),
    "mmasi": N_("Melasma score: how dark and how widespread the patches are"),
    "masi": N_("Melasma score: how dark and how widespread the patches are"),
    "goodman_baron_qualitative": N_("Acne scar grade: how visible the scars are"),
    "goodman_baron_quantitative": N_("Acne scar score: how many scars, and how deep"),
    "ecca": N_("Acne scar score: the kinds and number of scars"),
    "gais": N_("Overall improvement"),
    "pain_nrs": N_("Pain during treatment"),
    "patient_satisfaction": N_("How satisfied you are"),
}


def scale_name(scale: str) -> str:
    """What a scale measures, in words (``scale`` is the stored key, e.g. "mmasi")."""
    return str(SCALES.get(str(scale), N_("Score")))


# --- Sources as readable citations -----------------------------------------------------------

JOURNALS = {
    "LSM": "Lasers in Surgery and Medicine",
    "Lasers Surg Med": "Lasers in Surgery and Medicine",
    "Lasers Med Sci": "Lasers in Medical Science",
    "JAAD": "Journal of the American Academy of Dermatology",
    "JAMA Dermatol": "JAMA Dermatology",
    "Arch Dermatol": "Archives of Dermatology",
    "Dermatol Surg": "Dermatologic Surgery",
    "Dermatol Ther": "Dermatology and Therapy",
    "J Cosmet Dermatol": "Journal of Cosmetic Dermatology",
    "J Clin Med": "Journal of Clinical Medicine",
    "Clin Cosmet Investig Dermatol": "Clinical, Cosmetic and Investigational Dermatology",
    "J Tissue Eng Reconstr Surg": "Journal of Tissue Engineering and Reconstructive Surgery",
    "Med Lasers": "Medical Lasers",
    "Br J Dermatol": "British Journal of Dermatology",
    "J Dermatol": "Journal of Dermatology",
    "J Clin Aesthet Dermatol": "Journal of Clinical and Aesthetic Dermatology",
    "Am J Clin Dermatol": "American Journal of Clinical Dermatology",
    "Front Med": "Frontiers in Medicine",
    "CCID": "Clinical, Cosmetic and Investigational Dermatology",
    "Laser Ther": "Laser Therapy",
}
_JOURNAL = re.compile(
    r"\b(" + "|".join(re.escape(k) for k in sorted(JOURNALS, key=len, reverse=True)) + r")(?!\w)"
)
_DESIGN = re.compile(r"\b(FST|n=\d|\d+ nm|ps\d*|retrospective|trial)\b")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
# Identifiers, volumes and pages, section numbers: useful to a librarian, noise to a patient.
_NOISE = re.compile(
    r",?\s*\b(PMID|PMC)\s*\d+|,?\s*\bPMC\d+|\bNCT\d+|,?\s*doi:\S+|\bTable \d+"
    r"|;\s*\d+(\(\d+\))?:\d+(-\d+)?|\s*\[[^\]]*\]|\s*\([^)]*\)"
)
INTERNAL = re.compile(r"reference|section \d|\.md\b|\bhouse\b|\bs\d+\.\d", re.I)


def _evidence_words(source: Source) -> str:
    return {
        Evidence.PEER_REVIEWED: _("published study"),
        Evidence.CONSENSUS: _("professional guidance"),
        Evidence.SECONDARY: _("summary of published work"),
        Evidence.CLINIC: _("clinics' own information: typical practice, an estimate"),
        Evidence.CONVENTION: _("usual clinic practice, an estimate"),
    }[source.evidence]


def _authors_journal_year(text: str) -> str:
    """ "Saedi N et al. Arch Dermatol 2012;148:1360" -> "Saedi N and colleagues, Archives of
    Dermatology, 2012"; text without a journal is kept, tidied."""
    text = text.strip(" ,;.")
    journal = _JOURNAL.search(text)
    year = _YEAR.search(text)
    if journal is None:
        # A study named only by its design ("532 nm 800 ps open-label trial, FST I-III").
        return "" if _DESIGN.search(text) else text
    authors = text[: journal.start()].strip(" ,.")
    authors = re.sub(r"\s*et al\.?$", " " + _("and colleagues"), authors)
    if _DESIGN.search(authors):
        authors = ""
    parts = [p for p in (authors, JOURNALS[journal.group(1)], year and year.group(0)) if p]
    return ", ".join(parts)


def citation(source: Source) -> str:
    """A catalogue source as a person reads it: who, where, when, and what kind of evidence.
    The part after a colon (the study's design: wavelengths, skin types, numbers) stays on the
    staff pages; an internal reference reads as the clinic's usual practice."""
    works = (w.split(":")[0] for w in _NOISE.sub("", source.citation).split(";"))
    kept = [w for w in works if w.strip() and not INTERNAL.search(w)]
    if not kept:
        return _("usual clinic practice, an estimate")
    who = "; ".join(w for w in (_authors_journal_year(w) for w in kept) if w)
    text = f"{who} ({_evidence_words(source)})" if who else _evidence_words(source).capitalize()
    if source.unverified:
        text += " " + _("(an estimate: not yet checked against the original publication)")
    return text


def weak(source: Source) -> bool:
    """A source whose numbers a patient should read as an estimate."""
    return source.unverified or source.evidence in (Evidence.CLINIC, Evidence.CONVENTION)


# --- Concerns ----------------------------------------------------------------------------------

# Each indication as a person would name it (the booking page's choices, the portal's headings).
CONCERNS: dict[Indication, StrOrPromise] = {
    Indication.SOLAR_LENTIGINES: N_("Sun spots or age spots"),
    Indication.FRECKLES: N_("Freckles"),
    Indication.MELASMA: N_("Melasma (patchy brown marks, often on the cheeks)"),
    Indication.HORI_NEVUS: N_("Grey-brown spots on the cheeks that appeared as an adult"),
    Indication.NEVUS_OF_OTA: N_("A blue-grey birthmark on the face (nevus of Ota)"),
    Indication.CAFE_AU_LAIT: N_("Light brown birthmarks (café-au-lait)"),
    Indication.PIH: N_("Dark marks left after spots, a rash or an injury"),
    Indication.TATTOO: N_("Tattoo removal"),
    Indication.ACNE_SCARS: N_("Acne scars"),
    Indication.REJUVENATION: N_("Skin texture, fine lines or large pores"),
}


def concern(indication) -> str:
    found = _indication(indication)
    return str(CONCERNS[found]) if found else ""


# --- What to expect, keeping the result ------------------------------------------------------

# When results show, in plain words, by indication.
RESULTS_WHEN: dict[Indication, StrOrPromise] = {
    Indication.SOLAR_LENTIGINES: N_(
        "Spots darken, crust and flake off within 1-2 weeks; the result "
        "is judged after about 4 weeks."
    ),
    Indication.FRECKLES: N_(
        "Freckles darken and flake off within 1-2 weeks; the result is judged after 1-2 months."
    ),
    Indication.MELASMA: N_(
        "Lightening shows gradually over the course, together with creams; it is "
        "judged 1 to 3 months after it."
    ),
    Indication.HORI_NEVUS: N_("The deeper pigment fades slowly over months after each session."),
    Indication.NEVUS_OF_OTA: N_("The birthmark lightens over the months between sessions."),
    Indication.CAFE_AU_LAIT: N_(
        "The mark lightens over weeks; how well it responds varies from person to person."
    ),
    Indication.PIH: N_("Dark marks fade gradually over the course."),
    Indication.TATTOO: N_(
        "The ink fades over the 6-8 weeks after each session, as the body clears it."
    ),
    Indication.ACNE_SCARS: N_(
        "Scars soften gradually; the change is measured 1 to 3 months after the course."
    ),
    Indication.REJUVENATION: N_(
        "Texture improves gradually; the full result shows months after the course."
    ),
}

# How the result is kept, by indication (the catalogue's maintenance and relapse, in words).
MAINTENANCE: dict[Indication, StrOrPromise] = {
    Indication.SOLAR_LENTIGINES: N_(
        "Treated spots stay away, but new ones can come with the sun: "
        "daily sun protection, and new spots treated as they appear."
    ),
    Indication.FRECKLES: N_(
        "Freckles come back in the sun: daily sun protection, and a touch-up some summers."
    ),
    Indication.MELASMA: N_(
        "Yes: melasma tends to come back. Lifelong sun protection and "
        "maintenance creams are usual, and sometimes further sessions."
    ),
    Indication.HORI_NEVUS: N_("Sun protection and a review afterwards."),
    Indication.NEVUS_OF_OTA: N_("It rarely comes back; a yearly check is usual."),
    Indication.CAFE_AU_LAIT: N_(
        "It comes back in about 1 in 4 people within months; a review at 3 to 6 months is usual."
    ),
    Indication.PIH: N_(
        "Controlling what caused the marks (acne, eczema) and sun protection keep them away."
    ),
    Indication.TATTOO: N_("No: ink that has cleared does not come back."),
    Indication.ACNE_SCARS: N_(
        "No routine maintenance; keeping acne under control keeps the result."
    ),
    Indication.REJUVENATION: N_("Optional: some people have a session every 6 to 12 months."),
}

# Conditions the catalogue says come back (its "relapse" entries): the end of a course is not
# the end of care, and a patient must never read "no more sessions" without that.
RELAPSING = frozenset(
    {Indication.MELASMA, Indication.FRECKLES, Indication.CAFE_AU_LAIT, Indication.NEVUS_OF_OTA}
)
KEEP_IT_AWAY: dict[Indication, StrOrPromise] = {
    Indication.MELASMA: N_(
        "Melasma tends to come back: keep up daily sun protection and your creams, and come "
        "to the maintenance reviews the clinic suggests."
    ),
    Indication.FRECKLES: N_(
        "Freckles come back in the sun: keep up daily sun protection; a touch-up some summers "
        "is usual."
    ),
    Indication.CAFE_AU_LAIT: N_(
        "This mark comes back in about 1 in 4 people within months: come to the review at 3 "
        "to 6 months."
    ),
    Indication.NEVUS_OF_OTA: N_(
        "It rarely comes back, but a yearly check is usual so that any return is treated early."
    ),
}


def _indication(value) -> Indication | None:
    try:
        return Indication(str(getattr(value, "value", value)))
    except ValueError:
        return None


def results_when(indication) -> str:
    found = _indication(indication)
    return str(RESULTS_WHEN[found]) if found else ""


def maintenance(indication) -> str:
    found = _indication(indication)
    return str(MAINTENANCE[found]) if found else ""


def relapsing(indication) -> bool:
    return _indication(indication) in RELAPSING


def remaining(count: int, indication) -> str:
    """The sessions still expected, for the patient; for a condition that comes back, the
    maintenance message goes with "no more sessions"."""
    if count > 0:
        return ngettext("Likely %(n)d more session.", "Likely %(n)d more sessions.", count) % {
            "n": count
        }
    found = _indication(indication)
    if found in RELAPSING:
        return _("Likely no more sessions in this course.") + " " + str(KEEP_IT_AWAY[found])
    return _("Likely no more sessions.")


# --- Free text a clinician wrote --------------------------------------------------------------

# The clinic's shorthand in plan texts, spelled out (whole words; the longest first).
GLOSSARY: dict[str, StrOrPromise] = {
    "UNVERIFIED": N_("estimate"),
    "(convention)": N_("(usual practice)"),
    "non-HQ": N_("without hydroquinone"),
    "topicals": N_("creams"),
    "HQ": N_("hydroquinone (a lightening cream)"),
    "modified Kligman formula": N_("a prescribed lightening cream (Kligman formula)"),
    "triple combination": N_("three-in-one lightening cream"),
    "Photoprotection": N_("Sun protection"),
    "photoprotection": N_("sun protection"),
    "Antiviral prophylaxis": N_("Tablets to prevent cold sores"),
    "prescriber to confirm": N_("your doctor confirms"),
    "PIH": N_("darker patches after inflammation"),
    "lentigines": N_("sun spots"),
    "recurrence": N_("any return"),
    "low-fluence toning": N_("gentle low-energy laser"),
    ">=": N_("at least"),
    "<=": N_("at most"),
}
_GLOSSARY = re.compile(
    "|".join(
        (r"(?<![\w-])" if k[0].isalnum() else "")
        + re.escape(k)
        + (r"(?![\w-])" if k[-1].isalnum() else "")
        for k in sorted(GLOSSARY, key=len, reverse=True)
    )
)
# Statistics a patient cannot read: "(WMD -0.58)", "p < 0.05", "95% CI 1.2-3.4".
_SENTENCE = re.compile(r"(^|[.!?]\s+|\n)([a-z])")
_STATISTICS = re.compile(r"\s*\(?\b(WMD|SMD|OR|RR|HR|CI|p)\s*[=<>-]?\s*-?\d[\d.,\s-]*\)?")


def plain(text: str) -> str:
    """Free text from a clinician, with the clinic's shorthand spelled out once each."""
    text = _STATISTICS.sub("", text or "")
    text = _GLOSSARY.sub(lambda m: str(GLOSSARY[m.group(0)]), text)
    return _SENTENCE.sub(lambda m: m.group(1) + m.group(2).upper(), text)


# --- Time zones ---------------------------------------------------------------------------------

ZONES: dict[str, StrOrPromise] = {
    "Europe/London": N_("UK time"),
    "Europe/Dublin": N_("Irish time"),
    "Asia/Hong_Kong": N_("Hong Kong time"),
    "Asia/Singapore": N_("Singapore time"),
    "Asia/Tokyo": N_("Japan time"),
    "Asia/Seoul": N_("Korea time"),
    "Asia/Shanghai": N_("China time"),
    "Asia/Taipei": N_("Taiwan time"),
    "Asia/Dubai": N_("UAE time"),
    "Australia/Sydney": N_("Sydney time"),
    "Europe/Paris": N_("French time"),
    "Europe/Berlin": N_("German time"),
    "America/New_York": N_("New York time"),
    "America/Los_Angeles": N_("Pacific time"),
    "UTC": N_("UTC"),
}


def zone_words(zone: str) -> str:
    """ "Europe/London" -> "UK time"; an unlisted zone reads by its city ("Lisbon time")."""
    if zone in ZONES:
        return str(ZONES[zone])
    city = str(zone).rsplit("/", 1)[-1].replace("_", " ")
    return _("%(city)s time") % {"city": city}
