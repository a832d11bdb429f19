"""The chain page of a decision: money, positions, measures and their indicators — the page
the head of the KI shows the committee."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ankunft.core.decorators import actor, permission_required
from ankunft.measures import chain


@permission_required("measures.view_chain")
def chain_index(request: HttpRequest) -> HttpResponse:
    decisions = chain.chain_decision_list(actor=actor(request))
    return render(request, "measures/chain_index.html", {"decisions": decisions})


@permission_required("measures.view_chain")
def chain_detail(request: HttpRequest, decision_id: int) -> HttpResponse:
    user = actor(request)
    decision = chain.decision_get(actor=user, pk=decision_id)
    return render(
        request,
        "measures/chain_detail.html",
        {"chain": chain.chain_for_decision(actor=user, decision=decision)},
    )
