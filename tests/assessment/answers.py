"""A person's answers as the form posts them, for the tests."""

from __future__ import annotations

from picoclinic.clinical.skin import QUESTIONNAIRE_ITEMS
from picoclinic.scheduling.forms import online as forms_online


def posted(**overrides) -> dict:
    """A small, faint sun spot on the face; skin answers all 2 (total 20: type III)."""
    data = {f"skin_{item.id}": "2" for item in QUESTIONNAIRE_ITEMS}
    data |= {
        "concern": "solar_lentigines",
        "body_site": "face",
        "near_eyes": "no",
        "since": "1_5_years",
        "size": "fingernail",
        "noticeable": "faint",
        "earlier": "no",
        "pregnant": "no",
        "isotretinoin": "never",
        "cold_sores": "no",
        "cold_sore_now": "no",
        "tan": "no",
        "light_medicines": "no",
        "keloids": "no",
        "website": "",
        "started": forms_online.form_stamp(),
    }
    return data | overrides


def cleaned(**overrides) -> dict:
    """The same as the form cleans it (lists for the colours, numbers as ints)."""
    data = posted(**overrides)
    data.setdefault("tattoo_colours", [])
    return data
