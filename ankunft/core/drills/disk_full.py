"""`ankunft drill disk-full`: uploads onto a full filesystem.

A fresh demo installation; its private files folder (`var/private`, case attachments) is a
tiny tmpfs of its own (mounted for the drill: needs root), and the server's temporary folder
(`TMPDIR`, where Django spools uploads over 2.5 MB) lies on it too. The tmpfs is filled so
that a little room is left, then through gunicorn:

- a case worker uploads a case attachment (a PDF) larger than the room left: the file
  storage hits ENOSPC while writing;
- finance uploads a bookings file (CSV) larger than the room left: Django's upload spool
  hits ENOSPC while receiving it.

Pass: each gets 507 with the translated message, no partial file is left on the tmpfs, and
no database row was written (attachments, booking uploads). Then the filler is removed and
the same uploads succeed: the app needed no restart.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from django.utils.translation import gettext as _

from ankunft.core.drills import load
from ankunft.core.drills.server import ankunft, gunicorn, production_env

SIZE = 1024 * 1024  # the tmpfs
ROOM = 256 * 1024  # left free after the filler
MESSAGE = "storage is full, so nothing was saved"  # the page escapes the apostrophe


@contextmanager
def tiny_filesystem(path: Path, size: int = SIZE) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(  # noqa: S603
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            _("Cannot mount a tmpfs (the drill needs root): %(e)s") % {"e": result.stderr.strip()}
        )
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)  # noqa: S603, S607


def fill(path: Path, room: int = ROOM) -> Path:
    """Write a filler file until only `room` bytes are free."""
    filler = path / "filler"
    stat = os.statvfs(path)
    free = stat.f_bavail * stat.f_frsize
    with filler.open("wb") as f:
        f.write(b"\0" * max(0, free - room))
    return filler


def files_on(path: Path) -> list[str]:
    return sorted(
        str(p.relative_to(path)) for p in path.rglob("*") if p.is_file() and p.name != "filler"
    )


def rows(url: str, sql: str) -> int:
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return int(db.execute(sql).fetchone()[0])
    with psycopg.connect(url) as pg:
        row = pg.execute(sql).fetchone()
        return int(row[0]) if row else 0


def pdf(size: int) -> bytes:
    head = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    return head + b"%" + b"x" * (size - len(head) - 7) + b"\n%%EOF\n"


def bookings(size: int) -> bytes:
    lines = ["Buchungsdatum;Belegnummer;Sachkonto;Buchungstext;Betrag"]
    total, n = len(lines[0]) + 1, 0
    while total < size:
        lines.append(f"28.04.2022;F-{n:07d};501200;Entgelt {n};1.234,56")
        total += len(lines[-1]) + 1
        n += 1
    return ("\n".join(lines) + "\n").encode()


def _csrf(client: load.Client, path: str) -> str:
    page = client.request("GET", path)
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if match is None:
        raise RuntimeError(f"no form at {path} ({page.status_code})")
    return match.group(1)


def _post_file(
    client: load.Client, path: str, name: str, raw: bytes, extra: dict[str, str]
) -> tuple[int, str]:
    token = _csrf(client, path)
    response = client.request(
        "POST",
        path,
        data={"csrfmiddlewaretoken": token, **extra},
        files={"file": (name, raw)},
        headers={
            "Referer": f"https://{client.http.base_url.netloc.decode()}{path}",
            "Accept-Language": "en",
        },
    )
    return response.status_code, response.text


def drill(*, database_url: str | None, say: Callable[[str], None]) -> bool:
    with tempfile.TemporaryDirectory(prefix="ankunft-drill-") as tmp:
        var_dir = Path(tmp)
        url = database_url or f"sqlite:///{var_dir / 'drill.sqlite3'}"
        env = production_env(var_dir, url)
        t = time.monotonic()
        ankunft(env, "migrate", "--noinput", "-v0")
        ankunft(env, "demo-data", "--quiet", "--i-know-this-is-not-production")
        say(_("Installation with demo data ready in %(s).0f s.") % {"s": time.monotonic() - t})
        with tiny_filesystem(var_dir / "private") as disk:
            spool = disk / "tmp"
            spool.mkdir()
            with gunicorn(env, var_dir, workers=2, TMPDIR=str(spool)) as server:
                return _uploads(server.base, url, disk, say)


def _uploads(base: str, url: str, disk: Path, say: Callable[[str], None]) -> bool:
    worker, finance = load.Client(base, timeout=60), load.Client(base, timeout=60)
    worker.login("caseworker")
    finance.login("finance")
    cases = worker.request("GET", "/api/cases/cases?limit=1").json()["items"]
    attach = f"/cases/{cases[0]['id']}/attachments/"
    uploads = [
        # (what, client, page, file name, bytes, form fields, table)
        ("case attachment", worker, attach, "brief.pdf", pdf(ROOM * 3), {"level": "team"},
         "cases_attachment"),
        ("bookings file", finance, "/budget/bookings/import/", "buchungen.csv",
         bookings(3 * 1024 * 1024), {}, "budget_bookingupload"),
    ]  # fmt: skip
    filler = fill(disk)
    passed = True
    for what, client, page, name, raw, extra, table in uploads:
        before = rows(url, f"SELECT count(*) FROM {table}")  # noqa: S608 - our own table names
        status, text = _post_file(client, page, name, raw, extra)
        left = files_on(disk)
        after = rows(url, f"SELECT count(*) FROM {table}")  # noqa: S608
        ok = status == 507 and MESSAGE in text and not left and after == before  # noqa: PLR2004
        passed &= ok
        say(
            _(
                "  %(what)s, %(kib)d KiB onto %(room)d KiB free: %(status)s, message shown: "
                "%(msg)s, files left: %(left)s, new rows in %(table)s: %(rows)d."
            )
            % {
                "what": what,
                "kib": len(raw) // 1024,
                "room": ROOM // 1024,
                "status": status,
                "msg": MESSAGE in text,
                "left": left or 0,
                "table": table,
                "rows": after - before,
            }
        )
    filler.unlink()
    for what, client, page, name, raw, extra, _table in uploads:
        small = raw[: ROOM // 2].rsplit(b"\n", 1)[0] + b"\n"
        status, _text = _post_file(client, page, name, small, extra)
        ok = status in {200, 302}
        passed &= ok
        say(_("  with room again, %(what)s: %(status)d") % {"what": what, "status": status})
    say(_("PASSED") if passed else _("FAILED"))
    return passed
