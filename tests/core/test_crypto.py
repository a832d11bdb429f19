"""Encryption at rest of special-category fields (issue 10): AES-256-GCM tokens in the
database, integrity, refused lookups, key rotation with `ankunft rotate-keys` (key
configuration and the refusal to start without keys: test_crypto_keys.py)."""

from __future__ import annotations

import base64
import logging
from io import StringIO

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, models
from django.test.utils import isolate_apps
from django.utils import translation

from ankunft.core import crypto
from ankunft.core.crypto import DecryptionError, parse_keys
from ankunft.core.fields import EncryptedTextField, Rotation, _rotate_value, encrypted_fields
from tests.testapp.models import HealthNote

KEY_A = bytes(range(32))
KEY_B = bytes(range(100, 132))
KEY_C = bytes(range(200, 232))
TABLE = HealthNote._meta.db_table


def _b64(key: bytes) -> str:
    return base64.b64encode(key).decode()


def _raw(pk: int, column: str = "diagnosis") -> str | None:
    """The stored value, read past the ORM."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {TABLE} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def _write_raw(pk: int, value: str, column: str = "diagnosis") -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET {column} = %s WHERE id = %s", [value, pk])  # noqa: S608


def _rotate(*args: str, out: StringIO | None = None) -> tuple[str, str]:
    """`ankunft rotate-keys` in English (the German texts are checked by test_cli_language)."""
    out, err = out or StringIO(), StringIO()
    with translation.override("en"):
        call_command("rotate_keys", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def keys_a(settings):
    settings.FIELD_ENCRYPTION_KEYS = {"a": KEY_A}
    return settings


# --- Storage -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_round_trip_and_the_database_holds_only_ciphertext(town, keys_a):
    note = HealthNote.objects.create(
        municipality=town, label="n1", diagnosis="Diabetes Typ 2", remarks="Insulin täglich"
    )
    note.refresh_from_db()
    assert (note.diagnosis, note.remarks) == ("Diabetes Typ 2", "Insulin täglich")
    raw = _raw(note.pk)
    assert raw.startswith("enc:v1:a:")
    assert "Diabetes" not in raw
    assert "Insulin" not in _raw(note.pk, "remarks")
    assert HealthNote.objects.values_list("diagnosis", flat=True).get() == "Diabetes Typ 2"
    assert HealthNote.objects.values("remarks").get() == {"remarks": "Insulin täglich"}


@pytest.mark.django_db
def test_each_write_has_its_own_nonce(town, keys_a):
    one = HealthNote.objects.create(municipality=town, diagnosis="Asthma")
    two = HealthNote.objects.create(municipality=town, diagnosis="Asthma")
    assert _raw(one.pk) != _raw(two.pk)


@pytest.mark.django_db
def test_bulk_create_update_and_bulk_update_encrypt(town, keys_a):
    HealthNote.objects.bulk_create(
        [HealthNote(municipality=town, label=f"n{i}", diagnosis=f"Befund {i}") for i in range(3)]
    )
    pks = list(HealthNote.objects.values_list("pk", flat=True))
    assert len(pks) == 3
    assert all(_raw(pk).startswith("enc:v1:a:") for pk in pks)
    assert sorted(HealthNote.objects.values_list("diagnosis", flat=True)) == [
        "Befund 0",
        "Befund 1",
        "Befund 2",
    ]
    HealthNote.objects.filter(label="n0").update(diagnosis="Neu")
    first = HealthNote.objects.get(label="n0")
    assert first.diagnosis == "Neu"
    assert "Neu" not in _raw(first.pk)
    rest = list(HealthNote.objects.exclude(label="n0"))
    for note in rest:
        note.remarks = f"Nachtrag {note.label}"
    HealthNote.objects.bulk_update(rest, ["remarks"])
    for note in rest:
        assert "Nachtrag" not in _raw(note.pk, "remarks")
        assert HealthNote.objects.get(pk=note.pk).remarks == f"Nachtrag {note.label}"


@pytest.mark.django_db
def test_emptiness_is_stored_as_is_and_can_be_filtered(town, keys_a):
    """Documented: whether a value is empty or NULL is visible (and so filterable)."""
    note = HealthNote.objects.create(municipality=town, diagnosis="", remarks=None)
    assert _raw(note.pk) == ""
    assert _raw(note.pk, "remarks") is None
    HealthNote.objects.create(municipality=town, diagnosis="x", remarks="y")
    assert HealthNote.objects.filter(diagnosis="").get() == note
    assert HealthNote.objects.filter(remarks__isnull=True).get() == note
    assert HealthNote.objects.filter(remarks=None).get() == note
    assert HealthNote.objects.exclude(diagnosis="").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lookup",
    [
        {"diagnosis": "Asthma"},
        {"diagnosis__icontains": "asth"},
        {"diagnosis__startswith": "enc:"},
        {"diagnosis__in": ["Asthma"]},
        {"remarks__lower": "asthma"},
    ],
)
def test_filtering_by_value_is_refused(town, keys_a, lookup):
    with pytest.raises(FieldError, match=r"testapp.HealthNote.\w+ is encrypted"):
        HealthNote.objects.filter(**lookup)


# --- Integrity -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_altered_ciphertext_is_refused(town, keys_a):
    note = HealthNote.objects.create(municipality=town, diagnosis="Asthma")
    token = _raw(note.pk)
    blob = bytearray(base64.b64decode(token.split(":", 3)[3]))
    blob[-1] ^= 1
    _write_raw(note.pk, token.rsplit(":", 1)[0] + ":" + _b64(bytes(blob)))
    with pytest.raises(DecryptionError, match="does not verify under key 'a'"):
        HealthNote.objects.get(pk=note.pk)
    _write_raw(note.pk, token[:-8])
    with pytest.raises(DecryptionError, match=r"damaged|does not verify"):
        HealthNote.objects.get(pk=note.pk)


@pytest.mark.django_db
def test_a_token_copied_into_another_column_does_not_decrypt(town, keys_a):
    note = HealthNote.objects.create(municipality=town, diagnosis="Asthma", remarks="keine")
    _write_raw(note.pk, _raw(note.pk, "diagnosis"), "remarks")
    with pytest.raises(DecryptionError, match=rf"{TABLE}\.remarks: .*copied from another column"):
        HealthNote.objects.get(pk=note.pk)


@pytest.mark.django_db
def test_a_value_in_clear_is_not_passed_off_as_decrypted(town, keys_a):
    note = HealthNote.objects.create(municipality=town)
    _write_raw(note.pk, "Asthma")
    with pytest.raises(DecryptionError, match=r"not an encrypted token.*rotate-keys"):
        HealthNote.objects.get(pk=note.pk)


# --- Keys and rotation ---------------------------------------------------------------------


@pytest.mark.django_db
def test_rotation_from_key_a_to_key_b(town, settings, caplog):
    settings.FIELD_ENCRYPTION_KEYS = {"a": KEY_A}
    old = [
        HealthNote.objects.create(municipality=town, label=f"n{i}", diagnosis=f"Befund {i}")
        for i in range(5)
    ]
    HealthNote.objects.create(municipality=town, label="empty")
    # B becomes current: values under A still decrypt, new ones are written under B.
    settings.FIELD_ENCRYPTION_KEYS = {"b": KEY_B, "a": KEY_A}
    assert [HealthNote.objects.get(pk=n.pk).diagnosis for n in old] == [
        f"Befund {i}" for i in range(5)
    ]
    new = HealthNote.objects.create(municipality=town, label="new", diagnosis="Neu")
    assert _raw(new.pk).startswith("enc:v1:b:")

    before = {n.pk: _raw(n.pk) for n in old}
    out, _ = _rotate("--dry-run", "--no-progress")
    assert (
        "testapp.HealthNote.diagnosis: 5 value(s) would be re-encrypted under key b "
        "(0 of them stored in clear), 1 already under it, 0 unreadable." in out
    )
    assert {n.pk: _raw(n.pk) for n in old} == before  # a dry run changes nothing

    new_raw = _raw(new.pk)
    with caplog.at_level(logging.WARNING, logger="ankunft.crypto"):
        out, err = _rotate("--batch-size", "2")
    assert "testapp.HealthNote.diagnosis: 5 value(s) re-encrypted under key b" in out
    assert "testapp.HealthNote.remarks: 0 value(s) re-encrypted" in out
    assert "[##############################] 6/6" in err  # the progress bar
    assert "rotate-keys testapp.HealthNote.diagnosis: 5 re-encrypted under key b" in caplog.text
    assert all(_raw(n.pk).startswith("enc:v1:b:") for n in old)
    assert _raw(new.pk) == new_raw  # already under the current key: not touched
    assert _raw(HealthNote.objects.get(label="empty").pk) == ""

    out, _ = _rotate("--no-progress")  # idempotent
    assert "diagnosis: 0 value(s) re-encrypted under key b (0 of them stored in clear), 6" in out

    settings.FIELD_ENCRYPTION_KEYS = {"b": KEY_B}  # key A removed
    assert sorted(HealthNote.objects.values_list("diagnosis", flat=True)) == [
        "",
        *[f"Befund {i}" for i in range(5)],
        "Neu",
    ]


@pytest.mark.django_db
def test_rotation_encrypts_values_stored_in_clear(town, keys_a):
    """A column that held plain text before it became an EncryptedTextField."""
    note = HealthNote.objects.create(municipality=town)
    _write_raw(note.pk, "Asthma")
    out, _ = _rotate("--no-progress")
    assert "diagnosis: 1 value(s) re-encrypted under key a (1 of them stored in clear)" in out
    assert _raw(note.pk).startswith("enc:v1:a:")
    assert HealthNote.objects.get(pk=note.pk).diagnosis == "Asthma"


@pytest.mark.django_db
def test_rotation_leaves_unreadable_values_and_says_so(town, settings):
    settings.FIELD_ENCRYPTION_KEYS = {"c": KEY_C}
    lost = HealthNote.objects.create(municipality=town, diagnosis="unter C")
    settings.FIELD_ENCRYPTION_KEYS = {"a": KEY_A}
    fine = HealthNote.objects.create(municipality=town, diagnosis="unter A")
    with pytest.raises(DecryptionError, match="key 'c', which is not in ANKUNFT_FIELD_KEYS"):
        HealthNote.objects.get(pk=lost.pk)
    raw = _raw(lost.pk)
    out = StringIO()
    with pytest.raises(CommandError, match=r"1 value\(s\) could not be decrypted"):
        _rotate("--no-progress", out=out)
    assert f"1 unreadable. Unreadable ids: {lost.pk}" in out.getvalue()
    assert _raw(lost.pk) == raw
    assert HealthNote.objects.get(pk=fine.pk).diagnosis == "unter A"


@pytest.mark.django_db
def test_rotation_does_not_overwrite_a_value_written_meanwhile(town, settings):
    """Between reading a batch and rewriting a row, the application saved a new value (under
    the current key): the row is left as the application wrote it."""
    settings.FIELD_ENCRYPTION_KEYS = {"a": KEY_A}
    note = HealthNote.objects.create(municipality=town, diagnosis="alt")
    stale = _raw(note.pk)
    settings.FIELD_ENCRYPTION_KEYS = {"b": KEY_B, "a": KEY_A}
    note.diagnosis = "neu"
    note.save()
    result = Rotation("testapp.HealthNote.diagnosis")
    field = HealthNote._meta.get_field("diagnosis")
    _rotate_value(
        HealthNote._base_manager, field, note.pk, stale, current="b", result=result, dry_run=False
    )
    assert (result.changed, result.rotated) == (1, 0)
    assert HealthNote.objects.get(pk=note.pk).diagnosis == "neu"


@pytest.mark.django_db
def test_rotation_refuses_a_bad_batch_size(keys_a):
    with pytest.raises(CommandError, match="--batch-size"):
        _rotate("--batch-size", "0")


def test_new_key_prints_an_entry_that_parses():
    out, err = _rotate("--new-key", "k2027")
    key_id, key = next(iter(parse_keys(out.strip()).items()))
    assert key_id == "k2027"
    assert len(key) == crypto.KEY_BYTES
    assert "first in ANKUNFT_FIELD_KEYS" in err
    assert _rotate("--new-key")[0] != out  # a fresh key each time
    with pytest.raises(CommandError, match="key id"):
        _rotate("--new-key", "no:colons")


def test_encrypted_fields_lists_every_encrypted_field():
    assert (HealthNote, "diagnosis") in encrypted_fields()
    assert (HealthNote, "remarks") in encrypted_fields()
    assert all(isinstance(m._meta.get_field(f), EncryptedTextField) for m, f in encrypted_fields())


def test_field_deconstructs_for_migrations():
    field = EncryptedTextField(blank=True, aad_label="old_table.old_column")
    _, path, _, kwargs = field.deconstruct()
    assert path == "ankunft.core.fields.EncryptedTextField"
    assert kwargs == {"blank": True, "aad_label": "old_table.old_column"}


@isolate_apps("tests.testapp")
def test_unique_or_indexed_encrypted_fields_are_refused_by_the_checks():
    class Bad(models.Model):
        code = EncryptedTextField(unique=True)
        note = EncryptedTextField(db_index=True)

        class Meta:
            app_label = "testapp"

        def __str__(self) -> str:
            return str(self.pk)

    errors = [e for f in ("code", "note") for e in Bad._meta.get_field(f).check()]
    assert [e.id for e in errors] == ["ankunft.E001", "ankunft.E001"]
