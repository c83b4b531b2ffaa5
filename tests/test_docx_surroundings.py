"""DOCX header blocks and signatures where clerks really put them: layout tables and text boxes."""

from __future__ import annotations

from docx import Document
from docx.oxml import parse_xml

from extractor import extract
from extractor.parsers import parse_file

HEADER = ["№ п/п", "Назва напрямку", "Перелік заходів", "Термін виконання", "Виконавці", "Джерела фінансування",
          "Обсяги фінансування (тис.грн.)", "Очікувані результати"]  # fmt: skip
ROWS = [
    ["1.", "Культура", "1. Проведення фестивалю", "2021-2022 роки", "Відділ культури", "Кошти міського бюджету",
     "2021 р. – 50,0\n2022 р. – 60,0", "Розвиток культури"],
    ["", "", "2. Ремонт клубу", "2022", "Відділ культури", "Кошти міського бюджету", "2022 р. – 1 200,5", "Якісні послуги"],
]  # fmt: skip
HEADER_BLOCK = "Додаток 3 до рішення 12 сесії Овруцької міської ради VIII скликання від 29.11.2021 № 845"
HEADING = "Заходи Програми розвитку культури"
HEADING_END = "в Овруцькій громаді на 2021-2022 роки"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT_BOX = f"""
<w:p xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
     xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
  <w:r><mc:AlternateContent>
    <mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>
      <w:p><w:r><w:t>{HEADER_BLOCK}</w:t></w:r></w:p>
    </w:txbxContent></wps:txbx></w:drawing></mc:Choice>
    <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>
      <w:p><w:r><w:t>{HEADER_BLOCK}</w:t></w:r></w:p>
    </w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
  </mc:AlternateContent></w:r>
</w:p>"""


def measures_table(document):
    table = document.add_table(rows=1, cols=len(HEADER))
    for index, title in enumerate(HEADER):
        table.rows[0].cells[index].text = title
    for values in ROWS:
        cells = table.add_row().cells
        for index, value in enumerate(values):
            lines = value.split("\n")
            cells[index].text = lines[0]
            for line in lines[1:]:
                cells[index].add_paragraph(line)


def check(path):
    document = extract(path)
    decision = document.decision
    assert (decision.council, decision.session, decision.convocation) == ("Овруцька міська рада", 12, "VIII")
    assert (decision.date, decision.number, decision.annex) == ("2021-11-29", "845", "3")
    assert document.programme.title == "Програма розвитку культури в Овруцькій громаді на 2021-2022 роки"
    assert (document.signatory.position, document.signatory.name) == ("Секретар міської ради", "Ірина КОВАЛЬ")
    assert [(m.id, [r.amount_uah for r in m.funding]) for m in document.measures] == [("1.1", [50000, 60000]), ("1.2", [1200500])]
    assert {w.code for w in document.warnings} == {"table_ignored"}  # the layout tables, named and not read as measures


def test_header_block_and_signature_in_layout_tables(tmp_path):
    document = Document()
    top = document.add_table(rows=1, cols=2)
    top.rows[0].cells[1].text = HEADER_BLOCK
    document.add_paragraph(HEADING)
    document.add_paragraph(HEADING_END)
    measures_table(document)
    document.add_paragraph("")
    bottom = document.add_table(rows=1, cols=2)
    bottom.rows[0].cells[0].text = "Секретар міської ради"
    bottom.rows[0].cells[1].text = "Ірина КОВАЛЬ"
    path = tmp_path / "layout-tables.docx"
    document.save(path)
    check(path)


def test_header_block_in_a_text_box_is_read_once(tmp_path):
    document = Document()
    document.element.body.insert(0, parse_xml(TEXT_BOX))
    document.add_paragraph(HEADING)
    document.add_paragraph(HEADING_END)
    measures_table(document)
    document.add_paragraph("Секретар міської ради")
    document.add_paragraph("Ірина КОВАЛЬ")
    path = tmp_path / "text-box.docx"
    document.save(path)
    assert parse_file(path).before.count(HEADER_BLOCK) == 1  # the VML fallback copy is not read again
    read = extract(path)
    assert read.decision.identifier == "845-2021-11-29"
    assert read.programme.title == "Програма розвитку культури в Овруцькій громаді на 2021-2022 роки"
    assert read.warnings == ()
