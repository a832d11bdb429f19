"""Fixtures of the drills' short forms: a database a separate app process can use, and a
real TLS-terminating proxy on localhost."""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import socket
import sqlite3
import ssl
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.db import connection

from ankunft.core.drills.server import production_env


@dataclass
class ServedDatabase:
    """The test database, reachable by a subprocess: on PostgreSQL the test database itself
    (data committed by `transactional_db`), on SQLite a file copy of the in-memory one made
    by `publish()`. `rows(sql)` reads what the subprocess wrote."""

    url: str
    publish: Callable[[], None]
    rows: Callable[[str], list[tuple[Any, ...]]]


@pytest.fixture
def served_db(transactional_db, tmp_path) -> ServedDatabase:
    s = connection.settings_dict
    if connection.vendor == "postgresql":

        def pg_rows(sql: str) -> list[tuple[Any, ...]]:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return list(cursor.fetchall())

        auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
        url = f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        return ServedDatabase(url, lambda: None, pg_rows)
    path = tmp_path / "served.sqlite3"

    def publish() -> None:
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()

    def sqlite_rows(sql: str) -> list[tuple[Any, ...]]:
        with sqlite3.connect(path) as db:
            return list(db.execute(sql).fetchall())

    return ServedDatabase(f"sqlite:///{path}", publish, sqlite_rows)


@pytest.fixture
def app_env(served_db, tmp_path) -> dict[str, str]:
    """A production environment (DEBUG off) on the served database."""
    return production_env(tmp_path / "var", served_db.url)


# ---------------------------------------------------------------------------------------------
# A TLS-terminating reverse proxy, as nginx would be: it adds X-Forwarded-For (appending the
# peer's address) and X-Forwarded-Proto: https, and forwards to the app from 127.0.0.1.
# ---------------------------------------------------------------------------------------------


def self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "proxy.crt", directory / "proxy.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def _read_request(conn: ssl.SSLSocket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return b""
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        body += conn.recv(65536)
    return head + b"\r\n\r\n" + body


def _forward(client: ssl.SSLSocket, peer: str, upstream: tuple[str, int]) -> None:
    with client:
        request = _read_request(client)
        if not request:
            return
        head, _, body = request.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        kept, forwarded_for = [lines[0]], b""
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            low = name.strip().lower()
            if low == b"x-forwarded-for":
                forwarded_for = value.strip() + b", "
            elif low not in {b"x-forwarded-proto", b"connection"}:
                kept.append(line)
        kept += [
            b"X-Forwarded-For: " + forwarded_for + peer.encode(),
            b"X-Forwarded-Proto: https",
            b"Connection: close",
        ]
        with socket.create_connection(upstream, timeout=30) as up:
            up.sendall(b"\r\n".join(kept) + b"\r\n\r\n" + body)
            while chunk := up.recv(65536):
                client.sendall(chunk)


@dataclass
class TlsProxy:
    port: int
    cert: Path

    @property
    def base(self) -> str:
        return f"https://127.0.0.1:{self.port}"


@pytest.fixture
def tls_proxy(tmp_path) -> Iterator[Callable[[int], TlsProxy]]:
    """`tls_proxy(upstream_port)` starts a TLS proxy in front of 127.0.0.1:upstream_port."""
    stops: list[Callable[[], None]] = []

    def start(upstream_port: int) -> TlsProxy:
        cert, key = self_signed(tmp_path)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        listener = socket.create_server(("127.0.0.1", 0))
        listener.settimeout(0.2)
        stop = threading.Event()

        def serve() -> None:
            while not stop.is_set():
                try:
                    raw, (peer, _port) = listener.accept()
                except TimeoutError:
                    continue
                raw.settimeout(30)
                try:
                    conn = context.wrap_socket(raw, server_side=True)
                except (ssl.SSLError, OSError):
                    raw.close()
                    continue
                threading.Thread(
                    target=_forward, args=(conn, peer, ("127.0.0.1", upstream_port)), daemon=True
                ).start()

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()

        def halt() -> None:
            stop.set()
            thread.join(5)
            listener.close()

        stops.append(halt)
        return TlsProxy(listener.getsockname()[1], cert)

    yield start
    for halt in stops:
        halt()


# ---------------------------------------------------------------------------------------------
# A TCP relay in front of PostgreSQL that can be cut: to the app the database is gone (its
# connections drop, new ones are refused) and comes back, like a restart of the server.
# ---------------------------------------------------------------------------------------------


class Relay:
    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = 0
        self.listener: socket.socket | None = None
        self.open: list[socket.socket] = []
        self.lock = threading.Lock()
        self.up()

    def _pipe(self, a: socket.socket, b: socket.socket) -> None:
        try:
            while chunk := a.recv(65536):
                b.sendall(chunk)
        except OSError:
            pass
        finally:
            for s in (a, b):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _addr = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            with self.lock:
                self.open += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def up(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        assert self.listener is not None
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() on Linux
        self.listener.close()
        self.listener = None
        with self.lock:
            for s in self.open:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self.open.clear()
