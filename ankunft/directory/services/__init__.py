"""Writes of the directory (services): offers, texts, review, providers, settings."""

from ankunft.directory.offer_data import OfferData, OfferTexts, data_of, snapshot
from ankunft.directory.services.offers import (
    offer_confirm_current,
    offer_create,
    offer_set_status,
    offer_update,
    record_revision,
)
from ankunft.directory.services.providers import (
    directory_settings_update,
    proposed_values,
    provider_change_approve,
    provider_change_reject,
    provider_create,
    provider_member_add,
    provider_needs_review,
    provider_update,
)
from ankunft.directory.services.review import offer_change_approve, offer_change_reject
from ankunft.directory.services.texts import offer_translation_save

__all__ = [
    "OfferData",
    "OfferTexts",
    "data_of",
    "directory_settings_update",
    "offer_change_approve",
    "offer_change_reject",
    "offer_confirm_current",
    "offer_create",
    "offer_set_status",
    "offer_translation_save",
    "offer_update",
    "proposed_values",
    "provider_change_approve",
    "provider_change_reject",
    "provider_create",
    "provider_member_add",
    "provider_needs_review",
    "provider_update",
    "record_revision",
    "snapshot",
]
