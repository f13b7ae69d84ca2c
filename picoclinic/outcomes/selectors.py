"""Reads of clinical photographs: a patient's photos by area and view, the pair to compare,
and what the patient's consent allows right now."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from picoclinic.clinical.common import BodySite
from picoclinic.consent.models import ConsentRecord
from picoclinic.consent.selectors import marketing_consent, photo_consent
from picoclinic.outcomes.models import Photo, PhotoView

# Years of a patient's photos; the newest are kept when a patient has more.
MAX_PHOTOS = 1000
_AREA_ORDER = {site.value: n for n, site in enumerate(BodySite)}
_VIEW_ORDER = {view.value: n for n, view in enumerate(PhotoView)}


@dataclass
class PhotoGroup:
    """The photos of one body area from one view, oldest first: what can be compared."""

    body_area: str
    view: str
    photos: list[Photo] = field(default_factory=list)

    @property
    def label(self) -> str:
        first = self.photos[0]
        return f"{first.get_body_area_display()} · {first.get_view_display()}"

    @property
    def latest(self) -> Photo:
        return self.photos[-1]

    @property
    def key(self) -> tuple[str, str]:
        return (self.body_area, self.view)


@dataclass(frozen=True)
class Comparison:
    group: PhotoGroup
    first: Photo  # shown left, or underneath in the overlay
    second: Photo | None  # shown right, or on top; None while the group has one photo


@dataclass(frozen=True)
class PhotoConsentState:
    photography: ConsentRecord | None  # the valid photography consent, if any
    marketing_allowed: bool


def photos_of_patient(*, patient, limit: int = MAX_PHOTOS) -> list[Photo]:
    """The patient's newest ``limit`` photos, oldest first, concern and appointment joined
    (one query)."""
    photos = list(
        Photo.objects.filter(patient=patient)
        .select_related("concern", "appointment")
        .order_by("-taken_at", "-id")[:limit]
    )
    photos.reverse()
    return photos


def photo_groups(photos: list[Photo]) -> list[PhotoGroup]:
    """Photos grouped by (area, view), in the order of the area and view lists."""
    groups: dict[tuple[str, str], PhotoGroup] = {}
    for photo in photos:
        key = photo.group_key
        groups.setdefault(key, PhotoGroup(*key)).photos.append(photo)
    return sorted(
        groups.values(),
        key=lambda g: (_AREA_ORDER.get(g.body_area, 99), _VIEW_ORDER.get(g.view, 99)),
    )


def comparison_choose(
    groups: list[PhotoGroup],
    *,
    body_area: str = "",
    view: str = "",
    first_id: int | None = None,
    second_id: int | None = None,
) -> Comparison | None:
    """The pair to show: the chosen photos of the chosen area and view, else the group's
    earliest against its latest (the baseline against now). Without a valid choice of group,
    the group photographed most recently (``_default_group``). Ids not in the group are
    ignored, not an error."""
    if not groups:
        return None
    group = next((g for g in groups if g.key == (body_area, view)), None)
    group = group or _default_group(groups)
    by_id = {photo.pk: photo for photo in group.photos}
    first = by_id.get(first_id) or group.photos[0]
    second = by_id.get(second_id) or group.latest
    if second is first:
        others = [photo for photo in (group.latest, group.photos[0]) if photo is not first]
        second = others[0] if others else None
    return Comparison(group, first, second)


def _default_group(groups: list[PhotoGroup]) -> PhotoGroup:
    """The group photographed on the latest day, preferring one with something to compare;
    on a tie, the first in area and view order (the front before the 45° taken a minute
    later)."""
    comparable = [g for g in groups if len(g.photos) > 1] or groups
    latest_day = max(timezone.localdate(g.latest.taken_at) for g in comparable)
    return next(g for g in comparable if timezone.localdate(g.latest.taken_at) == latest_day)


def photo_consent_state(*, patient) -> PhotoConsentState:
    """What the patient's consent allows now (two queries)."""
    photography = photo_consent(patient=patient)
    marketing = photography is not None and marketing_consent(patient=patient) is not None
    return PhotoConsentState(photography, marketing)


def photo_marketing_allowed(*, patient) -> bool:
    """Whether the patient's photos may be used for marketing, decided now from the consent in
    force: a valid marketing consent, and photography not withdrawn. Never stored on a photo,
    so a withdrawal takes effect on every photo at once."""
    return photo_consent_state(patient=patient).marketing_allowed
