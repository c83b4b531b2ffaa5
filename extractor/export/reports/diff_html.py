"""A ``ProgrammeDiff`` as one self-contained HTML page, in Ukrainian: summary first, then the changes by section.

No scripts, fonts, images or style sheets are fetched: the styles are inline and
the chart of yearly totals (old vs new) is an inline SVG with a value axis in
тис. грн and a legend naming both decisions (``№1911 від 27.08.2020``), so the
page can be mailed or opened offline. Every text from a document is escaped.
Every label is in ``words_uk``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from html import escape

from ...diff import AmountChange, MeasureChange, ProgrammeDiff, Version
from .diff_format import measure_label, signed_thousands, thousands
from .words_uk import (
    FIELD_NAMES,
    MATCH_RULES,
    UNIT,
    amount_label,
    field_value,
    kind_text,
    period_text,
    summary_line,
    version_label,
    year_text,
)

OLD_COLOUR = "#4c78a8"  # bars of the old version; used nowhere else on the page
NEW_COLOUR = "#f58518"  # bars of the new version; used nowhere else on the page
AXIS_COLOUR = "#57606a"
GRID_COLOUR = "#d8dee4"

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

CHANGE_HEADINGS = "<tr><th>захід</th><th>зміна</th><th>що змінено</th><th>було</th><th>стало</th><th>Δ / слова</th></tr>"


def amount_class(difference: Decimal) -> str:
    return "up" if difference > 0 else "down" if difference < 0 else ""


def warning_paragraph(message: str) -> str:
    return f'<p class="warning">Увага: {escape(message)}</p>'


def version_rows(old: Version, new: Version) -> str:
    rows = [
        ("файл", old.source.file, new.source.file),
        ("рішення", version_label(old), version_label(new)),
        ("рада", old.decision.council or "—", new.decision.council or "—"),
        ("сесія", str(old.decision.session or "—"), str(new.decision.session or "—")),
        ("скликання", old.decision.convocation or "—", new.decision.convocation or "—"),
        ("додаток", old.decision.annex or "—", new.decision.annex or "—"),
        ("програма", old.programme.title or "—", new.programme.title or "—"),
        ("період", period_text(old), period_text(new)),
        ("заходів", str(old.measures), str(new.measures)),
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


# --- The chart ------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """One set of bars in a chart: per year a value, in one colour."""

    key: str  # the bars' CSS class is bar-<key>
    label: str  # shown in the legend: the decision (№1911 від 27.08.2020)
    colour: str
    values: dict[int | None, Decimal | None]


def axis_ticks(largest: Decimal, wanted: int = 5) -> list[Decimal]:
    """Round values from 0 to at least ``largest`` (hryvnias), a step of 1, 2, 2.5 or 5 × 10ⁿ thousand apart."""
    if largest <= 0:
        return [Decimal(0), Decimal(1000)]
    rough = largest / wanted
    power = Decimal(10) ** (rough.adjusted())
    step = next(
        power * factor for factor in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)) if power * factor >= rough
    )
    count = int((largest / step).to_integral_value(rounding=ROUND_CEILING))
    return [step * index for index in range(count + 1)]


def tick_text(value: Decimal) -> str:
    """A tick of the value axis in тис. грн: ``2 500``, ``0,5``."""
    text = thousands(value)
    return text.removesuffix(",0")


def bar_chart(
    years: Sequence[int | None],
    series: Sequence[Series],
    notes: dict[int | None, tuple[str, str]] | None = None,
    description: str = "Загальний обсяг програми за роками",
) -> str:
    """An SVG bar chart: per year one bar per series side by side, to scale against a value axis in тис. грн.

    The legend, right of the bars, names each series (its decision); ``notes`` (text, colour) go under a year.
    """
    width, height, left, right, top, bottom = 860, 300, 84, 600, 36, 46
    if not years or not series:
        return ""
    values = [value for one in series for value in one.values.values() if value is not None]
    ticks = axis_ticks(max(values, default=Decimal(0)))
    plot = height - bottom - top
    scale = plot / float(ticks[-1])
    slot = (right - left) / len(years)
    bar = min(60.0, slot * 0.7 / len(series))
    parts = [
        f'<svg id="totals-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(description)}">',
        f"<title>{escape(description)}</title>",
        '<g class="value-axis">',
        f'<text x="{left - 8}" y="{top - 16}" font-size="12" text-anchor="end" fill="{AXIS_COLOUR}">{UNIT}</text>',
    ]
    for tick in ticks:
        y = height - bottom - float(tick) * scale
        if tick:
            parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{GRID_COLOUR}"/>')
        parts.append(f'<line x1="{left - 5}" y1="{y:.1f}" x2="{left}" y2="{y:.1f}" stroke="{AXIS_COLOUR}"/>')
        parts.append(
            f'<text class="tick" x="{left - 8}" y="{y + 4:.1f}" font-size="12" text-anchor="end" fill="{AXIS_COLOUR}">'
            f"{tick_text(tick)}</text>"
        )
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="{AXIS_COLOUR}"/>')
    parts.append("</g>")
    parts.append(f'<line x1="{left}" y1="{height - bottom}" x2="{right}" y2="{height - bottom}" stroke="{AXIS_COLOUR}"/>')
    parts.append('<g class="legend">')
    for index, one in enumerate(series):
        y = top + 20 * index
        parts.append(
            f'<rect x="{right + 24}" y="{y}" width="12" height="12" fill="{one.colour}"/>'
            f'<text x="{right + 42}" y="{y + 11}" font-size="13">{escape(one.label)}</text>'
        )
    parts.append("</g>")
    for index, year in enumerate(years):
        x = left + index * slot + (slot - len(series) * bar) / 2
        middle = x + len(series) * bar / 2
        for number, one in enumerate(series):
            value = one.values.get(year)
            bar_height = float(value or 0) * scale
            parts.append(
                f'<rect class="bar-{one.key}" x="{x + number * bar:.1f}" y="{height - bottom - bar_height:.1f}" '
                f'width="{bar:.1f}" height="{bar_height:.1f}" fill="{one.colour}">'
                f"<title>{year_text(year)}, {escape(one.label)}: {thousands(value)} {UNIT}</title></rect>"
            )
        parts.append(
            f'<text x="{middle:.1f}" y="{height - bottom + 16}" font-size="12" text-anchor="middle">{year_text(year)}</text>'
        )
        if notes and year in notes:
            text, colour = notes[year]
            parts.append(
                f'<text x="{middle:.1f}" y="{height - bottom + 32}" font-size="11" text-anchor="middle" '
                f'fill="{colour}">{escape(text)}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts)


def totals_chart(diff: ProgrammeDiff) -> str:
    """Per year, the old total beside the new one, with the difference under the year."""
    totals = diff.totals
    years = [total.year for total in totals]
    series = (
        Series("old", version_label(diff.old), OLD_COLOUR, {total.year: total.old for total in totals}),
        Series("new", version_label(diff.new), NEW_COLOUR, {total.year: total.new for total in totals}),
    )
    notes = {
        total.year: (signed_thousands(total.difference), "#1a7f37" if total.difference > 0 else "#cf222e")
        for total in totals
        if total.difference
    }
    return bar_chart(years, series, notes, f"Загальний обсяг програми за роками, {UNIT}: {series[0].label} і {series[1].label}")


# --- The changes ----------------------------------------------------------------


def words_html(change_words: Sequence) -> str:
    runs = []
    for words in change_words:
        if words.removed:
            runs.append(f"<del>{escape(words.removed)}</del>")
        if words.added:
            runs.append(f"<ins>{escape(words.added)}</ins>")
    return " ".join(runs)


def change_rows(change: MeasureChange, depth: int) -> list[str]:
    label = escape(measure_label(change))
    kind = f'<span class="{change.kind}">{kind_text(change)}</span>'
    indent = ' class="sub"' if depth else ""
    rows: list[str] = []

    def row(what: str, cells: str) -> None:
        # The measure's text under its id on its first row, so a reader knows which measure it is.
        caption = f'<br><small class="text">{escape(change.text)}</small>' if not rows and change.kind == "changed" else ""
        rows.append(f"<tr><td{indent}>{label}{caption}</td><td>{kind}</td><td>{escape(what)}</td>{cells}</tr>")

    if change.kind != "changed":
        text = escape(change.text)
        row(
            "захід",
            f"<td>{'—' if change.kind == 'added' else text}</td><td>{text if change.kind == 'added' else '—'}</td><td></td>",
        )
    for field in change.fields:
        if field.field == "id":
            row(FIELD_NAMES["id"], f"<td>{escape(field.old or '')}</td><td>{escape(field.new or '')}</td><td></td>")  # type: ignore[arg-type]
            continue
        before, after = field_value(field.field, field.old), field_value(field.field, field.new)
        row(FIELD_NAMES[field.field], f"<td>{escape(before)}</td><td>{escape(after)}</td><td>{words_html(field.words)}</td>")
    for amount in change.amounts:
        row(f"{amount_label(amount.key)}, {UNIT}", amount_cells(amount))
    if change.kind == "changed" and not change.fields and not change.amounts:
        row("підпункти", "<td></td><td></td><td></td>")
    for child in change.children:
        rows.extend(change_rows(child, depth + 1))
    return rows


def section_title(diff: ProgrammeDiff, number: str | None) -> str:
    for version in (diff.new, diff.old):
        for section in version.sections:
            if section.number == number and section.title:
                return f"{number}. {section.title}"
    return f"Напрям {number or '?'}"


def render(diff: ProgrammeDiff, list_unchanged: bool = False) -> str:
    """The whole HTML page for ``diff``."""
    title = diff.new.programme.title or diff.old.programme.title or "програма"
    body = [f"<h1>Зміни у «{escape(title)}»</h1>"]
    body.extend(warning_paragraph(warning.message_uk or warning.message) for warning in diff.warnings)
    body.append('<section id="summary"><h2>Підсумок</h2>')
    body.append(f'<p class="summary">{escape(summary_line(diff))}</p>')
    body.append(
        f"<table><tr><th></th><th>попередня версія</th><th>нова версія</th></tr>{version_rows(diff.old, diff.new)}</table>"
    )
    if diff.compared:
        body.append(f"<h3>Загальний обсяг програми за роками, {UNIT}</h3>")
        body.append("<table><tr><th>рік</th><th>було</th><th>стало</th><th>Δ</th></tr>")
        body.extend(f"<tr><td>{year_text(total.year)}</td>{amount_cells(total)}</tr>" for total in diff.totals)
        body.append("</table>")
        body.append(totals_chart(diff))
    body.append("</section>")
    if diff.compared and diff.measures:
        body.append('<section id="changes"><h2>Зміни за напрямами</h2>')
        sections: dict[str | None, list[MeasureChange]] = {}
        for change in diff.measures:
            sections.setdefault(change.section, []).append(change)
        for number, changes in sections.items():
            body.append(f"<h3>{escape(section_title(diff, number))}</h3>")
            body.append(f"<table>{CHANGE_HEADINGS}")
            for change in changes:
                body.extend(change_rows(change, 0))
            body.append("</table>")
        body.append("</section>")
    if list_unchanged and diff.unchanged:
        body.append(
            '<section id="unchanged"><h2>Заходи без змін</h2><table><tr><th>захід</th><th>текст</th><th>як зіставлено</th></tr>'
        )
        body.extend(
            f"<tr><td>{escape(i.id)}</td><td>{escape(i.text)}</td><td>{escape(MATCH_RULES[i.match.rule])}</td></tr>"
            for i in diff.unchanged
        )
        body.append("</table></section>")
    return (
        '<!DOCTYPE html>\n<html lang="uk">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}: {escape(version_label(diff.old))} → {escape(version_label(diff.new))}</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
