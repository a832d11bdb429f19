"""Operators' admin. Never the product's UI; the audit log is read-only here too.

Operators read accounts and the audit log of every municipality here, so those reads are
audited like any other (interface "operator admin"): a list writes one entry per row shown
(one INSERT), a record's page one entry, a save or delete one entry. Only core's models are
registered: operators stay out of the municipalities' data.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from ankunft.core import classification
from ankunft.core.audit import audit, audit_many
from ankunft.core.models import (
    ApiToken,
    AuditAction,
    AuditEntry,
    District,
    Municipality,
    Team,
    User,
)


def personal_fields(model: type[models.Model]) -> list[str]:
    """The model's fields that are personal or special (what a read of it exposes)."""
    return [
        name
        for name in classification.model_fields(model)
        if classification.field_class(model, name) != classification.DataClass.NOT_PERSONAL
    ]


class AuditedAdminMixin:
    """Audits the admin's reads and writes of a model with personal data."""

    model: Any  # the ModelAdmin's model (typed there per admin class)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response: HttpResponse = super().changelist_view(request, extra_context)  # type: ignore[misc]
        changelist = getattr(response, "context_data", None) or {}
        if isinstance(response, TemplateResponse) and "cl" in changelist:
            # Exactly the rows of the page shown, not the whole result.
            rows = list(changelist["cl"].result_list)
            audit_many(request.user, AuditAction.READ, rows, fields=personal_fields(self.model))
        return response

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response: HttpResponse = super().change_view(  # type: ignore[misc]
            request, object_id, form_url, extra_context
        )
        context = getattr(response, "context_data", None) or {}
        original = context.get("original") if isinstance(response, TemplateResponse) else None
        if original is not None:
            audit(request.user, AuditAction.READ, original, fields=personal_fields(self.model))
        return response

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response: HttpResponse = super().delete_view(request, object_id, extra_context)  # type: ignore[misc]
        self._audit_label(request, response)
        return response

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response: HttpResponse = super().history_view(request, object_id, extra_context)  # type: ignore[misc]
        self._audit_label(request, response)
        return response

    def _audit_label(self, request: HttpRequest, response: HttpResponse) -> None:
        """The delete confirmation and the history name the record: a read of its label."""
        context = getattr(response, "context_data", None) or {}
        obj = context.get("object") if isinstance(response, TemplateResponse) else None
        if isinstance(obj, models.Model):
            audit(request.user, AuditAction.READ, obj, fields=["label"])

    # Django's admin log (django_admin_log) would keep each record's name (`object_repr`)
    # after the record is erased; the audit log records these actions without names.
    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return None

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return None

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        return None

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        action = AuditAction.UPDATE if change else AuditAction.CREATE
        fields = [f for f in form.changed_data if f not in {"password1", "password2"}]
        audit(request.user, action, obj, fields=fields)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit(request.user, AuditAction.DELETE, obj)
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        audit_many(request.user, AuditAction.DELETE, list(queryset))
        super().delete_queryset(request, queryset)  # type: ignore[misc]


@admin.register(User)
class AnkunftUserAdmin(AuditedAdminMixin, UserAdmin[User]):
    list_display = ("username", "first_name", "last_name", "role", "municipality", "team")
    list_filter = ("role", "municipality", "is_active")
    list_select_related = ("municipality", "team")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("ankunft", {"fields": ("municipality", "role", "team", "phone", "preferred_language")}),
    )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """The password form names the account (a read); setting it is a change."""
        response: HttpResponse = super().user_change_password(request, id, form_url)
        context = getattr(response, "context_data", None) or {}
        if isinstance(response, TemplateResponse) and context.get("original") is not None:
            audit(request.user, AuditAction.READ, context["original"], fields=["label"])
        elif request.method == "POST" and response.get("Location", "").endswith("/change/"):
            user = self.get_object(request, id)
            if user is not None:
                audit(request.user, AuditAction.UPDATE, user, fields=["password"])
        return response


admin.site.register(Municipality)
admin.site.register(District)
admin.site.register(Team)


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "user", "prefix", "created_at", "last_used_at")
    list_select_related = ("user",)
    readonly_fields = ("digest", "prefix")


@admin.register(AuditEntry)
class AuditEntryAdmin(AuditedAdminMixin, admin.ModelAdmin[AuditEntry]):
    """Reading the log is audited too: the DPO of the municipality sees which of its
    entries an operator opened."""

    list_display = ("at", "actor_name", "action", "interface", "object_type", "object_id")
    list_filter = ("action", "interface")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# django-otp's admin would show every user's TOTP secret (and its QR code) to operators:
# seeing a secret defeats the second factor. Devices are managed by their owners only
# (/accounts/two-factor/).
def _unregister_otp_devices() -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: PLC0415

    if admin.site.is_registered(TOTPDevice):
        admin.site.unregister(TOTPDevice)


_unregister_otp_devices()
