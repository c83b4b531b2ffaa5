"""Three versions of the sample annex and an unrelated programme, as files, for the history tests.

* version 1: ``samples/decision-1911.txt`` itself (№1911 of 27.08.2020);
* version 2: ``diff_samples.new_text()`` (№2050 of 24.12.2020: 4.2 inserted, 1.1 and 2.3 amounts,
  1.3's result, sub-item 3.6.3);
* version 3 (№2101 of 25.02.2021), from version 2: 1.9's amount for 2020 raised from 39,900 to 45,000,
  2.3's for 2020 from 21,0 to 24,0, and "Придбання канцтоварів" (4.4 in version 2) dropped;
* an unrelated programme (sport, №1912) built from the same annex.

The file names sort in an order that differs from the decision dates.
"""

from __future__ import annotations

from pathlib import Path

from . import diff_samples

DROPPED_MEASURE = "\t\t4. Придбання канцтоварів\t"

THIRD_EDITS = [
    ("VII скликання від 24.12.2020р.№2050", "VIII скликання від 25.02.2021р.№2101", 1),
    ("2017р.-17,5 2018р.-9,0 2019р.-25,401 2020р.-39,900", "2017р.-17,5 2018р.-9,0 2019р.-25,401 2020р.-45,000", 1),
    ("2017р.-5,0 2018р.-7,0 2019р.-18,0 2020р.-21,0", "2017р.-5,0 2018р.-7,0 2019р.-18,0 2020р.-24,0", 1),
]

UNRELATED_TITLE = "Програма розвитку фізичної культури і спорту у місті Коростені на 2017-2020 роки"


def edited(text: str, edits: list[tuple[str, str, int]]) -> str:
    for before, after, times in edits:
        assert text.count(before) == times, f"the sample changed: {before!r} occurs {text.count(before)} times"
        text = text.replace(before, after)
    return text


def third_text() -> str:
    lines = edited(diff_samples.new_text(), THIRD_EDITS).split("\n")
    dropped = [line for line in lines if line.startswith(DROPPED_MEASURE)]
    assert len(dropped) == 1, dropped
    return "\n".join(line for line in lines if not line.startswith(DROPPED_MEASURE))


def unrelated_text() -> str:
    return edited(
        diff_samples.old_text(),
        [
            ("Програми розвитку місцевого самоврядування", "Програми розвитку фізичної культури і спорту", 1),
            ("VII скликання від 27.08.2020р.№1911", "VII скликання від 27.08.2020р.№1912", 1),
        ],
    )


# File name → text; names in an order that is not the decisions' order (2101, 1911, 2050).
FILES = {
    "a-2101.txt": third_text,
    "b-1911.txt": diff_samples.old_text,
    "c-2050.txt": diff_samples.new_text,
    "0-sport.txt": unrelated_text,
}


def write_inputs(folder: Path) -> Path:
    """The four decisions as text files in ``folder``, plus the DOCX of №1911 (a copy of version 1)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in FILES.items():
        (folder / name).write_text(text(), "utf-8")
    (folder / "d-1911.docx").write_bytes((diff_samples.ROOT / "samples" / "decision-1911.docx").read_bytes())
    return folder
