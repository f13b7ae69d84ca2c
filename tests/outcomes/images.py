"""Pictures built in the tests: with an orientation tag, with GPS, HEIC, bombs, not images."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image
from pillow_heif import register_heif_opener

register_heif_opener()

RED, BLUE, SKIN = (220, 30, 30), (30, 30, 220), (225, 190, 160)
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf'
    b'-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="51,30.4N"/></rdf:RDF></x:xmpmeta>'
)


def jpeg(size=(120, 80), colour=SKIN, *, exif: Image.Exif | None = None, **params) -> bytes:
    image = Image.new("RGB", size, colour)
    buffer = io.BytesIO()
    if exif is not None:
        params["exif"] = exif
    image.save(buffer, format="JPEG", quality=90, **params)
    return buffer.getvalue()


def red_left_blue_right_with_orientation(orientation: int) -> bytes:
    """Stored landscape, red on the left; the tag says how to turn it for display."""
    image = Image.new("RGB", (120, 80), BLUE)
    image.paste(RED, (0, 0, 60, 80))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=95, exif=exif)
    return buffer.getvalue()


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretCam"
    exif[ExifTags.Base.Model] = "Serial 0042"
    exif[ExifTags.Base.Artist] = "Mia Stone"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 26.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    details = exif.get_ifd(ExifTags.IFD.Exif)
    details[ExifTags.Base.DateTimeOriginal] = "2025:03:04 10:15:00"
    return exif


def jpeg_with_gps() -> bytes:
    return jpeg(exif=gps_exif(), xmp=XMP, comment=b"taken at 12 Harley Row")


def heic(size=(96, 64), colour=SKIN) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="HEIF", quality=90)
    return buffer.getvalue()


def png(size=(80, 60), mode="RGBA", colour=(0, 0, 0, 0)) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def png_bomb(side: int) -> bytes:
    """A tiny file that decodes to side x side pixels (one colour compresses to almost nothing)."""
    buffer = io.BytesIO()
    Image.new("1", (side, side), 0).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (40, 40), 3).save(buffer, format="GIF")
    return buffer.getvalue()


NOT_AN_IMAGE = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)
