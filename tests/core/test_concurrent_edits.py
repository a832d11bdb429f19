"""Real concurrent edits: two live HTTP sessions (httpx against live_server, one thread
each, released together by a barrier) save the same offer, position and case at once.
Exactly one wins; the other gets the conflict page or 409; the database holds the winner's
values. Runs on SQLite and PostgreSQL (the run that counts: there the two requests really
overlap in the database, and the loser's conditional UPDATE waits for the winner's row lock).
"""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from ankunft.budget.models import Position
from ankunft.cases.models import Case
from ankunft.core.models import Role, User
from ankunft.directory import services as directory
from ankunft.directory.models import Offer
from tests import factories
from tests.budget.conftest import position
from tests.cases import factories as cf
from tests.directory.conftest import make_offer
from tests.directory.test_pages import FORM


class Server:
    """Where the two sessions send their requests.

    PostgreSQL: live_server (each request thread has its own database connection). SQLite's
    test database lives in memory, and live_server's threads share the test's one connection
    there, so two requests could not overlap in the database: the test database is copied
    to a file, a real `ankunft serve` (waitress, several threads, a connection each) serves
    it, and the file is copied back when it stops, for the test to read the result."""

    def __init__(self, live_server, folder: Path) -> None:
        self.live_url = live_server.url
        self.path = folder / "concurrent.sqlite3"
        self.proc: subprocess.Popen[bytes] | None = None
        self.clients: list[httpx.Client] = []

    def start(self) -> str:
        if connection.vendor != "sqlite":
            return str(self.live_url)
        connection.ensure_connection()
        with sqlite3.connect(self.path) as copy:
            connection.connection.backup(copy)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{self.path}",
            "DEBUG": "true",
            "SECRET_KEY": settings.SECRET_KEY,
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ankunft.cli", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):  # the server's start (a few seconds on a busy machine)
            try:
                httpx.get(f"{url}/health", timeout=2)
                return url
            except httpx.TransportError:
                time.sleep(0.1)
        pytest.fail("ankunft serve did not start")

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.proc = None
        with sqlite3.connect(self.path) as copy:
            copy.backup(connection.connection)


@pytest.fixture
def server(live_server, tmp_path) -> Iterator[Server]:
    found = Server(live_server, tmp_path)
    yield found
    for client in found.clients:
        client.close()
    found.stop()


def _login(user: User) -> str:
    """A session of `user` as after a login (its cookie's value)."""
    django_client = Client()
    django_client.force_login(user)
    return str(django_client.cookies[settings.SESSION_COOKIE_NAME].value)


def _sessions(server: Server, users: list[User]) -> list[httpx.Client]:
    """Live HTTP sessions of `users` against the started server."""
    cookies = [_login(u) for u in users]
    base_url = server.start()
    server.clients = [
        httpx.Client(
            base_url=base_url,
            cookies={settings.SESSION_COOKIE_NAME: cookie},
            timeout=60,
            follow_redirects=False,
        )
        for cookie in cookies
    ]
    return server.clients


def _token(session: httpx.Client, page: str) -> str:
    """Open the form (as the person would) and take its CSRF token."""
    response = session.get(page)
    assert response.status_code == 200, response.status_code
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    assert found is not None
    return found.group(1)


def _at_once(*sends: Callable[[], httpx.Response]) -> list[int]:
    """Send the requests from one thread each, released at the same moment."""
    barrier = threading.Barrier(len(sends))
    statuses: list[int] = [0] * len(sends)

    def run(i: int) -> None:
        barrier.wait()
        statuses[i] = sends[i]().status_code

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(sends))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return statuses


def _winner(statuses: list[int], ok: int, refused: int) -> int:
    assert sorted(statuses) == sorted([ok, refused]), statuses
    return statuses.index(ok)


@pytest.mark.django_db(transaction=True)
def test_two_sessions_save_the_same_offer_at_once(server, make_user):
    """Offer form: one save is taken (302), the other gets the conflict page (409)."""
    head = make_user(Role.HEAD_OF_KI)
    offer = make_offer(head, directory.provider_create(actor=head, name="Verein e.V."))
    people = [make_user(Role.HEAD_OF_KI), make_user(Role.TEAM_LEAD)]
    sessions = _sessions(server, people)
    edit = reverse("directory:offer_edit", kwargs={"uuid": offer.uuid})
    tokens = [_token(s, edit) for s in sessions]
    titles = ["Nähcafé am Montag", "Nähcafé am Dienstag"]

    def send(i: int) -> Callable[[], httpx.Response]:
        form = {**FORM, "title": titles[i], "provider": offer.provider_id, "version": "1"}
        return lambda: sessions[i].post(edit, data={**form, "csrfmiddlewaretoken": tokens[i]})

    won = _winner(_at_once(send(0), send(1)), 302, 409)
    server.stop()
    saved = Offer.objects.get(pk=offer.pk)
    assert saved.translations.get(language="de").title == titles[won]
    assert saved.version == 2


@pytest.mark.django_db(transaction=True)
def test_two_sessions_save_the_same_position_at_once(server, make_user, town):
    """Position API: one PUT is taken (200), the other is refused (409)."""
    p = position(town)
    people = [make_user(Role.FINANCE), make_user(Role.HEAD_OF_KI)]
    sessions = _sessions(server, people)
    for s in sessions:  # the CSRF cookie of the session (the edit page sets it)
        _token(s, reverse("budget:position_edit", args=[p.pk]))
    ftes = ["0.50", "0.75"]
    api = f"/api/budget/positions/{p.pk}"

    def send(i: int) -> Callable[[], httpx.Response]:
        body = {"title": f"Stelle {i}", "pay_grade": "E 9b", "fte": ftes[i]}
        body |= {"start": "2022-01-01", "version": 1}
        headers = {"X-CSRFToken": sessions[i].cookies[settings.CSRF_COOKIE_NAME]}
        return lambda: sessions[i].put(api, json=body, headers=headers)

    won = _winner(_at_once(send(0), send(1)), 200, 409)
    server.stop()
    saved = Position.objects.get(pk=p.pk)
    assert (saved.title, saved.fte, saved.version) == (f"Stelle {won}", Decimal(ftes[won]), 2)


@pytest.mark.django_db(transaction=True)
def test_two_sessions_reassign_the_same_case_at_once(server, town):
    """Case page: one reassignment is taken (302), the other gets the conflict page (409)."""
    team = factories.team(town)
    leads = [factories.user(Role.TEAM_LEAD, town, team=team) for _ in range(2)]
    workers = [factories.user(Role.CASE_WORKER, town, team=team) for _ in range(3)]
    case = cf.case(town, team, workers[2], given="Ana", family="Popescu")
    sessions = _sessions(server, leads)
    tokens = [_token(s, reverse("cases:case_detail", args=[case.pk])) for s in sessions]
    url = reverse("cases:case_reassign", args=[case.pk])

    def send(i: int) -> Callable[[], httpx.Response]:
        form = {"reassign-worker": workers[i].pk, "reassign-version": "1"}
        return lambda: sessions[i].post(url, data={**form, "csrfmiddlewaretoken": tokens[i]})

    won = _winner(_at_once(send(0), send(1)), 302, 409)
    server.stop()
    saved = Case.objects.get(pk=case.pk)
    assert (saved.worker_id, saved.version) == (workers[won].pk, 2)
