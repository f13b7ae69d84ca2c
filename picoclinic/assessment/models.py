"""Which websites may show the self-assessment inside their own pages (a frame), per clinic."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from picoclinic.clinics.models import Clinic

ORIGIN_INVALID = _(
    "“%(value)s” is not a website origin: write it as https://www.example.com (no path), one "
    "per line."
)


def _origins(text: str) -> list[str]:
    return [line.strip().rstrip("/") for line in (text or "").splitlines() if line.strip()]


def validate_origins(text: str) -> None:
    for origin in _origins(text):
        parts = urlsplit(origin)
        plain = parts.scheme in ("https", "http") and parts.netloc and not parts.path
        if not plain or parts.query or parts.fragment or any(c in origin for c in " ;,'\"*"):
            raise ValidationError(ORIGIN_INVALID, params={"value": origin})


class EmbedSetting(models.Model):
    """The origins (scheme and host) whose pages may frame ``/assess/?clinic=<id>``.

    Only the self-assessment's pages send a ``frame-ancestors`` naming them; every other page
    keeps refusing frames.
    """

    clinic = models.OneToOneField(Clinic, on_delete=models.CASCADE, related_name="+")
    allowed_origins = models.TextField(
        _("websites allowed to embed the page"),
        blank=True,
        validators=[validate_origins],
        help_text=_("One per line, e.g. https://www.lumen-skin.example"),
    )

    class Meta:
        verbose_name = _("self-assessment embedding")
        verbose_name_plural = _("self-assessment embedding")

    def __str__(self) -> str:
        return str(self.clinic)

    def origin_list(self) -> list[str]:
        return _origins(self.allowed_origins)
