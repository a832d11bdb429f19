"""Models of the directory (split into modules; imported here for Django)."""

from ankunft.directory.models.choices import (
    Access,
    Accessibility,
    Cost,
    FieldOfAction,
    Status,
    TagKind,
    TargetGroup,
)
from ankunft.directory.models.history import OfferChange, OfferRevision, ProviderChange
from ankunft.directory.models.offers import (
    Offer,
    OfferTag,
    OfferTranslation,
    OpeningException,
    OpeningHours,
)
from ankunft.directory.models.providers import DirectorySettings, Provider, ProviderMembership
from ankunft.directory.models.search import DirectoryVersion, SearchDocument, SearchTerm

__all__ = [
    "Access",
    "Accessibility",
    "Cost",
    "DirectorySettings",
    "DirectoryVersion",
    "FieldOfAction",
    "Offer",
    "OfferChange",
    "OfferRevision",
    "OfferTag",
    "OfferTranslation",
    "OpeningException",
    "OpeningHours",
    "Provider",
    "ProviderChange",
    "ProviderMembership",
    "SearchDocument",
    "SearchTerm",
    "Status",
    "TagKind",
    "TargetGroup",
]
