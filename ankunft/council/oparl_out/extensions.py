"""Files of papers that other modules publish (the reports' published status reports).

Council sits below those modules in the layer order and must not import them; they
register a provider here from their `AppConfig.ready()` instead. A provider gets the
papers of one answer at once (no query per paper) and returns, per paper id, the OParl
1.1 `File` objects to link from the paper as auxiliary files — complete objects with
absolute URLs, public only, without the `paper` back-link (the endpoint adds it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ankunft.council.models import Paper

OParlFile = dict[str, Any]
# (papers, absolute) -> {paper id: [File, …]}; `absolute` makes a path an absolute URL.
PaperFilesProvider = Callable[[Sequence[Paper], Callable[[str], str]], dict[int, list[OParlFile]]]

_PROVIDERS: list[PaperFilesProvider] = []


def register_paper_files(provider: PaperFilesProvider) -> None:
    """Register a provider (once; a second registration of the same one is ignored)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def paper_files(
    papers: Sequence[Paper], absolute: Callable[[str], str]
) -> dict[int, list[OParlFile]]:
    """The files every provider publishes for `papers`, by paper id."""
    found: dict[int, list[OParlFile]] = {}
    if not papers:
        return found
    for provider in _PROVIDERS:
        for paper_id, files in provider(papers, absolute).items():
            found.setdefault(paper_id, []).extend(files)
    return found
