"""Operators' admin. Never the product's UI; the audit log is read-only here too."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from ankunft.core.models import ApiToken, AuditEntry, District, Municipality, Team, User


@admin.register(User)
class AnkunftUserAdmin(UserAdmin[User]):
    list_display = ("username", "first_name", "last_name", "role", "municipality", "team")
    list_filter = ("role", "municipality", "is_active")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("ankunft", {"fields": ("municipality", "role", "team", "phone", "preferred_language")}),
    )


admin.site.register(Municipality)
admin.site.register(District)
admin.site.register(Team)
admin.site.register(ApiToken)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ("at", "actor_name", "action", "interface", "object_type", "object_id")
    list_filter = ("action", "interface")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
