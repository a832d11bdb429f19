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
    # The log names who did what: personal data of staff, readable by the DPO only.
    "AuditEntry": {
        "municipality": N,
        "at": P,
        "actor": P,
        "actor_name": P,
        "action": P,
        "interface": P,
        "object_type": P,
        "object_id": P,
        "object_label": P,
        "fields": P,
        "ip_address": P,
        "path": P,
    },
}
