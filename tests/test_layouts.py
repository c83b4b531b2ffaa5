"""The per-year-column layout in DOCX, HTML and PDF, and decision №1911 as HTML, .doc and .odt.

Expected values are read off the documents themselves (``samples/make_layouts.py``
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
    ],
    ids=["html", "doc", "odt"],
)
def test_decision_1911_in_other_formats(path: Path, file_format: str):
    document = json_export.document_dict(extract(path))
    assert document["source"]["format"] == file_format
    for key in ("decision", "programme", "signatory", "sections", "totals", "warnings"):
        assert document[key] == GOLDEN_1911[key], key
    assert without_provenance(document["measures"]) == without_provenance(GOLDEN_1911["measures"])
    assert len(document["measures"]) == 23
    assert sum(len(measure["funding"]) for measure in document["measures"]) == 57
    if file_format in ("doc", "odt"):
        assert any("LibreOffice" in note for note in document["source"]["notes"])
