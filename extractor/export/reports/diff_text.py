"""A ``ProgrammeDiff`` as tables for the terminal (rich): the decisions, the changes, the totals."""

from __future__ import annotations

import io
from collections.abc import Iterator

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ...diff import MeasureChange, ProgrammeDiff, Version
from .diff_format import (
    FIELD_NAMES,
    amount_label,
    measure_label,
    signed_thousands,
    thousands,
    value_text,
    words_text,
    year_text,
)

KIND_STYLE = {"added": "green", "removed": "red", "changed": "yellow"}


def amount_style(difference: object) -> str:
    return "green" if difference > 0 else "red" if difference < 0 else ""  # type: ignore[operator]


def decision_line(version: Version) -> str:
    decision = version.decision
    number = f"№{decision.number}" if decision.number else "№ ?"
    return f"{number} of {decision.date or '?'}"


def versions_table(diff: ProgrammeDiff) -> Table:
    table = Table(title="Versions", title_justify="left", show_lines=False)
    table.add_column("")
    table.add_column("old")
    table.add_column("new")
    old, new = diff.old, diff.new
    rows = [
        ("file", old.source.file, new.source.file),
        ("decision", decision_line(old), decision_line(new)),
        ("council", old.decision.council or "—", new.decision.council or "—"),
        ("session", str(old.decision.session or "—"), str(new.decision.session or "—")),
        ("annex", old.decision.annex or "—", new.decision.annex or "—"),
        ("programme", old.programme.title or "—", new.programme.title or "—"),
        (
            "period",
            f"{old.programme.period_start}-{old.programme.period_end}",
            f"{new.programme.period_start}-{new.programme.period_end}",
        ),
        ("measures", str(old.measures), str(new.measures)),
    ]
    for label, before, after in rows:
        table.add_row(label, before, after, style="" if before == after else "bold")
    return table


def change_rows(change: MeasureChange, depth: int) -> Iterator[tuple[str, Text, str, str, str, Text]]:
    """(measure, change, what, old, new, difference) rows for one measure change."""
    indent = "  " * depth
    label = indent + measure_label(change)
    kind = Text(change.kind + (" (renumbered)" if change.renumbered else ""), style=KIND_STYLE[change.kind])
    if change.kind != "changed":
        yield (
            label,
            kind,
            "measure",
            "—" if change.kind == "added" else change.text,
            change.text if change.kind == "added" else "—",
            Text(""),
        )
    for field in change.fields:
        if field.field == "id":
            continue  # shown in the measure label
        what = FIELD_NAMES[field.field]
        if field.words:
            yield label, kind, what, value_text(field.old), value_text(field.new), Text(words_text(field))
        else:
            yield label, kind, what, value_text(field.old), value_text(field.new), Text("")
    for amount in change.amounts:
        difference = amount.difference
        yield (
            label,
            kind,
            f"{amount_label(amount.key)}, тис. грн",
            thousands(amount.old),
            thousands(amount.new),
            Text(signed_thousands(difference), style=amount_style(difference)),
        )
    if change.kind == "changed" and not change.fields and not change.amounts:
        yield label, kind, "sub-items", "", "", Text("")
    elif change.renumbered and all(field.field == "id" for field in change.fields) and not change.amounts:
        yield label, kind, "number", change.old_id or "", change.new_id or "", Text("")
    for child in change.children:
        yield from change_rows(child, depth + 1)


def changes_table(diff: ProgrammeDiff) -> Table:
    table = Table(title="Changes by measure", title_justify="left", show_lines=True)
    for name, justify in (
        ("measure", "left"),
        ("change", "left"),
        ("what", "left"),
        ("old", "left"),
        ("new", "left"),
        ("Δ / words", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    section = None
    for change in diff.measures:
        if change.section != section:
            section = change.section
            table.add_row(Text(f"section {section}", style="bold"), "", "", "", "", "")
        for row in change_rows(change, 0):
            table.add_row(*row)
    return table


def totals_table(diff: ProgrammeDiff) -> Table:
    table = Table(title="Programme total per year, тис. грн", title_justify="left")
    for name in ("year", "old", "new", "Δ"):
        table.add_column(name, justify="right")
    for total in diff.totals:
        difference = total.difference
        table.add_row(
            year_text(total.year),
            thousands(total.old),
            thousands(total.new),
            Text(signed_thousands(difference), style=amount_style(difference)),
        )
    return table


def summary_line(diff: ProgrammeDiff) -> str:
    if not diff.compared:
        return "not compared: the documents are not versions of the same programme"
    if diff.is_empty:
        return f"no changes: {len(diff.unchanged)} measures unchanged"
    counts = (f"{diff.count(kind)} {kind}" for kind in ("added", "removed", "changed", "renumbered"))
    return ", ".join(counts) + f"; {len(diff.unchanged)} unchanged (listed with --all)"


def renderables(diff: ProgrammeDiff, list_unchanged: bool = False) -> list[RenderableType]:
    """What the terminal report shows, in order: warnings, summary, versions, changes, totals."""
    parts: list[RenderableType] = [Text(f"warning: {w.message}", style="bold red") for w in diff.warnings]
    parts.append(Text(summary_line(diff), style="bold"))
    parts.append(versions_table(diff))
    if diff.compared:
        if diff.measures:
            parts.append(changes_table(diff))
        parts.append(totals_table(diff))
        if list_unchanged and diff.unchanged:
            unchanged = Table(title="Unchanged measures", title_justify="left")
            unchanged.add_column("measure")
            unchanged.add_column("text")
            unchanged.add_column("matched by")
            for item in diff.unchanged:
                unchanged.add_row(item.id, item.text, item.match.rule)
            parts.append(unchanged)
    return parts


def dumps(diff: ProgrammeDiff, list_unchanged: bool = False, width: int = 160) -> str:
    """The terminal report as plain text (no colour codes), for a file."""
    stream = io.StringIO()
    console = Console(file=stream, width=width, color_system=None, force_terminal=False, legacy_windows=False)
    console.print(Group(*renderables(diff, list_unchanged)))
    return stream.getvalue()
