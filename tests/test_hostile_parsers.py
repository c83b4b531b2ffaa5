"""Issue 13: converters and parsers fenced in: no network, no process or folder left, bounds said, never silent.

LibreOffice with a linked image and section on a loopback listener, a worker
killed at ``--timeout`` in the middle of a conversion, HTML nested past the
parser's depth, declared sizes in DOCX and XLSX, DTDs anywhere in any XML part,
format detection on damaged zip directories, and the ``needs_review`` status.
"""

from __future__ import annotations

import ast
import io
import os
import random
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from extractor import guards, pipeline, review
from extractor.errors import ExtractorError, HostileFileError
from extractor.parsers import detect_format, html, office, parse_bytes, xlsx, zip_format

from .conftest import ROOT, SEED_DOCX, SEED_TEXT
from .test_hostile import EXTRACTOR, Listener, lingering, make_hostile, report_rows, run

# --- LibreOffice -------------------------------------------------------------------------


def converted_with(port: int) -> bytes:
    return office.convert_to_docx(make_hostile.remote_odt(port), "odt")


@pytest.mark.parametrize("settings", ["profile", "none"])
def test_libreoffice_fetches_nothing_with_its_profile_even_with_the_network_there(monkeypatch, settings):
    """Without the network namespace the profile alone must hold; without both, the listener sees LibreOffice."""
    monkeypatch.setattr(office, "network_jail", lambda: ())
    if settings == "none":
        monkeypatch.setattr(office, "PROFILE_SETTINGS", [])
    listener = Listener()
    try:
        converted = converted_with(listener.port)
        time.sleep(0.5)
    finally:
        listener.close()
    assert zipfile.ZipFile(io.BytesIO(converted)).read("word/document.xml")
    if settings == "profile":
        assert listener.connections == []
    else:  # the control: the listener does see a LibreOffice that is not fenced in
        assert any(b"LibreOffice" in request for request in listener.connections), listener.connections


def test_libreoffice_runs_without_a_network_where_the_system_allows_it():
    jail = office.network_jail()
    if jail:
        probe = subprocess.run([*jail, "cat", "/proc/net/dev"], capture_output=True, text=True, check=True)
        interfaces = [line.split(":")[0].strip() for line in probe.stdout.splitlines()[2:]]
        assert interfaces == ["lo"], "only a loopback device, and that one down"
    else:
        assert subprocess.run(["unshare", "--user", "--map-root-user", "--net", "true"], capture_output=True).returncode


def test_a_tool_in_its_own_process_group_is_ended_whole_on_timeout(tmp_path):
    with pytest.raises(subprocess.TimeoutExpired):
        office.run_fenced(["sh", "-c", "sleep 60 & echo $! > child.pid; wait"], tmp_path, timeout=0.5)
    child = int((tmp_path / "child.pid").read_text())
    deadline = time.monotonic() + 5
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(child), "the grandchild was ended with its group"


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")


def test_a_worker_killed_at_timeout_leaves_no_libreoffice_and_no_temporary_folder(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "decision.odt").write_bytes((ROOT / "tests" / "data" / "odt" / "decision-1911.odt").read_bytes())
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    out = tmp_path / "out"
    # LibreOffice may convert the file within the limit on a fast or warm machine: a launcher in front of it starts
    # the real soffice and then waits in its process group, so the time is always up while the group is alive
    launcher = tmp_path / "bin" / "soffice"
    launcher.parent.mkdir()
    launcher.write_text(f'#!/bin/sh\n"{shutil.which("soffice")}" "$@" &\nsleep 60\n', "utf-8")
    launcher.chmod(0o755)
    environment = {**os.environ, "TMPDIR": str(temporary), "PATH": f"{launcher.parent}{os.pathsep}{os.environ['PATH']}"}
    process = subprocess.Popen(
        [*EXTRACTOR, "convert", str(tmp_path / "in"), "-o", str(out), "--timeout", "1.5"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment,
    )
    seen = False
    while process.poll() is None:
        seen = seen or any("soffice" in command for command in lingering(str(tmp_path)))
        time.sleep(0.02)
    _, errors = process.communicate()
    assert seen, "LibreOffice was running when the time was up"
    assert process.returncode == 1 and errors.strip() == f"error: {tmp_path / 'in' / 'decision.odt'}: time limit exceeded (1.5 s)"
    deadline = time.monotonic() + 5
    while lingering(str(tmp_path)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert lingering(str(tmp_path)) == [], "no orphan soffice"
    assert list(temporary.iterdir()) == []
    assert not [path for path in out.rglob("*") if "extractor-" in path.name or path.name == ".work"]


# --- HTML bounds -------------------------------------------------------------------------


def test_html_nested_past_the_parser_depth_is_an_error_and_within_it_is_read_whole():
    page = make_hostile.SAMPLE_HTML.read_text("utf-8")
    deep = make_hostile.nested_in_first_cell(page, "<span>", "</span>", 2000)  # past Python's recursion limit
    assert len(pipeline.render(deep.encode(), "deep.html").payload["measures"]) == 23
    deeper = make_hostile.nested_in_first_cell(page, "<b>", "</b>", 2100)
    with pytest.raises(HostileFileError, match="nested deeper than 2048 elements"):
        html.parse(deeper.encode(), "deeper.html", "0" * 64)


def test_an_html_span_past_the_bound_is_clipped_with_a_warning():
    page = "<table><tr><td>a</td><td colspan='100000'>b</td><td rowspan=\"300\">c</td></tr><tr><td>d</td></tr></table>"
    parsed = html.parse(page.encode(), "span.html", "0" * 64)
    assert len(parsed.tables[0].rows[0].cells) == 1 + html.MAX_SPAN + 1
    assert [(warning.code, warning.where.row) for warning in parsed.warnings] == [("span_clipped", 1), ("span_clipped", 1)]


def test_an_html_table_past_the_cell_bound_is_an_error(monkeypatch):
    monkeypatch.setattr(html, "MAX_TABLE_CELLS", 1000)
    page = "<table>" + "<tr><td colspan='50'>x</td></tr>" * 21 + "</table>"
    with pytest.raises(HostileFileError, match="more than 1000 grid cells"):
        html.parse(page.encode(), "wide.html", "0" * 64)


# --- declared sizes and DTDs -----------------------------------------------------------------


def test_a_docx_row_declaring_a_huge_grid_before_its_cells_is_refused_before_allocation():
    row = re.compile(r"<w:tr(?:\s[^>]*)?>")
    data = make_hostile.replaced(
        SEED_DOCX, "word/document.xml",
        lambda xml: row.sub(lambda match: match[0] + '<w:trPr><w:gridBefore w:val="90000000"/></w:trPr>', xml, count=1),
    )
    started = time.monotonic()
    with pytest.raises(HostileFileError, match=r"declares 9000000\d grid columns \(limit 512\)"):
        pipeline.render(data, "before.docx")
    assert time.monotonic() - started < 10


def test_an_xlsx_styled_cell_far_away_costs_one_cell():
    data = make_hostile.sheet_edit(
        lambda xml: xml.replace("</sheetData>", '<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>')
    )
    started = time.monotonic()
    payload = pipeline.render(data, "far.xlsx").payload
    assert time.monotonic() - started < 10
    assert payload == pipeline.render(make_hostile.SAMPLE_XLSX.read_bytes(), "far.xlsx").payload | {
        "source": payload["source"]
    }


def test_xlsx_declared_sizes_are_checked_before_openpyxl(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_CELLS", 100)
    with pytest.raises(HostileFileError, match="declares more than 100 cells"):
        xlsx.check_declared_sizes(make_hostile.SAMPLE_XLSX.read_bytes())


@pytest.mark.parametrize(
    ("part", "content"),
    [
        ("word/document.xml", None),  # the DTD after a 5 KB comment (make_hostile.late_doctype)
        ("customXml/item9.xml", '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'),
        ("word/glossary.bin", '<?xml version="1.0"?>' + " " * 70_000 + '<!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>'),
    ],
)
def test_a_dtd_anywhere_in_any_xml_part_is_refused(part, content):
    if content is None:
        data = make_hostile.late_doctype()
    else:
        encoded = content.encode("utf-16") if "UTF-16" in content else content.encode()
        data = make_hostile.zip_bytes([*make_hostile.entries_of(SEED_DOCX), (part, encoded)])
    with pytest.raises(HostileFileError, match=f"part '{part}' declares a DTD"):
        guards.check_containers(data, "docx")


def test_format_detection_never_raises_on_a_damaged_zip_directory():
    data = SEED_DOCX.read_bytes()
    directory = data.index(b"PK\x01\x02")
    rng = random.Random(13)
    kinds = set()
    for _ in range(300):
        mutable = bytearray(data)
        for _ in range(rng.randrange(1, 6)):
            mutable[rng.randrange(directory, len(mutable))] = rng.randrange(256)
        damaged = bytes(mutable)
        kinds.add(detect_format(damaged))
        try:
            parse_bytes(damaged, "damaged.docx")
        except ExtractorError as error:
            assert "\n" not in str(error)
    assert {"docx", "damaged_zip"} <= kinds
    assert zip_format(data[: len(data) // 2]) == "damaged_zip"


# --- names, review, module layout ---------------------------------------------------------------


def test_output_names_are_safe_and_stable_for_any_bytes():
    cp1251 = os.fsdecode("рішення-Про".encode("cp1251"))
    assert guards.clean_component(cp1251) == "%F0%B3%F8%E5%ED%ED%FF-%CF%F0%EE"
    assert guards.path_text(cp1251) == "\\xf0\\xb3\\xf8\\xe5\\xed\\xed\\xff-\\xcf\\xf0\\xee"
    long_a, long_b = "я" * 150 + "a", "я" * 150 + "b"
    cut_a, cut_b = guards.clean_component(long_a), guards.clean_component(long_b)
    assert cut_a != cut_b and len(cut_a.encode()) <= guards.MAX_COMPONENT_BYTES
    assert guards.clean_component(long_a) == cut_a


def test_review_reasons_come_from_the_review_codes_only(reference):
    payload = {"warnings": [{"code": "measure_id_duplicate"}, {"code": "orphan_row"}, {"code": "measure_id_duplicate"}]}
    assert review.review_reasons(payload) == ("measure_id_duplicate (2)",)
    assert review.review_reasons(reference) == ()
    assert {"measure_id_duplicate", "total_mismatch", "measure_total_mismatch"} <= review.REVIEW_CODES


def test_a_document_in_doubt_is_needs_review_in_the_summary_and_report_and_exits_0(tmp_path):
    lines = SEED_TEXT.read_text("utf-8").split("\n")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "doubled.txt").write_text("\n".join([*lines[:18], lines[17], *lines[18:]]), encoding="utf-8")
    (folder / "good.txt").write_bytes(SEED_TEXT.read_bytes())
    out = tmp_path / "out"
    result = run("convert", folder, "-o", out)
    assert result.returncode == 0, result.stderr
    doubled = folder / "doubled.txt"
    assert f"needs review: {doubled} -> {out / 'doubled.json'} (24 measures," in result.stdout
    assert f"needs review: {doubled}: measure_id_duplicate\n" in result.stdout
    assert "converted 1, needs review 1, failed 0; warnings: measure_id_duplicate 1" in result.stdout
    rows = report_rows(out)
    assert (rows[str(doubled)]["status"], rows[str(doubled)]["reason"]) == ("needs_review", "measure_id_duplicate")
    assert rows[str(folder / "good.txt")]["status"] == "converted"
    again = run("convert", folder, "-o", out)
    assert again.returncode == 0
    assert report_rows(out)[str(doubled)]["reason"] == "measure_id_duplicate; unchanged since an earlier run"


def test_report_does_not_import_batch():
    """The report renders what batch decided: one direction only."""
    tree = ast.parse((ROOT / "extractor" / "report.py").read_text("utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not any(name and name.split(".")[-1] == "batch" for name in imported), imported
