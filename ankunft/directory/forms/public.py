"""The search and filter form of the public pages (GET, works without JavaScript)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from ankunft.core.models import Municipality
from ankunft.core.parsing import UNSEARCHABLE
from ankunft.directory.models import FieldOfAction
from ankunft.directory.models.choices import SPOKEN_LANGUAGES, language_name
from ankunft.directory.selectors.public import Filters, districts_for_filter

QUERY_MAX = 200
# Control characters (NUL included) and unpaired surrogates: nothing to search for.
PARAMS = ("q", "field", "spoken", "district", "near", "open_now", "free", "walk_in")


def link_params(data: Mapping[str, Any]) -> dict[str, str]:
    """The search's own parameters, bounded, for links (pages, languages, map): a page
    never copies arbitrary or huge input into each of its links."""
    return {
        name: str(data.get(name))[:QUERY_MAX]
        for name in PARAMS
        if data.get(name) and len(str(data.get(name))) <= QUERY_MAX
    }


class SearchForm(forms.Form):
    q = forms.CharField(label=_("What are you looking for?"), required=False)
    field = forms.ChoiceField(label=_("Topic"), required=False)
    spoken = forms.ChoiceField(label=_("Language of the offer"), required=False)
    district = forms.TypedChoiceField(
        label=_("District"), required=False, coerce=int, empty_value=None
    )
    near = forms.TypedChoiceField(
        label=_("Nearest to"), required=False, coerce=int, empty_value=None
    )
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    free = forms.BooleanField(label=_("Free of charge"), required=False)
    walk_in = forms.BooleanField(label=_("No appointment needed"), required=False)

    def __init__(self, municipality: Municipality, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "f-%s")
        # What was changed in the query, said on the page (never silently dropped).
        self.query_notes: list[str] = []
        if args and args[0] is not None:
            args = (self._clean_query(args[0]), *args[1:])
        super().__init__(*args, **kwargs)
        anything: list[tuple[Any, Any]] = [("", _("all"))]
        cast(forms.ChoiceField, self.fields["field"]).choices = anything + list(
            FieldOfAction.choices
        )
        cast(forms.ChoiceField, self.fields["spoken"]).choices = anything + sorted(
            ((c, language_name(c)) for c in SPOKEN_LANGUAGES), key=lambda c: c[1]
        )
        districts = districts_for_filter(municipality.pk)
        places: list[tuple[Any, Any]] = [
            (d.pk, f"{d.parent.name} – {d.name}" if d.parent else d.name)
            for d in sorted(
                districts,
                key=lambda d: (d.parent.name if d.parent else d.name, d.parent is not None, d.name),
            )
        ]
        cast(forms.ChoiceField, self.fields["district"]).choices = anything + places
        cast(forms.ChoiceField, self.fields["near"]).choices = [("", _("no place chosen")), *places]
        self.fields["q"].widget.attrs.update(
            {"type": "search", "autocomplete": "off", "enterkeyhint": "search"}
        )

    def _clean_query(self, data: QueryDict | dict[str, Any]) -> QueryDict | dict[str, Any]:
        """Remove what cannot be searched for and cut the query to `QUERY_MAX` characters."""
        raw = str(data.get("q") or "")
        if not raw:
            return data
        query = UNSEARCHABLE.sub("", raw)
        if query != raw:
            self.query_notes.append(
                str(_("Characters that cannot be searched for were removed from your search."))
            )
        query = " ".join(query.split())
        if len(query) > QUERY_MAX:
            query = (
                query[:QUERY_MAX].rsplit(" ", 1)[0]
                if " " in query[:QUERY_MAX]
                else query[:QUERY_MAX]
            )
            self.query_notes.append(
                str(
                    _("Your search was too long; only its first %(n)s characters were used.")
                    % {"n": QUERY_MAX}
                )
            )
        cleaned = data.copy()
        cleaned["q"] = query
        return cleaned

    def widgets(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Selects and check boxes as plain data: the page renders them with a simple loop
        (Django's widget templates cost more than the whole search)."""
        data = self.data if self.is_bound else {}
        selects = [
            {
                "name": name,
                "label": self.fields[name].label,
                "choices": cast(forms.ChoiceField, self.fields[name]).choices,
                "value": str(data.get(name, "")),
            }
            for name in ("field", "spoken", "district", "near")
        ]
        checks = [
            {"name": name, "label": self.fields[name].label, "value": bool(data.get(name))}
            for name in ("open_now", "free", "walk_in")
        ]
        return selects, checks

    def query_and_filters(self) -> tuple[str, Filters]:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return (
            str(data.get("q") or ""),
            Filters(
                field=data.get("field") or "",
                spoken=data.get("spoken") or "",
                district=data.get("district"),
                open_now=bool(data.get("open_now")),
                free=bool(data.get("free")),
                walk_in=bool(data.get("walk_in")),
                near=data.get("near"),
            ),
        )
