"""Where photo files live, and the upload limits.

Files go through Django's storage API: ``STORAGES["photos"]`` when the deployment configures
one (a private object-storage bucket, say), otherwise ``STORAGES["default"]`` (a folder under
``MEDIA_ROOT``). Nothing here builds a URL: pictures are only ever served by our view.
"""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage, storages

PHOTOS_STORAGE_ALIAS = "photos"
DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PIXELS = 50_000_000

logger = logging.getLogger(__name__)


def photo_storage() -> Storage:
    if PHOTOS_STORAGE_ALIAS in settings.STORAGES:
        return storages[PHOTOS_STORAGE_ALIAS]
    return default_storage


def max_upload_bytes() -> int:
    return int(getattr(settings, "PHOTO_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def max_pixels() -> int:
    return int(getattr(settings, "PHOTO_MAX_PIXELS", DEFAULT_MAX_PIXELS))


def random_name(size: str) -> str:
    """``photos/ab/<32 random hex>-<size>.jpg``: no patient data, not guessable."""
    token = secrets.token_hex(16)
    return f"photos/{token[:2]}/{token}-{size}.jpg"


def files_save(renditions: dict[str, bytes]) -> dict[str, str]:
    """Store each rendition under a fresh random name; all or none (a failure removes the
    ones already written). Returns size -> the name the storage actually used."""
    storage = photo_storage()
    saved: dict[str, str] = {}
    try:
        for size, data in renditions.items():
            saved[size] = storage.save(random_name(size), ContentFile(data))
    except BaseException:
        files_delete(saved.values())
        raise
    return saved


def files_delete(names) -> None:
    storage = photo_storage()
    for name in names:
        try:
            storage.delete(name)
        except Exception:
            # Cleanup after another failure: never hide the original error behind this one.
            # (The name is a random token: no patient data in the log.)
            logger.exception("Could not remove photo file %s", name)
