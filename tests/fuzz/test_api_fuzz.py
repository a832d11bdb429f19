"""Schemathesis against the API as a user of each role (issue 12, "API fuzzing").

For every operation of `/api/openapi.json`, generated requests (valid and invalid data;
path ids partly taken from both municipalities' records) are sent with the token of
municipality A's user of the role. No answer may be a server error, break the document
(status, content type, body) or accept invalid data, and none may show a record of
municipality B (its ids or its marked texts, `tests/fuzz/world.py`). A small deterministic
run; the long one is `scripts/fuzz_api.py` (docs/reliability.md, "API fuzzing").
"""

from __future__ import annotations

import pytest
from django.db import transaction
from schemathesis import GenerationMode

from ankunft.core.audit import SYSTEM, access_context
from ankunft.core.models import Interface, Role, User
from tests.fuzz import runner, world
from tests.fuzz.world import ROLES, FuzzWorld

EXAMPLES = 1  # per operation and generation mode: the suite's run stays short
# Invalid data is refused (422) before any permission check, the same for every role: the
# suite sends it as one role only (the long run, as every role).
NEGATIVE_ROLE = "head_of_ki"
OPERATIONS = 132


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker):
    """A and B, built once for the module inside a transaction that is rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        with access_context(Interface.SYSTEM, actor=SYSTEM):
            built = world.build()
        schema = runner.load_schema([*built.a_ids, *built.leaks.known_ids()])
        cases = runner.generate(schema, examples=EXAMPLES, mode=GenerationMode.POSITIVE)
        invalid = runner.generate(schema, examples=EXAMPLES, mode=GenerationMode.NEGATIVE)
        yield built, cases, invalid
        transaction.set_rollback(True)


def _report(stats: runner.Stats) -> str:
    return "\n\n".join(f"== {key}\n{text}" for key, text in stats.examples.items())


@pytest.mark.parametrize("role", ROLES)
def test_no_server_error_no_schema_break_no_other_tenant(db, fuzz_world, role):
    """Every operation, as the role's user of A: no 5xx, every answer as documented, invalid
    data refused, nothing of municipality B (the operator is global: no tenant check)."""
    built: FuzzWorld = fuzz_world[0]
    leaks = None if role == "operator" else built.leaks
    cases, invalid = fuzz_world[1], fuzz_world[2]
    stats = runner.send(
        cases + (invalid if role == NEGATIVE_ROLE else []), token=built.tokens[role], leaks=leaks
    )
    assert stats.requests >= OPERATIONS * EXAMPLES
    assert stats.by_status[200] > 0  # the fuzzer got past authentication
    assert not stats.failures, _report(stats)


def test_the_tenant_check_sees_municipality_b(db, fuzz_world):
    """The check is not blind: B's records carry ids in B's range and marked texts, and B's
    own head of KI's answers show them (A's answers to the same operations do not)."""
    built: FuzzWorld = fuzz_world[0]
    assert {"cases_person", "council_paper", "directory_offer"} <= set(built.leaks.b_ids)
    b_head = User.objects.get(
        municipality=built.other, role=Role.HEAD_OF_KI, username__startswith="zqxb"
    )
    papers = next(
        c.operation for _m, c in fuzz_world[1] if c.operation.label == "GET /api/council/papers"
    )
    cases = [(GenerationMode.POSITIVE, papers.Case())]
    own = runner.send(cases, token=world.token_for(b_head), leaks=built.leaks)
    assert own.by_status[200] == len(cases) > 0
    assert own.failures["Data of another municipality"] == len(cases)
    theirs = runner.send(cases, token=built.tokens[Role.HEAD_OF_KI], leaks=built.leaks)
    assert theirs.by_status[200] == len(cases)
    assert not theirs.failures
