"""Two people edit the same position (Stelle): the second save is refused with what
changed, keeps its input, and the position holds the first save's values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from ankunft.budget.models import Position
from ankunft.budget.services import positions
from ankunft.core.locking import ConflictError
from ankunft.core.models import Role
from tests.budget.conftest import position


def _edit(p: Position, version: int | None, **kw) -> Position:
    values = {"title": p.title, "pay_grade": p.pay_grade, "fte": p.fte, "start": p.start}
    return positions.position_update(
        actor=None, position=Position.objects.get(pk=p.pk), version=version, **{**values, **kw}
    )


def test_the_second_save_of_the_same_version_is_refused(town):
    """The first save raises the version; a second based on the old one names title and
    FTE (saved meanwhile against typed) and changes nothing; the grade it did not change is
    not listed."""
    p = position(town)
    _edit(p, 1, title="Koordination Hamborn", fte=Decimal("0.50"))
    with pytest.raises(ConflictError) as refused:
        _edit(p, 1, title="Koordination Neumühl", fte=Decimal("0.75"))
    assert [(c.field, c.theirs, c.yours) for c in refused.value.conflicts] == [
        ("title", "Koordination Hamborn", "Koordination Neumühl"),
        ("fte", "0.50", "0.75"),
    ]
    saved = Position.objects.get(pk=p.pk)
    assert (saved.title, saved.fte, saved.version) == ("Koordination Hamborn", Decimal("0.50"), 2)


def test_a_refused_save_for_bad_input_keeps_the_version(town):
    """Invalid input is refused before anything is written: the version stays."""
    p = position(town)
    with pytest.raises(Exception, match="pay grade"):
        _edit(p, 1, pay_grade="X 99")
    assert Position.objects.get(pk=p.pk).version == 1


def test_api_put_answers_409_with_the_fields(client, town, make_user):
    """PUT /api/budget/positions/{id} with the version read: 200, then 409 for the same
    version (the body as declared in the document: the client checks it)."""
    p = position(town)
    client.force_login(make_user(Role.FINANCE))
    url = f"/api/budget/positions/{p.pk}"
    read = client.get(url).json()
    body = {"title": "Neu", "pay_grade": "E 10", "fte": "1.00", "start": "2022-01-01"}
    ok = client.put(url, {**body, "version": read["version"]}, content_type="application/json")
    assert (ok.status_code, ok.json()["version"], ok.json()["pay_grade"]) == (200, 2, "E 10")
    late = client.put(
        url,
        {**body, "title": "Später", "version": read["version"]},
        content_type="application/json",
    )
    assert late.status_code == 409
    assert late.json()["version"] == 2
    assert [(c["field"], c["theirs"], c["yours"]) for c in late.json()["conflicts"]] == [
        ("title", "Neu", "Später")
    ]
    assert Position.objects.get(pk=p.pk).title == "Neu"


def test_the_page_shows_the_conflict_and_keeps_the_input(client, town, make_user):
    """The edit page: 409 with the translated message and the difference; the typed title
    stays in the form, which now carries the saved version."""
    p = position(town)
    client.force_login(make_user(Role.HEAD_OF_KI))
    url = reverse("budget:position_edit", args=[p.pk])
    assert 'name="version" value="1"' in client.get(url).content.decode()
    _edit(p, 1, title="Koordination Hamborn")
    typed = {"title": "Koordination Walsum", "pay_grade": "E 9b", "fte": "1,00"}
    response = client.post(url, {**typed, "start": "2022-01-01", "version": "1"})
    body = response.content.decode()
    assert response.status_code == 409
    with translation.override("de"):
        assert ConflictError(version=1, conflicts=[]).message in body
    assert '<td dir="auto">Koordination Hamborn</td><td dir="auto">Koordination Walsum</td>' in body
    assert 'value="Koordination Walsum"' in body
    assert 'name="version" value="2"' in body
    assert Position.objects.get(pk=p.pk).title == "Koordination Hamborn"
    assert Position.objects.get(pk=p.pk).start == dt.date(2022, 1, 1)
