"""A folder of page images read as one document (#11, ``extractor convert --join-pages``).

The page images are made here from the scan suite's ``culture-2021`` (a landscape annex of two pages whose measure
2.1 runs from page 1 onto page 2, its "у тому числі" sub-items on page 2 only), scanned at 200 dpi by
``tools/make_scanner_kinds.scanned`` and stored one PNG a page. Read page by page, page 2 is no document at all;
read as one set they must give the records written down by hand in ``tests/data/scans/culture-2021.expected.json``.
Names, gaps, formats, hints and damaged parts are tested without OCR.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path, PurePath

import pytest
from PIL import Image

from extractor import batch, pagesets, review
from extractor.errors import DamagedFileError, EmptyFileError, HostileFileError, UnsupportedFormatError
from extractor.parsers import pages
from tools import make_scanner_kinds, scan_suite

EXTRACTOR = [sys.executable, "-m", "extractor.cli"]
DOCUMENT = "culture-2021"
SEED = 11  # of the scan's damage (noise, how each sheet lies on the glass)
MIN_RECALL = MIN_PRECISION = 0.98  # as the scan suite: of 21 records, every one exact


@pytest.fixture(scope="module")
def culture_pages() -> list[bytes]:
    """The two pages of culture-2021 scanned at 200 dpi, each a PNG of its own (tagged 200 dpi)."""
    scanned = make_scanner_kinds.scanned(DOCUMENT, SEED)
    assert len(scanned) == 2
    files = []
    for page in scanned:
        out = io.BytesIO()
        page.save(out, "PNG", dpi=(200, 200))
        files.append(out.getvalue())
    return files


def blank_png(size: tuple[int, int] = (120, 80)) -> bytes:
    out = io.BytesIO()
    Image.new("L", size, 255).save(out, "PNG")
    return out.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header declares ``width`` × ``height`` pixels and whose data is a few bytes (a bomb's shape)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def records_exact(document: dict) -> None:
    expected, measures = scan_suite.expected_of(DOCUMENT)
    got = scan_suite.records_of_dict(document)
    exact, recall, precision = scan_suite.score(got, expected)
    wrong = sorted(set(got) - expected, key=str)
    assert recall >= MIN_RECALL, f"{exact} of {len(expected)} exact; missing {sorted(expected - set(got), key=str)}"
    assert precision >= MIN_PRECISION, f"wrong records: {wrong}"
    assert tuple(measure["id"] for measure in document["measures"]) == measures


# --- names: which files are pages of one document (no file is read) ------------------------------------------


@pytest.mark.parametrize(
    ("name", "base", "number"),
    [
        ("decision-12_p1.tif", "decision-12", 1),
        ("decision-12_p10.tif", "decision-12", 10),
        ("decision-12 page 3.TIFF", "decision-12", 3),
        ("scan0001.jpg", "scan", 1),
        ("scan-0042.jpeg", "scan", 42),
        ("Рішення 7 стор.2.png", "Рішення 7", 2),
        ("рішення_с3.png", "рішення", 3),
        ("page-3.jpeg", "", 3),
        ("P2.tif", "", 2),
        ("004.tiff", "", 4),
        ("map1.png", "map", 1),  # a page word stands on its own: no "ma" + "p1"
    ],
)
def test_a_page_name_gives_its_base_and_number(name: str, base: str, number: int) -> None:
    assert pagesets.page_name(name) == pagesets.PageName(base, number)


@pytest.mark.parametrize("name", ["report.tif", "roads-12345.png", "decision_p1.pdf", "decision_p1.docx", "p.png"])
def test_names_without_a_page_number_are_no_page(name: str) -> None:
    assert pagesets.page_name(name) is None


def test_pages_are_ordered_by_number_not_by_text() -> None:
    folder = PurePath("archive/decision-12")
    names = [f"decision-12_p{number}.tif" for number in (10, 2, 1, 9, 3, 8, 4, 7, 5, 6)]
    sets, refused = pagesets.find_page_sets([folder / name for name in names])
    assert refused == []
    (page_set,) = sets
    assert page_set.numbers == tuple(range(1, 11))
    assert [part.name for part in page_set.parts][:3] == ["decision-12_p1.tif", "decision-12_p2.tif", "decision-12_p3.tif"]
    assert page_set.parts[-1].name == "decision-12_p10.tif"
    assert (page_set.base, page_set.format, page_set.folder, page_set.missing) == ("decision-12", "tiff", folder, ())


def test_a_gap_in_the_numbering_is_told() -> None:
    sets, _ = pagesets.find_page_sets([PurePath(f"d/scan{number:04d}.jpg") for number in (1, 2, 4, 7)])
    assert sets[0].missing == (3, 5, 6)
    assert pagesets.number_ranges(sets[0].missing) == "3, 5-6"


def test_formats_are_never_mixed_in_one_set() -> None:
    paths = [PurePath(name) for name in ("d_p1.tif", "d_p2.tiff", "d_p3.jpg", "e_p1.png", "e_p2.jpg")]
    sets, refused = pagesets.find_page_sets(paths)
    assert [[part.name for part in page_set.parts] for page_set in sets] == [["d_p1.tif", "d_p2.tiff"]]  # tif = tiff
    assert sorted(part.name for series in refused for part in series.parts) == ["d_p3.jpg", "e_p1.png", "e_p2.jpg"]
    assert all("formats are never mixed" in series.reason for series in refused)


def test_a_number_given_twice_makes_no_set() -> None:
    sets, refused = pagesets.find_page_sets([PurePath(name) for name in ("p1.png", "p01.png", "p2.png")])
    assert sets == []
    (series,) = refused
    assert "page number 1 given to more than one file" in series.reason


def test_sets_stay_in_their_folder_and_need_two_files() -> None:
    paths = [PurePath(name) for name in ("a/scan0001.png", "b/scan0002.png", "c/Scan0001.PNG", "c/scan0002.png", "d/x1.png")]
    sets, refused = pagesets.find_page_sets(paths)
    assert [(page_set.folder.name, [part.name for part in page_set.parts]) for page_set in sets] == [
        ("c", ["Scan0001.PNG", "scan0002.png"])  # the base's case aside
    ]
    assert refused == []


# --- the batch's walk: a set is one input (nothing converted) ------------------------------------------------


def test_a_set_is_one_input_named_by_its_base(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    (folder / "numbers-only").mkdir(parents=True)
    for number in (2, 1, 10):
        (folder / f"decision-12_p{number}.png").write_bytes(blank_png((100 + number, 80)))
    (folder / "decision-12_p3.jpg").write_bytes(b"\xff\xd8\xff" + b"\0" * 64)  # another format: read alone
    (folder / "numbers-only" / "1.tif").write_bytes(b"II*\x00" + b"\0" * 64)
    (folder / "numbers-only" / "2.tif").write_bytes(b"II*\x00" + b"\1" * 64)
    (folder / "notes.txt").write_text("not a page", encoding="utf-8")
    inputs, hints = batch.find_inputs([folder], tmp_path / "out", join_pages=True)
    by_name = {item.name: item for item in inputs}
    assert sorted(by_name) == ["decision-12", "decision-12_p3", "notes", "numbers-only"]
    joined = by_name["decision-12"]
    assert [part.name for part in joined.parts] == ["decision-12_p1.png", "decision-12_p2.png", "decision-12_p10.png"]
    assert joined.path == joined.parts[0]
    assert joined.sha256 == hashlib.sha256(b"".join(part.read_bytes() for part in joined.parts)).hexdigest()
    assert joined.size == sum(part.stat().st_size for part in joined.parts)
    assert joined.format == "png"
    assert [part.name for part in by_name["numbers-only"].parts] == ["1.tif", "2.tif"]  # the folder names the pages
    assert by_name["decision-12_p3"].parts == ()
    assert hints == [
        f"{folder / 'decision-12_p3.jpg'}: a jpeg file among the png pages of 'decision-12': formats are never mixed"
        " in one document, read alone"
    ]
    # a part changed: the set's fingerprint changes, so a later run converts it again
    (folder / "decision-12_p2.png").write_bytes(blank_png((300, 80)))
    again = {item.name: item for item in batch.discover([folder], tmp_path / "out", join_pages=True)}
    assert again["decision-12"].sha256 != joined.sha256


def test_without_the_option_every_file_is_its_own_input_and_a_hint_names_the_series(tmp_path: Path) -> None:
    for number in (1, 2, 3):
        (tmp_path / f"scan{number:04d}.png").write_bytes(blank_png())
    inputs, hints = batch.find_inputs([tmp_path], tmp_path / "out")
    assert [(item.name, item.parts) for item in inputs] == [("scan0001", ()), ("scan0002", ()), ("scan0003", ())]
    assert hints == [
        f"{tmp_path / 'scan0001.png'} … scan0003.png: 3 png files look like pages of one document: --join-pages reads them as one"
    ]


# --- damaged and hostile parts: the whole set fails, the part named ------------------------------------------


def test_a_damaged_or_hostile_part_fails_the_set_naming_it() -> None:
    good = ("scan0001.png", blank_png())
    cases = [
        (("scan0002.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40), DamagedFileError, "scan0002.png: damaged image file"),
        (
            ("scan0002.png", png_declaring(60000, 60000)),
            HostileFileError,
            "scan0002.png: image declares more pixels than a scanned",
        ),
        (("scan0002.png", b"plain text, no image"), UnsupportedFormatError, "scan0002.png: not a TIFF, JPEG or PNG"),
        (("scan0002.png", b"   "), EmptyFileError, "scan0002.png: empty file"),
    ]
    for bad, error, message in cases:
        with pytest.raises(error) as raised:
            pages.parse_parts([good, bad])
        assert str(raised.value).startswith(message), str(raised.value)
        assert "\n" not in str(raised.value)


def test_a_missing_page_puts_the_document_in_review() -> None:
    assert "page_missing" in review.REVIEW_CODES
    warnings = pages.gap_warnings(["d_p1.tif", "d_p2.tif", "d_p5.tif", "d_p6.tif"], [1, 3, 4, 6])
    assert [(warning.code, warning.where.page) for warning in warnings] == [("page_missing", 4)]
    assert warnings[0].message.startswith("pages 3-4 of the numbering missing: no file between d_p2.tif and d_p5.tif")
    assert pages.gap_warnings(["d_p1.tif", "d_p2.tif"], [1, 2]) == []


def test_the_notes_name_each_file_with_the_pages_it_holds() -> None:
    notes = pages.files_notes(["d_p1.tif", "d_p2.tif", "d_p3.tif"], ["TIFF"], [1, 2, 5], 5)
    assert notes == (
        "3 TIFF files read as one scanned document of 5 pages, every page by OCR, in this order:",
        "d_p1.tif: page 1",
        "d_p2.tif: pages 2-4",  # a multi-page TIFF among the set
        "d_p3.tif: page 5",
    )


# --- the command line: hint, option, one line naming the damaged part (no OCR) ------------------------------


def test_cli_hints_without_the_option_and_names_the_damaged_part_with_it(tmp_path: Path) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "scan0001.png").write_bytes(blank_png())
    (folder / "scan0002.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    alone = subprocess.run([*EXTRACTOR, "convert", str(folder), "-o", str(tmp_path / "alone")],
                           capture_output=True, text=True, timeout=120)  # fmt: skip
    assert alone.returncode == 1
    assert (
        f"hint: {folder / 'scan0001.png'} … scan0002.png: 2 png files look like pages of one document:"
        " --join-pages reads them as one"
    ) in alone.stdout.splitlines()
    assert alone.stderr.count("error: ") == 2  # each page its own (failed) document
    joined = subprocess.run([*EXTRACTOR, "convert", str(folder), "-o", str(tmp_path / "joined"), "--join-pages"],
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert joined.returncode == 1
    (line,) = joined.stderr.splitlines()
    assert line.startswith(f"error: {folder / 'scan0001.png'}: scan0002.png: damaged image file")
    assert "hint:" not in joined.stdout
    rows = list(csv.DictReader((tmp_path / "joined" / "report.csv").open(encoding="utf-8")))
    assert [(row["document"], row["status"]) for row in rows] == [("scan", "failed")]


# --- OCR: the table cut over two files read as one ----------------------------------------------------------


def test_a_table_cut_over_two_files_is_one_document_and_is_resumed(tmp_path: Path, culture_pages: list[bytes]) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    names = ["culture-2021_p9.png", "culture-2021_p10.png"]  # by text p10 would come first and the table break
    for name, data in zip(names, culture_pages, strict=True):
        (folder / name).write_bytes(data)
    options = batch.Options(out_dir=tmp_path / "out", jobs=1, join_pages=True)
    summary = batch.convert_archive([folder], options)
    (result,) = summary.results
    assert (result.name, result.status, result.path.name) == ("culture-2021", "converted", names[0])
    assert result.sha256 == hashlib.sha256(b"".join(culture_pages)).hexdigest()
    document = json.loads((tmp_path / "out" / "culture-2021.json").read_text(encoding="utf-8"))
    records_exact(document)
    assert document["decision"]["identifier"] == scan_suite.identifier_of(DOCUMENT)
    by_id = {measure["id"]: measure for measure in document["measures"]}
    assert by_id["2.1"]["provenance"]["pages"] == [1, 2]  # the row cut by the page break, joined
    assert [by_id[child]["provenance"]["pages"] for child in ("2.1.1", "2.1.2", "2.3")] == [[2], [2], [2]]
    source = document["source"]
    assert (source["file"], source["pages"], source["format"]) == (names[0], 2, "pdf")
    assert source["notes"][:3] == [
        "2 PNG files read as one scanned document of 2 pages, every page by OCR, in this order:",
        "culture-2021_p9.png: page 1",
        "culture-2021_p10.png: page 2",
    ]
    assert source["notes"][3].startswith("page 1: culture-2021_p9.png, PNG image at 200 dpi; OCR")
    assert source["notes"][4].startswith("page 2: culture-2021_p10.png, PNG image at 200 dpi; OCR")
    assert "page_missing" not in {warning["code"] for warning in document["warnings"]}

    again = batch.convert_archive([folder], options)
    assert [(r.name, r.status, r.unchanged) for r in again.results] == [("culture-2021", "unchanged", True)]


def test_a_set_with_a_page_missing_is_read_on_dask_and_needs_review(tmp_path: Path, culture_pages: list[bytes]) -> None:
    import distributed

    folder = tmp_path / "archive"
    folder.mkdir()
    for name, data in zip(["culture-2021 стор.1.png", "culture-2021 стор.3.png"], culture_pages, strict=True):
        (folder / name).write_bytes(data)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        options = batch.Options(out_dir=tmp_path / "out", scheduler=cluster.scheduler_address, join_pages=True)
        summary = batch.convert_archive([folder], options)
    (result,) = summary.results
    assert (result.name, result.status, result.reason) == ("culture-2021", "needs_review", "page_missing")
    document = json.loads((tmp_path / "out" / "culture-2021.json").read_text(encoding="utf-8"))
    records_exact(document)  # what the pages hold is read all the same
    (gap,) = [warning for warning in document["warnings"] if warning["code"] == "page_missing"]
    assert gap["where"]["page"] == 2
    assert gap["message"].startswith(
        "page 2 of the numbering missing: no file between culture-2021 стор.1.png and culture-2021 стор.3.png"
    )
    report = (tmp_path / "out" / "report.csv").read_text(encoding="utf-8")
    assert ",culture-2021,needs_review,page_missing,png," in report
