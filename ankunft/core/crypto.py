"""Encryption at rest of single values (special-category fields, issue 10): AES-256-GCM.

Keys come from `ANKUNFT_FIELD_KEYS` (`id:base64key,id:base64key,…`; 32-byte keys, standard
or URL-safe base64). The first key encrypts new values; every listed key decrypts. The
settings parse the variable into `FIELD_ENCRYPTION_KEYS` (an ordered dict id → key) with
`field_keys_from_env`, which refuses a production start without keys.

A stored value is a text token `enc:v1:<key id>:<base64(nonce || ciphertext || tag)>`, with a
fresh 12-byte random nonce per write. The associated data names the value's place (table and
column), so a token copied into another column does not decrypt. The key id in clear lets
`ankunft rotate-keys` find values under old keys without decrypting them.

This module needs no database and no app registry: the settings import it.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Mapping
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.exceptions import ImproperlyConfigured

KEYS_VARIABLE = "ANKUNFT_FIELD_KEYS"
PREFIX = "enc:"
VERSION = "v1"
KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
# The id of the key derived from SECRET_KEY when DEBUG is on and no keys are set.
DEVELOPMENT_KEY_ID = "dev"
_DEVELOPMENT_INFO = b"ankunft field encryption: DEVELOPMENT ONLY key, never for real data v1"


class DecryptionError(Exception):
    """A stored value that does not decrypt: altered, copied from another column, not a
    token at all, or under a key that is no longer configured."""


class KeyConfigError(ImproperlyConfigured):
    """`ANKUNFT_FIELD_KEYS` is malformed (the message never repeats key material)."""


def _decode_key(key_id: str, text: str) -> bytes:
    # Standard or URL-safe alphabet, padding optional.
    text = text.strip().replace("-", "+").replace("_", "/")
    text += "=" * (-len(text) % 4)
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KeyConfigError(f"{KEYS_VARIABLE}: key {key_id!r} is not valid base64.") from exc
    if len(key) != KEY_BYTES:
        raise KeyConfigError(
            f"{KEYS_VARIABLE}: key {key_id!r} is {len(key)} bytes long; "
            f"AES-256 needs exactly {KEY_BYTES} bytes (44 base64 characters)."
        )
    return key


def parse_keys(value: str) -> dict[str, bytes]:
    """`id:base64key,…` → {id: key} in the given order (the first is the current key)."""
    keys: dict[str, bytes] = {}
    for entry in (e.strip() for e in value.split(",")):
        if not entry:
            continue
        key_id, sep, text = entry.partition(":")
        key_id = key_id.strip()
        if not sep or not text.strip():
            raise KeyConfigError(
                f"{KEYS_VARIABLE}: each entry is 'id:base64key', separated by commas; "
                f"an entry without ':' or key was found (after id {key_id[:32]!r})."
            )
        if not KEY_ID.fullmatch(key_id):
            raise KeyConfigError(
                f"{KEYS_VARIABLE}: key id {key_id[:40]!r} is not allowed; use 1 to 32 "
                "letters, digits, '-' or '_'."
            )
        if key_id in keys:
            raise KeyConfigError(f"{KEYS_VARIABLE}: key id {key_id!r} appears twice.")
        keys[key_id] = _decode_key(key_id, text)
    return keys


def development_key(secret_key: str) -> bytes:
    """DEVELOPMENT ONLY: a key derived from SECRET_KEY (HKDF-SHA256), so that the demo and
    the test suite run without setup. A production start never uses it (DEBUG is off)."""
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=_DEVELOPMENT_INFO
    ).derive(secret_key.encode())


def field_keys_from_env(
    value: str | None, *, debug: bool, secret_key: str, help_only: bool = False
) -> dict[str, bytes]:
    """The keys for the settings. With DEBUG on the development key is always readable (and
    current when no key is set); with DEBUG off and no key the start is refused."""
    try:
        keys = parse_keys(value or "")
    except KeyConfigError:
        if help_only:  # `ankunft --help` works before the server is configured
            return {}
        raise
    if debug:
        keys.setdefault(DEVELOPMENT_KEY_ID, development_key(secret_key))
        return keys
    if not keys and not help_only:
        raise ImproperlyConfigured(
            f"Refusing to start: DEBUG is off but {KEYS_VARIABLE} is not set (the keys that "
            "encrypt special-category fields). Set it to 'id:base64key', e.g. "
            f"'k1:<output of python3 -c \"import os,base64;print(base64.b64encode("
            f"os.urandom({KEY_BYTES})).decode())\">' (or DEBUG=true for a local demo)."
        )
    return keys


def new_key_line(key_id: str) -> str:
    """A fresh `id:base64key` entry for ANKUNFT_FIELD_KEYS."""
    if not KEY_ID.fullmatch(key_id):
        raise ValueError(key_id)
    return f"{key_id}:{base64.b64encode(os.urandom(KEY_BYTES)).decode()}"


def _configured() -> Mapping[str, bytes]:
    from django.conf import settings  # noqa: PLC0415  (this module is imported by settings)

    keys: Mapping[str, bytes] = getattr(settings, "FIELD_ENCRYPTION_KEYS", {})
    if not keys:
        raise ImproperlyConfigured(f"No field encryption key: set {KEYS_VARIABLE}.")
    return keys


def current_key_id() -> str:
    return next(iter(_configured()))


@lru_cache(maxsize=16)
def _cipher(key: bytes) -> AESGCM:
    return AESGCM(key)


def encrypt(plaintext: str, *, aad: str) -> str:
    """A token of `plaintext` under the current key, bound to `aad` (its table and column)."""
    keys = _configured()
    key_id = next(iter(keys))
    nonce = os.urandom(NONCE_BYTES)
    sealed = _cipher(keys[key_id]).encrypt(nonce, plaintext.encode(), aad.encode())
    return f"{PREFIX}{VERSION}:{key_id}:{base64.b64encode(nonce + sealed).decode()}"


def is_token(raw: str) -> bool:
    """Whether a stored value claims to be a token (of any version)."""
    return raw.startswith(PREFIX)


def token_key_id(raw: str) -> str | None:
    """The key id of a well-formed v1 token; None for anything else (no decryption)."""
    parts = raw.split(":", 3)
    if len(parts) == 4 and parts[0] + ":" == PREFIX and parts[1] == VERSION:  # noqa: PLR2004
        return parts[2] if KEY_ID.fullmatch(parts[2]) else None
    return None


def decrypt(token: str, *, aad: str) -> str:
    """The plaintext of a token; `DecryptionError` when it cannot be trusted."""
    key_id = token_key_id(token)
    if key_id is None:
        raise DecryptionError(
            f"{aad}: the stored value is not an encrypted token (values stored before the "
            "field was encrypted are encrypted by `ankunft rotate-keys`)."
        )
    keys = _configured()
    if key_id not in keys:
        raise DecryptionError(
            f"{aad}: the value is encrypted under key {key_id!r}, which is not in "
            f"{KEYS_VARIABLE} (keep old keys listed until `ankunft rotate-keys` has run)."
        )
    try:
        blob = base64.b64decode(token.split(":", 3)[3], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DecryptionError(f"{aad}: the encrypted value is damaged (bad base64).") from exc
    if len(blob) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionError(f"{aad}: the encrypted value is damaged (too short).")
    try:
        plain = _cipher(keys[key_id]).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad.encode())
    except InvalidTag as exc:
        raise DecryptionError(
            f"{aad}: the encrypted value does not verify under key {key_id!r}: it was "
            "altered, copied from another column, or the key's value changed."
        ) from exc
    return plain.decode()
