"""A ``ProgrammeDiff`` as one self-contained HTML page: summary first, then the changes by section.

No scripts, fonts, images or style sheets are fetched: the styles are inline and
the chart of yearly totals (old vs new) is an inline SVG, so the page can be
mailed or opened offline. Every text from a document is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from ...diff import AmountChange, MeasureChange, ProgrammeDiff, Version
from .diff_format import FIELD_NAMES, measure_label, signed_thousands, thousands, value_text
from .diff_text import summary_line

OLD_COLOUR = "#4c78a8"  # bars of the old version; used nowhere else on the page
NEW_COLOUR = "#f58518"  # bars of the new version; used nowhere else on the page

STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 24px; color: #1f2328; background: #ffffff; }
h1 { font-size: 22px; margin: 0 0 8px; } h2 { font-size: 18px; margin: 24px 0 8px; } h3 { font-size: 16px; margin: 16px 0 6px; }
table { border-collapse: collapse; margin: 6px 0 12px; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; vertical-align: top; text-align: left; }
th { background: #f6f8fa; } td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.up { color: #1a7f37; font-weight: bold; } .down { color: #cf222e; font-weight: bold; }
.added { color: #1a7f37; } .removed { color: #cf222e; } .changed { color: #9a6700; }
.warning { background: #fff8c5; border: 1px solid #d4a72c; padding: 8px; }
del { background: #ffebe9; } ins { background: #dafbe1; text-decoration: none; }
.summary { font-size: 16px; font-weight: bold; } .sub { padding-left: 24px; }
small.text { color: #57606a; }
"""


def amount_class(difference: Decimal) -> str:
    return "up" if difference > 0 else "down" if difference < 0 else ""


def version_rows(old: Version, new: Version) -> str:
    def decision(version: Version) -> str:
        return f"№{version.decision.number or '?'} від {version.decision.date or '?'}"

    def period(version: Version) -> str:
        return f"{version.programme.period_start or '?'}-{version.programme.period_end or '?'}"

    rows = [
        ("file", old.source.file, new.source.file),
        ("decision", decision(old), decision(new)),
        ("council", old.decision.council or "—", new.decision.council or "—"),
        ("session", str(old.decision.session or "—"), str(new.decision.session or "—")),
        ("convocation", old.decision.convocation or "—", new.decision.convocation or "—"),
        ("annex", old.decision.annex or "—", new.decision.annex or "—"),
        ("programme", old.programme.title or "—", new.programme.title or "—"),
        ("period", period(old), period(new)),
        ("measures", str(old.measures), str(new.measures)),
    ]
    changed = ' class="changed"'
    return "\n".join(
        f"<tr><th>{escape(label)}</th><td>{escape(before)}</td><td{'' if before == after else changed}>{escape(after)}</td></tr>"
        for label, before, after in rows
    )


def amount_cells(change: AmountChange) -> str:
    difference = change.difference
    return (
        f'<td class="num">{thousands(change.old)}</td><td class="num">{thousands(change.new)}</td>'
        f'<td class="num {amount_class(difference)}">{signed_thousands(difference)}</td>'
    )


@dataclass(frozen=True)
class Series:
    """One set of bars in a chart: per year a value, in one colour."""

    key: str  # the bars' CSS class is bar-<key>
    label: str  # shown in the legend
    colour: str
    values: dict[int, Decimal | None]


def bar_chart(
    years: Sequence[int],
    series: Sequence[Series],
    notes: dict[int, tuple[str, str]] | None = None,
    description: str = "Programme total per year",
) -> str:
    """An SVG bar chart: per year one bar per series side by side, heights to scale; ``notes`` (text, colour) under a year."""
    width, height, left, bottom, top = 640, 280, 70, 40, 30
    if not years or not series:
        return ""
    values = [value for one in series for value in one.values.values() if value is not None]
    largest = max(values, default=Decimal(0))
    scale = (height - bottom - top) / float(largest) if largest > 0 else 0.0
    slot = (width - left - 20) / len(years)
    bar = min(60.0, slot * 0.7 / len(series))
    legend = width - 60 - 70 * len(series)
    parts = [
        f'<svg id="totals-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(description)}">',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#57606a"/>',
        f'<text x="{left}" y="16" font-size="12" fill="#57606a">тис. грн</text>',
    ]
    parts.extend(
        f'<rect x="{legend + 70 * index}" y="6" width="12" height="12" fill="{one.colour}"/>'
        f'<text x="{legend + 70 * index + 16}" y="16" font-size="12">{escape(one.label)}</text>'
        for index, one in enumerate(series)
    )
    for index, year in enumerate(years):
        x = left + index * slot + (slot - len(series) * bar) / 2
        middle = x + len(series) * bar / 2
        for number, one in enumerate(series):
            value = one.values.get(year)
            bar_height = float(value or 0) * scale
            parts.append(
                f'<rect class="bar-{one.key}" x="{x + number * bar:.1f}" y="{height - bottom - bar_height:.1f}" '
                f'width="{bar:.1f}" height="{bar_height:.1f}" fill="{one.colour}">'
                f"<title>{year} {escape(one.label)}: {thousands(value)}</title></rect>"
            )
        parts.append(f'<text x="{middle:.1f}" y="{height - bottom + 16}" font-size="12" text-anchor="middle">{year}</text>')
        if notes and year in notes:
            text, colour = notes[year]
            parts.append(
                f'<text x="{middle:.1f}" y="{height - bottom + 32}" font-size="11" text-anchor="middle" '
                f'fill="{colour}">{escape(text)}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts)


def totals_chart(totals: Sequence[AmountChange]) -> str:
    """Per year, the old total beside the new one, with the difference under the year."""
    years = [total.year for total in totals]
    series = (
        Series("old", "old", OLD_COLOUR, {total.year: total.old for total in totals}),
        Series("new", "new", NEW_COLOUR, {total.year: total.new for total in totals}),
    )
    notes = {
        total.year: (signed_thousands(total.difference), "#1a7f37" if total.difference > 0 else "#cf222e")
        for total in totals
        if total.difference
    }
    return bar_chart(years, series, notes, "Programme total per year, old and new")


def words_html(old: str, new: str, change_words: Sequence) -> str:
    runs = []
    for words in change_words:
        if words.removed:
            runs.append(f"<del>{escape(words.removed)}</del>")
        if words.added:
            runs.append(f"<ins>{escape(words.added)}</ins>")
    return " ".join(runs)


def change_rows(change: MeasureChange, depth: int) -> list[str]:
    label = escape(measure_label(change))
    kind = f'<span class="{change.kind}">{change.kind}{" (renumbered)" if change.renumbered else ""}</span>'
    indent = ' class="sub"' if depth else ""
    rows: list[str] = []

    def row(what: str, cells: str) -> None:
        # The measure's text under its id on its first row, so a reader knows which measure it is.
        caption = f'<br><small class="text">{escape(change.text)}</small>' if not rows and change.kind == "changed" else ""
        rows.append(f"<tr><td{indent}>{label}{caption}</td><td>{kind}</td><td>{escape(what)}</td>{cells}</tr>")

    if change.kind != "changed":
        text = escape(change.text)
        row(
            "measure",
            f"<td>{'—' if change.kind == 'added' else text}</td><td>{text if change.kind == 'added' else '—'}</td><td></td>",
        )
    for field in change.fields:
        if field.field == "id":
            row("number", f"<td>{escape(field.old or '')}</td><td>{escape(field.new or '')}</td><td></td>")  # type: ignore[arg-type]
            continue
        words = words_html(value_text(field.old), value_text(field.new), field.words)
        row(
            FIELD_NAMES[field.field],
            f"<td>{escape(value_text(field.old))}</td><td>{escape(value_text(field.new))}</td><td>{words}</td>",
        )
    for amount in change.amounts:
        row(f"{amount.year}, тис. грн", amount_cells(amount))
    if change.kind == "changed" and not change.fields and not change.amounts:
        row("sub-items", "<td></td><td></td><td></td>")
    for child in change.children:
        rows.extend(change_rows(child, depth + 1))
    return rows


def section_title(diff: ProgrammeDiff, number: str | None) -> str:
    for version in (diff.new, diff.old):
        for section in version.sections:
            if section.number == number and section.title:
                return f"{number}. {section.title}"
    return f"{number or '?'}."


def render(diff: ProgrammeDiff, list_unchanged: bool = False) -> str:
    """The whole HTML page for ``diff``."""
    title = diff.new.programme.title or diff.old.programme.title or "programme"
    body = [f"<h1>Changes in «{escape(title)}»</h1>"]
    body.extend(f'<p class="warning">warning: {escape(warning.message)}</p>' for warning in diff.warnings)
    body.append('<section id="summary"><h2>Summary</h2>')
    body.append(f'<p class="summary">{escape(summary_line(diff))}</p>')
    body.append(f"<table><tr><th></th><th>old</th><th>new</th></tr>{version_rows(diff.old, diff.new)}</table>")
    if diff.compared:
        body.append("<h3>Programme total per year, тис. грн</h3>")
        body.append("<table><tr><th>year</th><th>old</th><th>new</th><th>Δ</th></tr>")
        body.extend(f"<tr><td>{total.year}</td>{amount_cells(total)}</tr>" for total in diff.totals)
        body.append("</table>")
        body.append(totals_chart(diff.totals))
    body.append("</section>")
    if diff.compared and diff.measures:
        body.append('<section id="changes"><h2>Changes by section</h2>')
        sections: dict[str | None, list[MeasureChange]] = {}
        for change in diff.measures:
            sections.setdefault(change.section, []).append(change)
        for number, changes in sections.items():
            body.append(f"<h3>{escape(section_title(diff, number))}</h3>")
            body.append("<table><tr><th>measure</th><th>change</th><th>what</th><th>old</th><th>new</th><th>Δ / words</th></tr>")
            for change in changes:
                body.extend(change_rows(change, 0))
            body.append("</table>")
        body.append("</section>")
    if list_unchanged and diff.unchanged:
        body.append(
            '<section id="unchanged"><h2>Unchanged measures</h2><table><tr><th>measure</th><th>text</th><th>matched by</th></tr>'
        )
        body.extend(
            f"<tr><td>{escape(i.id)}</td><td>{escape(i.text)}</td><td>{escape(i.match.rule)}</td></tr>" for i in diff.unchanged
        )
        body.append("</table></section>")
    return (
        '<!DOCTYPE html>\n<html lang="uk">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}: {escape(diff.old.decision.identifier or diff.old.source.file)} → "
        f"{escape(diff.new.decision.identifier or diff.new.source.file)}</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
