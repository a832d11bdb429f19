"""Views of the case module's persons pages: intake of a household, likely duplicates while
typing, the persons list and page, changes, spellings, legal domains, merge, settings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ankunft.cases import access
from ankunft.cases.forms.persons import (
    CaseSettingsForm,
    HouseholdForm,
    LegalDomainForm,
    MemberForm,
    MemberFormSet,
    SpellingForm,
    member_formset,
    person_initial,
)
from ankunft.cases.models import Person, ResidenceStatus
from ankunft.cases.selectors import person_fields, person_get
from ankunft.cases.selectors import persons as sel
from ankunft.cases.services import sharing
from ankunft.cases.services.merge import person_merge as merge_service
from ankunft.cases.services.persons import PersonData, case_settings, person_update
from ankunft.cases.services.persons_codes import code_names
from ankunft.cases.services.persons_intake import Intake, MemberError, household_intake
from ankunft.cases.services.persons_records import (
    case_settings_update,
    legal_domain_change,
    spelling_add,
)
from ankunft.core import permissions
from ankunft.core.decorators import actor, permission_required
from ankunft.core.forms import form_errors
from ankunft.core.pagination import page_for_request, query_id
from ankunft.core.parsing import search_text

T = "cases/persons/"


def _label(name: str) -> str:
    return str(getattr(Person._meta.get_field(name), "verbose_name", name))


def _member_kwargs(user: Any) -> dict[str, Any]:
    return {
        "statuses": case_settings(user.municipality_id or 0).residence_statuses,
        "special": permissions.may_see_field(user, Person, "health"),
    }


def _case_url(case_pk: int, person_pk: int) -> str:
    """The case page (built by the workflow area) or, until it exists, the person's page."""
    try:
        return reverse("cases:case_detail", kwargs={"pk": case_pk})
    except NoReverseMatch:
        return reverse("cases:person_detail", kwargs={"pk": person_pk})


def _with_one_more(formset: Any, kwargs: dict[str, Any]) -> Any:
    """The members as typed so far and one empty member more (the "add member" button,
    which works without JavaScript): unbound, so no errors show yet."""
    initial = [{name: form[name].value() for name in form.fields} for form in formset.forms]
    return member_formset(extra=len(initial))(initial=[*initial, {}], form_kwargs=kwargs)


@permission_required(access.WORK)
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    kwargs = {**_member_kwargs(user), "duplicates_url": reverse("cases:duplicates")}
    data = request.POST if request.method == "POST" else None
    household = HouseholdForm(data, districts=sel.district_choices(user))
    members = MemberFormSet(data, form_kwargs=kwargs)
    if data is not None and "add" in data:
        members = _with_one_more(members, kwargs)
    elif data is not None and household.is_valid() and members.is_valid():
        forms = [f for f in members.forms if f.has_changed()]
        try:
            result = household_intake(
                actor=user,
                intake=Intake(
                    label=household.cleaned_data["label"],
                    address=household.cleaned_data["address"],
                    district=household.cleaned_data["district"],
                    members=[PersonData(f.values(), f.spellings()) for f in forms],
                ),
            )
        except MemberError as exc:
            form_errors(forms[exc.index], exc.error)
        except ValidationError as exc:
            form_errors(household, exc)
        else:
            messages.success(
                request,
                _("Household taken in: %(n)s persons, case %(number)s opened.")
                % {"n": len(result.persons), "number": result.case.number},
            )
            return redirect(_case_url(result.case.pk, result.persons[0].pk))
    return render(request, T + "intake.html", {"household": household, "members": members})


@permission_required(access.WORK)
@require_GET
def duplicates(request: HttpRequest) -> HttpResponse:
    """Likely existing persons for the name being typed (an htmx fragment)."""
    user = actor(request)
    prefix = request.GET.get("prefix", "")
    key = f"{prefix}-" if prefix else ""
    given = search_text(request.GET.get(f"{key}given_names", request.GET.get("given", "")))
    family = search_text(request.GET.get(f"{key}family_name", request.GET.get("family", "")))
    year = query_id(request.GET.get(f"{key}birth_year", request.GET.get("birth_year")))
    birth = (year, None, None) if year else None
    found = sel.likely_duplicates(user, given, family, birth) if family or given else []
    return render(request, T + "_duplicates.html", {"candidates": found})


@permission_required(access.VIEW)
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    query = search_text(request.GET.get("q", ""), limit=100)
    page = page_for_request(sel.person_search(user, query), request, keys=sel.PERSON_KEYS)
    sel.audit_list(user, page.items)
    return render(request, T + "person_list.html", {"page": page, "q": query})


SHOWN = (
    "given_names_original", "family_name_original", "gender", "relation", "nationalities",
    "languages", "interpreter_needed", "interpreter_language", "phone", "email", "address",
    "district", "arrival_date", "residence_status", "residence_valid_until", "health",
    "disability", "religion",
)  # fmt: skip


def _rows(person: Person, fields: list[str]) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    for name in SHOWN:
        if name not in fields:
            continue
        value: Any = getattr(person, name)
        if name == "nationalities":
            value = code_names(value, kind="country")
        elif name == "languages":
            value = code_names(value, kind="language")
        elif name == "interpreter_language" and value:
            value = code_names([value], kind="language")
        elif name == "interpreter_needed":
            value = _("yes") if value else _("no")
        elif hasattr(person, f"get_{name}_display"):
            value = getattr(person, f"get_{name}_display")()
        elif name == "residence_status" and value in ResidenceStatus.values:
            value = ResidenceStatus(value).label
        if value not in ("", None):
            rows.append((_label(name), value))
    return rows


@permission_required(access.VIEW)
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    page = sel.person_page(user, pk, duplicates=permissions.has_perm(user, access.MERGE))
    context = {
        "p": page,
        "person": page.person,
        "rows": _rows(page.person, page.fields),
        "may_work": permissions.has_perm(user, access.WORK),
        "may_merge": permissions.has_perm(user, access.MERGE),
    }
    return render(request, T + "person_detail.html", context)


@permission_required(access.WORK)
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    person = person_get(user, pk, permission=access.WORK)
    kwargs = {**_member_kwargs(user), "spelling": False}
    if request.method == "POST":
        form = MemberForm(request.POST, initial=person_initial(person), **kwargs)
        if form.is_valid():
            try:
                changed = person_update(actor=user, person=person, data=PersonData(form.values()))
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                if changed:
                    sharing.person_changed(actor=user, person=person, fields=changed)
                    labels = [_label(n) for n in changed]
                    messages.success(request, _("Changed: %(f)s.") % {"f": ", ".join(labels)})
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect("cases:person_detail", pk=person.pk)
    else:
        form = MemberForm(initial=person_initial(person), **kwargs)
    return render(request, T + "person_form.html", {"form": form, "person": person})


@permission_required(access.WORK)
@require_http_methods(["GET", "POST"])
def spelling_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    person = person_get(user, pk, permission=access.WORK)
    form = SpellingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            spelling_add(
                actor=user,
                person=person,
                given=form.cleaned_data["given"],
                family=form.cleaned_data["family"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Spelling added."))
            return redirect("cases:person_detail", pk=person.pk)
    context = {"form": form, "person": person, "title": _("Add a spelling")}
    return render(request, T + "small_form.html", context)


@permission_required(access.WORK)
@require_http_methods(["GET", "POST"])
def legal_domain_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    person = person_get(user, pk, permission=access.WORK)
    form = LegalDomainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            legal_domain_change(
                actor=user,
                person=person,
                domain=form.cleaned_data["domain"],
                start=form.cleaned_data["start"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Change of legal domain recorded."))
            return redirect("cases:person_detail", pk=person.pk)
    context = {"form": form, "person": person, "title": _("Record a change of legal domain")}
    return render(request, T + "small_form.html", context)


@permission_required(access.MERGE)
@require_http_methods(["GET", "POST"])
def person_merge(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    user = actor(request)
    keep, merge = sel.merge_pair(user, pk, other)
    if keep.pk == merge.pk:
        messages.error(request, _("A record cannot be merged with itself."))
        return redirect("cases:person_detail", pk=keep.pk)
    if request.method == "POST":
        try:
            merge_service(actor=user, keep=keep, merge=merge)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The records were merged."))
            return redirect("cases:person_detail", pk=keep.pk)
    fields = person_fields(user)
    rows = [
        (_label(n), getattr(keep, n), getattr(merge, n))
        for n in ("given_names", "family_name", *SHOWN)
        if n in fields
    ]
    context = {"keep": keep, "merge": merge, "rows": rows}
    return render(request, T + "merge.html", context)


@permission_required(access.SETTINGS)
@require_http_methods(["GET", "POST"])
def settings(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    record = case_settings(user.municipality_id or 0)
    initial = {n: getattr(record, n) for n in CaseSettingsForm.base_fields}
    form = CaseSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case_settings_update(actor=user, values=form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Case settings saved."))
            return redirect("cases:settings")
    return render(request, T + "settings.html", {"form": form})
