"""Flattened text exports: a web page's table copied as text, one paragraph per line of a cell, boundaries lost.

The documents under ``tests/data/flat/``:

* ``<layout>.flat.txt``: every HTML layout of the suite flattened by ``tools/make_flat_text.py`` as a text copy of
  the page flattens it (ts.lica.com.ua's text view); each must read as its HTML reads (the HTML's reading is
  checked against the extraction written by hand in test_real_layouts*.py and the goldens);
* ``kharkiv-real-excerpt.txt``: the real published excerpt of ``../shared/real/`` (Kharkiv oblast, sources by year);
* ``kharkiv-real-excerpt-cut.txt``: the other real excerpt, cut off before its amounts;
* ``libreoffice/<layout>.txt``: every DOCX layout saved as text by LibreOffice (no TABs: one line per paragraph of a
  cell, an empty cell an empty line), each read as its DOCX reads;
* ``barred/<layout>.barred.txt``: every HTML layout as a scraper's text of the page (``make_flat_text.py --bars``,
  the form a search index stores of ts.lica.com.ua): each cell's last line ended by `` |``, a line of bars for the
  grid columns a row's spanning cells leave;
* ``village-novoselytsia.txt``: typed for this test (CRLF, no empty line between paragraphs, no-break spaces for
  empty cells, a "в т.ч." list, a "no funding needed" cell across the amount columns, a total row).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import extract
from extractor.errors import ExtractorError, HostileFileError, NoProgrammeTableError
from extractor.export.json import document_dict
from extractor.parsers import flat, text
from extractor.review import review_reasons

DATA = Path(__file__).parent / "data"
FLAT = DATA / "flat"
PAGES = {path.stem: path for folder in ("html", "layouts", "layouts2") for path in sorted((DATA / folder).glob("*.html"))}
# Every layout, the one whose row a total spanning three rows shortens (oblast-executors) included: an amount
# there sits under the column the row above left covered (``spans_continued``).
READ_ALIKE = sorted(PAGES)
# What a flattened page still reads otherwise, the test failing when it changes (then drop the entry): a totals
# block ("Усього:" over a row per source, each label across the columns before the amounts) gives its source totals
# the label "Усього:" instead of the source's name; their year, source, amount and status are the page's.
LABELS_DIFFER = {"totals-block", "oblast-sources-rows"}


def comparable(document: dict) -> dict:
    """A document as both readings must agree on: all but where each read it (file, format, lines)."""
    document = json.loads(json.dumps(document, default=str))
    document.pop("source")
    for measure in document["measures"]:
        measure.pop("provenance", None)
    for total in document["declared_totals"]:
        total["where"].pop("line", None)
    document["warnings"] = sorted(  # a column told by content is named by the flattened header's own count
        (w["code"], w["where"].get("measure"), w["where"].get("field"))
        for w in document["warnings"]
        if w["code"] != "cells_rebuilt"
    )
    return document


def without_labels(document: dict) -> dict:
    return {**document, "declared_totals": [{**t, "label": None, "where": None} for t in document["declared_totals"]]}


def test_every_layout_is_flattened():
    assert {path.name.removesuffix(".flat.txt") for path in FLAT.glob("*.flat.txt")} == set(PAGES)


@pytest.mark.parametrize("name", READ_ALIKE)
def test_a_flattened_page_reads_as_the_page(name: str) -> None:
    page = comparable(document_dict(extract(PAGES[name])))
    flattened = document_dict(extract(FLAT / f"{name}.flat.txt"))
    assert [w["code"] for w in flattened["warnings"]].count("cells_rebuilt") == 1
    if name in LABELS_DIFFER:
        assert comparable(flattened) != page
        assert without_labels(comparable(flattened)) == without_labels(page)
    else:
        assert comparable(flattened) == page


def records(document) -> list[tuple]:
    return [
        (measure.id, record.year, record.source, str(record.amount))
        for measure in document.measures
        for record in measure.funding
    ]


def test_the_real_kharkiv_excerpt():
    # As printed: one row of sources, its total 1195763,8 broken down by source in brackets, each year's amount over
    # its parts in the sources' order (обласний, місцевий, інші), then Разом.
    document = extract(FLAT / "kharkiv-real-excerpt.txt")
    assert document.programme.unit == "thousand_uah"
    by_year = {
        2019: ("229312,9", "1315,4", "255,0"),
        2020: ("253044,9", "993,1", "235,0"),
        2021: ("261379,1", "255,0", "230,0"),
        2022: ("230645,1", "1225,0", "230,0"),
        2023: ("216358,3", "50,0", "235,0"),
    }
    sources = ("обласного бюджету", "місцевого бюджету", "інші джерела")
    expected = [
        ("1", year, source, amount.replace(",", "."))
        for year, amounts in by_year.items()
        for source, amount in zip(sources, amounts, strict=True)
    ]
    assert records(document) == expected
    declared = {(t.label, t.year, t.declared) for t in document.declared_totals}
    assert ("Разом:", 2021, Decimal("261864.1")) in declared
    assert {t.status for t in document.declared_totals} == {"matched"}
    assert document.signatory.name == "Оксана МАЛИШЕВА"
    assert not review_reasons(document)


def test_the_cut_real_excerpt_is_read_without_a_crash():
    document = extract(FLAT / "kharkiv-real-excerpt-cut.txt")  # no amounts: the copy stops before them
    assert not document.funding_records


def test_a_flattened_page_typed_by_hand():
    document = extract(FLAT / "village-novoselytsia.txt")
    decision = document.decision
    assert (decision.council, decision.session, decision.convocation, decision.date, decision.number) == (
        "Новоселицька сільська рада",
        12,
        "VIII",
        "2025-02-14",
        "312",
    )
    assert document.programme.title == "Програма благоустрою сіл Новоселицької сільської ради на 2025-2027 роки"
    assert (document.signatory.position, document.signatory.name) == ("Сільський голова", "Петро КОВАЛЬЧУК")
    measures = {m.id: m for m in document.measures}
    assert list(measures) == ["1", "2", "2.1", "2.2", "3", "4"]
    assert measures["1"].text == "Ремонт вуличного освітлення в селах Новоселиця та Гайове"
    assert measures["2.1"].parent == "2" and measures["2.1"].text == "у с. Новоселиця"
    assert measures["3"].funding_status == "not_required" and measures["3"].executors == ("Центр зайнятості (за згодою)",)
    assert measures["4"].executors == ("Комунальне підприємство «Благоустрій»",)
    assert [(m, y, a) for m, y, _, a in records(document)] == [
        ("1", 2025, "120.0"), ("1", 2026, "130.0"), ("1", 2027, "140.0"),
        ("2", 2025, "250.5"), ("2", 2026, "180.0"),
        ("2.1", 2025, "150.5"), ("2.1", 2026, "100.0"),
        ("2.2", 2025, "100.0"), ("2.2", 2026, "80.0"),
        ("4", 2027, "75.25"),
    ]  # fmt: skip
    totals = {(t.label, t.year): (t.declared, t.status) for t in document.declared_totals if t.measure is None}
    assert totals == {
        ("Разом", 2025): (Decimal("370.5"), "matched"),
        ("Разом", 2026): (Decimal("310.0"), "matched"),
        ("Разом", 2027): (Decimal("215.25"), "matched"),
        ("Разом", None): (Decimal("895.75"), "matched"),
    }


@pytest.mark.parametrize("variant", ["crlf", "no-empty-lines", "nbsp"])
def test_how_the_copy_spaces_its_lines_does_not_matter(variant: str) -> None:
    original = (FLAT / "decision-1911.flat.txt").read_text("utf-8")
    if variant == "crlf":
        changed = original.replace("\n", "\r\n")
    elif variant == "no-empty-lines":
        changed = "\n".join(line for line in original.split("\n") if line)
    else:
        changed = original.replace("\n \n", "\n\u00a0\n")
    assert records(text_document(changed)) == records(extract(FLAT / "decision-1911.flat.txt"))


def text_document(content: str):
    from extractor.pipeline import extract_bytes

    return extract_bytes(content.encode("utf-8"), "copy.txt")


def test_prose_with_no_table_is_refused_in_one_line():
    with pytest.raises(NoProgrammeTableError, match="no run of lines naming a table's columns"):
        text.parse("Рішення\n\nПро затвердження звіту.\n\nСекретар ради\n".encode(), "prose.txt", "0")


def test_a_flattened_table_too_long_to_rebuild_is_refused(monkeypatch):
    monkeypatch.setattr(flat, "MAX_BODY_PARAGRAPHS", 50)
    with pytest.raises(HostileFileError, match="too large to rebuild"):
        extract(FLAT / "decision-1911.flat.txt")


def test_a_badly_fitting_cell_is_reported_with_its_line():
    # An amount column holding words: the rebuilt row is in doubt, and the warning says where.
    lines = ["№ з/п", "Назва заходу", "Виконавці", "2024", "2025", "1.", "Ремонт даху школи", "Відділ освіти",
             "10,0", "ще не визначено", "Секретар ради", "Іван ПЕТРЕНКО"]  # fmt: skip
    read = flat.read(lines)
    doubtful = [w for w in read.warnings if w.code == "cells_doubtful"]
    assert doubtful and doubtful[0].where.line == 10
    assert "cells_doubtful" in review_reasons(text_document("\n".join(["Заходи Програми на 2024-2025 роки", *lines])))


# --- cells parted by bars instead of TABs ---------------------------------------------------------------------

SEED_EXPORT = Path(__file__).parent.parent / "samples" / "decision-1911.txt"


def with_bars(style: str) -> str:
    """The seed's TAB export with its cells parted by ``|``: framed rows, a markdown table, or bare bars."""
    lines, rule_written = [], False
    for line in SEED_EXPORT.read_text("utf-8").split("\n"):
        cells = line.split("\t")
        if len(cells) == 1:
            lines.append(line)
        elif style == "bare":
            lines.append(" | ".join(cells))
        else:
            lines.append("| " + " | ".join(cells) + " |")
            if style == "markdown" and not rule_written:
                lines.append("|" + "|".join(" --- " for _ in cells) + "|")
                rule_written = True
    return "\n".join(lines)


@pytest.mark.parametrize("style", ["framed", "markdown", "bare"])
def test_cells_parted_by_bars_read_as_cells_parted_by_tabs(style: str) -> None:
    seed = extract(SEED_EXPORT)
    document = text_document(with_bars(style))
    assert records(document) == records(seed)
    assert [m.id for m in document.measures] == [m.id for m in seed.measures]
    assert [(m.text, m.executors, m.result) for m in document.measures] == [
        (m.text, m.executors, m.result) for m in seed.measures
    ]
    assert not document.warnings


def test_two_bars_in_prose_make_no_table():
    lines = (FLAT / "village-novoselytsia.txt").read_text("utf-8").split("\r\n")
    lines.insert(1, "Рішення | Додаток | Програма")  # one line with bars: prose, the flattened table is still read
    assert records(text_document("\n".join(lines))) == records(extract(FLAT / "village-novoselytsia.txt"))


# --- a web page whose paragraphs are the table's cells ----------------------------------------------------------


@pytest.mark.parametrize("name", ["village-novoselytsia.txt", "kharkiv-real-excerpt.txt"])
def test_a_page_of_paragraphs_with_no_table_is_rebuilt_as_its_text_copy(name: str) -> None:
    # The page a text view serves: each line of the copy a <p>, an empty cell an &nbsp; paragraph, no <table>.
    import html

    copy = FLAT / name
    lines = [line for line in copy.read_text("utf-8").replace("\r\n", "\n").split("\n") if line]
    body = "".join(f"<p>{html.escape(line) if line.strip() else '&nbsp;'}</p>\n" for line in lines)
    from extractor.pipeline import extract_bytes

    page = extract_bytes(f"<html><body>{body}</body></html>".encode(), "page.html")
    assert page.source.format == "html"
    assert records(page) == records(extract(copy))
    assert (page.signatory.position, page.signatory.name) == (extract(copy).signatory.position, extract(copy).signatory.name)


def test_a_page_with_no_table_and_no_columns_is_refused_in_one_line():
    from extractor.pipeline import extract_bytes

    with pytest.raises(NoProgrammeTableError, match="no table found in the HTML page"):
        extract_bytes("<html><body><p>Про затвердження звіту</p><p>Секретар ради</p></body></html>".encode(), "a.html")


def test_a_docx_of_paragraphs_with_no_table_is_rebuilt_as_its_text_copy(tmp_path):
    # A flattened copy pasted into Word: one paragraph per line, an empty cell an empty paragraph.
    import docx

    copy = FLAT / "village-novoselytsia.txt"
    document = docx.Document()
    for line in (line for line in copy.read_text("utf-8").split("\r\n") if line):
        document.add_paragraph(line.strip("\u00a0"))
    path = tmp_path / "pasted.docx"
    document.save(path)
    pasted = extract(path)
    assert pasted.source.format == "docx"
    assert records(pasted) == records(extract(copy))
    assert pasted.decision.number == "312"


def test_a_docx_with_no_table_and_no_columns_is_refused_in_one_line(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Про затвердження звіту")
    document.save(tmp_path / "prose.docx")
    with pytest.raises(NoProgrammeTableError, match="no table found in the DOCX"):
        extract(tmp_path / "prose.docx")


# --- LibreOffice's text export of a DOCX: no TABs, one line per paragraph, an empty cell an empty line -------------

LIBREOFFICE = FLAT / "libreoffice"  # soffice --headless --convert-to "txt:Text (encoded):UTF8" <layout>.docx
DOCX = {path.stem: path for folder in (DATA / "layouts", DATA / "layouts2") for path in sorted(folder.glob("*.docx"))}
DOCX["decision-1911"] = Path(__file__).parent.parent / "samples" / "decision-1911.docx"


def test_every_docx_layout_has_its_libreoffice_export():
    assert {path.stem for path in LIBREOFFICE.glob("*.txt")} == set(DOCX)


@pytest.mark.parametrize("name", sorted(DOCX))
def test_a_libreoffice_text_export_reads_as_its_docx(name: str) -> None:
    docx = comparable(document_dict(extract(DOCX[name])))
    export = comparable(document_dict(extract(LIBREOFFICE / f"{name}.txt")))
    if name in LABELS_DIFFER:
        assert without_labels(export) == without_labels(docx)
    else:
        assert export == docx


def test_tabs_in_a_signature_make_no_table():
    export = (LIBREOFFICE / "city-digital.txt").read_text("utf-8")
    assert "\t" in export  # "Секретар міської ради<TAB><TAB><TAB>Віталій ДІДЕНКО"
    assert records(extract(LIBREOFFICE / "city-digital.txt")) == records(extract(DOCX["city-digital"]))


def test_a_framed_row_the_copy_wrapped_is_one_row():
    copy = """Заходи Програми розвитку спорту Бобровицької міської ради на 2024-2025 роки
тис. грн
| № з/п | Назва заходу | Виконавці | 2024 | 2025 |
|---|---|---|---|---|
| 1. | Ремонт стадіону | Відділ спорту | 100,0 | 50,0 |
| 2. | Придбання інвентарю для
дитячо-юнацької спортивної школи | ДЮСШ | 20,5 | 30,0 |
| 3. | Проведення змагань | Відділ спорту | - | 12,25 |
Міський голова Іван ПЕТРЕНКО
"""
    document = text_document(copy)
    assert [(m.id, m.text, m.executors) for m in document.measures] == [
        ("1", "Ремонт стадіону", ("Відділ спорту",)),
        ("2", "Придбання інвентарю для дитячо-юнацької спортивної школи", ("ДЮСШ",)),
        ("3", "Проведення змагань", ("Відділ спорту",)),
    ]
    assert [(m, y, a) for m, y, _, a in records(document)] == [
        ("1", 2024, "100.0"), ("1", 2025, "50.0"), ("2", 2024, "20.5"), ("2", 2025, "30.0"), ("3", 2025, "12.25"),
    ]  # fmt: skip
    assert document.programme.unit == "thousand_uah"
    assert {w.code for w in document.warnings} <= {"metadata_missing"}


# --- a scraper's text: each cell ended by a bar -------------------------------------------------------------------

BARRED = FLAT / "barred"


def test_every_layout_has_its_barred_text():
    assert {path.name.removesuffix(".barred.txt") for path in BARRED.glob("*.barred.txt")} == set(PAGES)


@pytest.mark.parametrize("name", READ_ALIKE)
def test_a_barred_text_reads_as_its_page(name: str) -> None:
    page = comparable(document_dict(extract(PAGES[name])))
    barred = comparable(document_dict(extract(BARRED / f"{name}.barred.txt")))
    if name in LABELS_DIFFER:
        assert without_labels(barred) == without_labels(page)
    else:
        assert barred == page


def test_the_standard_source_by_expense_form_flattened():
    # Обсяг фінансування over усього | у тому числі over капітальні вкладення | поточні витрати over
    # науково-дослідні роботи | інші потреби, each split into обласний бюджет | інші джерела: read as printed
    # (the усього figures, 300,0 and 50,0, are the row's declared totals, checked, not records).
    document = extract(FLAT / "source-expense.flat.txt")
    first = {(r.expense, r.source): str(r.amount) for r in document.measures[0].funding}
    assert first == {
        ("капітальні вкладення", "обласний бюджет"): "200.0",
        ("капітальні вкладення", "інші джерела"): "50.0",
        ("поточні витрати: науково-дослідні роботи", "обласний бюджет"): "40.0",
        ("поточні витрати: інші потреби", "обласний бюджет"): "60.0",
    }
    totals = {(t.source, str(t.declared), t.status) for t in document.declared_totals if t.measure == "1"}
    assert totals == {("обласний бюджет", "300.0", "matched"), ("інші джерела", "50.0", "matched")}


def test_a_real_scraped_page_of_the_standard_form():
    # Kharkiv oblast, decision of 05.12.2019 № 1125-VII, as a search index stored ts.lica.com.ua/77/text/23674 (its
    # first two measures): the last cell of a row has no bar of its own, lone bars close rows, filler bars follow.
    document = extract(FLAT / "kharkiv-informatization-barred.txt")
    assert [(m.id, m.section) for m in document.measures] == [("1", "1"), ("1.1", "1")]
    assert document.measures[0].executors == ("Харківська обласна державна адміністрація",)
    assert document.measures[0].result == "Удосконалення нормативно-правової бази системи інформатизації регіону"
    capital, research, other = "капітальні вкладення", "поточні витрати: науково-дослідні роботи", "поточні витрати: інші потреби"
    regional, others = "обласний бюджет", "інші джерела"
    expected = {
        "1": {(capital, regional): "0.00", (capital, others): "0.00", (research, regional): "0.00",
              (research, others): "0.00", (other, regional): "1400.00", (other, others): "0.00"},
        "1.1": {(capital, regional): "0.00", (capital, others): "0.00", (research, regional): "0.00",
                (research, others): "0.00", (other, regional): "0.00", (other, others): "0.00"},
    }  # fmt: skip
    for measure in document.measures:
        assert {(r.expense, r.source): str(r.amount) for r in measure.funding} == expected[measure.id]
    totals = {(t.measure, t.source, str(t.declared), t.status) for t in document.declared_totals}
    assert totals == {
        ("1", regional, "1400.00", "matched"), ("1", others, "0.00", "matched"),
        ("1.1", regional, "0.00", "matched"), ("1.1", others, "0.00", "matched"),
    }  # fmt: skip
    assert not review_reasons(document)


def test_a_section_and_its_first_measure_share_a_number_when_the_next_is_dotted():
    # "1." under section 1, then "1.1.": the first is 1 (the table writes 1.1 itself), whatever most numbers are.
    export = "\n".join([
        "Завдання і заходи Програми на 2022-2023 роки",
        "Завдання (види робіт)\tДержавний замовник\t2022\t2023",
        "1. Нормативно-правове забезпечення",
        "1. Розроблення документів\tХарківська ОДА\t10,0\t20,0",
        "1.1. Вивчення досвіду\tХарківська ОДА\t5,0\t6,0",
    ])  # fmt: skip
    document = text_document(export)
    assert [(m.id, m.section) for m in document.measures] == [("1", "1"), ("1.1", "1")]
    assert "measure_id_duplicate" not in {w.code for w in document.warnings}


# --- any copy: a table or one clear error ---------------------------------------------------------------------

LINE_PIECES = st.sampled_from(
    ["№ з/п", "Назва заходу", "Виконавці", "Джерела фінансування", "Обсяг фінансування, тис. грн", "2024", "2025",
     "Всього", "у тому числі", "1.", "1.1.", "Ремонт даху", "Відділ освіти", "Міський бюджет", "12,5", "-", "", " ",
     "|", "||||", "Разом:", "Секретар ради", "Іван ПЕТРЕНКО", "обласний бюджет", "капітальні вкладення", "1", "2"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(LINE_PIECES, st.text(max_size=30)), max_size=80), st.booleans())
def test_any_copy_gives_a_table_or_one_clear_error(lines: list[str], barred: bool) -> None:
    if barred:
        lines = [f"{line} |" if line and not line.startswith("|") else line for line in lines]
    try:
        read = flat.read(lines)
    except (NoProgrammeTableError, HostileFileError) as error:
        assert "\n" not in str(error) and str(error)
        return
    width = len(read.table.rows[0].cells)
    assert all(len(row.cells) == width for row in read.table.rows)
    try:  # and the whole conversion of it: a document or one clear error
        text_document("\n".join(lines))
    except ExtractorError as error:
        assert str(error)
