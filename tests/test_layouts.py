"""The per-year-column layout in DOCX, HTML, PDF and XLSX, and decision №1911 as HTML, .doc, .odt and .rtf.

Expected values are read off the documents themselves (``tools/make_layouts.py``
lists their cells): a three-row header over year columns, section rows, a
measure split per funding source under a ``Всього`` row, sub-item rows under
``у тому числі:``, lone dashes, thousands separators and total rows.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from extractor import extract
from extractor.export import json as json_export
from extractor.pipeline import extract_bytes

from .conftest import DATA

CULTURE = {
    "docx": DATA / "docx" / "culture-2021.docx",
    "html": DATA / "html" / "culture-2021.html",
    "pdf": DATA / "pdf" / "culture-2021.pdf",
}
MANAGEMENT = "Управління культури і туризму"
EVERY_YEAR = "2021-2023 роки"

# id: (section, parent, text, term (raw, start, end) | None, executors, sources, status, funding, result)
# funding: (year, amount as written with a dot, amount in UAH, source)
EXPECTED = {
    "1.1": ("1", None, "Ремонт покрівлі та фасаду будівлі краєзнавчого музею", ("2021-2022 роки", 2021, 2022),
            [MANAGEMENT], ["Міський бюджет"], "funded",
            [(2021, "850.5", 850500, None), (2022, "400.0", 400000, None)], "Збережено будівлю музею"),
    "1.2": ("1", None, "Виготовлення проектної документації на реставрацію пам'ятки архітектури «Костел Святої Варвари»",
            (EVERY_YEAR, 2021, 2023), [MANAGEMENT, "управління капітального будівництва"],
            ["Державний бюджет", "Міський бюджет"], "funded",
            [(2021, "1000.0", 1000000, "Державний бюджет"), (2022, "1000.0", 1000000, "Державний бюджет"),
             (2023, "1000.0", 1000000, "Державний бюджет"), (2021, "200.0", 200000, "Міський бюджет"),
             (2022, "200.0", 200000, "Міський бюджет"), (2023, "200.0", 200000, "Міський бюджет")],
            "Проектну документацію виготовлено"),
    "1.3": ("1", None, "Встановлення інформаційних табличок на пам'ятках історії", ("2022 рік", 2022, 2022),
            [MANAGEMENT], ["Міський бюджет"], "funded", [(2022, "75.25", 75250, None)], "Встановлено 25 табличок"),
    "2.1": ("2", None, "Проведення міських свят та фестивалів", (EVERY_YEAR, 2021, 2023),
            [MANAGEMENT, "заклади культури"], ["Міський бюджет"], "funded",
            [(2021, "800.0", 800000, None), (2022, "800.0", 800000, None), (2023, "800.0", 800000, None)],
            "Збільшення кількості учасників свят"),
    "2.1.1": ("2", "2.1", "фестиваль народної творчості «Берегиня»", None, [], [], "funded",
              [(2021, "350.0", 350000, None), (2022, "350.0", 350000, None), (2023, "350.0", 350000, None)], None),
    "2.1.2": ("2", "2.1", "святкування Дня міста", None, [], [], "funded",
              [(2021, "300.0", 300000, None), (2022, "300.0", 300000, None), (2023, "300.0", 300000, None)], None),
    "2.2": ("2", None, "Придбання сценічних костюмів для колективів міського будинку культури", (EVERY_YEAR, 2021, 2023),
            ["Міський будинок культури"], ["Міський бюджет"], "funded",
            [(2021, "150.0", 150000, None), (2022, "150.0", 150000, None), (2023, "150.0", 150000, None)],
            "Оновлено костюми 6 колективів"),
    "2.3": ("2", None, "Участь творчих колективів у всеукраїнських конкурсах", (EVERY_YEAR, 2021, 2023),
            [MANAGEMENT], ["Фінансування не потребує"], "not_required", [], "Популяризація мистецтва громади"),
}  # fmt: skip
# The "Всього по Програмі" row: 2021 3 000,5 · 2022 2 625,25 · 2023 2 150,0 (thousand UAH)
EXPECTED_TOTALS = [(2021, 3000500, 3000500), (2022, 2625250, 2625250), (2023, 2150000, 2150000)]


@pytest.fixture(scope="module", params=list(CULTURE.values()), ids=list(CULTURE))
def culture(request):
    return json_export.document_dict(extract(request.param))


def test_culture_decision_and_programme(culture):
    assert culture["decision"] == {
        "council": "Бердичівська міська рада", "session": 5, "convocation": "VIII", "date": "2020-12-24",
        "number": "24/9", "annex": "2", "identifier": "24/9-2020-12-24",
    }  # fmt: skip
    assert culture["programme"] == {
        "title": "Програма розвитку культури і туризму міста Бердичева на 2021-2023 роки",
        "period": {"start": 2021, "end": 2023},
        "unit": "thousand_uah",
    }
    assert culture["signatory"] == {"position": "Секретар міської ради", "name": "Олег ПОЛІЩУК"}
    assert culture["sections"] == [
        {"number": "1", "title": "Збереження культурної спадщини"},
        {"number": "2", "title": "Розвиток культурно-мистецького середовища"},
    ]


def test_culture_measures_exactly(culture):
    assert [measure["id"] for measure in culture["measures"]] == list(EXPECTED)
    for measure in culture["measures"]:
        section, parent, text, term, executors, sources, status, funding, result = EXPECTED[measure["id"]]
        got = {key: measure[key] for key in ("section", "parent", "text", "executors", "sources", "funding_status", "result")}
        assert got == {
            "section": section, "parent": parent, "text": text, "executors": executors, "sources": sources,
            "funding_status": status, "result": result,
        }, measure["id"]  # fmt: skip
        assert (measure["term"] and (measure["term"]["raw"], measure["term"]["start"], measure["term"]["end"])) == term
        records = [(r["year"], r["amount"], r["amount_uah"], r.get("source")) for r in measure["funding"]]
        assert records == funding, measure["id"]


def test_culture_totals_check_out(culture):
    assert [(t["year"], t["computed_uah"], t["declared_uah"]) for t in culture["totals"]] == EXPECTED_TOTALS
    assert culture["warnings"] == []


def test_wrong_total_row_gives_a_mismatch_warning():
    page = CULTURE["html"].read_bytes().decode("utf-8")
    assert page.count("3 000,5") == 1
    document = extract_bytes(page.replace("3 000,5", "3 100,5").encode("utf-8"), "wrong-total.html")
    assert [(w.code, w.message) for w in document.warnings] == [
        (
            "total_mismatch",
            "2021: the total row 'Всього по Програмі' states 3100500 UAH, the measures add up to 3000500 UAH",
        )
    ]
    assert document.totals[0].declared_uah == Decimal(3100500)


def test_wrong_source_total_and_measure_total_are_caught():
    page = CULTURE["html"].read_bytes().decode("utf-8")
    page = page.replace("<td>2 000,5</td>", "<td>2 001,5</td>").replace("<td>1 250,5</td>", "<td>1 205,5</td>")
    codes = sorted(w.code for w in extract_bytes(page.encode("utf-8"), "wrong.html").warnings)
    assert codes == ["measure_total_mismatch", "total_mismatch"]


# --- Decision №1911 converted to other formats gives what the DOCX gives ---------------

GOLDEN_1911 = json.loads((DATA / "golden" / "decision-1911.docx.json").read_text(encoding="utf-8"))


def without_provenance(measures: list[dict]) -> list[dict]:
    return [{key: value for key, value in measure.items() if key != "provenance"} for measure in measures]


@pytest.mark.parametrize(
    ("path", "file_format"),
    [
        (DATA / "html" / "decision-1911.html", "html"),
        (DATA / "doc" / "decision-1911.doc", "doc"),
        (DATA / "odt" / "decision-1911.odt", "odt"),
        (DATA / "rtf" / "decision-1911.rtf", "rtf"),
    ],
    ids=["html", "doc", "odt", "rtf"],
)
def test_decision_1911_in_other_formats(path: Path, file_format: str):
    document = json_export.document_dict(extract(path))
    assert document["source"]["format"] == file_format
    assert_golden_1911(document)
    if file_format in ("doc", "odt", "rtf"):
        assert any("LibreOffice" in note for note in document["source"]["notes"])


def assert_golden_1911(document: dict) -> None:
    """``document`` gives the DOCX golden extraction apart from source and provenance."""
    for key in ("decision", "programme", "signatory", "sections", "totals", "warnings"):
        assert document[key] == GOLDEN_1911[key], key
    assert without_provenance(document["measures"]) == without_provenance(GOLDEN_1911["measures"])
    assert len(document["measures"]) == 23
    assert sum(len(measure["funding"]) for measure in document["measures"]) == 57


def test_a_doc_that_is_an_rtf_with_a_byte_order_mark_is_read_as_rtf():
    # Archives hold RTFs named .doc, some with a UTF-8 BOM or blank lines before "{\rtf" (LibreOffice then
    # imported the markup as plain text: "no table found").
    data = b"\xef\xbb\xbf\r\n  " + (DATA / "rtf" / "decision-1911.rtf").read_bytes()
    document = json_export.document_dict(extract_bytes(data, "decision-1911.doc"))
    assert document["source"]["format"] == "rtf"
    assert_golden_1911(document)


def test_a_doc_that_is_a_web_page_saved_by_word_is_read_as_html():
    # Word's "Save as" web page, in Windows-1251, kept under a .doc name
    page = (DATA / "html" / "decision-1911.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n<html>\n") and page.count("charset=utf-8") == 1
    word = (
        '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"\r\n'
        'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">\r\n'
        + page.removeprefix("<!DOCTYPE html>\n<html>\n")
        .replace("charset=utf-8", "charset=windows-1251")
        .replace(
            "<head>",
            "<head>\n<meta name=ProgId content=Word.Document>\n<!--[if gte mso 9]><xml>\n"
            "<w:WordDocument><w:View>Print</w:View></w:WordDocument>\n</xml><![endif]-->",
            1,
        )
    )
    document = json_export.document_dict(extract_bytes(word.encode("cp1251"), "decision-1911.doc"))
    assert document["source"]["format"] == "html"
    assert_golden_1911(document)


# --- A finance department's XLSX annex (tools/make_layouts.py:build_xlsx) ---------------

SPORT_XLSX = DATA / "xlsx" / "sport-2021.xlsx"
SPORT = "Відділ у справах сім'ї, молоді та спорту"
CITY_BUDGET = ["Міський бюджет"]

# id: (section, parent, text, term (raw, start, end) | None, executors, sources, status, funding, result, sheet row)
# funding: (year, amount, amount in UAH, raw): the numbers typed into the sheet, as Decimals
SPORT_EXPECTED = {
    "1.1": ("1", None, "Проведення міських спортивних змагань та турнірів", (EVERY_YEAR, 2021, 2023), [SPORT],
            CITY_BUDGET, "funded", [(2021, "120.0", 120000, "120,0"), (2022, "135.5", 135500, "135,5"),
                                    (2023, "150.0", 150000, "150,0")], "Щороку не менше 25 змагань", 5),
    "1.2": ("1", None, "Придбання спортивного інвентарю для дитячо-юнацької спортивної школи",
            ("2021-2022 роки", 2021, 2022), [SPORT, "ДЮСШ"], CITY_BUDGET, "funded",
            [(2021, "250.75", 250750, "250,75"), (2022, "180.25", 180250, "180,25")], "Оновлено інвентар ДЮСШ", 6),
    # 25.401 typed under "# ##0.0": the sheet shows 25,4, the amount is what was typed
    "1.3": ("1", None, "Участь спортсменів громади в обласних та всеукраїнських змаганнях", (EVERY_YEAR, 2021, 2023),
            [SPORT], CITY_BUDGET, "funded", [(2021, "25.401", 25401, "25,401"), (2022, "30.0", 30000, "30,0"),
                                             (2023, "30.0", 30000, "30,0")], "Призові місця на обласних змаганнях", 7),
    "2.1": ("2", None, "Капітальний ремонт стадіону «Колос»", ("2022-2023 роки", 2022, 2023),
            ["Управління капітального будівництва"], CITY_BUDGET, "funded",
            [(2022, "1250.5", 1250500, "1250,5"), (2023, "2000.0", 2000000, "2000,0")],
            "Стадіон відповідає нормам для змагань", 9),
    "2.1.1": ("2", "2.1", "заміна бігових доріжок", None, [], [], "funded", [(2022, "800.5", 800500, "800,5")], None, 10),
    "2.1.2": ("2", "2.1", "реконструкція трибун", None, [], [], "funded",
              [(2022, "450.0", 450000, "450,0"), (2023, "2000.0", 2000000, "2000,0")], None, 11),
    # a typed 0 is a record with 0
    "2.2": ("2", None, "Облаштування спортивних майданчиків у старостинських округах", (EVERY_YEAR, 2021, 2023), [SPORT],
            CITY_BUDGET, "funded", [(2021, "95.1", 95100, "95,1"), (2022, "97.3", 97300, "97,3"), (2023, "0.0", 0, "0,0")],
            "Облаштовано 4 майданчики", 12),
    "2.3": ("2", None, "Проведення навчально-тренувальних зборів збірних команд громади", (EVERY_YEAR, 2021, 2023),
            [SPORT], ["Фінансування не потребує"], "not_required", [], "Підготовка команд до змагань", 13),
}  # fmt: skip
# 2021: 120.0 + 250.75 + 25.401 + 95.1 · 2022: 135.5 + 180.25 + 30.0 + 1250.5 + 97.3 · 2023: 150.0 + 30.0 + 2000.0 + 0.0
SPORT_TOTALS = [(2021, 491251, 491251), (2022, 1693550, 1693550), (2023, 2180000, 2180000)]


@pytest.fixture(scope="module")
def sport():
    return json_export.document_dict(extract(SPORT_XLSX))


def test_xlsx_sample_stores_numbers_the_way_excel_does():
    """The sample holds what the test is about: typed floats, hidden decimals and a SUM's float noise."""
    import openpyxl

    sheet = openpyxl.load_workbook(SPORT_XLSX).active
    assert sheet["F14"].value == 25.401 and sheet["F14"].number_format == "# ##0.0"
    assert sheet["G16"].value == 1250.5 and isinstance(sheet["G16"].value, float)
    assert repr(sheet["I19"].value) == "192.39999999999998"  # 2.2's Всього: 95.1 + 97.3 + 0.0 as Excel adds them
    assert repr(sheet["I21"].value) == "4364.8009999999995"  # the programme's Всього
    assert "F8:I8" in {str(cells) for cells in sheet.merged_cells.ranges}  # "Обсяги фінансування, тис. грн"
    assert sheet["A8"].value == "№ з/п" and [sheet.cell(9, c).value for c in range(6, 10)] == [
        "2021 рік", "2022 рік", "2023 рік", "Всього",
    ]  # fmt: skip


def test_xlsx_decision_programme_and_signatory(sport):
    assert sport["source"]["format"] == "xlsx"
    assert sport["decision"] == {
        "council": "Овруцька міська рада", "session": 4, "convocation": "VIII", "date": "2020-12-22",
        "number": "187", "annex": "1", "identifier": "187-2020-12-22",
    }  # fmt: skip
    assert sport["programme"] == {
        "title": "Програма розвитку фізичної культури і спорту Овруцької міської територіальної громади на 2021-2023 роки",
        "period": {"start": 2021, "end": 2023},
        "unit": "thousand_uah",
    }
    assert sport["signatory"] == {"position": "Секретар міської ради", "name": "Наталія КОВАЛЬЧУК"}
    assert sport["sections"] == [
        {"number": "1", "title": "Розвиток масового спорту"},
        {"number": "2", "title": "Розвиток спортивної інфраструктури"},
    ]


def test_xlsx_measures_exactly(sport):
    assert [measure["id"] for measure in sport["measures"]] == list(SPORT_EXPECTED)
    for measure in sport["measures"]:
        section, parent, text, term, executors, sources, status, funding, result, row = SPORT_EXPECTED[measure["id"]]
        got = {key: measure[key] for key in ("section", "parent", "text", "executors", "sources", "funding_status", "result")}
        assert got == {
            "section": section, "parent": parent, "text": text, "executors": executors, "sources": sources,
            "funding_status": status, "result": result,
        }, measure["id"]  # fmt: skip
        assert (measure["term"] and (measure["term"]["raw"], measure["term"]["start"], measure["term"]["end"])) == term
        records = [(r["year"], r["amount"], r["amount_uah"], r["raw"]) for r in measure["funding"]]
        assert records == funding, measure["id"]
        assert measure["provenance"]["rows"] == [row], measure["id"]  # row of the table, which starts at sheet row 8


def test_xlsx_amounts_are_exact_decimals():
    document = extract(SPORT_XLSX)
    amounts = {(m.id, r.year): r.amount for m in document.measures for r in m.funding}
    assert amounts[("1.3", 2021)] == Decimal("25.401") and str(amounts[("1.3", 2021)]) == "25.401"
    assert amounts[("2.1", 2022)] == Decimal("1250.5") and str(amounts[("2.1", 2022)]) == "1250.5"
    assert all(isinstance(amount, Decimal) for amount in amounts.values())


def test_xlsx_totals_and_the_total_column_check_out(sport):
    # the Всього column (float noise included) is checked against the year columns: no measure_total_mismatch
    assert [(t["year"], t["computed_uah"], t["declared_uah"]) for t in sport["totals"]] == SPORT_TOTALS
    assert sport["warnings"] == []
