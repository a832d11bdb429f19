"""Backup and restore, as a drill: a demo installation is backed up, restored into a fresh
database and folder, and every table's rows and checksum are compared (the engine of the
suite's run: SQLite, or PostgreSQL when DATABASE_URL names one)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import dj_database_url
import psycopg
import pytest

ANKUNFT = [sys.executable, "-m", "ankunft.cli"]
PG = os.environ.get("DATABASE_URL", "").startswith("postgres")


def _run(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [*ANKUNFT, "--language", "en", *args], env=env, capture_output=True, text=True, check=False
    )
    if check and done.returncode != 0:
        raise AssertionError(f"{args}: {done.stdout}\n{done.stderr}")
    return done


@pytest.fixture
def installs(tmp_path: Path) -> Iterator[tuple[dict[str, str], dict[str, str]]]:
    """Two installations: the one backed up and a fresh one to restore into."""
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    base.update(DEBUG="true", DJANGO_SETTINGS_MODULE="ankunft.settings")
    envs = []
    names = []
    for side in ("a", "b"):
        env = dict(base, ANKUNFT_VAR_DIR=str(tmp_path / side))
        if PG:
            name = f"ankunft_drill_{uuid.uuid4().hex[:8]}_{side}"
            _admin(f'CREATE DATABASE "{name}"')
            names.append(name)
            url = dj_database_url.parse(os.environ["DATABASE_URL"])
            env["DATABASE_URL"] = (
                f"postgres://{url['USER']}@{url['HOST']}:{url['PORT'] or 5432}/{name}"
            )
        envs.append(env)
    yield envs[0], envs[1]
    for name in names:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _admin(sql: str) -> None:
    url = dj_database_url.parse(os.environ["DATABASE_URL"])
    with psycopg.connect(
        host=url["HOST"], port=url["PORT"] or 5432, user=url["USER"], dbname="postgres",
        autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute(sql)


def test_backup_and_restore_drill_gives_identical_tables(installs, tmp_path):
    source, target = installs
    _run(source, "migrate", "--noinput", "-v0")
    _run(source, "demo-data")
    private = Path(source["ANKUNFT_VAR_DIR"]) / "private" / "cases"
    private.mkdir(parents=True)
    (private / "scan.pdf").write_bytes(b"%PDF-1.4 a scanned form")
    archive = tmp_path / "backup.tar"
    out = _run(source, "backup", str(archive)).stdout
    assert "Backup written" in out
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert "files/cases/scan.pdf" in tar.getnames()
    assert manifest["tables"]["core_municipality"]["rows"] == 2
    assert manifest["tables"]["core_auditentry"]["rows"] > 0

    done = _run(target, "restore", str(archive))
    assert "every table matches the backup" in done.stdout
    restored = Path(target["ANKUNFT_VAR_DIR"]) / "private" / "cases" / "scan.pdf"
    assert restored.read_bytes() == b"%PDF-1.4 a scanned form"
    # A second restore into the same (now full) database is refused, and changes nothing.
    again = _run(target, "restore", str(archive), check=False)
    assert again.returncode != 0
    assert "holds data" in again.stderr
    # The app runs on the restored data.
    check = _run(
        target, "shell", "-c", "from ankunft.core.models import User; print(User.objects.count())"
    )
    assert int(check.stdout.split()[-1]) > 5


def test_a_file_that_is_no_backup_gets_a_clear_error(installs, tmp_path):
    _source, target = installs
    bad = tmp_path / "x.tar"
    bad.write_bytes(b"no tar at all")
    done = _run(target, "restore", str(bad), check=False)
    assert done.returncode != 0
    assert "not an ankunft backup" in done.stderr
    missing = _run(target, "restore", str(tmp_path / "missing.tar"), check=False)
    assert "does not exist" in missing.stderr
