"""Whatever the cells hold, the normaliser answers with data and warnings, never a crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.errors import NoProgrammeTableError
from extractor.model import Location, ParsedDocument, SourceCell, SourceRow, SourceTable
from extractor.normalise import build_document

HEADER = ("№ п/п", "Назва напрямку", "Перелік заходів", "Термін виконання", "Виконавці", "Джерела фінансування",
          "Обсяги фінансування (тис.грн.)", "Очікувані результати")  # fmt: skip
# Cell texts that look like the real thing, mixed with arbitrary text.
CELL_TEXT = st.one_of(
    st.sampled_from(["", "1.", "2.", "1.Захід", "2. Захід", "в т.ч.", "Всього", "2017р.-34,0 2018р.-12,0",
                     "в т.ч.: 2019 р. – 18,00", "Фінансування не потребує", "Кошти міського бюджету", "2017-2020 роки",
                     "1", "2", "-", "2 000,0", "<p>x</p>"]),
    st.text(max_size=40),
)  # fmt: skip


def table(rows: list[list[str]]) -> SourceTable:
    built = []
    for index, cells in enumerate([list(HEADER), *rows], start=1):
        location = Location(table=1, row=index)
        built.append(
            SourceRow(
                cells=tuple(SourceCell(lines=tuple(text.split("\n")), locations=(location,)) for text in cells),
                location=location,
                break_before=index % 3 == 0,
            )
        )
    return SourceTable(rows=tuple(built), index=1)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(CELL_TEXT, min_size=1, max_size=9), max_size=8),
    before=st.lists(st.text(max_size=60), max_size=3),
    after=st.lists(st.text(max_size=40), max_size=2),
)
def test_build_document_never_crashes(rows, before, after):
    parsed = ParsedDocument("x.txt", "0" * 64, "text", tuple(before), tuple(after), (table(rows),))
    try:
        document = build_document(parsed)
    except NoProgrammeTableError:
        return  # the one documented refusal: no measures in the table
    ids = [measure.id for measure in document.measures]
    assert len(ids) >= 1
    for measure in document.measures:
        assert measure.funding_status in {"funded", "not_required", "separate_programme", "unknown"}
        assert (measure.funding_status == "funded") == bool(measure.funding)
