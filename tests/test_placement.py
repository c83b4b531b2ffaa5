"""Where the table stands and what the decision says, on documents of our own (tools/make_placement_docs.py).

Each expectation is written by hand from the printed document: the decision's
own fields, the decision it restates or amends, the title, period and
signatory, the measures (ids and texts) and their amounts; and no decision
text, signature or site menu text in any measure.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from extractor import extract
from extractor.errors import NoProgrammeTableError
from extractor.export.json import document_dict
from extractor.load import document_from_dict
from extractor.validate import errors as schema_errors

DATA = Path(__file__).parent / "data" / "placement"
FIELDS = ("council", "session", "convocation", "date", "number", "annex")

EXPECTED = {
    "amending-decision": {
        "decision": ("Харківська обласна рада", 8, "VI", "2011-10-27", "250-VI", None),
        "amends": ("Харківська обласна рада", None, None, "2010-12-22", "95-VI", None),
        "title": "Регіональна програма розвитку фізичної культури і спорту на 2011-2012 роки",
        "period": (2011, 2012),
        "signatory": ("Голова обласної ради", "С. ЧЕРНОВ"),
        "measures": [
            ("1.1", "Реконструкція обласного стадіону «Металіст»", {2011: "1500.0", 2012: "2000.0"}),
            ("1.2", "Будівництво плавального басейну в м. Ізюм", {2012: "850.5"}),
            ("2.1", "Проведення обласних змагань «Спорт для всіх»", {2011: "120.0", 2012: "130.0"}),
        ],
        "missing": {"decision annex: the table stands in the decision's own text, not in an annex"},
    },
    "restated-annex": {
        "decision": ("обласна рада", None, None, None, None, None),
        "amends": ("обласна рада", None, None, "2016-12-08", "310-VII", None),
        "title": "Регіональна програма «Цивільний захист» на 2017-2022 роки",
        "period": (2017, 2022),
        "signatory": ("Керуючий справами виконавчого апарату обласної ради", "Оксана МАЛИШЕВА"),
        "measures": [
            ("1.1", "Експлуатаційно-технічне обслуговування регіональної системи централізованого оповіщення",
             {2021: "2407.77", 2022: "2500.00"}),
            ("1.3", "Приведення захисних споруд цивільного захисту у стан готовності", {2021: "0.00", 2022: "957.0"}),
        ],
        "missing": {
            "decision date: left blank in the document",
            "decision number: left blank in the document",
            "decision session: not found in the header block",
            "decision convocation: not found in the header block",
            "decision annex: not found in the header block",
            "decision council: the document names no place for its 'обласна рада'; only its kind is known",
        },
    },
    "approved-annex": {
        "decision": ("Великосеверинівська сільська рада", None, None, "2021-02-17", "257", None),
        "amends": None,
        "title": "Програма розвитку культури Великосеверинівської сільської ради на 2021-2023 роки",
        "period": (2021, 2023),
        "signatory": ("Сільський голова", "І.Г. Лідовий"),
        "measures": [
            ("1.1", "Ремонт будинку культури в с. Велика Северинка", {2021: "184.9", 2022: "32.890"}),
            ("1.2", "Придбання музичних інструментів для аматорських колективів", {2023: "75.0"}),
        ],
        "missing": {
            "decision session: not found in the header block",
            "decision convocation: not found in the header block",
            "decision annex: not found in the header block",
        },
        "amendments_noted": True,
    },
    "oblast-annex": {
        "decision": ("Харківська обласна рада", 23, "VII", "2020-02-27", "1210-VII", "6"),
        "amends": None,
        "title": "Програма розвитку освіти Харківської області на 2020 2022 роки",
        "period": (2020, 2022),
        "signatory": ("Перший заступник голови Харківської обласної ради", "Артур ТОВМАСЯН"),
        "measures": [
            ("1.1", "Створення опорних закладів освіти в громадах області", {2020: "5528.70", 2021: "4000.0", 2022: "4000.0"}),
            ("1.2", "Придбання шкільних автобусів", {2020: "957.0", 2021: "1200.0"}),
            ("2.1", "Виплата стипендій переможцям олімпіад", {2020: "199.000", 2021: "199.000", 2022: "199.000"}),
        ],
        "missing": set(),
    },
    "passport-and-measures": {
        "decision": ("Сумська міська рада", 7, "VIII", "2021-02-24", "312-МР", "1"),
        "amends": None,
        "title": "Програма підтримки малого і середнього підприємництва в місті Суми на 2021-2023 роки",
        "period": (2021, 2023),
        "signatory": ("Секретар міської ради", "Олена ПЕТРЕНКО"),
        "measures": [
            ("1.1", "Часткове відшкодування відсотків за кредитами суб'єктів малого підприємництва",
             {2021: "150.0", 2022: "160.0", 2023: "170.0"}),
            ("1.2", "Проведення конкурсу бізнес-планів «Молодь у бізнесі»", {2022: "45.0"}),
        ],
        "missing": set(),
        "ignored": ["table 1 is a programme passport and was not read"],
    },
}  # fmt: skip
# The same decision, its quotes typed inside the table (``«№ з/п`` … ``осіб».``): the last result ends without them.
EXPECTED["amending-decision-quoted"] = {
    **EXPECTED["amending-decision"],
    "results": ["Стадіон відповідає вимогам УЄФА", "Введено в дію басейн", "Залучено до змагань 5 тис. осіб"],
    "ignored.html": ["table 1 is not the measures table and was not read"],  # the site's menu, laid out as a table
}

# Words of the decision text, the signature and the web page's menu, header and footer: never in a measure.
OUTSIDE_THE_TABLE = ("ВИРІШИЛА", "Контроль", "викласти", "Голова", "ЧЕРНОВ", "Головна", "Новини", "Рішення сесій", "Звернення",
                     "Депутати", "Контакти", "Карта сайту", "Усі права", "Останні новини", "Ініціатор")  # fmt: skip


def fields(decision):
    return None if decision is None else tuple(getattr(decision, name) for name in FIELDS)


# The DOCX printed by LibreOffice: the decision's lines as a PDF's text layer gives them.
PRINTED = ("amending-decision.pdf", "restated-annex.pdf")


@pytest.fixture(scope="module", params=[f"{name}.{fmt}" for name in EXPECTED for fmt in ("docx", "html")] + list(PRINTED))
def extracted(request):
    return request.param, extract(DATA / request.param)


def test_decisions_title_and_signatory(extracted):
    name, document = extracted
    expected = EXPECTED[name.rsplit(".", 1)[0]]
    assert fields(document.decision) == expected["decision"]
    assert fields(document.amends) == expected["amends"]
    assert (document.programme.title, (document.programme.period_start, document.programme.period_end)) == (
        expected["title"],
        expected["period"],
    )
    assert (document.signatory.position, document.signatory.name) == expected["signatory"]
    assert {w.message for w in document.warnings if w.code == "metadata_missing"} == expected["missing"]
    assert any(w.code == "amendments_noted" for w in document.warnings) is expected.get("amendments_noted", False)
    ignored = expected.get("ignored." + name.rsplit(".", 1)[1], expected.get("ignored", []))
    assert [w.message for w in document.warnings if w.code == "table_ignored"] == ignored
    assert not {w.code for w in document.warnings} & {"title_missing", "signature_missing", "amounts_outside_table"}


def test_the_measures_are_the_tables_and_nothing_else(extracted):
    name, document = extracted
    expected = EXPECTED[name.rsplit(".", 1)[0]]
    got = [(m.id, m.text, {r.year: str(r.amount) for r in m.funding}) for m in document.measures]
    if name in PRINTED:  # the PDF's line breaks inside cell texts are the PDF reader's and text joiner's business
        got = [(id_, amounts) for id_, _, amounts in got]
        assert got == [(id_, amounts) for id_, _, amounts in expected["measures"]]
    else:
        assert got == expected["measures"]
    if "results" in expected:
        assert [m.result for m in document.measures] == expected["results"]
    for measure in document.measures:
        texts = [measure.text, measure.result or "", *measure.executors, *measure.sources]
        assert not [word for word in OUTSIDE_THE_TABLE for text in texts if word in text], measure.id
        assert all(text.count("«") == text.count("»") for text in texts), measure.id  # the quotes around the table stay out


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_a_passport_alone_is_no_programme_table(fmt):
    with pytest.raises(NoProgrammeTableError, match=r"^no table of programme measures: .*table 1 is a programme passport"):
        extract(DATA / f"passport-only.{fmt}")


def test_the_amended_decision_goes_to_json_validates_and_loads_back():
    document = extract(DATA / "amending-decision.docx")
    data = document_dict(document)
    assert data["amends"] == {
        "council": "Харківська обласна рада", "session": None, "convocation": None, "date": "2010-12-22",
        "number": "95-VI", "annex": None, "identifier": "95-VI-2010-12-22",
    }  # fmt: skip
    assert list(data)[:4] == ["schema_version", "source", "decision", "amends"]
    assert schema_errors(data) == []
    assert document_from_dict(data).amends == document.amends
    assert document_from_dict(data).measures[0].funding[0].amount == Decimal("1500.0")


def test_a_document_amending_nothing_writes_no_amends():
    data = document_dict(extract(DATA / "oblast-annex.docx"))
    assert "amends" not in data
    assert document_from_dict(data).amends is None
