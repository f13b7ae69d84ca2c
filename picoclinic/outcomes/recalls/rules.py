"""When to see a patient again after a completed course, per indication.

Source: clinical-reference.md section 8 ("Maintenance and relapse after a completed series").
The advice text shown with each recall is the catalogue's own ``profile.maintenance`` text;
this table only adds the interval to the first recall. Where section 8 gives no interval
(ABNOM, PIH, acne scars), no recall is made: the clinic books a review by hand if it wants one.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from picoclinic.clinical.common import Indication


@dataclass(frozen=True)
class RecallRule:
    days: int
    reason: str
    source: str
    # Clinic policy or convention rather than evidence: shown as UNVERIFIED.
    unverified: bool


RECALL_RULES = MappingProxyType(
    {
        # s8: "monthly follow-up (Indian consensus 2014)"; no evidence-based maintenance-laser
        # interval, so any laser interval (e.g. every 1-3 months) is clinic policy [UNVERIFIED].
        Indication.MELASMA: RecallRule(
            30,
            "Melasma review: monthly to quarterly follow-up (clinic policy)",
            "Shankar K et al. 2014 (PMC4257945), monthly follow-up; interval clinic policy",
            True,
        ),
        # s8: "Daily SPF; re-treat new lesions as needed; annual review [convention]".
        Indication.SOLAR_LENTIGINES: RecallRule(
            365, "Yearly review for new lentigines", "McGraw-Hill, annual review (convention)", True
        ),
        # s8: "seasonal touch-ups [convention]": a review before the next summer, about 6 months.
        Indication.FRECKLES: RecallRule(
            180, "Seasonal touch-up review", "kiraspecialist; skinmdandbeyond (convention)", True
        ),
        # s8: "Follow-up for recurrence, e.g. yearly [convention]" (LSM 2024: 6.6% in children).
        Indication.NEVUS_OF_OTA: RecallRule(
            365, "Yearly review for recurrence", "LSM 2024; follow-up yearly (convention)", True
        ),
        # s8: CALM recurs in 26% within 1-5 months: "review at 3-6 months" (LSM 2020).
        Indication.CAFE_AU_LAIT: RecallRule(
            90, "Review for recurrence at 3-6 months", "LSM 2020, CALM split-lesion study", False
        ),
        # s8: "None; optional follow-up at 45-60 days after the last session" [CLINIC].
        Indication.TATTOO: RecallRule(
            45,
            "Optional review 45-60 days after the last session",
            "evolvetattooremoval (clinic source)",
            True,
        ),
        # s8: "a maintenance session about every 6-12 months [CLINIC; UNVERIFIED]".
        Indication.REJUVENATION: RecallRule(
            180,
            "Maintenance session every 6-12 months",
            "bsweet.shop (clinic source), 6-12 months",
            True,
        ),
    }
)


def recall_rule(indication: str) -> RecallRule | None:
    """The recall for a completed course of ``indication``, or None where s8 gives none."""
    try:
        return RECALL_RULES.get(Indication(indication))
    except ValueError:
        return None
