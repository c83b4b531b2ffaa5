"""A ``ProgrammeHistory`` as one self-contained HTML page.

Summary and the chart of yearly totals per version first, then each measure's
amounts per version, then what each amending decision changed.

Built from the diff report's pieces (``diff_html``: style, bar chart, change
rows), so both pages look and behave alike: nothing is fetched, every text from
a document is escaped.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from ...history import ProgrammeHistory, Track
from .diff_format import signed_thousands, thousands
from .diff_html import NEW_COLOUR, OLD_COLOUR, STYLE, Series, amount_class, bar_chart, change_rows
from .diff_text import summary_line
from .history_text import ABSENT, changed_by, short_label, summary, version_label

# One colour per version, in date order (the diff report's old and new first); used nowhere else on the page.
PALETTE = (OLD_COLOUR, NEW_COLOUR, "#54a24b", "#b279a2", "#9d755d", "#72b7b2", "#eeca3b", "#ff9da6")


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


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
        programme = version.programme
        changes = escape(summary_line(history.steps[index - 1])) if index else "—"
        rows.append(
            f"<tr><td>{index + 1}</td><td>{escape(version_label(version))}</td>"
            f"<td>{escape(version.source.file)}</td><td>{escape(', '.join(history.copies[index]) or '—')}</td>"
            f"<td>{programme.period_start or '?'}-{programme.period_end or '?'}</td><td>{version.measures}</td>"
            f"<td>{changes}</td></tr>"
        )
    return "\n".join(rows)


def totals_rows(history: ProgrammeHistory) -> str:
    rows = []
    for year in history.years:
        values = [history.total(index, year) for index in range(len(history.versions))]
        cells = "".join(
            numeric_cell(value, values[index - 1] if index else None, index > 0) for index, value in enumerate(values)
        )
        rows.append(f"<tr><td>{year}</td>{cells}</tr>")
    return "\n".join(rows)


def track_rows(history: ProgrammeHistory, track: Track) -> list[str]:
    years = track.years or (None,)
    rows = []
    for row, year in enumerate(years):
        cells = []
        for index in range(len(history.versions)):
            present = track.amounts[index] is not None
            if year is None:
                cells.append(f'<td class="num">{"—" if present else ABSENT}</td>')
                continue
            compare = index > 0 and present and track.amounts[index - 1] is not None
            before = track.amount(index - 1, year) if index else None
            text = None if present else ABSENT
            cells.append(numeric_cell(track.amount(index, year), before, compare, text))
        head = ""
        if row == 0:
            indent = ' class="sub"' if track.parent else ""
            head = (
                f'<td rowspan="{len(years)}"{indent}>{escape(track.label)}</td>'
                f'<td rowspan="{len(years)}"><small class="text">{escape(track.text)}</small></td>'
            )
        rows.append(f"<tr>{head}<td>{year or '—'}</td>{''.join(cells)}<td>{escape(changed_by(history, track, year))}</td></tr>")
    return rows


def render(history: ProgrammeHistory) -> str:
    """The whole HTML page for ``history``."""
    title = history.title or "programme"
    labels = [short_label(version, index) for index, version in enumerate(history.versions)]
    heads = "".join(f"<th>{escape(label)}</th>" for label in labels)
    body = [f"<h1>History of «{escape(title)}»</h1>"]
    body.extend(f'<p class="warning">warning: {escape(warning.message)}</p>' for warning in history.warnings)
    body.append('<section id="summary"><h2>Summary</h2>')
    body.append(f'<p class="summary">{escape(summary(history))}</p>')
    body.append(
        "<table><tr><th>#</th><th>decision</th><th>file</th><th>also in</th><th>period</th><th>measures</th>"
        f"<th>changes to the version before</th></tr>{versions_rows(history)}</table>"
    )
    body.append("<h3>Programme total per year, тис. грн</h3>")
    body.append(f"<table><tr><th>year</th>{heads}</tr>{totals_rows(history)}</table>")
    series = [
        Series(f"v{index + 1}", label, colour(index), {year: history.total(index, year) for year in history.years})
        for index, label in enumerate(labels)
    ]
    body.append(bar_chart(history.years, series, description="Programme total per year, per version"))
    body.append("</section>")
    body.append('<section id="measures"><h2>Amounts per measure and year, тис. грн</h2>')
    body.append(f"<table><tr><th>measure</th><th>text</th><th>year</th>{heads}<th>changed by</th></tr>")
    for track in history.measures:
        body.extend(track_rows(history, track))
    body.append("</table></section>")
    body.append('<section id="changes"><h2>Changes by decision</h2>')
    for index, step in enumerate(history.steps, 1):
        heading = f"{version_label(history.versions[index])} changed {version_label(history.versions[index - 1])}"
        body.append(f"<h3>{escape(heading)}</h3><p>{escape(summary_line(step))}</p>")
        if step.measures:
            body.append("<table><tr><th>measure</th><th>change</th><th>what</th><th>old</th><th>new</th><th>Δ / words</th></tr>")
            for change in step.measures:
                body.extend(change_rows(change, 0))
            body.append("</table>")
    body.append("</section>")
    return (
        '<!DOCTYPE html>\n<html lang="uk">\n<head>\n<meta charset="utf-8">\n'
        f"<title>History of {escape(title)}</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
