"""Translations of offers: each records the original's language and version it follows."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ankunft.core.models import User
from ankunft.core.permissions import require
from ankunft.directory import access, search
from ankunft.directory.models import Offer, OfferTranslation
from ankunft.directory.offer_data import OfferTexts
from ankunft.directory.services.checks import check_texts
from ankunft.directory.services.offers import record_revision


@transaction.atomic
def offer_translation_save(
    *, actor: User, offer: Offer, language: str, texts: OfferTexts
) -> OfferTranslation:
    """Save the texts of an offer in one language, made from the current original."""
    require(actor, access.TRANSLATE, offer)
    if language == offer.source_language:
        raise ValidationError(_("This is the original text; change it on the offer itself."))
    if language not in offer.municipality.content_languages:
        raise ValidationError(
            _("%(lang)s is not a content language of this municipality.") % {"lang": language}
        )
    texts = check_texts(texts)
    source = OfferTranslation.objects.get(offer=offer, language=offer.source_language)
    translation, _created = OfferTranslation.objects.update_or_create(
        offer=offer,
        language=language,
        defaults={
            "municipality_id": offer.municipality_id,
            **texts.to_json(),
            "source_language": source.language,
            "source_version": source.version,
        },
    )
    record_revision(actor, offer, _("text in %(lang)s saved") % {"lang": language})
    search.index_offers([offer])
    return translation
