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
unknown), executors, sources, funding status, and the amounts in hryvnias
keyed by year, source, executor and expense (contract 1.1: a change of one
source's or one executor's amount is a change of that record; records with one
key are summed), with the exact ``Decimal`` difference. Per year the programme totals (``Total.computed_uah``) are compared
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
class AmountKey:
    """What a funding record is the amount of, besides its measure: the year and contract 1.1's other coordinates."""

    year: int | None  # None: the measure's whole term
    source: str | None = None
    executor: str | None = None
    expense: str | None = None

    def order(self) -> tuple[bool, int, str, str, str]:
        return (self.year is None, self.year or 0, self.source or "", self.executor or "", self.expense or "")

    @property
    def axes(self) -> tuple[str, ...]:
        """The coordinates besides the year that are set, in order: source, executor, expense."""
        return tuple(axis for axis in (self.source, self.executor, self.expense) if axis)


@dataclass(frozen=True)
class AmountChange:
    """One amount in hryvnias (a year's, or a year's for one source, executor or expense); ``None`` when absent."""

    year: int | None
    old: Decimal | None
    new: Decimal | None
    source: str | None = None
    executor: str | None = None
    expense: str | None = None

    @property
    def key(self) -> AmountKey:
        return AmountKey(self.year, self.source, self.executor, self.expense)

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
    code: str  # not_same_programme | programme_unknown | unit_differs | new_older
    message: str
    message_uk: str = ""  # the same in Ukrainian, for the HTML report


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


def record_uah(measure: Measure) -> dict[AmountKey, Decimal]:
    """A measure's amounts in hryvnias by year, source, executor and expense; records with one key are summed.

    A record without ``amount_uah`` (the document states no unit) counts with its amount as written.
    """
    amounts: dict[AmountKey, Decimal] = defaultdict(Decimal)
    for record in measure.funding:
        key = AmountKey(record.year, record.source, record.executor, record.expense)
        amounts[key] += record.amount if record.amount_uah is None else record.amount_uah
    return dict(amounts)


def amount_changes(
    old: dict[AmountKey, Decimal], new: dict[AmountKey, Decimal], only_changed: bool = True
) -> tuple[AmountChange, ...]:
    keys = sorted(old.keys() | new.keys(), key=AmountKey.order)
    changes = (AmountChange(key.year, old.get(key), new.get(key), key.source, key.executor, key.expense) for key in keys)
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
    amounts = record_uah(measure)
    empty: dict[AmountKey, Decimal] = {}
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
        amounts = amount_changes(record_uah(before), record_uah(after))
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


def reason_uk(verdict: SameProgramme, old: Programme, new: Programme) -> str:
    """The same-programme rule's verdict in Ukrainian."""
    if verdict.title_similarity is not None and verdict.title_similarity < TITLE_THRESHOLD:
        return f"назви різняться (схожість {verdict.title_similarity:g} < {TITLE_THRESHOLD:g})"
    if verdict.periods_overlap is False:
        return f"періоди не перетинаються ({old.period_start}-{old.period_end} і {new.period_start}-{new.period_end})"
    known = (("назва", verdict.title_similarity), ("період", verdict.periods_overlap))
    unknown = [name for name, value in known if value is None]
    if unknown:
        return f"невідомо: {' і '.join(unknown)}; вважаємо, що це та сама програма"
    return f"назви збігаються (схожість {verdict.title_similarity:g}), періоди перетинаються"


def decision_label(decision: Decision, word: str = "of") -> str:
    """``№1911 of 2020-08-27`` (``word="від"``: ``№1911 від 27.08.2020``, as the decisions write it)."""
    date = decision.date or "?"
    if word != "of" and decision.date:
        year, month, day = decision.date.split("-")
        date = f"{day}.{month}.{year}"
    return f"№{decision.number or '?'} {word} {date}"


def new_older(old: Decision, new: Decision) -> DiffWarning | None:
    """A warning when NEW was decided before OLD: the diff then shows the changes backwards."""
    if not (old.date and new.date and new.date < old.date):
        return None
    return DiffWarning(
        "new_older",
        f"NEW is older than OLD: {decision_label(new)} comes before {decision_label(old)}; "
        "the changes are shown from the later decision back to the earlier one (swap OLD and NEW to see them forwards)",
        f"НОВА версія старша за СТАРУ: {decision_label(new, 'від')} ухвалено раніше, ніж {decision_label(old, 'від')}; "
        "зміни показано від пізнішого рішення до ранішого",
    )


def version(document: Document) -> Version:
    return Version(document.source, document.decision, document.programme, len(document.measures), document.sections)


def yearly_totals(document: Document) -> dict[AmountKey, Decimal]:
    """The programme total per year (``Total.computed_uah``), keyed like the measures' amounts."""
    return {AmountKey(total.year): total.computed_uah for total in document.totals if total.computed_uah is not None}


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
        titles = f"«{old.programme.title}» and «{new.programme.title}»"
        warnings.append(
            DiffWarning(
                "not_same_programme",
                f"not versions of the same programme: {verdict.reason}: {titles}" + ("; compared anyway" if force else ""),
                f"це не версії однієї програми: {reason_uk(verdict, old.programme, new.programme)}: "
                f"«{old.programme.title}» і «{new.programme.title}»" + ("; порівняно все одно" if force else ""),
            )
        )
    elif verdict.title_similarity is None or verdict.periods_overlap is None:
        warnings.append(DiffWarning("programme_unknown", verdict.reason, reason_uk(verdict, old.programme, new.programme)))
    if old.programme.unit != new.programme.unit:
        units = f"{old.programme.unit}, {new.programme.unit}"
        english, ukrainian = f"units differ ({units}); compared in hryvnias", f"одиниці різняться ({units}); порівняно в гривнях"
        warnings.append(DiffWarning("unit_differs", english, ukrainian))
    older = new_older(old.decision, new.decision)
    if older:
        warnings.append(older)
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
