"""The pages: bad input says why (never a 500, the rest of the form kept); the pictures only
through the protected view, with the right headers, audited when opened."""

from __future__ import annotations

import pytest
from django.urls import reverse

from picoclinic.audit.models import AuditAction, AuditEvent
from picoclinic.outcomes import errors
from picoclinic.outcomes.models import Photo
from picoclinic.outcomes.uploads import limit_upload_size, upload_was_too_large
from picoclinic.outcomes.views import CLINICIANS_ONLY
from tests.outcomes import images
from tests.outcomes.helpers import add_photo, stored_files


def new_url(patient) -> str:
    return reverse("photos:new", args=[patient.pk])


def image_url(photo, size="full") -> str:
    return reverse(f"photos:{size}", args=[photo.patient_id, photo.pk])


def form_data(**overrides):
    return {"body_area": "face", "view": "left_45", "note": "Before the first session"} | overrides


@pytest.fixture
def practitioner_client(client, world):
    client.force_login(world.practitioner)
    return client


# --- Uploading -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("consented")
def test_a_clinician_adds_a_photo_and_is_offered_the_next_view(practitioner_client, world):
    data = form_data(image=images.upload(images.heic(), name="IMG_0001.HEIC"))
    response = practitioner_client.post(new_url(world.patient_a), data)

    photo = Photo.objects.get()
    assert (photo.body_area, photo.view, photo.note) == ("face", "left_45", data["note"])
    assert response.status_code == 302
    assert response["Location"] == f"{new_url(world.patient_a)}?area=face"
    page = practitioner_client.get(response["Location"])
    assert "Photo added: Face · Left 45°" in page.content.decode()


@pytest.mark.usefixtures("consented")
def test_the_camera_input_works_as_well_as_the_file_input(practitioner_client, world):
    data = form_data(camera=images.upload(images.jpeg()))
    assert practitioner_client.post(new_url(world.patient_a), data).status_code == 302
    assert Photo.objects.count() == 1


@pytest.mark.usefixtures("consented")
@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, errors.NO_FILE),
        ({"image": images.upload(images.NOT_AN_IMAGE, name="photo.jpg")}, errors.NOT_AN_IMAGE),
        ({"image": images.upload(images.jpeg()[:200])}, errors.CORRUPT),
        (
            {"image": images.upload(images.jpeg()), "camera": images.upload(images.jpeg())},
            errors.TWO_FILES,
        ),
    ],
    ids=["no-file", "not-an-image", "damaged", "two-files"],
)
def test_bad_input_says_why_and_keeps_the_rest(practitioner_client, world, media, files, message):
    response = practitioner_client.post(new_url(world.patient_a), form_data(**files))
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert errors.RECHOOSE_FILE in content
    assert 'value="Before the first session"' in content
    assert 'value="left_45" id="id_view_1" required checked>' in content
    assert '<option value="face" selected>' in content
    assert not Photo.objects.exists()
    assert stored_files(media) == []


@pytest.mark.usefixtures("consented")
def test_an_oversized_upload_is_dropped_while_it_arrives(practitioner_client, world, settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 1024 * 1024
    big = images.upload(images.jpeg() + b"\x00" * (1024 * 1024 + 1))
    response = practitioner_client.post(new_url(world.patient_a), form_data(image=big))
    assert response.status_code == 200
    content = response.content.decode()
    assert errors.TOO_LARGE.format(limit_mb=1).replace("'", "&#x27;") in content
    assert 'value="Before the first session"' in content
    assert not Photo.objects.exists()


def test_the_size_limit_drops_the_file_but_keeps_the_other_fields(rf, settings):
    # The handler alone: the file is read and dropped, never stored; the fields arrive.
    request = rf.post("/", {"note": "kept", "image": images.upload(b"x" * 5000)})
    limit_upload_size(request, limit=4096)
    assert request.POST["note"] == "kept"
    assert "image" not in request.FILES
    assert upload_was_too_large(request)

    request = rf.post("/", {"image": images.upload(b"x" * 4000)})
    limit_upload_size(request, limit=4096)
    assert request.FILES["image"].size == 4000
    assert not upload_was_too_large(request)


@pytest.mark.usefixtures("consented")
def test_the_upload_checks_the_csrf_token(client, world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.practitioner)
    response = strict.post(new_url(world.patient_a), form_data(image=images.upload(images.jpeg())))
    assert response.status_code == 403
    assert not Photo.objects.exists()


def test_without_photo_consent_the_page_says_so_and_links_to_consent(practitioner_client, world):
    response = practitioner_client.get(new_url(world.patient_a))
    content = response.content.decode()
    assert errors.NO_PHOTO_CONSENT.replace("'", "&#x27;") in content
    assert reverse("consent:take", args=[world.patient_a.pk]) in content
    assert 'type="file"' not in content


def test_a_post_without_consent_is_refused_with_the_consent_link(practitioner_client, world):
    data = form_data(image=images.upload(images.jpeg()))
    response = practitioner_client.post(new_url(world.patient_a), data)
    assert response.status_code == 200
    assert reverse("consent:take", args=[world.patient_a.pk]) in response.content.decode()
    assert not Photo.objects.exists()


@pytest.mark.usefixtures("consented")
def test_the_front_desk_is_sent_to_the_photos_page(client, world):
    client.force_login(world.front_desk)
    response = client.post(new_url(world.patient_a), form_data(image=images.upload(images.jpeg())))
    assert response.status_code == 302
    assert response["Location"] == reverse("photos:index", args=[world.patient_a.pk])
    assert CLINICIANS_ONLY in client.get(response["Location"]).content.decode()
    assert not Photo.objects.exists()


@pytest.mark.usefixtures("consented")
def test_a_session_and_concern_in_the_query_prefill_the_form(practitioner_client, world):
    from tests.consent.helpers import make_plan

    concern = make_plan(world).consultation.concerns.get()
    response = practitioner_client.get(f"{new_url(world.patient_a)}?concern={concern.pk}")
    content = response.content.decode()
    assert f'<option value="{concern.pk}" selected>' in content
    assert '<option value="face" selected>' in content  # the concern's site


# --- Fetching the pictures ---------------------------------------------------------------------


@pytest.mark.usefixtures("consented")
@pytest.mark.parametrize("size", ["full", "display", "thumb"])
def test_a_picture_is_served_privately(practitioner_client, world, size):
    photo = add_photo(world)
    response = practitioner_client.get(image_url(photo, size))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("default-src 'none';")
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Content-Disposition"] == f'inline; filename="photo-{photo.pk}-{size}.jpg"'
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xff\xd8\xff")
    assert photo.file_for(size) not in str(response.headers)


@pytest.mark.usefixtures("consented")
def test_opening_the_full_and_display_sizes_is_audited_thumbnails_are_not(
    practitioner_client, world
):
    photo = add_photo(world)
    for size in ("full", "display", "thumb", "thumb"):
        b"".join(practitioner_client.get(image_url(photo, size)).streaming_content)
    opened = AuditEvent.objects.filter(action=AuditAction.VIEW, object_type="outcomes.Photo")
    assert sorted(opened.values_list("summary", flat=True)) == [
        "Clinical photo opened (display)",
        "Clinical photo opened (full size)",
    ]
    assert {e.actor for e in opened} == {world.practitioner}


@pytest.mark.usefixtures("consented")
def test_the_patient_reaches_their_own_photo_and_nobody_elses(client, world):
    photo = add_photo(world)
    client.force_login(world.patient_user)
    assert client.get(image_url(photo)).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, actor=world.patient_user).exists()

    client.force_login(world.other_patient_user)
    assert client.get(image_url(photo)).status_code == 404
    client.force_login(world.other_clinic_practitioner)
    assert client.get(image_url(photo)).status_code == 404


@pytest.mark.usefixtures("consented")
def test_a_photo_under_another_patients_id_is_404(practitioner_client, world):
    photo = add_photo(world)
    url = reverse("photos:full", args=[world.other_patient_a.pk, photo.pk])
    assert practitioner_client.get(url).status_code == 404


@pytest.mark.usefixtures("consented")
def test_anonymous_is_sent_to_log_in(client, world):
    photo = add_photo(world)
    response = client.get(image_url(photo))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.usefixtures("consented")
def test_a_missing_file_is_a_404_not_a_500(practitioner_client, world, media):
    photo = add_photo(world)
    (media / photo.full_file).unlink()
    assert practitioner_client.get(image_url(photo)).status_code == 404


@pytest.mark.usefixtures("consented")
def test_only_get_is_allowed_on_a_picture(practitioner_client, world):
    photo = add_photo(world)
    assert practitioner_client.post(image_url(photo)).status_code == 405


def test_nonsense_photo_ids_are_404(practitioner_client, world):
    base = f"/patients/{world.patient_a.pk}/photos"
    for path in (f"{base}/{2**63}/full.jpg", f"{base}/99999999999999999999999/", f"{base}/0/"):
        assert practitioner_client.get(path).status_code == 404, path


@pytest.mark.usefixtures("consented")
def test_pages_never_show_a_storage_name(practitioner_client, world):
    photo = add_photo(world)
    pages = [
        reverse("photos:index", args=[world.patient_a.pk]),
        reverse("photos:detail", args=[world.patient_a.pk, photo.pk]),
        new_url(world.patient_a),
    ]
    for url in pages:
        content = practitioner_client.get(url).content.decode()
        assert image_url(photo, "thumb") in content or image_url(photo, "display") in content
        for name in (photo.full_file, photo.display_file, photo.thumb_file):
            assert name not in content
            assert name.split("/")[-1][:32] not in content
        assert "/media/" not in content


@pytest.mark.usefixtures("consented")
def test_the_detail_page_shows_marketing_from_the_live_consent(practitioner_client, world):
    from tests.outcomes.helpers import consent_to_photos

    photo = add_photo(world)
    url = reverse("photos:detail", args=[world.patient_a.pk, photo.pk])
    assert (
        "Not allowed (no marketing consent in force)"
        in practitioner_client.get(url).content.decode()
    )
    consent_to_photos(world, world.patient_a, marketing=True)
    assert "marketing consent in force now" in practitioner_client.get(url).content.decode()
