"""Consent texts in the admin: scoped to the admin's clinics, versioned, never edited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from picoclinic.consent.admin import NEW_VERSION_SAVED, NOTHING_CHANGED
from picoclinic.consent.models import ConsentText
from tests.consent.helpers import publish_texts, sign

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:consent_consenttext_changelist")
ADD = reverse("admin:consent_consenttext_add")


def change_url(text) -> str:
    return reverse("admin:consent_consenttext_change", args=[text.pk])


@pytest.fixture
def texts_a(world):
    return publish_texts(world.clinic_a)


@pytest.fixture
def texts_b(world):
    return publish_texts(world.clinic_b)


def test_a_clinic_admin_sees_only_their_clinics_texts(client, world, texts_a, texts_b):
    client.force_login(world.clinic_admin)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    shown = {row.pk for row in response.context["cl"].result_list}
    assert shown == {t.pk for t in texts_a.values()}
    assert client.get(change_url(texts_b["treatment"])).status_code == 302  # "does not exist"


def test_staff_without_the_admin_role_cannot_open_it(client, world, texts_a):
    client.force_login(world.practitioner)
    assert client.get(CHANGELIST).status_code == 302


def test_a_clinic_admin_adds_a_text_for_their_clinic_only(client, world):
    client.force_login(world.clinic_admin)
    form = client.get(ADD).context["adminform"].form
    assert list(form.fields["clinic"].queryset) == [world.clinic_a]

    data = {"kind": "photography", "title": "Photos", "body": "For your record."}
    response = client.post(ADD, data | {"clinic": world.clinic_b.pk})
    assert response.status_code == 200
    assert not ConsentText.objects.exists()

    response = client.post(ADD, data | {"clinic": world.clinic_a.pk})
    assert response.status_code == 302
    text = ConsentText.objects.get()
    assert (text.clinic, text.version, text.created_by) == (world.clinic_a, 1, world.clinic_admin)
    client.post(ADD, data | {"clinic": world.clinic_a.pk, "title": "Photos, again"})
    assert list(
        ConsentText.objects.filter(kind="photography").values_list("version", flat=True)
    ) == [2, 1]


def test_saving_an_edited_text_makes_a_new_version(client, world, texts_a):
    old = texts_a["treatment"]
    sign(world, plan=None)  # photography and marketing signed; treatment not needed here
    client.force_login(world.clinic_admin)

    response = client.post(change_url(old), {"title": old.title, "body": "A clearer text."})

    assert response.status_code == 302
    new = ConsentText.objects.filter(clinic=world.clinic_a, kind="treatment").first()
    assert (new.version, new.body, new.created_by) == (2, "A clearer text.", world.clinic_admin)
    old_after = ConsentText.objects.get(pk=old.pk)
    assert (old_after.version, old_after.body) == (1, old.body)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert NEW_VERSION_SAVED.format(new=2, old=1) in messages


def test_saving_without_a_change_makes_no_version(client, world, texts_a):
    old = texts_a["marketing"]
    client.force_login(world.clinic_admin)
    response = client.post(change_url(old), {"title": old.title, "body": old.body})
    assert response.status_code == 302
    assert ConsentText.objects.filter(kind="marketing").count() == 1
    assert NOTHING_CHANGED in [str(m) for m in response.wsgi_request._messages]


def test_clinic_and_kind_cannot_be_moved_by_an_edit(client, world, texts_a):
    old = texts_a["marketing"]
    client.force_login(world.clinic_admin)
    client.post(
        change_url(old),
        {"title": "T", "body": "B", "clinic": world.clinic_b.pk, "kind": "treatment"},
    )
    new = ConsentText.objects.order_by("-id").first()
    assert (new.clinic, new.kind, new.version) == (world.clinic_a, "marketing", 2)


def test_a_signed_text_cannot_be_deleted_an_unsigned_one_can(client, world, texts_a):
    sign(world)
    signed = texts_a["photography"]
    unsigned = texts_a["treatment"]
    client.force_login(world.clinic_admin)
    delete = "admin:consent_consenttext_delete"
    assert client.post(reverse(delete, args=[signed.pk]), {"post": "yes"}).status_code == 403
    assert ConsentText.objects.filter(pk=signed.pk).exists()
    assert 'value="delete_selected"' not in client.get(CHANGELIST).content.decode()
    response = client.post(reverse(delete, args=[unsigned.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not ConsentText.objects.filter(pk=unsigned.pk).exists()
