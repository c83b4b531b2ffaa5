"""Two versions of the sample annex that differ in known ways, built by editing its text export.

The "new" version (an imagined amending decision №2050 of 24.12.2020) differs
from ``samples/decision-1911.txt`` in exactly these ways:

* a measure inserted as 4.2, so the old 4.2 and 4.3 become 4.3 and 4.4;
* 1.1's amount for 2019 raised from 34,0 to 40,5, and 2.3's for 2020 cut from 28,0 to 21,0;
* 1.3's expected result reworded ("Загострення почуттів" → "Посилення почуття");
* a third "в т.ч." sub-item added under 3.6, with 4,50 in 2020.
"""

from __future__ import annotations

from pathlib import Path

from extractor import extract_bytes
from extractor.model import Document

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_TEXT = ROOT / "samples" / "decision-1911.txt"

INSERTED_MEASURE = (
    "\t\t2. Придбання серверного обладнання для архіву рішень міської ради\t2020\tКеруючий справами, МПЦ\t"
    "Кошти міського бюджету\t2020р.-40,0\tНадійне зберігання електронних документів міської ради"
)

# (old text, new text, how many times it must occur in the old text)
EDITS = [
    ("VII скликання від 27.08.2020р.№1911", "VII скликання від 24.12.2020р.№2050", 1),
    ("2017р.-34,0 2018р.-34,0 2019р.-34,0 2020р.-34,0", "2017р.-34,0 2018р.-34,0 2019р.-40,5 2020р.-34,0", 1),
    ("2017р.-5,0 2018р.-7,0 2019р.-18,0 2020р.-28,0", "2017р.-5,0 2018р.-7,0 2019р.-18,0 2020р.-21,0", 1),
    ("Загострення почуттів гордості за місто", "Посилення почуття гордості за місто", 1),
    (
        "соціальної реклами</p>",
        "соціальної реклами</p> <p>навчання членів експертної групи Бюджету участі</p>",
        1,
    ),
    ("<p>2020 р. – 2,00</p>", "<p>2020 р. – 2,00</p> <p>2020 р. – 4,50</p>", 1),
    ("\t\t2. Супроводження та технічна", "\t\t3. Супроводження та технічна", 1),
    ("\t\t3. Придбання канцтоварів", "\t\t4. Придбання канцтоварів", 1),
    (
        "\t\tнеобхідним для забезпечення пленарних засідань\t\t\t\t\t\n",
        "\t\tнеобхідним для забезпечення пленарних засідань\t\t\t\t\t\n" + INSERTED_MEASURE + "\n",
        1,
    ),
]


def old_text() -> str:
    return SAMPLE_TEXT.read_text("utf-8")


def new_text() -> str:
    text = old_text()
    for before, after, times in EDITS:
        assert text.count(before) == times, f"the sample changed: {before!r} occurs {text.count(before)} times"
        text = text.replace(before, after)
    return text


def old_document() -> Document:
    return extract_bytes(old_text().encode("utf-8"), "decision-1911.txt")


def new_document() -> Document:
    return extract_bytes(new_text().encode("utf-8"), "decision-2050.txt")
