"""Data classes of the core models (see `ankunft.core.classification`)."""

from __future__ import annotations

from ankunft.core.classification import DataClass

N = DataClass.NOT_PERSONAL
P = DataClass.PERSONAL

FIELDS = {
    "Municipality": {"name": N, "slug": N, "official_key": N, "content_languages": N},
    "District": {"municipality": N, "name": N, "kind": N, "parent": N, "boundary": N},
    "Team": {"municipality": N, "name": N},
    "RoleDefinition": {
        "municipality": N,
        "key": N,
        "name": N,
        "permissions": N,
        "known_permissions": N,
        "requires_mfa": N,
        "changed_at": N,
    },
    "User": {
        "password": P,
        "last_login": P,
        "is_superuser": N,
        "username": P,
        "first_name": P,
        "last_name": P,
        "email": P,
        "is_staff": N,
        "is_active": N,
        "date_joined": P,
        "groups": N,
        "user_permissions": N,
        "municipality": N,
        "role": N,
        "team": N,
        "phone": P,
        "preferred_language": N,
    },
    "ApiToken": {
        "user": P,
        "name": N,
        "digest": N,
        "prefix": N,
        "created_at": N,
        "last_used_at": P,
    },
    # A second factor's recovery codes: digests only, tied to a staff account.
    "RecoveryCode": {"user": P, "digest": N, "created_at": N},
    # The log names who did what: personal data of staff, readable by the DPO only.
    # Data subjects are not named: a record is its type, id and `subject_key` (an HMAC
    # pseudonym); the DPO's page joins the live record's label, so erasing the record
    # erases the name from the log's view. `actor_name` stays: it is the staff account
    # that acted, kept as evidence of the access (GDPR Art. 5(2), 32), and it must survive
    # the account's deletion; staff are not data subjects of the KI's casework.
    "AuditEntry": {
        "municipality": N,
        "at": P,
        "actor": P,
        "actor_name": P,
        "action": P,
        "interface": P,
        "object_type": P,
        "object_id": P,
        "subject_key": P,
        "fields": P,
        "ip_address": P,
        "path": P,
        "request_id": N,
    },
}
