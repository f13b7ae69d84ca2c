"""Machine access: a person's API tokens, each scoped to some of their clinics and to reading or
also writing, expiring, revocable. Only a hash of the token is kept: it is shown once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80, help_text=_("What uses it, e.g. “website”."))
    # The first characters, to tell tokens apart in lists and the audit trail.
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    clinics = models.ManyToManyField("clinics.Clinic", related_name="+")
    can_write = models.BooleanField(_("may change records"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def label(self) -> str:
        """How the audit trail names a call made with this token."""
        return f"API token “{self.name}” ({self.prefix}…)"

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now
