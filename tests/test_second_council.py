"""Another council's annex in the same conventions: other names, numbers, years, amounts and row counts.

``data/text/berdychiv-512.txt`` is written in the text-export conventions of
the seed but shares nothing with it: a Berdychiv decision, 2022-2024, sessions
in words, "рік" and en dashes, NBSP and space thousands, three sub-items with
"в т.ч." in the measure and "у тому числі" in the funding cell, continuations
after page breaks. The same annex is also built as a DOCX here, with
python-docx's own ``merge()`` for the merged cells. Expected values are read
off the document by hand.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm

from extractor import extract
from extractor.export.json import document_dict

from .conftest import DATA

TEXT = DATA / "text" / "berdychiv-512.txt"

HEADER = ["№ з/п", "Назва напряму діяльності", "Перелік заходів", "Строк виконання", "Відповідальні виконавці",
          "Джерела фінансування", "Орієнтовані обсяги фінансування, тис. грн", "Очікуваний результат"]  # fmt: skip
# (section, direction, measure paragraphs, term, executors, sources, funding paragraphs, result)
ROWS = [
    ("1.", "Розвиток масового спорту", ["1. Проведення міських змагань з футболу, волейболу та баскетболу"], "2022-2024 роки",
     "Управління у справах сім'ї, молоді та спорту", ["Кошти міського бюджету"],
     ["2022 рік – 120,5", "2023 рік – 130,0", "2024 рік – 140,25"], "Залучення молоді до занять спортом"),
    ("", "", ["2. Придбання спортивного інвентарю для дитячо-юнацької спортивної школи та спортивних клубів міста"], "2022 рік",
     "Управління у справах сім'ї, молоді та спорту, ДЮСШ", ["Кошти міського бюджету", "Кошти обласного бюджету"],
     ["2022 рік – 1\u00a0250,0"], "Оновлення матеріально-технічної бази"),
    ("", "", ["3. Організація фізкультурно-оздоровчої роботи за місцем проживання"], "2022-2024 роки",
     "Управління у справах сім'ї, молоді та спорту", ["Фінансування не потребує"], [], "Підвищення рівня здоров'я населення"),
    ("2.", "Розвиток спортивної інфраструктури",
     ["1. Капітальний ремонт стадіону «Авангард»", "в т.ч.:", "заміна бігових доріжок;", "облаштування трибун;", "ремонт роздягалень"],
     "2023-2024 роки", "Управління капітального будівництва, управління у справах сім'ї, молоді та спорту", ["Кошти міського бюджету"],
     ["2023 р. – 3 500,0", "2024 р. – 2 000,0", "у тому числі:", "2023 р. – 2 000,0", "2024 р. – 1 000,0", "2023 р. – 1 000,0",
      "2024 р. – 500,0", "2023 р. – 500,0", "2024 р. – 500,0"],
     "Створення належних умов для проведення офіційних змагань"),
    ("", "", ["2. Будівництво майданчика для воркауту"], "2022", "Управління капітального будівництва", ["За окремою програмою"], [],
     "Доступність спорту для мешканців"),
    ("3.", "Кадрове забезпечення", ["1.Підвищення кваліфікації тренерів-викладачів"], "2022-2024 роки",
     "Управління у справах сім'ї, молоді та спорту", ["Кошти міського бюджету"],
     ["2022 рік – 15,0", "2023 рік – 15,0", "2024 рік – 15,755"], "Якісна підготовка спортсменів"),
]  # fmt: skip


def write(cell, lines):
    cell.text = lines[0] if lines else ""
    for line in lines[1:]:
        cell.add_paragraph(line)


@pytest.fixture(scope="module")
def docx_path(tmp_path_factory):
    """The same annex as a DOCX whose merged cells come from python-docx's ``merge()``."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    document.add_paragraph("Додаток 2 до рішення двадцять шостої сесії Бердичівської міської ради")
    document.add_paragraph("VIII скликання від 22 грудня 2021 року № 512")
    document.add_paragraph("Заходи Міської цільової програми розвитку фізичної культури і спорту в місті Бердичеві на 2022-2024 роки")
    table = document.add_table(rows=2 + len(ROWS), cols=len(HEADER))
    for index, title in enumerate(HEADER):
        table.cell(0, index).text = title
        table.cell(1, index).text = str(index + 1)
    for offset, (number, direction, measure, term, executors, sources, funding, result) in enumerate(ROWS, start=2):
        cells = table.rows[offset].cells
        write(cells[0], [number] if number else [])
        write(cells[1], [direction] if direction else [])
        write(cells[2], measure)
        write(cells[3], [term])
        write(cells[4], [executors])
        write(cells[5], sources)
        write(cells[6], funding)
        write(cells[7], [result])
    for top, bottom in ((2, 4), (5, 6)):  # sections 1 and 2 span their measures
        for column in (0, 1):
            table.cell(top, column).merge(table.cell(bottom, column))
    document.add_paragraph("Міський голова")
    document.add_paragraph("Сергій ОРЕЛ")
    path = tmp_path_factory.mktemp("berdychiv") / "berdychiv-512.docx"
    document.save(path)
    return path


@pytest.fixture(scope="module", params=["text", "docx"])
def document(request, docx_path):
    return extract(TEXT if request.param == "text" else docx_path)


def test_metadata(document):
    decision = document.decision
    assert (decision.council, decision.session, decision.convocation) == ("Бердичівська міська рада", 26, "VIII")
    assert (decision.date, decision.number, decision.annex, decision.identifier) == ("2021-12-22", "512", "2", "512-2021-12-22")
    assert document.programme.title == "Міська цільова програма розвитку фізичної культури і спорту в місті Бердичеві на 2022-2024 роки"
    assert (document.programme.period_start, document.programme.period_end) == (2022, 2024)
    assert (document.signatory.position, document.signatory.name) == ("Міський голова", "Сергій ОРЕЛ")


def test_measures_and_money(document):
    assert [(s.number, s.title) for s in document.sections] == [
        ("1", "Розвиток масового спорту"), ("2", "Розвиток спортивної інфраструктури"), ("3", "Кадрове забезпечення"),
    ]  # fmt: skip
    assert [m.id for m in document.measures] == ["1.1", "1.2", "1.3", "2.1", "2.1.1", "2.1.2", "2.1.3", "2.2", "3.1"]
    assert len(document.funding_records) == 15
    measures = {m.id: m for m in document.measures}
    assert measures["1.2"].text == "Придбання спортивного інвентарю для дитячо-юнацької спортивної школи та спортивних клубів міста"
    assert measures["1.2"].executors == ("Управління у справах сім'ї, молоді та спорту", "ДЮСШ")
    assert measures["1.2"].sources == ("Кошти міського бюджету", "Кошти обласного бюджету")
    assert [(r.year, r.amount, r.amount_uah) for r in measures["1.2"].funding] == [(2022, Decimal("1250.0"), 1250000)]
    assert measures["2.1"].result == "Створення належних умов для проведення офіційних змагань"
    assert [(m.text, m.parent) for m in document.measures if m.parent] == [
        ("заміна бігових доріжок", "2.1"), ("облаштування трибун", "2.1"), ("ремонт роздягалень", "2.1"),
    ]  # fmt: skip
    assert [(r.year, r.amount_uah) for r in measures["2.1.2"].funding] == [(2023, 1000000), (2024, 500000)]
    assert (measures["1.3"].funding_status, measures["2.2"].funding_status) == ("not_required", "separate_programme")
    assert measures["2.2"].term is not None and (measures["2.2"].term.start, measures["2.2"].term.end) == (2022, 2022)
    assert [str(r.amount) for r in measures["3.1"].funding] == ["15.0", "15.0", "15.755"]


def test_totals_count_parents_only(document):
    totals = {t.year: t.computed_uah for t in document.totals}
    assert totals == {2022: Decimal(1385500), 2023: Decimal(3645000), 2024: Decimal(2156005)}
    assert document.warnings == ()


def test_text_and_docx_agree(docx_path):
    text, docx = (document_dict(extract(path)) for path in (TEXT, docx_path))
    for payload in (text, docx):
        payload.pop("source")
        for measure in payload["measures"]:
            measure.pop("provenance")
    assert text == docx
