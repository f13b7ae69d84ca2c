"""Sign-and-lock at the model level: a signed session and everything recorded in it refuse change.

Services refuse first, with a clear message; these guards are the backstop for any other path
(a shell, an admin action, a careless service): ``save()``/``delete()`` of a session part ask the
database whether its session is locked, and the querysets refuse ``update()``/``delete()`` over
any locked row. The only writes a locked session accepts are the doctor's co-signature fields.
Underneath, database triggers refuse the same changes from any path (``db_lock``).
"""

from __future__ import annotations

from django.db import models

from picoclinic.treatments.errors import RecordLocked


class SessionStatus(models.TextChoices):
    OPEN = "open", "In progress"
    SIGNED = "signed", "Signed"
    NOT_TREATED = "not_treated", "Not treated"


LOCKED_STATUSES = (SessionStatus.SIGNED, SessionStatus.NOT_TREATED)
# What a co-signature writes on a signed session: nothing else may change after signing.
COSIGN_FIELDS = frozenset({"cosigned_by", "cosigned_at", "cosign_hash"})


def session_is_locked(session_id: int | None) -> bool:
    """True when the stored session ``session_id`` is signed or closed (one query)."""
    if session_id is None:
        return False
    from picoclinic.treatments.models.sessions import TreatmentSession

    return TreatmentSession.objects.filter(pk=session_id, status__in=LOCKED_STATUSES).exists()


class SessionPartQuerySet(models.QuerySet):
    """Bulk writes are refused as soon as one matched row belongs to a locked session."""

    session_path = "session"

    def _refuse_locked(self) -> None:
        lookup = {f"{self.session_path}__status__in": LOCKED_STATUSES}
        if self.filter(**lookup).exists():
            raise RecordLocked()

    def update(self, **kwargs):
        self._refuse_locked()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_locked()
        return super().delete()


class SessionPart(models.Model):
    """A row recorded as part of a session: writable only while its session is open."""

    # Fields that may still change on a locked record (none by default).
    WRITABLE_WHEN_LOCKED: frozenset[str] = frozenset()

    # Set by the transaction that signs or closes the session: the database's triggers then
    # refuse any change of the row (see ``db_lock``).
    sealed = models.BooleanField(default=False, editable=False)

    objects = SessionPartQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._locked_for(kwargs.get("update_fields")):
            raise RecordLocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._locked_for(None):
            raise RecordLocked()
        return super().delete(*args, **kwargs)

    def _locked_for(self, update_fields) -> bool:
        if not self.locks_with_session():
            return False
        if update_fields and set(update_fields) <= self.WRITABLE_WHEN_LOCKED:
            return False
        return session_is_locked(self.session_id)

    def locks_with_session(self) -> bool:
        return True


def part_lock(name: str, writable=()):
    """The database lock of a session part: its row refuses change once sealed."""
    from picoclinic.treatments.models.db_lock import RecordLock

    return RecordLock(name=name, locked_when="sealed", writable=tuple(writable))
