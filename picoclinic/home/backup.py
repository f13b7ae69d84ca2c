"""One archive holds a whole installation: the database and the photographs, with a manifest of
checksums; optionally encrypted to an age recipient. ``picoclinic backup`` writes it while the
clinic works; ``picoclinic restore`` brings it back into an empty installation.

- The database is copied consistently online: SQLite's backup API (a snapshot, readers and the
  writer carry on), ``pg_dump --format=custom`` on PostgreSQL (one snapshot transaction).
- The media folder (photographs, uploads) follows, file by file. A photograph saved during the
  backup may be in the database copy without its file or the other way round; the next nightly
  backup has both.
- ``manifest.json`` lists every file with its size and SHA-256, the database's vendor and the
  applied migrations. Restore checks every checksum before it touches anything, and refuses an
  archive from a newer version of the software (migrations it does not know).
- Encryption uses age (https://age-encryption.org, Debian's ``age``) to a public recipient
  (``PICOCLINIC_BACKUP_RECIPIENT``, "age1..."): the server can write backups it cannot read;
  the private identity stays offline and is given to ``restore --identity``.
- Restore refuses a database that already holds an organisation: it never merges into, or
  overwrites, a clinic's records. Afterwards the audit trail's hash chain is verified.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database/picoclinic.sqlite3"
POSTGRES_FILE = "database/picoclinic.dump"
MEDIA = "media"
_CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, in one line."""


@dataclass(frozen=True)
class Restored:
    files: int
    vendor: str


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_env(db: dict) -> dict[str, str]:
    """libpq's own variables: the password never appears on a command line."""
    env = {**os.environ}
    for key, name in [("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")]:
        if db.get(key):
            env[name] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    env["PGDATABASE"] = str(db["NAME"])
    return env


def _run(command: list[str], *, env=None, what: str) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(f"{what} needs {command[0]}, which is not installed.") from error
    if result.returncode != 0:
        # The tool's own words (no patient data: errors about connections and files).
        message = result.stderr.decode(errors="replace").strip().splitlines()
        raise BackupError(f"{what} failed: {message[-1] if message else result.returncode}")


def _dump_database(alias: str, folder: Path) -> tuple[str, str]:
    db = connections[alias].settings_dict
    vendor = connections[alias].vendor
    if vendor == "sqlite":
        target = folder / SQLITE_FILE
        target.parent.mkdir(parents=True)
        connections[alias].ensure_connection()
        with sqlite3.connect(target) as copy:
            connections[alias].connection.backup(copy)
        copy.close()
        return vendor, SQLITE_FILE
    if vendor == "postgresql":
        target = folder / POSTGRES_FILE
        target.parent.mkdir(parents=True)
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
            env=_pg_env(db),
            what="pg_dump",
        )
        return vendor, POSTGRES_FILE
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")


def _copy_media(media_root: Path, folder: Path) -> None:
    if media_root.is_dir():
        shutil.copytree(media_root, folder / MEDIA, symlinks=False)


def _manifest(folder: Path, *, vendor: str, database_file: str, alias: str) -> dict:
    files = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        files[name] = {"size": path.stat().st_size, "sha256": _sha256(path)}
    applied = MigrationRecorder(connections[alias]).applied_migrations()
    return {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "vendor": vendor,
        "database": database_file,
        "migrations": sorted(f"{app}.{name}" for app, name in applied),
        "files": files,
    }


def backup(
    archive: Path,
    *,
    recipient: str = "",
    alias: str = "default",
    media_root: Path | None = None,
) -> dict:
    """Write the installation into ``archive`` (a .tar, age-encrypted when ``recipient``);
    returns the manifest. The archive appears only when complete."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    archive = Path(archive)
    with tempfile.TemporaryDirectory(prefix="picoclinic-backup-") as scratch:
        folder = Path(scratch) / "backup"
        folder.mkdir(mode=0o700)
        vendor, database_file = _dump_database(alias, folder)
        _copy_media(media_root, folder)
        manifest = _manifest(folder, vendor=vendor, database_file=database_file, alias=alias)
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=1))
        plain = Path(scratch) / "backup.tar"
        with tarfile.open(plain, "w") as tar:
            tar.add(folder / MANIFEST, arcname=MANIFEST)
            for name in manifest["files"]:
                tar.add(folder / name, arcname=name)
        partial = archive.with_name(archive.name + ".partial")
        if recipient:
            _run(
                [
                    "age",
                    "--encrypt",
                    "--recipient",
                    recipient,
                    "--output",
                    str(partial),
                    str(plain),
                ],
                what="age",
            )
        else:
            shutil.copyfile(plain, partial)
        os.chmod(partial, 0o600)
        os.replace(partial, archive)
    return manifest


def _unpack(archive: Path, scratch: Path, identity: Path | None) -> Path:
    plain = archive
    if identity is not None:
        plain = scratch / "backup.tar"
        _run(
            ["age", "--decrypt", "--identity", str(identity), "--output", str(plain), str(archive)],
            what="age",
        )
    folder = scratch / "backup"
    try:
        with tarfile.open(plain) as tar:
            tar.extractall(folder, filter="data")  # no absolute paths, links or devices
    except (tarfile.TarError, OSError) as error:
        hint = " (is it encrypted? give --identity)" if identity is None else ""
        raise BackupError(f"{archive.name} is not a picoclinic backup{hint}.") from error
    return folder


def _checked_manifest(folder: Path, alias: str) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError("The archive has no readable manifest.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    for name, facts in manifest["files"].items():
        path = folder / name
        if not path.is_file() or _sha256(path) != facts["sha256"]:
            raise BackupError(f"{name} in the archive does not match its checksum.")
    extra = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    if extra - set(manifest["files"]) - {MANIFEST}:
        raise BackupError("The archive holds files its manifest does not list.")
    vendor = connections[alias].vendor
    if manifest["vendor"] != vendor:
        raise BackupError(
            f"This backup is of a {manifest['vendor']} database; this installation uses {vendor}."
        )
    known = {f"{m.app_label}.{m.name}" for m in _known_migrations()}
    unknown = sorted(set(manifest["migrations"]) - known)
    if unknown:
        raise BackupError(
            f"The backup comes from a newer picoclinic ({len(unknown)} unknown migrations, "
            f"e.g. {unknown[0]}): upgrade this installation first."
        )
    return manifest


def _known_migrations():
    from django.db.migrations.loader import MigrationLoader

    return MigrationLoader(None, ignore_no_migrations=True).disk_migrations.values()


def _holds_a_clinic(alias: str) -> bool:
    connection = connections[alias]
    if "clinics_organisation" not in connection.introspection.table_names():
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM clinics_organisation LIMIT 1")
        return cursor.fetchone() is not None


def _restore_sqlite(source: Path, alias: str) -> None:
    connection = connections[alias]
    target = Path(connection.settings_dict["NAME"])
    connection.close()
    partial = target.with_name(target.name + ".restoring")
    shutil.copyfile(source, partial)
    os.chmod(partial, 0o600)
    for suffix in ("-wal", "-shm"):  # the old database's journal must not replay over the copy
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    os.replace(partial, target)


def _restore_postgres(source: Path, alias: str) -> None:
    connection = connections[alias]
    connection.close()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ],
        env=_pg_env(connection.settings_dict),
        what="pg_restore",
    )


def _restore_media(folder: Path, media_root: Path) -> int:
    source = folder / MEDIA
    if not source.is_dir():
        return 0
    count = 0
    for path in source.rglob("*"):
        if path.is_file():
            target = media_root / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            count += 1
    return count


def restore(
    archive: Path,
    *,
    identity: Path | None = None,
    alias: str = "default",
    media_root: Path | None = None,
) -> Restored:
    """Bring ``archive`` back into this installation, whose database must hold no clinic."""
    archive, media_root = Path(archive), Path(media_root or settings.MEDIA_ROOT)
    if not archive.is_file():
        raise BackupError(f"No such archive: {archive}")
    if _holds_a_clinic(alias):
        raise BackupError(
            "This installation already holds a clinic: restore only into an empty one."
        )
    with tempfile.TemporaryDirectory(prefix="picoclinic-restore-") as scratch:
        folder = _unpack(archive, Path(scratch), identity)
        manifest = _checked_manifest(folder, alias)
        database = folder / manifest["database"]
        if manifest["vendor"] == "sqlite":
            _restore_sqlite(database, alias)
        else:
            _restore_postgres(database, alias)
        files = _restore_media(folder, media_root)
    return Restored(files=files, vendor=manifest["vendor"])
