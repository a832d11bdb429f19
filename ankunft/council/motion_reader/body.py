"""The body of a council paper: who moves it, what it asks, which papers it names, cover.

All functions take the cleaned text and the ``Header`` read before.
"""

from __future__ import annotations

import re

from ankunft.council.motion_reader.factions import faction_names
from ankunft.council.motion_reader.meta import Header
from ankunft.council.motion_reader.patterns import (
    DS_NUMBER,
    KIND_INFORMATION,
    KIND_PROPOSAL,
    MOVER_LINE,
)
from ankunft.council.motion_reader.text import squash

_REASONING = re.compile(
    r"^(?:Sachverhalt|Begründung|Erläuterung|Ergänzende Erläuterung|Sachverhalt \| Begründung)"
    r"[^\n]{0,40}$|^Finanzielle\s+Auswirkungen",
    re.MULTILINE | re.IGNORECASE,
)
_SIGNATURE = re.compile(
    r"^(?:unterzeichnet(?: von)?|Mit freundlichen Grüßen|gez\.|Weitere Begründung)",
    re.MULTILINE | re.IGNORECASE,
)
_FACTION_WORD = re.compile(r"[Ff]raktion\b|^(?:Stadträt|Stadtrat|StR)")
_LETTER_ADDRESSEE = re.compile(r"^Herrn Oberbürgermeister", re.MULTILINE)
_ADDRESS_LINE = re.compile(r"\b(?:\d{5}\s+\w+|[\w-]*(?:straße|str\.)\s*\d+)", re.IGNORECASE)
_LOCAL_COUNCIL = re.compile(
    r"(?:Beschluss des Ortschaftsrate?s|Der Ortschaftsrat)\s+(?P<place>[A-ZÄÖÜ][\w-]+)"
    r"(?=[^.]{0,120}(?:beschlossen|beantragt|in der Sitzung))"
)
_PAPER_NUMBER = re.compile(r"(?<![\d/])(?:19|20)\d\d/\d{4}(?:/\d{1,2})?(?![\d/])")


def originators(text: str, header: Header) -> list[str]:
    """Return the movers: factions' short names, or the moving body or office.

    The sources are tried from the most to the least explicit: a mover line
    ("Antrag: GRÜNE, SPD"), the office of an administration paper, faction lines in the
    head, the letterhead, a local council's resolution, the sender, the signatures.
    """
    finders = (
        _from_mover_line,
        _from_office,
        _from_faction_lines,
        _from_letterhead,
        _from_local_council,
        _from_sender,
        _from_signature,
    )
    for finder in finders:
        names = finder(text, header)
        if names:
            return names
    return []


def _head_lines(text: str, header: Header) -> list[str]:
    return text[: max(header.title_end, 300) + 300].split("\n")


def _from_mover_line(text: str, header: Header) -> list[str]:
    for line in _head_lines(text, header):
        match = MOVER_LINE.match(line)
        if match:
            names = faction_names(match.group("who") or match.group("who2") or "")
            if names:
                return names
    return []


def _from_office(text: str, header: Header) -> list[str]:
    if header.kind not in {KIND_PROPOSAL, KIND_INFORMATION}:
        return []
    office = header.labels.get("Dienststelle") or header.labels.get("Verantwortlich")
    return [re.sub(r"^Dez\.\s*(\d)", r"Dez. \1", squash(office))] if office else []


def _from_faction_lines(text: str, header: Header) -> list[str]:
    names: list[str] = []
    for line in _head_lines(text, header):
        if _FACTION_WORD.search(line):
            names.extend(name for name in faction_names(line) if name not in names)
    return names


def _from_letterhead(text: str, header: Header) -> list[str]:
    sender = _letter_sender(text)
    if sender and faction_names(sender):
        return faction_names(sender)
    for line in text.split("\n"):
        if _ADDRESS_LINE.search(line) and len(faction_names(line)) > 1:
            return faction_names(line)  # a joint letterhead further down the text
    return []


def _from_local_council(text: str, header: Header) -> list[str]:
    local = _LOCAL_COUNCIL.search(squash(text))
    return [f"Ortschaftsrat {local.group('place')}"] if local else []


def _from_sender(text: str, header: Header) -> list[str]:
    """A sender that is no faction (an association, citizens): its name parts."""
    sender = _letter_sender(text)
    if not sender:
        return []
    parts = [part.strip() for part in sender.split(",")]
    return [part for part in parts if part and not re.search(r"\d", part)]


def _from_signature(text: str, header: Header) -> list[str]:
    signature = _SIGNATURE.search(text)
    if signature is None:
        return []
    return faction_names(text[signature.start() : signature.start() + 400])


def _letter_sender(text: str) -> str | None:
    """The sender line above "Herrn Oberbürgermeister" in a letter or budget form."""
    addressee = _LETTER_ADDRESSEE.search(text[:1500])
    if addressee is None:
        return None
    before = [line for line in text[: addressee.start()].split("\n") if line.strip()]
    return before[0] if before else None


def operative_part(text: str, header: Header) -> str:
    """The request itself: from the end of the head to the reasoning or the signature.

    In administration papers the request is the "Beschlussantrag" section.
    """
    decision = re.search(r"^Beschlussantrag\b", text, re.MULTILINE)
    start = decision.end() if decision else header.title_end
    body = text[start:]
    ends = [m.start() for m in (_REASONING.search(body), _SIGNATURE.search(body)) if m]
    return body[: min(ends)] if ends else body


def related_references(text: str, own: str | None) -> list[str]:
    """Other papers the text names: "DS 21-0220", "Vorlage 2024/1250" → "2024/1250"."""
    found: list[str] = []
    for match in DS_NUMBER.finditer(text):
        ref = f"DS {match.group(1)}"
        if ref not in found and ref != own:
            found.append(ref)
    for match in _PAPER_NUMBER.finditer(text):
        value = match.group(0)
        first, second = value.split("/")[:2]
        if int(second) == int(first) + 1 or value in found:
            continue  # "2019/2020" is a double budget, not a paper
        if own and (own == value or own.startswith(value + "/")):
            continue
        found.append(value)
    return found


# --- cover ----------------------------------------------------------------------------------

_COVER_SOURCES: tuple[tuple[str, str], ...] = (
    (r"Kassenkreditzins", "geringere Kassenkreditzinsen"),
    (r"Zinsen|Zinsaufwend", "geringere Zinsaufwendungen"),
    (r"Haushaltsanträge", "andere Haushaltsanträge"),
    (r"Mehrerträge|Mehrertrag|Mehreinnahmen", "Mehrerträge"),
    (r"Umschichtung", "Umschichtung"),
    (r"Rücklage", "Entnahme aus der Rücklage"),
    (r"Spenden", "Spenden"),
    (r"Fördermittel|Zuschüsse? (?:des|vom) (?:Land|Bund)", "Fördermittel"),
    (r"Wegfall bestehender Aufgaben", "Wegfall bestehender Aufgaben"),
    (r"Einsparung|eingespart", "Einsparungen"),
)
_COVER_WORD = re.compile(
    r"Kompensation|kompensier|Gegenfinanzierung|gegenfinanzier|Deckungsvorschlag"
    r"|Deckung erfolgt|gedeckt werden|finanziert werden",
    re.IGNORECASE,
)
_COVER_BOX = re.compile(
    r"Gegenfinanzierung durch\s*\n?(?P<items>(?:\s*[☐☒][^\n]*\n?)+)"
    r"(?:\s*Die Gegenfinanzierung ist im\s*Erläuterungsteil dargestellt\.?)?"
)
_NOT_MONEY_COVER = re.compile(r"Kompensationsfläche|CO2|Poldervolumen|Emission|Eingriff", re.I)


_FINANCING = (
    re.compile(
        r"(?:Zur\s+)?Finanzierung\b[^.]{0,80}?\b(?:sollen|soll|wird|werden)\s+(?P<src>[^.]+?)"
        r"\s+(?:genutzt|verwendet|herangezogen|eingesetzt)",
    ),
    re.compile(r"Finanzierung\b[^.]{0,80}?\baus\s+(?P<src>[^.]+?)\s+(?:gesichert|erfolg)"),
)


def cover(text: str) -> str | None:
    """Where the money comes from, as a short phrase ("Kompensation durch …")."""
    box = _COVER_BOX.search(text)
    if box:
        ticked = re.findall(r"☒\s*([^\n☐☒]+)", box.group("items"))
        if ticked:
            return "Gegenfinanzierung durch " + ", ".join(squash(t) for t in ticked)
        text = text[: box.start()] + text[box.end() :]
    flat = squash(text)
    for sentence in _sentences_with(_COVER_WORD, flat):
        if _NOT_MONEY_COVER.search(sentence):
            continue
        noun = "Kompensation" if re.search(r"kompens", sentence, re.I) else "Gegenfinanzierung"
        if re.search(r"Deckung|gedeckt", sentence, re.I) and noun != "Kompensation":
            noun = "Deckung"
        for pattern, source in _COVER_SOURCES:
            if re.search(pattern, sentence, re.IGNORECASE):
                return f"{noun} durch {source}"
        phrase = re.search(
            r"\bdurch\s+(?P<what>.+?)\s*(?:erfolgen|geschehen|werden|\.|$)", sentence
        )
        if phrase:
            return f"{noun} durch {phrase.group('what')}"
    for index, financing in enumerate(_FINANCING):
        match = financing.search(flat)
        if match:
            return f"Finanzierung {'durch' if index == 0 else 'aus'} {match.group('src')}"
    return None


def _sentences_with(pattern: re.Pattern[str], flat: str) -> list[str]:
    """The sentences of ``flat`` that contain ``pattern``, cut at the nearest full stops."""
    found: list[str] = []
    for match in pattern.finditer(flat):
        start = flat.rfind(". ", 0, match.start()) + 1
        end = flat.find(". ", match.end())
        sentence = flat[start : len(flat) if end == -1 else end + 1].strip()
        if sentence not in found:
            found.append(sentence)
    return found
