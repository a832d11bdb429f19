"""The links of the council's many-to-many relations (meetings and their organisations,
papers and their originators, related papers)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ankunft.core.tenancy import TenantLinkModel

# Links of the many-to-many relations: explicit so that each row carries the municipality
# key (the column names are those of Django's former automatic tables).


class MeetingOrganization(TenantLinkModel):
    meeting = models.ForeignKey("Meeting", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey("Organization", on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "council_meeting_organizations"
        verbose_name = _("organization of a meeting")
        verbose_name_plural = _("organizations of meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "meeting", "organization"],
                name="council_meeting_org_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} – {self.organization_id}"


class PaperOriginator(TenantLinkModel):
    paper = models.ForeignKey("Paper", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey("Organization", on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "council_paper_originators"
        verbose_name = _("originator of a paper")
        verbose_name_plural = _("originators of papers")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "paper", "organization"],
                name="council_paper_originator_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.paper_id} – {self.organization_id}"


class PaperRelation(TenantLinkModel):
    from_paper = models.ForeignKey("Paper", on_delete=models.CASCADE, related_name="+")
    to_paper = models.ForeignKey("Paper", on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "council_paper_related_papers"
        verbose_name = _("related paper")
        verbose_name_plural = _("related papers")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "from_paper", "to_paper"],
                name="council_paper_relation_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_paper_id} → {self.to_paper_id}"
