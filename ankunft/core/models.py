"""Core data: municipalities (tenants), districts, teams, users, API tokens, audit entries."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ankunft.core.tenancy import TenantModel

DEFAULT_CONTENT_LANGUAGES = ["de", "en", "tr", "ar", "ro", "bg", "uk", "ru", "fa"]
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ku"})


def default_content_languages() -> list[str]:
    return list(DEFAULT_CONTENT_LANGUAGES)


class Municipality(models.Model):
    """Kommune: the tenant. Every tenant-scoped record belongs to exactly one."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    official_key = models.CharField(_("official municipality key (AGS)"), max_length=12, blank=True)
    content_languages = models.JSONField(
        _("content languages"),
        default=default_content_languages,
        help_text=_("Language codes in which public content is offered, German first."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.conf import settings  # noqa: PLC0415

        known = {code for code, _name in settings.LANGUAGES}
        langs = self.content_languages
        if not isinstance(langs, list) or not langs or not all(isinstance(c, str) for c in langs):
            raise ValidationError({"content_languages": _("Give at least one language code.")})
        unknown = sorted(set(langs) - known)
        if unknown:
            raise ValidationError(
                {
                    "content_languages": _("Unknown language codes: %(codes)s")
                    % {"codes": ", ".join(unknown)}
                }
            )


class District(TenantModel):
    """Stadtbezirk or Ortsteil, as a hierarchy with an optional GeoJSON boundary."""

    class Kind(models.TextChoices):
        BOROUGH = "borough", _("Borough (Stadtbezirk)")
        QUARTER = "quarter", _("Quarter (Ortsteil)")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    boundary = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="district_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Team(TenantModel):
    """A team of the KI (e.g. "Team Marxloh")."""

    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="team_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """Default roles of PRODUCT.md; what each may do is in `core.permissions`."""

    CASE_WORKER = "case_worker", _("Case worker")
    TEAM_LEAD = "team_lead", _("Team lead")
    HEAD_OF_KI = "head_of_ki", _("Head of KI")
    FINANCE = "finance", _("Finance controlling")
    DPO = "dpo", _("Data protection officer")
    PROVIDER = "provider", _("Provider")
    INTERPRETER = "interpreter", _("Interpreter (Sprach- und Integrationsmittler)")
    OPERATOR = "operator", _("Operator")


class RoleDefinition(TenantModel):
    """A role of one municipality: a named set of permissions.

    The default roles (`Role`, except the global operator) are seeded per municipality from
    the code's defaults (`ankunft.core.roles.seed_default_roles`); the head of the KI edits
    them and adds the municipality's own roles. `User.role` holds the role's key.
    """

    key = models.SlugField(_("key"), max_length=20)
    name = models.CharField(_("name"), max_length=100, blank=True)
    permissions = models.JSONField(_("permissions"), default=list, blank=True)
    # Permissions that existed when the role was last seeded or saved: a permission added
    # to the code later is granted to the default roles that hold it by default, while one
    # the head of the KI took away stays away.
    known_permissions = models.JSONField(default=list, blank=True, editable=False)
    # Whether the role's members must log in with a second factor (TOTP, `core.mfa`).
    requires_mfa = models.BooleanField(
        _("second factor required"),
        default=False,
        help_text=_("Members must log in with a code from an authenticator app as well."),
    )
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="role_unique_key")
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def is_default(self) -> bool:
        return self.key in Role.values

    @property
    def label(self) -> str:
        return str(Role(self.key).label) if self.is_default and not self.name else self.name


class User(AbstractUser):
    """A person who logs in. Belongs to one municipality; operators may be global."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("municipality"),
    )
    # The key of a default role (`Role`) or of one of the municipality's own roles.
    role = models.CharField(_("role"), max_length=20)
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("team"),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=8, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_role_display(self) -> str:
        """The role's name: the default role's translated label, or the own role's name."""
        if self.role in Role.values or self.municipality_id is None:
            return str(Role(self.role).label) if self.role in Role.values else self.role
        record = RoleDefinition.objects.filter(
            municipality_id=self.municipality_id, key=self.role
        ).first()
        return record.label if record is not None else self.role

    def clean(self) -> None:
        super().clean()
        if self.role != Role.OPERATOR and self.municipality_id is None:
            raise ValidationError({"municipality": _("Only operators may have no municipality.")})
        if self.team is not None and self.team.municipality_id != self.municipality_id:
            raise ValidationError({"team": _("The team belongs to another municipality.")})


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


class RecoveryCode(models.Model):
    """A single-use recovery code of a user's second factor (`core.mfa`).

    Only the SHA-256 digest is stored: a code carries 118 random bits, so a plain hash is as
    good as a password hash (ASVS 6.5.2). The code is shown once; using it deletes it.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [
            models.UniqueConstraint(fields=["user", "digest"], name="recovery_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.digest[:8]}…"


class AuditAction(models.TextChoices):
    READ = "read", _("read")
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    EXPORT = "export", _("exported")


class Interface(models.TextChoices):
    PAGE = "page", _("web page")
    API = "api", _("API")
    CLI = "cli", _("command line")
    EXPORT = "export", _("export")
    TASK = "task", _("background task")
    ADMIN = "admin", _("operator admin")
    SYSTEM = "system", _("system")


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or remove an audit entry."""


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The audit log is append-only.")


class AuditEntry(models.Model):
    """Protokolleintrag: who read or changed which personal record, when, from where, how.

    Append-only: the ORM refuses updates and deletes, database triggers (migration 0002)
    refuse them for any client, and on PostgreSQL the application's role holds only INSERT
    and SELECT on the table (`ankunft db-roles`), so it cannot TRUNCATE it or drop the trigger.

    No names of data subjects: an entry names the record by type and id plus a stable
    pseudonymous `subject_key` (see `core.audit.subject_key`); the audit page joins the live
    record for a label, so an erased record shows as erased. `actor_name` is the staff
    account that acted (see the data register). On PostgreSQL the table is partitioned by
    month of `at` (migration `0004_audit_partitions`).
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    actor_name = models.CharField(_("user name"), max_length=150)
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    interface = models.CharField(_("interface"), max_length=10, choices=Interface.choices)
    object_type = models.CharField(_("record type"), max_length=100)
    object_id = models.CharField(_("record id"), max_length=64)
    subject_key = models.CharField(_("subject key"), max_length=64, db_index=True, default="")
    fields = models.JSONField(_("fields"), default=list, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True, default="")

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"], name="audit_object_idx"),
            models.Index(fields=["municipality", "at"], name="audit_tenant_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The audit log is append-only.")
