"""Follow one programme across all its versions: ``Document``s in, one frozen ``ProgrammeHistory`` out.

Everything here is pure; reading the catalogue is ``load.py``'s job and
writing reports ``export/reports/history_*.py``'s.

**Which documents are versions of the programme** (``select``), given the
TITLE a user typed:

1. A document *matches* TITLE when its programme title passes the title test
   of the same-programme rule against TITLE (``diff.same_programme``: title
   similarity without the period at least ``diff.TITLE_THRESHOLD``), or when
   TITLE's words, without a period, occur as one run in the title (so
   ``Програма розвитку місцевого самоврядування`` finds the whole title). When
   TITLE ends with a period (``на 2017-2020 роки``), the document's period must
   share a year with it. A document without a title matches nothing.
2. Matching documents are grouped by the same-programme rule itself (title
   similarity and overlapping periods; two different councils are never one
   programme), chained: A and C are one programme when A~B and B~C. More than
   one group is an error that lists the groups.
3. Copies of one decision (the same decision identifier and annex, e.g. its
   DOCX and its PDF; or the same file bytes) count as one version: the copy
   with the fewest extraction warnings is kept, then by format
   (``FORMAT_PREFERENCE``: born-digital before PDF), then by file name. A copy
   that does not give an empty diff against the kept one is a warning.
4. Versions are ordered by decision date, then number, then file name; a
   version without a date goes last, with a warning.

**Following measures.** Consecutive versions are compared with ``diff.diff``
(its matching, tie rule and threshold, unchanged); each measure's track is
chained through the pairs each diff matched, so a measure renumbered from 4.2
to 4.3 stays on one row. A measure a diff reports as removed ends its track; an
added one starts a new track.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from rapidfuzz import fuzz

from .diff import (
    TITLE_PERIOD,
    AmountKey,
    ProgrammeDiff,
    Version,
    diff,
    periods_overlap,
    record_uah,
    same_programme,
    title_core,
    version,
    walk,
    yearly_totals,
)
from .errors import ProgrammeChoiceError
from .model import Decision, Document, Programme, Source

# Which copy of one decision stands for it: formats a council typed, before printed or scanned ones.
FORMAT_PREFERENCE = ("docx", "xlsx", "odt", "html", "text", "doc", "rtf", "pdf")
CLOSE_TITLES = 5  # how many titles the "no such programme" error suggests
YEAR = re.compile(r"\d{4}")

Amounts = tuple[tuple[AmountKey, Decimal], ...]  # (year, source, executor, expense) → hryvnias, in key order
Totals = tuple[tuple[int | None, Decimal], ...]  # (year, hryvnias) pairs in year order, the whole term (None) last


def year_order(year: int | None) -> tuple[bool, int]:
    return (year is None, year or 0)


# --- The records -----------------------------------------------------------


@dataclass(frozen=True)
class HistoryWarning:
    code: str  # copies_differ | undated_version | duplicate_ids
    message: str
    message_uk: str = ""  # the same in Ukrainian, for the HTML report


@dataclass(frozen=True)
class Track:
    """One measure followed across the versions."""

    ids: tuple[str | None, ...]  # its id in each version; None where the version does not have it
    parent: str | None  # the parent's id in the last version that has the measure
    section: str | None  # likewise
    text: str  # likewise
    amounts: tuple[Amounts | None, ...]  # per version; None where the version does not have it

    @property
    def label(self) -> str:
        """Its ids in order, each once: ``4.2 → 4.3`` for a renumbered measure."""
        seen: list[str] = []
        for measure_id in self.ids:
            if measure_id is not None and (not seen or seen[-1] != measure_id):
                seen.append(measure_id)
        return " → ".join(seen)

    @property
    def keys(self) -> tuple[AmountKey, ...]:
        """Every year (and source, executor, expense) any version names an amount for, in order."""
        return tuple(sorted({key for amounts in self.amounts if amounts for key, _ in amounts}, key=AmountKey.order))

    @property
    def years(self) -> tuple[int | None, ...]:
        return tuple(sorted({key.year for key in self.keys}, key=year_order))

    def amount(self, index: int, key: AmountKey | int | None) -> Decimal | None:
        """The amount version ``index`` names for ``key`` (or a year: no other coordinates); None when it names none."""
        wanted = key if isinstance(key, AmountKey) else AmountKey(key)
        return dict(self.amounts[index] or ()).get(wanted)

    def changed_in(self, index: int) -> bool:
        """Version ``index`` added or removed the measure or changed one of its amounts."""
        return index > 0 and self.amounts[index] != self.amounts[index - 1]


@dataclass(frozen=True)
class ProgrammeHistory:
    title: str  # the latest version's title
    versions: tuple[Version, ...]  # ordered by decision date
    copies: tuple[tuple[str, ...], ...]  # per version: files of the same decision that were left out
    steps: tuple[ProgrammeDiff, ...]  # steps[k]: what versions[k + 1] changed in versions[k]
    measures: tuple[Track, ...]  # in the latest order; a dropped measure stays where it last stood
    totals: tuple[Totals, ...]  # per version: the programme total per year
    warnings: tuple[HistoryWarning, ...] = ()

    @property
    def years(self) -> tuple[int | None, ...]:
        found = {year for totals in self.totals for year, _ in totals}
        found.update(year for track in self.measures for year in track.years)
        return tuple(sorted(found, key=year_order))

    def total(self, index: int, year: int | None) -> Decimal | None:
        return dict(self.totals[index]).get(year)


# --- Choosing the versions -------------------------------------------------


def query_programme(title: str) -> Programme:
    """What the user typed, as a programme: the title, and its period when it ends with one."""
    period = TITLE_PERIOD.search(title.strip())
    years = [int(year) for year in YEAR.findall(period.group())] if period else []
    start, end = (years[0], years[-1]) if years else (None, None)
    return Programme(title=title, period_start=start, period_end=end, unit="thousand_uah")


def matches(query: Programme, programme: Programme) -> bool:
    """Rule 1 of the module docstring."""
    if not programme.title or not query.title or periods_overlap(query, programme) is False:
        return False
    if same_programme(query, programme).same:
        return True
    wanted = title_core(query.title)
    return bool(wanted) and f" {wanted} " in f" {title_core(programme.title)} "


def chain(count: int, same: Callable[[int, int], bool]) -> list[list[int]]:
    """Indices ``0..count-1`` grouped by ``same``, chained (A~B and B~C: one group); groups and members in input order."""
    leader = list(range(count))

    def find(index: int) -> int:
        while leader[index] != index:
            leader[index] = leader[leader[index]]
            index = leader[index]
        return index

    for i in range(count):
        for j in range(i + 1, count):
            if find(i) != find(j) and same(i, j):
                leader[find(j)] = find(i)
    found: dict[int, list[int]] = {}
    for index in range(count):
        found.setdefault(find(index), []).append(index)
    return list(found.values())


def one_programme(first: Edition, second: Edition) -> bool:
    """Rule 2's test of a pair: both titled, the same-programme rule says yes, and no two different councils."""
    councils = (first.decision.council, second.decision.council)
    if all(councils) and councils[0] != councils[1]:
        return False
    if not first.programme.title or not second.programme.title:
        return False
    return same_programme(first.programme, second.programme).same


def groups(documents: Sequence[Document]) -> list[list[Document]]:
    """Rule 2: documents chained by ``one_programme``, each group in input order."""
    editions = [edition(document) for document in documents]
    return [
        [documents[index] for index in group]
        for group in chain(len(documents), lambda i, j: one_programme(editions[i], editions[j]))
    ]


def period_text(programme: Programme) -> str:
    return f"{programme.period_start or '?'}-{programme.period_end or '?'}"


def close_titles(title: str, documents: Sequence[Document]) -> list[str]:
    """The catalogue's titles nearest to ``title``, best first."""
    titles = sorted({document.programme.title for document in documents if document.programme.title})
    wanted = title_core(title)
    scored = sorted(titles, key=lambda candidate: (-fuzz.WRatio(wanted, title_core(candidate)), candidate))
    return scored[:CLOSE_TITLES]


@dataclass(frozen=True)
class Edition:
    """What choosing versions needs to know of one document: a ``Document``, or a catalogue row without its measures."""

    name: str  # how the caller names it (the catalogue's document name, or the file)
    source: Source
    decision: Decision
    programme: Programme
    warnings: int  # how many extraction warnings


def edition(document: Document) -> Edition:
    return Edition(document.source.file, document.source, document.decision, document.programme, len(document.warnings))


def copy_key(document: Edition) -> tuple[str, ...]:
    decision = document.decision
    if decision.identifier:
        return ("decision", decision.identifier, decision.annex or "")
    return ("file", document.source.sha256)


def preference(document: Edition) -> tuple[int, int, str]:
    """Rule 3: which copy of one decision is kept (smallest first)."""
    fmt = document.source.format
    rank = FORMAT_PREFERENCE.index(fmt) if fmt in FORMAT_PREFERENCE else len(FORMAT_PREFERENCE)
    return (document.warnings, rank, document.source.file)


def chronological(document: Edition) -> tuple[bool, str, str, str]:
    """Rule 4: by date (undated last), number, file name."""
    decision = document.decision
    return (decision.date is None, decision.date or "", decision.number or "", document.source.file)


@dataclass(frozen=True)
class Selection:
    versions: tuple[Document, ...]  # one per decision, ordered by date
    copies: tuple[tuple[str, ...], ...]
    warnings: tuple[HistoryWarning, ...]


def select(documents: Sequence[Document], title: str) -> Selection:
    """The versions of the programme TITLE names among ``documents`` (rules 1-4 of the module docstring).

    Raises:
        ProgrammeChoiceError: no document matches TITLE, or the matches are several programmes.
    """
    query = query_programme(title)
    matched = [document for document in documents if matches(query, document.programme)]
    if not matched:
        near = close_titles(title, documents)
        hint = "; closest titles: " + ", ".join(f"«{t}»" for t in near) if near else "; it holds no programme"
        raise ProgrammeChoiceError(f"no programme in the catalogue matches «{title}»{hint}")
    found = groups(matched)
    if len(found) > 1:
        described = []
        for group in found:
            latest = max(group, key=lambda document: chronological(edition(document)))
            described.append(f"«{latest.programme.title}» ({period_text(latest.programme)}, {len(group)} document(s))")
        raise ProgrammeChoiceError(f"«{title}» matches {len(found)} programmes: {', '.join(described)}; give the whole title")
    by_decision: dict[tuple[str, ...], list[Document]] = {}
    for document in found[0]:
        by_decision.setdefault(copy_key(edition(document)), []).append(document)
    warnings: list[HistoryWarning] = []
    kept: list[tuple[Document, tuple[str, ...]]] = []
    for copies in by_decision.values():
        best, *others = sorted(copies, key=lambda document: preference(edition(document)))
        for other in others:
            differs = diff(best, other, force=True)
            if not differs.is_empty:
                warnings.append(
                    HistoryWarning(
                        "copies_differ",
                        f"{other.source.file} is a copy of decision {best.decision.identifier or best.source.file} "
                        f"but differs from {best.source.file} (kept): {len(walk(differs.measures))} measure change(s)",
                        f"{other.source.file} — копія рішення {best.decision.identifier or best.source.file}, "
                        f"але відрізняється від {best.source.file} (його взято): змін у заходах: {len(walk(differs.measures))}",
                    )
                )
        kept.append((best, tuple(sorted(other.source.file for other in others))))
    kept.sort(key=lambda pair: chronological(edition(pair[0])))
    warnings.extend(
        HistoryWarning(
            "undated_version",
            f"{document.source.file} has no decision date: placed last",
            f"{document.source.file} не має дати рішення: поставлено останнім",
        )
        for document, _ in kept
        if document.decision.date is None
    )
    return Selection(tuple(document for document, _ in kept), tuple(files for _, files in kept), tuple(warnings))


# --- Every programme of an archive ------------------------------------------


@dataclass(frozen=True)
class Placement:
    """Where one document stands among the versions of its programme (the catalogue's ``versions`` table)."""

    programme_key: str  # the identifier of the programme's first decision in the archive (``1911-2020-08-27``)
    version: int  # 1-based, by decision date; copies of one decision share it
    copy_of: str | None  # the name of the copy kept for the same decision; None for the kept one
    latest: bool  # the kept copy of the programme's latest decision


def place(editions: Sequence[Edition]) -> dict[str, Placement]:
    """Group an archive's documents into programmes (rules 2-4 of the module docstring), by ``Edition.name``.

    A document without a programme title is a programme of its own. The latest version is the last dated one
    (an undated version only when none is dated); its kept copy alone is ``latest``.
    """
    programmes: list[list[list[Edition]]] = []  # per programme its versions by date; per version its copies, kept first
    for group in chain(len(editions), lambda i, j: one_programme(editions[i], editions[j])):
        by_decision: dict[tuple[str, ...], list[Edition]] = {}
        for index in group:
            by_decision.setdefault(copy_key(editions[index]), []).append(editions[index])
        versions = [sorted(copies, key=preference) for copies in by_decision.values()]
        programmes.append(sorted(versions, key=lambda copies: chronological(copies[0])))
    programmes.sort(key=lambda versions: (chronological(versions[0][0]), versions[0][0].name))
    placements: dict[str, Placement] = {}
    taken: set[str] = set()
    for versions in programmes:
        first = versions[0][0]
        key = first.decision.identifier or first.name
        if key in taken:  # one decision approving two programmes (annexes 1 and 2)
            key = f"{key}/{first.decision.annex or first.name}"
        taken.add(key)
        dated = [number for number, copies in enumerate(versions) if copies[0].decision.date]
        latest = dated[-1] if dated else len(versions) - 1
        for number, (kept, *others) in enumerate(versions):
            placements[kept.name] = Placement(key, number + 1, None, number == latest)
            for other in others:
                placements[other.name] = Placement(key, number + 1, kept.name, False)
    return placements


# --- Following the measures ------------------------------------------------


def id_pairs(step: ProgrammeDiff) -> tuple[dict[str, str], set[str]]:
    """Old id → new id for every measure the diff paired, and the ids of the measures it added."""
    paired = {item.id: item.id for item in step.unchanged}
    added: set[str] = set()
    for change in walk(step.measures):
        if change.kind == "changed" and change.old_id and change.new_id:
            paired[change.old_id] = change.new_id
        elif change.kind == "added" and change.new_id:
            added.add(change.new_id)
    return paired, added


def follow(versions: Sequence[Document]) -> tuple[tuple[ProgrammeDiff, ...], list[list[str | None]], list[HistoryWarning]]:
    """Diff consecutive versions; every measure's id in each version, tracks in display order."""
    warnings = [
        HistoryWarning(
            "duplicate_ids",
            f"{document.source.file} numbers two measures alike; they are followed as one",
            f"у {document.source.file} два заходи мають однаковий номер; їх простежено як один",
        )
        for document in versions
        if len({m.id for m in document.measures}) != len(document.measures)
    ]
    tracks: list[list[str | None]] = [[measure.id] for measure in versions[0].measures]
    order = list(range(len(tracks)))
    steps = []
    for index in range(1, len(versions)):
        step = diff(versions[index - 1], versions[index], force=True)
        steps.append(step)
        paired, added = id_pairs(step)
        by_new_id: dict[str, int] = {}
        for number, track in enumerate(tracks):
            previous = track[-1]
            current = paired.get(previous) if previous is not None else None
            track.append(current)
            if current is not None:
                by_new_id[current] = number
        for measure in versions[index].measures:
            if measure.id in added and measure.id not in by_new_id:
                tracks.append([None] * index + [measure.id])
                by_new_id[measure.id] = len(tracks) - 1
        # The new version's order; a measure it dropped stays after the one it followed.
        dropped_after: dict[int | None, list[int]] = {}
        anchor: int | None = None
        for number in order:
            if tracks[number][-1] is None:
                dropped_after.setdefault(anchor, []).append(number)
            else:
                anchor = number
        new_order = list(dropped_after.get(None, []))
        for measure in versions[index].measures:
            kept = by_new_id.get(measure.id)
            if kept is not None and kept not in new_order:
                new_order.append(kept)
                new_order.extend(dropped_after.get(kept, []))
        order = new_order
    return tuple(steps), [tracks[number] for number in order], warnings


def track_of(ids: Sequence[str | None], versions: Sequence[Document]) -> Track:
    amounts: list[Amounts | None] = []
    latest = None
    for measure_id, document in zip(ids, versions, strict=True):
        measure = next((m for m in document.measures if m.id == measure_id), None) if measure_id is not None else None
        if measure is None:
            amounts.append(None)
            continue
        latest = measure
        amounts.append(tuple(sorted(record_uah(measure).items(), key=lambda item: item[0].order())))
    assert latest is not None  # every track has at least one version
    return Track(tuple(ids), latest.parent, latest.section, latest.text, tuple(amounts))


def yearly(document: Document) -> Totals:
    """The programme total per year of one version, in year order."""
    return tuple(sorted(((key.year, total) for key, total in yearly_totals(document).items()), key=lambda i: year_order(i[0])))


def follow_versions(
    versions: Sequence[Document], copies: Sequence[tuple[str, ...]] = (), warnings: Sequence[HistoryWarning] = ()
) -> ProgrammeHistory:
    """The history of versions already chosen and ordered (``select``)."""
    if not versions:
        raise ValueError("a history needs at least one version")
    steps, tracks, follow_warnings = follow(versions)
    return ProgrammeHistory(
        title=versions[-1].programme.title or "",
        versions=tuple(version(document) for document in versions),
        copies=tuple(copies) or tuple(() for _ in versions),
        steps=steps,
        measures=tuple(track_of(ids, versions) for ids in tracks),
        totals=tuple(yearly(document) for document in versions),
        warnings=(*warnings, *follow_warnings),
    )


def history(documents: Sequence[Document], title: str) -> ProgrammeHistory:
    """Every version of the programme TITLE names among ``documents``, followed measure by measure.

    Args:
        documents: any documents, e.g. everything a catalogue holds.
        title: the programme's title, whole or the run of words that tells it apart.

    Returns:
        A ``ProgrammeHistory`` ordered by decision date.

    Raises:
        ProgrammeChoiceError: TITLE matches no programme, or several.
    """
    chosen = select(documents, title)
    return follow_versions(chosen.versions, chosen.copies, chosen.warnings)
