"""Compare two versions of a programme: two ``Document``s in, one frozen ``ProgrammeDiff`` out.

An amending decision restates the annex "в новій редакції": measures are added,
dropped, renumbered, reworded, and amounts move between years. Everything here
is pure; reading files is ``pipeline.py``'s job and writing reports ``export/``'s.

**Are they versions of one programme?** (``same_programme``) Both titles are
compared without their period (``на 2017-2020 роки``), case and punctuation
(rapidfuzz ``token_sort_ratio``); they are the same programme when the title
similarity is at least ``TITLE_THRESHOLD`` (85) *and* the periods share at
least one year (an amendment may extend the period, never replace it). An
unknown title or period is not held against a pair, but noted. When the rule
says no, ``diff`` compares nothing and returns a diff that only carries the
warning ``not_same_programme`` (``force=True`` compares anyway).

**Matching measures.** Top-level measures are matched first, then the "в т.ч."
sub-items of each matched pair among themselves (a sub-item never moves to
another parent). For every old × new pair:

* ``similarity`` = rapidfuzz ``fuzz.ratio`` of the two measure texts, after
  casefolding and collapsing punctuation and spaces (0-100);
* a pair is a candidate only when ``similarity >= MATCH_THRESHOLD`` (70); below
  it the two are "removed + added", whatever their numbers;
* ``score`` = similarity + ``SAME_SECTION_BONUS`` (10) when the sections are
  equal + ``SAME_ID_BONUS`` (5) when the ids are equal: position decides only
  between texts that are about equally close.

Candidates are taken greedily, best first, skipping measures already taken.
**Tie rule:** among candidates with the same score, the one whose old measure
comes first in the old document wins, then the one whose new measure comes
first in the new document; a pair chosen over an equal-scored rival is marked
``tie=True``. Every pair says how it was matched (``Match.rule``):
``same_id`` (same id, same text), ``same_id_similar_text``, ``moved`` (other
id, same text), ``moved_similar_text``.

**What is compared** for a matched pair: id (renumbered), text and result (with
the changed words), term (its years, or the raw text when the years are
unknown), executors, sources, funding status, and per year the amount in
hryvnias (records of one year are summed), with the exact ``Decimal``
difference. Per year the programme totals (``Total.computed_uah``) are compared
too. Unchanged measures are counted and listed apart (``ProgrammeDiff.unchanged``).
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from rapidfuzz import fuzz

from .model import Decision, Document, Measure, Programme, Section, Source

MATCH_THRESHOLD = 70.0
SAME_SECTION_BONUS = 10.0
SAME_ID_BONUS = 5.0
TITLE_THRESHOLD = 85.0

# Every change a measure can have, in report order.
FIELDS = ("id", "text", "term", "executors", "sources", "funding_status", "result")

# The programme's own period at the end of its title: "на 2017-2020 роки", "на 2021 – 2023 рр.", "на 2019 рік".
TITLE_PERIOD = re.compile(
    r"""\s+ на \s+ \d{4} (?: \s* [-–—] \s* \d{4} )? \s* (?: роки | рік | рр\.? | р\.? )? \s* $""",
    re.VERBOSE | re.IGNORECASE,
)
NOT_WORD = re.compile(r"[\W_]+")


# --- The records -----------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """How an old and a new measure were paired."""

    rule: str  # same_id | same_id_similar_text | moved | moved_similar_text
    similarity: float  # 0-100, rapidfuzz ratio of the normalised texts
    score: float  # similarity + position bonuses
    tie: bool = False  # an equal-scored rival lost by the tie rule


@dataclass(frozen=True)
class WordChange:
    """One run of words replaced, dropped (``added`` empty) or inserted (``removed`` empty)."""

    removed: str
    added: str


@dataclass(frozen=True)
class FieldChange:
    field: str  # one of FIELDS
    old: str | tuple[str, ...] | None
    new: str | tuple[str, ...] | None
    words: tuple[WordChange, ...] = ()  # for text and result


@dataclass(frozen=True)
class AmountChange:
    """One year's amount in hryvnias; ``None`` when that version names no amount for the year."""

    year: int
    old: Decimal | None
    new: Decimal | None

    @property
    def difference(self) -> Decimal:
        return (self.new or Decimal(0)) - (self.old or Decimal(0))

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass(frozen=True)
class MeasureChange:
    """One measure that is not the same in both versions, with its sub-items' changes."""

    kind: str  # added | removed | changed
    old_id: str | None
    new_id: str | None
    section: str | None  # the new version's section (the old one's when removed)
    text: str  # the new text (the old one when removed)
    match: Match | None
    fields: tuple[FieldChange, ...] = ()
    amounts: tuple[AmountChange, ...] = ()  # changed years only; every year for added/removed
    children: tuple[MeasureChange, ...] = ()

    @property
    def renumbered(self) -> bool:
        return self.kind == "changed" and self.old_id != self.new_id

    def field(self, name: str) -> FieldChange | None:
        return next((change for change in self.fields if change.field == name), None)


@dataclass(frozen=True)
class UnchangedMeasure:
    id: str
    text: str
    match: Match


@dataclass(frozen=True)
class Version:
    """One side of the comparison: where it came from and what it is."""

    source: Source
    decision: Decision
    programme: Programme
    measures: int  # how many measures, sub-items included
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class SameProgramme:
    """The verdict of the same-programme rule, with its evidence."""

    same: bool
    title_similarity: float | None  # None when a title is missing
    periods_overlap: bool | None  # None when a period is missing
    reason: str


@dataclass(frozen=True)
class DiffWarning:
    code: str  # not_same_programme | programme_unknown | unit_differs
    message: str


@dataclass(frozen=True)
class ProgrammeDiff:
    old: Version
    new: Version
    same_programme: SameProgramme
    compared: bool  # False when the documents are not versions of one programme (and not forced)
    measures: tuple[MeasureChange, ...]  # top-level measures in new-document order, removed ones at their old place
    unchanged: tuple[UnchangedMeasure, ...]  # top-level and sub-items
    totals: tuple[AmountChange, ...]  # every year either version totals
    warnings: tuple[DiffWarning, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Nothing changed: no measure and no yearly total differs."""
        return self.compared and not self.measures and not any(total.changed for total in self.totals)

    def count(self, kind: str) -> int:
        """How many measures (sub-items included) are ``added``, ``removed``, ``changed`` or ``renumbered``."""
        return sum(1 for change in walk(self.measures) if (change.renumbered if kind == "renumbered" else change.kind == kind))


def walk(changes: Sequence[MeasureChange]) -> list[MeasureChange]:
    """Every change with its sub-items' changes right after it."""
    found: list[MeasureChange] = []
    for change in changes:
        found.append(change)
        found.extend(walk(change.children))
    return found


# --- Same programme? -------------------------------------------------------


def normalised(text: str | None) -> str:
    """Casefolded words separated by single spaces: what similarity is computed on."""
    return NOT_WORD.sub(" ", (text or "").casefold()).strip()


def title_core(title: str) -> str:
    """The title without the period at its end, normalised."""
    return normalised(TITLE_PERIOD.sub("", title.strip()))


def title_similarity(old: str, new: str) -> float:
    return round(fuzz.token_sort_ratio(title_core(old), title_core(new)), 1)


def periods_overlap(old: Programme, new: Programme) -> bool | None:
    ends = (old.period_start, old.period_end, new.period_start, new.period_end)
    if any(year is None for year in ends):
        return None
    old_start, old_end, new_start, new_end = (year for year in ends if year is not None)
    return old_start <= new_end and new_start <= old_end


def same_programme(old: Programme, new: Programme) -> SameProgramme:
    """Apply the same-programme rule (see the module docstring) to two programmes."""
    similarity = title_similarity(old.title, new.title) if old.title and new.title else None
    overlap = periods_overlap(old, new)
    if similarity is not None and similarity < TITLE_THRESHOLD:
        return SameProgramme(False, similarity, overlap, f"titles differ (similarity {similarity:g} < {TITLE_THRESHOLD:g})")
    if overlap is False:
        return SameProgramme(
            False,
            similarity,
            overlap,
            f"periods do not overlap ({old.period_start}-{old.period_end} and {new.period_start}-{new.period_end})",
        )
    unknown = [name for name, value in (("title", similarity), ("period", overlap)) if value is None]
    if unknown:
        return SameProgramme(True, similarity, overlap, f"{' and '.join(unknown)} unknown; assumed the same programme")
    return SameProgramme(True, similarity, overlap, f"titles match (similarity {similarity:g}) and periods overlap")


# --- Matching --------------------------------------------------------------


def text_similarity(old: str, new: str) -> float:
    return round(fuzz.ratio(normalised(old), normalised(new)), 1)


def match_measures(old: Sequence[Measure], new: Sequence[Measure]) -> list[tuple[int, int, Match]]:
    """Pair old and new measures by the matching rule (module docstring); pairs of indices, in old order."""
    candidates: list[tuple[float, float, int, int]] = []
    for old_index, before in enumerate(old):
        for new_index, after in enumerate(new):
            similarity = text_similarity(before.text, after.text)
            if similarity < MATCH_THRESHOLD:
                continue
            score = similarity
            score += SAME_SECTION_BONUS if before.section == after.section else 0.0
            score += SAME_ID_BONUS if before.id == after.id else 0.0
            candidates.append((score, similarity, old_index, new_index))
    # Best score first; the tie rule: earlier old measure, then earlier new measure.
    candidates.sort(key=lambda candidate: (-candidate[0], candidate[2], candidate[3]))
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    pairs: list[tuple[int, int, Match]] = []
    for position, (score, similarity, old_index, new_index) in enumerate(candidates):
        if old_index in taken_old or new_index in taken_new:
            continue
        tie = any(
            rival[0] == score and (rival[2] == old_index) != (rival[3] == new_index)
            for rival in candidates[position + 1 :]
            if rival[2] not in taken_old and rival[3] not in taken_new
        )
        taken_old.add(old_index)
        taken_new.add(new_index)
        same_id = old[old_index].id == new[new_index].id
        same_text = normalised(old[old_index].text) == normalised(new[new_index].text)
        rule = ("same_id" if same_id else "moved") + ("" if same_text else "_similar_text")
        pairs.append((old_index, new_index, Match(rule=rule, similarity=similarity, score=round(score, 1), tie=tie)))
    return sorted(pairs)


# --- Comparing a matched pair ----------------------------------------------


def word_changes(old: str, new: str) -> tuple[WordChange, ...]:
    """The runs of words that differ between two texts, in order."""
    old_words, new_words = old.split(), new.split()
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    return tuple(
        WordChange(removed=" ".join(old_words[i1:i2]), added=" ".join(new_words[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    )


def spaced(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


def term_text(measure: Measure) -> str | None:
    return measure.term.raw if measure.term else None


def term_key(measure: Measure) -> tuple[int | None, int | None] | str | None:
    term = measure.term
    if term is None:
        return None
    if term.start is None and term.end is None:
        return spaced(term.raw)
    return (term.start, term.end)


def yearly_uah(measure: Measure) -> dict[int, Decimal]:
    amounts: dict[int, Decimal] = defaultdict(Decimal)
    for record in measure.funding:
        amounts[record.year] += record.amount_uah
    return dict(amounts)


def amount_changes(old: dict[int, Decimal], new: dict[int, Decimal], only_changed: bool = True) -> tuple[AmountChange, ...]:
    changes = (AmountChange(year, old.get(year), new.get(year)) for year in sorted(old.keys() | new.keys()))
    return tuple(change for change in changes if change.changed or not only_changed)


def field_changes(old: Measure, new: Measure) -> tuple[FieldChange, ...]:
    changes: list[FieldChange] = []
    if old.id != new.id:
        changes.append(FieldChange("id", old.id, new.id))
    if spaced(old.text) != spaced(new.text):
        changes.append(FieldChange("text", old.text, new.text, word_changes(old.text, new.text)))
    if term_key(old) != term_key(new):
        changes.append(FieldChange("term", term_text(old), term_text(new)))
    for name in ("executors", "sources"):
        before, after = getattr(old, name), getattr(new, name)
        if tuple(map(spaced, before)) != tuple(map(spaced, after)):
            changes.append(FieldChange(name, before, after))
    if old.funding_status != new.funding_status:
        changes.append(FieldChange("funding_status", old.funding_status, new.funding_status))
    if spaced(old.result) != spaced(new.result):
        changes.append(FieldChange("result", old.result, new.result, word_changes(old.result or "", new.result or "")))
    return tuple(changes)


def children_of(document_measures: Sequence[Measure], parent: Measure) -> list[Measure]:
    return [measure for measure in document_measures if measure.parent == parent.id]


def one_sided(kind: str, measure: Measure, all_measures: Sequence[Measure]) -> MeasureChange:
    """An added or removed measure, with its sub-items added or removed alongside."""
    amounts = yearly_uah(measure)
    empty: dict[int, Decimal] = {}
    old, new = (amounts, empty) if kind == "removed" else (empty, amounts)
    return MeasureChange(
        kind=kind,
        old_id=measure.id if kind == "removed" else None,
        new_id=measure.id if kind == "added" else None,
        section=measure.section,
        text=measure.text,
        match=None,
        amounts=amount_changes(old, new),
        children=tuple(one_sided(kind, child, all_measures) for child in children_of(all_measures, measure)),
    )


@dataclass(frozen=True)
class Compared:
    changes: tuple[MeasureChange, ...]
    unchanged: tuple[UnchangedMeasure, ...]


def compare_level(
    old_level: Sequence[Measure], new_level: Sequence[Measure], old_all: Sequence[Measure], new_all: Sequence[Measure]
) -> Compared:
    """Match one level of measures (top level, or one parent's sub-items) and compare the pairs."""
    pairs = match_measures(old_level, new_level)
    matched_old = {old_index: (new_index, match) for old_index, new_index, match in pairs}
    matched_new = {new_index for _, new_index, _ in pairs}
    # A removed measure keeps its old place: right after the new place of the matched measure above it.
    placed: list[tuple[tuple[int, int, int], MeasureChange]] = []
    unchanged: list[UnchangedMeasure] = []
    previous_new_index = -1
    for old_index, before in enumerate(old_level):
        if old_index not in matched_old:
            placed.append(((previous_new_index, 1, old_index), one_sided("removed", before, old_all)))
            continue
        new_index, match = matched_old[old_index]
        previous_new_index = new_index
        after = new_level[new_index]
        sub = compare_level(children_of(old_all, before), children_of(new_all, after), old_all, new_all)
        unchanged.extend(sub.unchanged)
        fields = field_changes(before, after)
        amounts = amount_changes(yearly_uah(before), yearly_uah(after))
        if not fields and not amounts and not sub.changes:
            unchanged.append(UnchangedMeasure(id=after.id, text=after.text, match=match))
            continue
        change = MeasureChange(
            kind="changed",
            old_id=before.id,
            new_id=after.id,
            section=after.section,
            text=after.text,
            match=match,
            fields=fields,
            amounts=amounts,
            children=sub.changes,
        )
        placed.append(((new_index, 0, 0), change))
    for new_index, after in enumerate(new_level):
        if new_index not in matched_new:
            placed.append(((new_index, 0, 0), one_sided("added", after, new_all)))
    placed.sort(key=lambda item: item[0])
    return Compared(tuple(change for _, change in placed), tuple(unchanged))


def version(document: Document) -> Version:
    return Version(document.source, document.decision, document.programme, len(document.measures), document.sections)


def yearly_totals(document: Document) -> dict[int, Decimal]:
    return {total.year: total.computed_uah for total in document.totals}


def diff(old: Document, new: Document, force: bool = False) -> ProgrammeDiff:
    """Compare two versions of a programme.

    Args:
        old: the earlier version (the amended annex).
        new: the later version (the annex "в новій редакції").
        force: compare even when the same-programme rule says they are different programmes.

    Returns:
        A ``ProgrammeDiff``; ``compared`` is False (and nothing is compared) when the
        documents are not versions of one programme and ``force`` is not set.
    """
    verdict = same_programme(old.programme, new.programme)
    warnings: list[DiffWarning] = []
    if not verdict.same:
        warnings.append(
            DiffWarning(
                "not_same_programme",
                f"not versions of the same programme: {verdict.reason}: "
                f"«{old.programme.title}» and «{new.programme.title}»" + ("; compared anyway" if force else ""),
            )
        )
    elif verdict.title_similarity is None or verdict.periods_overlap is None:
        warnings.append(DiffWarning("programme_unknown", verdict.reason))
    if old.programme.unit != new.programme.unit:
        warnings.append(
            DiffWarning("unit_differs", f"units differ ({old.programme.unit}, {new.programme.unit}); compared in hryvnias")
        )
    compared = verdict.same or force
    if not compared:
        return ProgrammeDiff(version(old), version(new), verdict, False, (), (), (), tuple(warnings))
    top_old = [measure for measure in old.measures if measure.parent is None]
    top_new = [measure for measure in new.measures if measure.parent is None]
    result = compare_level(top_old, top_new, old.measures, new.measures)
    totals = amount_changes(yearly_totals(old), yearly_totals(new), only_changed=False)
    return ProgrammeDiff(
        old=version(old),
        new=version(new),
        same_programme=verdict,
        compared=True,
        measures=result.changes,
        unchanged=result.unchanged,
        totals=totals,
        warnings=tuple(warnings),
    )
