"""Which adverse events are serious: a doctor is told at once, must acknowledge them, and while
one is open it blocks the patient's next treatment until a doctor passes it with a reason.

- Grade 3 (severe, medically significant) is serious by definition of the grade.
- Some kinds are serious at any grade, because a mild-looking start does not mean a mild
  outcome:
  - an eye symptom: 400-1400 nm (every picosecond wavelength) is the retinal-hazard region and
    retinal burns can be painless; after periocular work any visual symptom (a spot, blur,
    flash) is a possible ocular injury (clinical reference §5 "Periocular treatment", Bader &
    Lui, dermweb AAD poster [2ry]; §6.3 red flags [CLINIC]);
  - scarring: permanent; an early hypertrophic scar (raised, thick, itchy) is a red flag
    (reference §6.3 [CLINIC]; hypertrophic scar in 0.28% after QS Nd:YAG, Kirby 2016 [PR]);
  - a burn: a thermal injury beyond the intended tissue effect. House rule: the reference does
    not grade burns [UNVERIFIED as a published threshold].
"""

from __future__ import annotations

from picoclinic.treatments.models import AdverseEventKind, AdverseGrade

SERIOUS_KINDS = frozenset(
    {AdverseEventKind.OCULAR, AdverseEventKind.SCARRING, AdverseEventKind.BURN}
)
WHY_SERIOUS = "Serious: grade 3, or an eye symptom, scarring or a burn at any grade."


def is_serious(*, kind: str, grade: int) -> bool:
    return grade >= AdverseGrade.SEVERE or kind in SERIOUS_KINDS
