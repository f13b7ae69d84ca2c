"""Checking a signature before it is kept: a drawn PNG, or the patient's typed full name."""

from __future__ import annotations

import base64
import binascii
import io
import unicodedata
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

from picoclinic.consent.models import SignatureMethod

PNG_DATA_URL_PREFIX = "data:image/png;base64,"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# A finger signature on a tablet canvas at 2x pixel density is 10-60 kB as a data URL.
MAX_SIGNATURE_CHARS = 200_000
# Far larger than any signature canvas; refuses a decompression bomb before decoding it.
MAX_SIGNATURE_PIXELS = 4000 * 2000

SIGNATURE_METHOD_REQUIRED = "Choose how the patient signs: draw in the box or type their name."
SIGNATURE_EMPTY = "The signature box is empty. Please ask the patient to sign in the box."
SIGNATURE_NOT_PNG = (
    "The drawn signature did not arrive as an image. Please clear it and sign again."
)
SIGNATURE_TOO_LARGE = "The drawn signature is too large to keep. Please clear it and sign again."
TYPED_NAME_EMPTY = "Type the patient's full name to sign."
TYPED_NAME_MISMATCH = (
    "The typed name must be the patient's full name as registered: {name} "
    "(capital letters do not matter)."
)


@dataclass(frozen=True)
class Signature:
    method: str
    image: str = ""
    typed: str = ""


def signature_check(*, method: str, image: str, typed: str, full_name: str) -> Signature:
    """A valid ``Signature`` or ``ValidationError`` with one of the named messages above."""
    if method == SignatureMethod.DRAWN:
        return Signature(method=method, image=drawn_signature_check(image))
    if method == SignatureMethod.TYPED:
        return Signature(method=method, typed=typed_name_check(typed, full_name=full_name))
    raise ValidationError(SIGNATURE_METHOD_REQUIRED)


def drawn_signature_check(data_url: str) -> str:
    """The data URL itself if it is a non-empty PNG of sensible size."""
    data_url = (data_url or "").strip()
    if not data_url:
        raise ValidationError(SIGNATURE_EMPTY)
    if len(data_url) > MAX_SIGNATURE_CHARS:
        raise ValidationError(SIGNATURE_TOO_LARGE)
    if not data_url.startswith(PNG_DATA_URL_PREFIX):
        raise ValidationError(SIGNATURE_NOT_PNG)
    raw = _decode(data_url[len(PNG_DATA_URL_PREFIX) :])
    if not _has_ink(raw):
        raise ValidationError(SIGNATURE_EMPTY)
    return data_url


def _decode(payload: str) -> bytes:
    try:
        raw = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError(SIGNATURE_NOT_PNG) from None
    if not raw.startswith(PNG_MAGIC):
        raise ValidationError(SIGNATURE_NOT_PNG)
    return raw


def _has_ink(raw: bytes) -> bool:
    """Whether anything is drawn: a non-transparent pixel, or on an opaque canvas a dark one."""
    rgba = _open_png(raw)
    alpha = rgba.getchannel("A")
    if alpha.getextrema()[0] < 255:
        return alpha.getbbox() is not None
    dark = rgba.convert("L").point(lambda value: 255 if value < 250 else 0)
    return dark.getbbox() is not None


def _open_png(raw: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as image:
                if image.format != "PNG":
                    raise ValidationError(SIGNATURE_NOT_PNG)
                width, height = image.size
                if width * height > MAX_SIGNATURE_PIXELS:
                    raise ValidationError(SIGNATURE_TOO_LARGE)
                return image.convert("RGBA")
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ValidationError(SIGNATURE_TOO_LARGE) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(SIGNATURE_NOT_PNG) from None


def normalise_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def typed_name_check(typed: str, *, full_name: str) -> str:
    """The typed name, whitespace tidied, if it is the patient's full name (any case)."""
    tidy = " ".join((typed or "").split())
    if not tidy:
        raise ValidationError(TYPED_NAME_EMPTY)
    if normalise_name(tidy) != normalise_name(full_name):
        raise ValidationError(TYPED_NAME_MISMATCH.format(name=full_name))
    return tidy
