"""An uploaded picture turned into clean JPEG renditions.

Decoded, never trusted by its name or its declared type: only the JPEG (and its multi-picture
MPO variant), PNG and HEIF decoders may read it. Pictures with too many pixels are refused
before their pixels are decoded (a "decompression bomb" is a small file that expands to
gigabytes); Pillow's own bomb warning counts as a refusal too. The camera's orientation is
applied, then the pixels are copied into a new image, so nothing of the original file's
metadata (EXIF with GPS location and camera serial, XMP, IPTC, comments, thumbnails, colour
profile) can reach the stored JPEGs. Colours are converted to sRGB first, so dropping the
profile does not shift them.
"""

from __future__ import annotations

import io
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from PIL import ExifTags, Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

from picoclinic.outcomes.errors import CORRUPT, NOT_AN_IMAGE, TOO_MANY_PIXELS, PhotoRejected

register_heif_opener()

# JPEG includes its multi-picture variant (MPO), which some phones write.
ACCEPTED_FORMATS = ("JPEG", "PNG", "HEIF")
JPEG_QUALITY = 90
# Long edge in pixels of each stored rendition (never enlarged).
EDGES = {"full": 4096, "display": 1600, "thumb": 400}
WHITE = (255, 255, 255)
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# Anything a damaged file can make a decoder raise.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError)
_DECODING = threading.Lock()


@dataclass(frozen=True)
class ProcessedPhoto:
    renditions: dict[str, bytes]  # "full" / "display" / "thumb" -> JPEG bytes
    width: int  # of the full rendition
    height: int
    exif_taken_at: datetime | None  # the camera's clock; naive when the camera gave no offset


def photo_process(fp, *, max_pixels: int) -> ProcessedPhoto:
    """Decode ``fp`` and return its metadata-free renditions, or raise ``PhotoRejected``."""
    with _decoded(fp, max_pixels=max_pixels) as image:
        taken_at = _exif_taken_at(image)
        clean = _clean_rgb(_shrunk(image, EDGES["full"]))
    renditions = {size: _jpeg(clean, edge) for size, edge in EDGES.items()}
    width, height = _fit(clean.size, EDGES["full"])
    return ProcessedPhoto(renditions, width, height, taken_at)


@contextmanager
def _strict_decoding():
    """Damaged files raise, and Pillow's bomb warning is an error, while we decode.

    Both switches are process-wide: WeasyPrint sets ``LOAD_TRUNCATED_IMAGES`` on import (so
    a cut-off upload would decode with a grey bottom, silently), and warning filters are
    global. Decodes take the lock, so two uploads in threads cannot leave the switch wrong.
    """
    with _DECODING, warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        lenient = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def _decoded(fp, *, max_pixels: int) -> Image.Image:
    # Pillow warns above Image.MAX_IMAGE_PIXELS and refuses above twice that; our own limit
    # (checked from the header, before decoding) is normally the lower one.
    limit_mp = max_pixels // 1_000_000
    with _strict_decoding():
        try:
            image = Image.open(fp, formats=ACCEPTED_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoRejected(TOO_MANY_PIXELS.format(limit=limit_mp)) from None
        except UnidentifiedImageError:
            raise PhotoRejected(NOT_AN_IMAGE) from None
        except _DECODE_ERRORS:
            raise PhotoRejected(CORRUPT) from None
        if image.width * image.height > max_pixels:
            image.close()
            raise PhotoRejected(TOO_MANY_PIXELS.format(limit=limit_mp))
        try:
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            image.close()
            raise PhotoRejected(TOO_MANY_PIXELS.format(limit=limit_mp)) from None
        except _DECODE_ERRORS:
            image.close()
            raise PhotoRejected(CORRUPT) from None
    return image


def _exif_taken_at(image: Image.Image) -> datetime | None:
    """When the camera says the picture was taken, if it says so legibly."""
    try:
        exif = image.getexif()
        details = exif.get_ifd(ExifTags.IFD.Exif)
        raw = details.get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTime)
        if not isinstance(raw, str):
            return None
        raw = raw.strip("\x00 ")
        offset = details.get(ExifTags.Base.OffsetTimeOriginal)
        if isinstance(offset, str) and offset.strip("\x00 "):
            return datetime.strptime(raw + offset.strip("\x00 "), "%Y:%m:%d %H:%M:%S%z")
        # The camera's local time without a zone: the service places it in the clinic's.
        return datetime.strptime(raw, "%Y:%m:%d %H:%M:%S")  # noqa: DTZ007
    except (ValueError, TypeError, KeyError, OSError, SyntaxError):
        return None


def _shrunk(image: Image.Image, edge: int) -> Image.Image:
    """Down to the full rendition's size first, so the copies below stay small (a 50 MP
    photo is 150 MB of pixels). The copy keeps ``info``: orientation and colour profile."""
    target = _fit(image.size, edge)
    if target == image.size or image.mode not in {"RGB", "RGBA", "L", "LA", "CMYK"}:
        return image
    return image.resize(target, Image.Resampling.LANCZOS)


def _clean_rgb(image: Image.Image) -> Image.Image:
    """Upright, sRGB, opaque pixels in a new image that carries no metadata at all."""
    icc = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image)
    if upright.mode in {"RGBA", "LA", "PA"} or "transparency" in upright.info:
        flat = Image.new("RGBA", upright.size, (*WHITE, 255))
        flat.alpha_composite(upright.convert("RGBA"))
        upright = flat.convert("RGB")
    srgb = _to_srgb(upright, icc)
    clean = Image.new("RGB", srgb.size, WHITE)
    clean.paste(srgb)
    return clean


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    if icc and image.mode in {"RGB", "CMYK"}:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: keep the pixels as they are
    return image.convert("RGB")


def _fit(size: tuple[int, int], edge: int) -> tuple[int, int]:
    width, height = size
    scale = min(1.0, edge / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _jpeg(image: Image.Image, edge: int) -> bytes:
    target = _fit(image.size, edge)
    resized = image if target == image.size else image.resize(target, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    resized.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()
