"""Pages of referrals: refer a case to an offer, the provider's inbox and answers,
turnaround per provider, and a barrier reported from a case."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ankunft.cases import access
from ankunft.cases.forms.referrals import AnswerForm, CaseBarrierForm, ReferralForm
from ankunft.cases.models import ReferralStatus
from ankunft.cases.selectors import case_get
from ankunft.cases.selectors import referrals as selectors
from ankunft.cases.services import referrals as services
from ankunft.core.decorators import actor, permission_required
from ankunft.core.forms import form_errors


@permission_required(access.WORK)
@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Search an offer, choose what to share, send (the same form as the case page's)."""
    user = actor(request)
    case = case_get(user, case_pk, permission=access.WORK)
    query = request.GET.get("q", "")[:200]
    offers = selectors.offers_for_referral(user, query)
    if request.method == "POST":
        chosen = request.POST.get("offer", "")
        # The offer chosen from an earlier search stays a choice.
        if chosen.isdigit() and all(o.pk != int(chosen) for o, _t in offers):
            offers += selectors.offer_by_id(user, int(chosen))
    form = ReferralForm(request.POST or None, offers=offers)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_send(actor=user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Referral sent."))
            return redirect("cases:referral_new", case.pk)
    context = {
        "case": case,
        "form": form,
        "query": query,
        "has_basis": selectors.has_referral_basis(case.person),
        "referrals": selectors.case_referrals(user, case),
    }
    return render(request, "cases/referrals/new.html", context)


@permission_required(access.WORK)
@require_POST
def referral_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    referral = selectors.referral_get(user, pk)
    try:
        services.referral_withdraw(actor=user, referral=referral)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Referral withdrawn."))
    return redirect("cases:referral_new", referral.case_id)


@permission_required(access.REFERRAL_INBOX)
def referral_inbox(request: HttpRequest) -> HttpResponse:
    """The provider's referrals: shared data only while consent holds; notices once read."""
    user = actor(request)
    status = request.GET.get("status", "")
    views = selectors.inbox(user, status=status)
    notices = selectors.notices_unread(user)
    response = render(
        request,
        "cases/referrals/inbox.html",
        {
            "views": views,
            "notices": notices,
            "status": status,
            "statuses": ReferralStatus.choices,
        },
    )
    services.notices_mark_read(actor=user, notices=notices)
    return response


@permission_required(access.REFERRAL_INBOX)
@require_http_methods(["GET", "POST"])
def referral_answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    form = AnswerForm(request.POST or None, measures=selectors.measure_options(user))
    if request.method == "POST":
        referral = selectors.referral_get(user, pk)
        if form.is_valid():
            try:
                services.referral_answer(actor=user, referral=referral, **form.cleaned_data)
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("Answer saved."))
                return redirect("cases:referral_answer", pk)
    view = selectors.referral_view(user, pk)
    services.notices_mark_read(actor=user, notices=view.notices)
    return render(
        request,
        "cases/referrals/answer.html",
        {"view": view, "form": form, "S": ReferralStatus},
    )


@permission_required(access.CASELOAD)
def referral_turnaround(request: HttpRequest) -> HttpResponse:
    rows = selectors.turnaround(actor(request))
    return render(request, "cases/referrals/turnaround.html", {"rows": rows})


@permission_required(access.WORK)
@permission_required("measures.report_barrier")
@require_http_methods(["GET", "POST"])
def barrier_report(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Report a structural barrier met in this case (anonymised; names are refused)."""
    user = actor(request)
    case = case_get(user, case_pk, permission=access.WORK)
    form = CaseBarrierForm(
        request.POST or None,
        fields_of_action=selectors.field_of_action_options(user),
        districts=selectors.district_options(user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.barrier_from_case(actor=user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Barrier reported. It carries no link to the case."))
            return redirect("cases:referral_new", case.pk)
    return render(request, "cases/referrals/barrier.html", {"case": case, "form": form})
