"""The picture pipeline on its own: orientation, metadata, formats, bombs, damaged files."""

from __future__ import annotations

import io
from functools import cache

import pytest
from PIL import Image, ImageFile

from picoclinic.outcomes import errors
from picoclinic.outcomes.errors import PhotoRejected
from picoclinic.outcomes.imaging import EDGES, photo_process
from tests.outcomes import images

LIMIT = 50_000_000


def process(data: bytes, max_pixels: int = LIMIT):
    return photo_process(io.BytesIO(data), max_pixels=max_pixels)


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def near(pixel, colour, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


@cache
def bomb(side: int) -> bytes:
    return images.png_bomb(side)


def test_the_camera_orientation_is_applied():
    # Given a landscape picture (red left half) tagged "rotate 90° clockwise to display"...
    result = process(images.red_left_blue_right_with_orientation(6))
    full = opened(result.renditions["full"])
    # ...the stored photo is upright: portrait, the red half on top, and no tag left to apply.
    assert full.size == (80, 120) == (result.width, result.height)
    assert near(full.getpixel((40, 10)), images.RED)
    assert near(full.getpixel((40, 110)), images.BLUE)
    assert not full.getexif()


def test_a_large_photo_is_shrunk_first_and_still_turned_upright():
    image = Image.new("RGB", (6000, 4000), images.BLUE)
    image.paste(images.RED, (0, 0, 3000, 4000))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    full = opened(process(buffer.getvalue()).renditions["full"])
    assert full.size == (2731, EDGES["full"])
    assert near(full.getpixel((1365, 100)), images.RED)


def test_location_and_every_other_metadata_are_removed():
    source = images.jpeg_with_gps()
    assert b"SecretCam" in source
    assert b"xmpmeta" in source

    result = process(source)

    for size, data in result.renditions.items():
        image = opened(data)
        assert image.format == "JPEG", size
        assert not image.getexif(), size
        assert not image.getexif().get_ifd(0x8825), size  # GPS
        assert not {"exif", "xmp", "comment", "icc_profile", "photoshop"} & set(image.info)
        for secret in (b"Exif\x00", b"GPS", b"SecretCam", b"Mia Stone", b"xmpmeta", b"Harley"):
            assert secret not in data, (size, secret)


def test_the_camera_time_is_read_before_the_metadata_goes():
    result = process(images.jpeg_with_gps())
    assert result.exif_taken_at.isoformat() == "2025-03-04T10:15:00"


def test_heic_from_a_phone_is_accepted_and_stored_as_jpeg():
    result = process(images.heic(size=(96, 64)))
    full = opened(result.renditions["full"])
    assert full.format == "JPEG"
    assert full.size == (96, 64)
    assert near(full.getpixel((48, 32)), images.SKIN)


def test_a_transparent_png_is_flattened_on_white():
    full = opened(process(images.png()).renditions["full"])
    assert full.mode == "RGB"
    assert near(full.getpixel((10, 10)), (255, 255, 255), tolerance=3)


def test_renditions_have_their_long_edges_and_are_never_enlarged():
    large = process(images.jpeg(size=(2000, 1500)))
    assert opened(large.renditions["display"]).size == (EDGES["display"], 1200)
    assert opened(large.renditions["thumb"]).size == (EDGES["thumb"], 300)
    assert opened(large.renditions["full"]).size == (2000, 1500)

    small = process(images.jpeg(size=(300, 200)))
    assert {opened(data).size for data in small.renditions.values()} == {(300, 200)}


@pytest.mark.parametrize(
    "data",
    [images.NOT_AN_IMAGE, b"", b"\xff\xd8\xff" + b"\x00" * 10, images.gif()],
    ids=["pdf", "empty", "jpeg-magic-only", "gif"],
)
def test_what_is_not_a_jpeg_png_or_heic_is_refused(data):
    with pytest.raises(PhotoRejected) as refused:
        process(data)
    assert refused.value.message in {errors.NOT_AN_IMAGE, errors.CORRUPT}


def test_a_non_image_is_refused_by_its_content_not_its_name():
    with pytest.raises(PhotoRejected) as refused:
        process(images.NOT_AN_IMAGE)
    assert refused.value.message == errors.NOT_AN_IMAGE


@pytest.mark.parametrize("lenient_elsewhere", [False, True])
def test_a_truncated_photo_is_refused_as_damaged(monkeypatch, lenient_elsewhere):
    # WeasyPrint switches Pillow to lenient decoding process-wide when it is imported; an
    # upload cut off half-way must still be refused, and the switch left as it was.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", lenient_elsewhere)
    whole = images.jpeg(size=(400, 300), colour=(10, 200, 90), progressive=True)
    with pytest.raises(PhotoRejected) as refused:
        process(whole[: len(whole) // 2])
    assert refused.value.message == errors.CORRUPT
    assert ImageFile.LOAD_TRUNCATED_IMAGES is lenient_elsewhere


def test_too_many_pixels_are_refused_before_decoding():
    # 8000 x 8000 = 64 megapixels in a file of a few kilobytes; the limit is 50.
    data = bomb(8000)
    assert len(data) < 100_000
    with pytest.raises(PhotoRejected) as refused:
        process(data)
    assert refused.value.message == errors.TOO_MANY_PIXELS.format(limit=50)


def test_pillows_decompression_bomb_error_is_a_refusal_not_a_crash():
    # 12000 x 12000 = 144 megapixels: over twice Pillow's own limit, refused when opened.
    with pytest.raises(PhotoRejected) as refused:
        process(bomb(12000), max_pixels=10**12)
    assert refused.value.message == errors.TOO_MANY_PIXELS.format(limit=10**6)


def test_pillows_decompression_bomb_warning_counts_as_a_refusal(monkeypatch):
    # Between Pillow's limit and twice it, Pillow only warns: that is a refusal too.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(PhotoRejected) as refused:
        process(images.jpeg(size=(40, 40)), max_pixels=10**12)
    assert refused.value.message.startswith("This picture has too many pixels")
