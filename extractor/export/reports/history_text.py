"""A ``ProgrammeHistory`` as tables for the terminal (rich): versions, amounts per measure, changes, totals."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ...diff import AmountKey, Version
from ...history import ProgrammeHistory, Track
from .diff_format import amount_label, signed_thousands, thousands, year_text
from .diff_text import amount_style, changes_table, summary_line

ABSENT = "absent"  # the version does not have the measure


def version_label(version: Version) -> str:
    """``№1911 of 2020-08-27``: how a version is named in every history report."""
    decision = version.decision
    return f"№{decision.number or '?'} of {decision.date or '?'}"


def short_label(version: Version, index: int) -> str:
    """A column heading: the decision number, else the version's place."""
    return f"№{version.decision.number}" if version.decision.number else f"v{index + 1}"


def amount_cell(track: Track, index: int, key: AmountKey) -> str:
    if track.amounts[index] is None:
        return ABSENT
    return thousands(track.amount(index, key))


def changed_by(
    history: ProgrammeHistory, track: Track, key: AmountKey | None, label: Callable[[Version, int], str] | None = None
) -> str:
    """The decisions that added, removed or changed this measure's amount for ``key`` (a year, source, …)."""
    numbers = []
    for index in range(1, len(history.versions)):
        before, after = track.amounts[index - 1], track.amounts[index]
        if (before is None) != (after is None) or (
            key is not None and before is not None and track.amount(index - 1, key) != track.amount(index, key)
        ):
            numbers.append((label or short_label)(history.versions[index], index))
    return ", ".join(numbers)


def summary(history: ProgrammeHistory) -> str:
    first, last = history.versions[0], history.versions[-1]
    changed = sum(1 for step in history.steps if not step.is_empty)
    span = version_label(first) if len(history.versions) == 1 else f"{version_label(first)} to {version_label(last)}"
    return (
        f"{len(history.versions)} version(s), {span}; {changed} amending decision(s) changed something; "
        f"{len(history.measures)} measures followed"
    )


def versions_table(history: ProgrammeHistory) -> Table:
    table = Table(title="Versions, by decision date", title_justify="left")
    for name in ("#", "decision", "file", "also in", "period", "measures", "changes to the version before"):
        table.add_column(name)
    for index, version in enumerate(history.versions):
        programme = version.programme
        table.add_row(
            str(index + 1),
            version_label(version),
            version.source.file,
            ", ".join(history.copies[index]) or "—",
            f"{programme.period_start or '?'}-{programme.period_end or '?'}",
            str(version.measures),
            summary_line(history.steps[index - 1]) if index else "—",
        )
    return table


def amounts_table(history: ProgrammeHistory) -> Table:
    table = Table(title="Amounts per measure and year, тис. грн", title_justify="left")
    table.add_column("measure")
    table.add_column("text", max_width=40, no_wrap=True, overflow="ellipsis")
    table.add_column("year", justify="right")
    for index, version in enumerate(history.versions):
        table.add_column(short_label(version, index), justify="right")
    table.add_column("changed by")
    for track in history.measures:
        label = ("  " if track.parent else "") + track.label
        keys: tuple[AmountKey | None, ...] = track.keys or (None,)
        for row, key in enumerate(keys):
            cells: list[Text] = []
            for index in range(len(history.versions)):
                if key is None:
                    cells.append(Text(ABSENT if track.amounts[index] is None else "—"))
                    continue
                style = ""
                if index and track.amounts[index] is not None and track.amounts[index - 1] is not None:
                    before, after = track.amount(index - 1, key), track.amount(index, key)
                    if before != after:
                        style = amount_style((after or 0) - (before or 0))
                cells.append(Text(amount_cell(track, index, key), style=style))
            first = row == 0
            table.add_row(
                label if first else "",
                track.text if first else "",
                amount_label(key) if key else "—",
                *cells,
                changed_by(history, track, key),
                end_section=row == len(keys) - 1,
            )
    return table


def totals_table(history: ProgrammeHistory) -> Table:
    table = Table(title="Programme total per year, тис. грн", title_justify="left")
    table.add_column("year", justify="right")
    for index, version in enumerate(history.versions):
        table.add_column(short_label(version, index), justify="right")
    if len(history.versions) > 1:
        table.add_column("Δ first → last", justify="right")
    for year in history.years:
        values = [history.total(index, year) for index in range(len(history.versions))]
        cells = [Text(thousands(values[0]))]
        for before, after in zip(values, values[1:], strict=False):
            cells.append(Text(thousands(after), style=amount_style((after or 0) - (before or 0))))
        if len(history.versions) > 1:
            difference = (values[-1] or Decimal(0)) - (values[0] or Decimal(0))
            cells.append(Text(signed_thousands(difference), style=amount_style(difference)))
        table.add_row(year_text(year), *cells)
    return table


def renderables(history: ProgrammeHistory) -> list[RenderableType]:
    """What the terminal report shows, in order: warnings, summary, versions, amounts, changes per decision, totals."""
    parts: list[RenderableType] = [Text(f"warning: {w.message}", style="bold red") for w in history.warnings]
    parts.append(Text(f"History of «{history.title}»", style="bold"))
    parts.append(Text(summary(history)))
    parts.append(versions_table(history))
    parts.append(amounts_table(history))
    for index, step in enumerate(history.steps, 1):
        heading = f"{version_label(history.versions[index])} changed {version_label(history.versions[index - 1])}"
        parts.append(Text(f"{heading}: {summary_line(step)}", style="bold"))
        if step.measures:
            table = changes_table(step)
            table.title = f"Changes made by {version_label(history.versions[index])}"
            parts.append(table)
    parts.append(totals_table(history))
    return parts


def dumps(history: ProgrammeHistory, width: int = 200) -> str:
    """The terminal report as plain text (no colour codes), for a file."""
    stream = io.StringIO()
    console = Console(file=stream, width=width, color_system=None, force_terminal=False, legacy_windows=False)
    console.print(Group(*renderables(history)))
    return stream.getvalue()
