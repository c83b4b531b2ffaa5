"""A ``ProgrammeHistory`` as one self-contained HTML page, in Ukrainian.

Summary, the totals per year and version (with the Δ first → last column the
terminal table has) and their chart first, then each measure's amounts per
version, then what each amending decision changed.

Built from the diff report's pieces (``diff_html``: style, bar chart with its
value axis and legend of decisions, change rows), so both pages look and
behave alike: nothing is fetched, every text from a document is escaped.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from ...diff import AmountKey
from ...history import ProgrammeHistory, Track
from .diff_format import signed_thousands, thousands
from .diff_html import (
    CHANGE_HEADINGS,
    NEW_COLOUR,
    OLD_COLOUR,
    STYLE,
    Series,
    amount_class,
    bar_chart,
    change_rows,
    warning_paragraph,
)
from .history_text import changed_by
from .words_uk import ABSENT, UNIT, amount_label, period_text, short_label, summary_line, version_label, year_text

# One colour per version, in date order (the diff report's old and new first); used nowhere else on the page.
PALETTE = (OLD_COLOUR, NEW_COLOUR, "#54a24b", "#b279a2", "#9d755d", "#72b7b2", "#eeca3b", "#ff9da6")


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def summary(history: ProgrammeHistory) -> str:
    """``версій: 3, від №1911 від 27.08.2020 до №2101 від 25.02.2021; …``."""
    first, last = history.versions[0], history.versions[-1]
    changed = sum(1 for step in history.steps if not step.is_empty)
    span = version_label(first) if len(history.versions) == 1 else f"{version_label(first)} — {version_label(last)}"
    return (
        f"версій: {len(history.versions)} ({span}); рішень, що щось змінили: {changed}; "
        f"простежено заходів: {len(history.measures)}"
    )


def numeric_cell(value: Decimal | None, before: Decimal | None, compare: bool, text: str | None = None) -> str:
    """An amount, coloured up/down against the version before when ``compare``."""
    shown = escape(text if text is not None else thousands(value))
    if compare and before != value:
        difference = (value or Decimal(0)) - (before or Decimal(0))
        return f'<td class="num {amount_class(difference)}" title="{signed_thousands(difference)}">{shown}</td>'
    return f'<td class="num">{shown}</td>'


def versions_rows(history: ProgrammeHistory) -> str:
    rows = []
    for index, version in enumerate(history.versions):
        changes = escape(summary_line(history.steps[index - 1])) if index else "—"
        rows.append(
            f"<tr><td>{index + 1}</td><td>{escape(version_label(version))}</td>"
            f"<td>{escape(version.source.file)}</td><td>{escape(', '.join(history.copies[index]) or '—')}</td>"
            f"<td>{period_text(version)}</td><td>{version.measures}</td><td>{changes}</td></tr>"
        )
    return "\n".join(rows)


def totals_rows(history: ProgrammeHistory) -> str:
    rows = []
    several = len(history.versions) > 1
    for year in history.years:
        values = [history.total(index, year) for index in range(len(history.versions))]
        cells = "".join(
            numeric_cell(value, values[index - 1] if index else None, index > 0) for index, value in enumerate(values)
        )
        if several:
            difference = (values[-1] or Decimal(0)) - (values[0] or Decimal(0))
            cells += f'<td class="num {amount_class(difference)}">{signed_thousands(difference)}</td>'
        rows.append(f"<tr><td>{year_text(year)}</td>{cells}</tr>")
    return "\n".join(rows)


def track_rows(history: ProgrammeHistory, track: Track) -> list[str]:
    keys: tuple[AmountKey | None, ...] = track.keys or (None,)
    rows = []
    for row, key in enumerate(keys):
        cells = []
        for index in range(len(history.versions)):
            present = track.amounts[index] is not None
            if key is None:
                cells.append(f'<td class="num">{"—" if present else ABSENT}</td>')
                continue
            compare = index > 0 and present and track.amounts[index - 1] is not None
            before = track.amount(index - 1, key) if index else None
            text = None if present else ABSENT
            cells.append(numeric_cell(track.amount(index, key), before, compare, text))
        head = ""
        if row == 0:
            indent = ' class="sub"' if track.parent else ""
            head = (
                f'<td rowspan="{len(keys)}"{indent}>{escape(track.label)}</td>'
                f'<td rowspan="{len(keys)}"><small class="text">{escape(track.text)}</small></td>'
            )
        label = escape(amount_label(key)) if key else "—"
        rows.append(
            f"<tr>{head}<td>{label}</td>{''.join(cells)}<td>{escape(changed_by(history, track, key, short_label))}</td></tr>"
        )
    return rows


def render(history: ProgrammeHistory) -> str:
    """The whole HTML page for ``history``."""
    title = history.title or "програма"
    labels = [short_label(version, index) for index, version in enumerate(history.versions)]
    heads = "".join(f"<th>{escape(label)}</th>" for label in labels)
    body = [f"<h1>Історія «{escape(title)}»</h1>"]
    body.extend(warning_paragraph(warning.message_uk or warning.message) for warning in history.warnings)
    body.append('<section id="summary"><h2>Підсумок</h2>')
    body.append(f'<p class="summary">{escape(summary(history))}</p>')
    body.append(
        "<table><tr><th>#</th><th>рішення</th><th>файл</th><th>інші копії</th><th>період</th><th>заходів</th>"
        f"<th>зміни щодо попередньої версії</th></tr>{versions_rows(history)}</table>"
    )
    body.append(f"<h3>Загальний обсяг програми за роками, {UNIT}</h3>")
    delta = "<th>Δ перша → остання</th>" if len(history.versions) > 1 else ""
    body.append(f"<table><tr><th>рік</th>{heads}{delta}</tr>{totals_rows(history)}</table>")
    series = [
        Series(
            f"v{index + 1}", version_label(version), colour(index), {year: history.total(index, year) for year in history.years}
        )
        for index, version in enumerate(history.versions)
    ]
    body.append(bar_chart(history.years, series, description=f"Загальний обсяг програми за роками і версіями, {UNIT}"))
    body.append("</section>")
    body.append(f'<section id="measures"><h2>Обсяги за заходами і роками, {UNIT}</h2>')
    body.append(f"<table><tr><th>захід</th><th>текст</th><th>рік</th>{heads}<th>змінено рішенням</th></tr>")
    for track in history.measures:
        body.extend(track_rows(history, track))
    body.append("</table></section>")
    body.append('<section id="changes"><h2>Зміни за рішеннями</h2>')
    for index, step in enumerate(history.steps, 1):
        heading = f"{version_label(history.versions[index])} змінило {version_label(history.versions[index - 1])}"
        body.append(f"<h3>{escape(heading)}</h3><p>{escape(summary_line(step))}</p>")
        if step.measures:
            body.append(f"<table>{CHANGE_HEADINGS}")
            for change in step.measures:
                body.extend(change_rows(change, 0))
            body.append("</table>")
    body.append("</section>")
    return (
        '<!DOCTYPE html>\n<html lang="uk">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Історія «{escape(title)}»</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
