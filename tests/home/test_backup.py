"""A backup restores with identical contents (every table's rows and every photograph), on the
database the suite runs on; the audit chain verifies afterwards (issue #18, item 4)."""

from __future__ import annotations

import hashlib
import subprocess
import tarfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.utils import load_backend

from picoclinic.audit.chain import seal, verify
from picoclinic.home.backup import BackupError, backup, restore

ALIAS = "restored"


def _fingerprints(alias: str) -> dict[str, tuple[int, str]]:
    """Every table: its row count and a checksum of its rows in a stable order."""
    db = connections[alias]
    prints = {}
    with db.cursor() as cursor:
        for table in sorted(db.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {db.ops.quote_name(table)}")
            rows = sorted(repr(row) for row in cursor.fetchall())
            prints[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return prints


@pytest.fixture
def target(tmp_path):
    """An empty installation beside the test database: its own database and media folder."""
    settings_dict = {**connections["default"].settings_dict}
    created = None
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "restored.sqlite3")
    else:
        created = f"{settings_dict['NAME']}_restored"
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {created}")
            cursor.execute(f"CREATE DATABASE {created}")
        settings_dict["NAME"] = created
    # Made here, not declared in settings: the test framework allows such a connection.
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, ALIAS)
    connections[ALIAS] = wrapper
    yield tmp_path / "restored-media"
    wrapper.close()
    del connections[ALIAS]
    if created:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {created}")


@pytest.fixture
def clinic_data(transactional_db, world, settings):
    photo = Path(settings.MEDIA_ROOT) / "photos" / "2031" / "p1.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8 not really a jpeg \xff\xd9")
    seal(grace=timedelta(0))
    return photo


def test_a_backup_restores_with_identical_contents_and_the_chain_verifies(
    clinic_data, target, tmp_path
):
    archive = tmp_path / "backup.tar"
    manifest = backup(archive)
    assert "media/photos/2031/p1.jpg" in manifest["files"]
    assert archive.stat().st_mode & 0o777 == 0o600

    restored = restore(archive, alias=ALIAS, media_root=target)

    assert restored.files == 1
    assert _fingerprints(ALIAS) == _fingerprints("default")
    assert (target / "photos" / "2031" / "p1.jpg").read_bytes() == clinic_data.read_bytes()
    report = verify(using=ALIAS)
    assert report.intact
    assert report.chained == verify().chained > 0


def test_restore_refuses_an_installation_that_holds_a_clinic(clinic_data, tmp_path):
    archive = tmp_path / "backup.tar"
    backup(archive)
    with pytest.raises(BackupError, match="already holds a clinic"):
        restore(archive)
    with pytest.raises(CommandError, match="already holds a clinic"):
        call_command("restore", str(archive))


def test_a_damaged_archive_is_refused_before_anything_is_touched(clinic_data, target, tmp_path):
    archive = tmp_path / "backup.tar"
    backup(archive)
    unpacked = tmp_path / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    (unpacked / "media/photos/2031/p1.jpg").write_bytes(b"swapped")
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(damaged, "w") as tar:
        for path in sorted(unpacked.rglob("*")):
            if path.is_file():
                tar.add(path, arcname=path.relative_to(unpacked).as_posix())
    with pytest.raises(BackupError, match="does not match its checksum"):
        restore(damaged, alias=ALIAS, media_root=target)
    assert not target.exists()
    assert "clinics_organisation" not in connections[ALIAS].introspection.table_names()


def test_an_encrypted_backup_needs_its_identity(clinic_data, target, tmp_path):
    identity = tmp_path / "key.txt"
    subprocess.run(["age-keygen", "-o", str(identity)], check=True, capture_output=True)
    recipient = next(
        line.split(": ")[1]
        for line in identity.read_text().splitlines()
        if line.startswith("# public key:")
    )
    archive = tmp_path / "backup.tar.age"
    call_command("backup", str(archive), recipient=recipient)
    assert b"manifest.json" not in archive.read_bytes()
    with pytest.raises(BackupError, match="give --identity"):
        restore(archive, alias=ALIAS, media_root=target)
    restore(archive, identity=identity, alias=ALIAS, media_root=target)
    assert _fingerprints(ALIAS) == _fingerprints("default")
