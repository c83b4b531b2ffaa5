"""Build the hostile archive: one folder of files that try to abort, stall, leak or silently truncate a batch run.

    python tools/make_hostile.py OUT_FOLDER [--port 8765]

Every case is made from the repository's own documents (the samples and
``tests/data``) by a fixed recipe, so two builds are byte-identical. Each
``Case`` says, as a person reading the file would, what a run must make of it:
``converted`` with the sample's 23 measures and 57 funding records, ``failed``
with a reason holding ``reason``, ``skipped`` with its reason, or ``None``
where only "no crash, one line" can be asked (randomly damaged files).

The folder is built where it is needed (``tests/test_hostile.py`` builds it in
a temporary folder) rather than committed: two names are not UTF-8 (cp1251
bytes from an old Windows machine), which git checkouts and some file systems
cannot hold, and three files are over 1 MB on purpose (a healthy DOCX over
1 MiB without a suffix, 200 000 nested ``<div>``).

``port``: where linked images and sections of the ``.odt`` point
(``http://127.0.0.1:PORT/…``); a test listens there and must see nothing.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import struct
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_TEXT = ROOT / "samples" / "decision-1911.txt"
SAMPLE_DOCX = ROOT / "samples" / "decision-1911.docx"
SAMPLE_PDF = ROOT / "samples" / "decision-1911.pdf"
SAMPLE_HTML = ROOT / "tests" / "data" / "html" / "decision-1911.html"
SAMPLE_ODT = ROOT / "tests" / "data" / "odt" / "decision-1911.odt"
SAMPLE_XLSX = ROOT / "tests" / "data" / "xlsx" / "sport-2021.xlsx"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
DEFAULT_PORT = 8765


@dataclass(frozen=True)
class Case:
    """One file of the hostile archive and what a run must make of it."""

    name: bytes  # the file's name as the file system holds it (not always UTF-8), relative to the folder
    content: bytes | None  # None for a folder
    status: str | None  # converted | failed | skipped, or None: either a document or one clear failure
    reason: str = ""  # a fragment the one-line reason must hold
    sample: str | None = None  # for converted cases: the sample whose extraction it must equal (measures, funding)

    @property
    def text_name(self) -> str:
        return os.fsdecode(self.name)


# --- building blocks ---------------------------------------------------------------


def zip_bytes(entries: list[tuple[str, bytes]], stored: frozenset[str] = frozenset()) -> bytes:
    """A zip with fixed timestamps, so a rebuild is byte-identical."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries:
            method = zipfile.ZIP_STORED if name in stored or name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name, date_time=FIXED_TIME), content, method)
    return buffer.getvalue()


def entries_of(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def replaced(path: Path, part: str, edit: Callable[[str], str]) -> bytes:
    """The zip container at ``path`` with one XML part edited."""
    return zip_bytes([(name, edit(content.decode("utf-8")).encode("utf-8") if name == part else content)
                      for name, content in entries_of(path)])


def first_cell_properties(xml: str, markup: str) -> str:
    """``markup`` put in the first ``<w:tcPr>`` of a DOCX body."""
    position = xml.index("<w:tcPr>") + len("<w:tcPr>")
    return xml[:position] + markup + xml[position:]


def version_needed(data: bytes, version: int) -> bytes:
    """``data`` with the first central-directory header saying it needs zip version ``version / 10``."""
    header = data.index(b"PK\x01\x02")
    return data[: header + 6] + struct.pack("<H", version) + data[header + 8 :]


def sheet_edit(edit: Callable[[str], str]) -> bytes:
    return replaced(SAMPLE_XLSX, "xl/worksheets/sheet1.xml", edit)


def with_shared_strings(declared: int) -> bytes:
    table = f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{declared}"' \
            f' uniqueCount="{declared}"><si><t>x</t></si></sst>'
    return zip_bytes([*entries_of(SAMPLE_XLSX), ("xl/sharedStrings.xml", table.encode())])


def late_doctype() -> bytes:
    """The sample DOCX with a DTD after a 5 KB comment: past the first 4 KiB of its document part."""

    def edit(xml: str) -> str:
        end = xml.index("?>") + 2
        return xml[:end] + "<!--" + "x" * 5000 + '--><!DOCTYPE w:document [<!ENTITY late "late">]>' + xml[end:]

    return replaced(SAMPLE_DOCX, "word/document.xml", edit)


def external_entity(secret: Path) -> bytes:
    def edit(xml: str) -> str:
        end = xml.index("?>") + 2
        xml = xml[:end] + f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>' + xml[end:]
        return xml.replace("<w:t>", "<w:t>&xxe;", 1)

    return replaced(SAMPLE_DOCX, "word/document.xml", edit)


def zip_bomb() -> bytes:
    """A "DOCX" whose document part inflates 1000:1 (50 MiB of zeros)."""
    return zip_bytes([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", bytes(50 * 1024 * 1024))])


def many_entries(count: int) -> bytes:
    return zip_bytes([*entries_of(SAMPLE_DOCX), *((f"customXml/item{n}.bin", b"") for n in range(count))])


def large_docx() -> bytes:
    """A healthy DOCX over 1 MiB: the sample with 1.2 MiB of incompressible media nothing refers to."""
    noise = random.Random(1911).randbytes(1_200_000)
    return zip_bytes([*entries_of(SAMPLE_DOCX), ("word/media/scan.bin", noise)], stored=frozenset({"word/media/scan.bin"}))


def nested_in_first_cell(html: str, opening: str, closing: str, depth: int) -> str:
    """The page with ``depth`` nested elements around the content of the first cell of its first data row."""
    first_row = html.index("<tr", html.index("<tr") + 1)
    start = html.index(">", html.index("<td", first_row)) + 1
    end = html.index("</td>", start)
    return html[:start] + opening * depth + html[start:end] + closing * depth + html[end:]


def deep_before_table(html: str, depth: int) -> str:
    """The page with ``depth`` nested ``<div>`` (never closed) before its table."""
    table = html.index("<table")
    return html[:table] + "<div>" * depth + html[table:]


def remote_odt(port: int) -> bytes:
    """The .odt sample with an image and a section linked to a web server on this machine."""
    url = f"http://127.0.0.1:{port}"

    def edit(xml: str) -> str:
        body = xml.index("<office:text")
        body = xml.index(">", body) + 1
        linked = (
            '<text:p><draw:frame draw:name="remote" svg:width="1cm" svg:height="1cm" text:anchor-type="as-char">'
            f'<draw:image xlink:href="{url}/logo.png" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/>'
            '</draw:frame></text:p>'
            f'<text:section text:name="linked"><text:section-source xlink:href="{url}/section.odt" xlink:type="simple"/>'
            "</text:section>"
        )
        return xml[:body] + linked + xml[body:]

    return replaced(SAMPLE_ODT, "content.xml", edit)


def flipped(data: bytes, seed: int, flips: int) -> bytes:
    """``data`` with ``flips`` random bytes replaced (the way a bad disk damages a file)."""
    rng = random.Random(seed)
    mutable = bytearray(data)
    for _ in range(flips):
        mutable[rng.randrange(len(mutable))] = rng.randrange(256)
    return bytes(mutable)


def wiped(data: bytes, seed: int) -> bytes:
    start = random.Random(seed).randrange(len(data))
    return data[:start] + b"\x00" * min(4096, len(data) - start) + data[start + 4096 :]


def long_name() -> bytes:
    """A 245-byte file name (Cyrillic, two bytes a letter): its temporary name would pass 255 bytes."""
    stem = ("рішення про програму " * 12).encode("utf-8")[:241].decode("utf-8", "ignore").strip()
    return (stem + ".txt").encode("utf-8")


# --- the archive ---------------------------------------------------------------------


def cases(port: int = DEFAULT_PORT, secret: Path | None = None) -> list[Case]:
    """Every case, in a fixed order; ``secret`` is the file the external entity names (never to be read)."""
    docx = SAMPLE_DOCX.read_bytes()
    text = SAMPLE_TEXT.read_bytes()
    pdf = SAMPLE_PDF.read_bytes()
    html = SAMPLE_HTML.read_text(encoding="utf-8")
    xlsx = SAMPLE_XLSX.read_bytes()
    secret = secret or Path("/etc/hostname")
    return [
        # good files, converted exactly whatever their name, size or markup
        Case(b"decision-1911.txt", text, "converted", sample="decision-1911.txt"),
        Case(b"decision-1911.docx", docx, "converted", sample="decision-1911.docx"),
        Case("b-Про.docx".encode("cp1251"), docx, "converted", sample="decision-1911.docx"),
        Case(long_name(), text, "converted", sample="decision-1911.txt"),
        Case(b"decision-large", large_docx(), "converted", sample="decision-1911.docx"),
        Case(b"b.csv", docx, "converted", sample="decision-1911.docx"),
        Case(b"nested-spans.html", nested_in_first_cell(html, "<span>", "</span>", 300).encode(), "converted",
             sample="decision-1911.docx"),
        Case(b"linked-image.odt", remote_odt(port), "converted", sample="decision-1911.docx"),
        # files that must fail alone, each with one clear line
        Case(b"zip-version-21.9.docx", version_needed(docx, 219), "failed", "zip file version 21.9"),
        Case("зламаний-Про.docx".encode("cp1251"), docx[: len(docx) // 2], "failed", "damaged DOCX"),
        Case(b"deep-divs.html", deep_before_table(html, 200_000).encode(), "failed", "nested deeper than 2048"),
        Case(b"gridspan-50000000.docx",
             replaced(SAMPLE_DOCX, "word/document.xml", lambda xml: first_cell_properties(xml, '<w:gridSpan w:val="50000000"/>')),
             "failed", "grid columns (limit 512)"),
        Case(b"gridspan-100000.docx",
             replaced(SAMPLE_DOCX, "word/document.xml", lambda xml: first_cell_properties(xml, '<w:gridSpan w:val="100000"/>')),
             "failed", "grid columns (limit 512)"),
        Case(b"far-cell.xlsx",
             sheet_edit(lambda xml: xml.replace(
                 "</sheetData>", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')),
             "failed", "XFD1048576"),
        Case(b"merged-sheet.xlsx",
             sheet_edit(lambda xml: xml.replace("</mergeCells>", '<mergeCell ref="A30:XFD1048576"/></mergeCells>')),
             "failed", "declares more than"),
        Case(b"shared-strings.xlsx", with_shared_strings(100_000_000), "failed", "shared strings"),
        Case(b"late-dtd.docx", late_doctype(), "failed", "declares a DTD"),
        Case(b"external-entity.docx", external_entity(secret), "failed", "declares a DTD"),
        Case(b"zip-bomb.docx", zip_bomb(), "failed", "zip bomb"),
        Case(b"many-entries.docx", many_entries(2_100), "failed", "entries (limit 2000)"),
        Case(b"empty.docx", b"", "failed", "empty file"),
        Case(b"truncated.docx", docx[: len(docx) * 2 // 3], "failed", "damaged DOCX"),
        # damaged as archives damage files: a document or one clear failure, nothing else asked
        Case(b"flipped.pdf", flipped(pdf, 1, 30), None),  # pdfminer prints warnings on it: they go to the log
        Case(b"flipped.txt", flipped(text, 2, 40), None),
        Case(b"wiped.xlsx", wiped(xlsx, 3), None),
        Case(b"wiped.docx", wiped(docx, 4), None),
        # files a folder walk passes over, each listed with its reason
        Case(b"..%2f..%2fescape.docx", docx, "skipped", "hidden file"),
        Case(b".~lock.decision-1911.docx#", b",someone,host,01.01.2024 10:00,file:///home/someone;", "skipped",
             "LibreOffice lock file"),
        Case(b"~$cision-1911.docx", b"\x08someone" + bytes(154), "skipped", "Office owner file"),
        Case(b".git", None, "skipped", "hidden folder"),
        Case(b"notes.md", "Нотатки архіваріуса.\n".encode(), "skipped", "not a decision"),
    ]


def build(folder: Path, port: int = DEFAULT_PORT, secret: Path | None = None) -> list[Case]:
    """Write every case into ``folder`` (created); the cases, for the caller to check a run against."""
    built = cases(port, secret)
    os.makedirs(folder, exist_ok=True)
    root = os.fsencode(folder)
    for case in built:
        target = os.path.join(root, case.name)
        if case.content is None:
            os.makedirs(target, exist_ok=True)
            with open(os.path.join(target, b"config"), "wb") as stream:
                stream.write(b"[core]\n\tbare = false\n")
            continue
        with open(target, "wb") as stream:
            stream.write(case.content)
    return built


# --- the mutation fuzzer --------------------------------------------------------------

# The samples mutants are made from: each format the batch reads without LibreOffice (the office formats take
# seconds a file to convert; their bytes reach LibreOffice only after the same zip and DTD checks as DOCX).
# A PDF costs five times what the others do (pdfplumber, OCR of a page whose text layer the damage broke), an XLSX
# three times (openpyxl): one round of twenty mutants holds five of text, DOCX and HTML, three of XLSX, two of PDF.
FUZZ_ROUND = (
    *(SAMPLE_TEXT, SAMPLE_DOCX, SAMPLE_HTML) * 5,
    *(SAMPLE_XLSX,) * 3,
    *(SAMPLE_PDF,) * 2,
)
# Numbers worth putting where a document declares a size: spans, counts, references.
HOSTILE_NUMBERS = ("0", "-1", "65536", "2147483648", "99999999999999999999", "1e308", "NaN", "")
DECLARED = re.compile(rb'(?P<name>gridSpan w:val|colspan|rowspan|r|ref|count|uniqueCount|w:w|Length|Size)(?P<eq>=["\']?|\s+)'
                      rb'(?P<value>[-\w.:]+)')


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """One of the ways archives and hostile hands damage bytes: cut, flipped, wiped, repeated, spliced."""
    kind = rng.randrange(6)
    if kind == 0:
        return data[: rng.randrange(1, len(data))]
    if kind == 1:
        return flipped(data, rng.randrange(1 << 30), rng.randrange(1, 40))
    if kind == 2:
        return wiped(data, rng.randrange(1 << 30))
    start = rng.randrange(len(data))
    length = rng.randrange(1, min(4096, len(data) - start) + 1)
    if kind == 3:
        return data[:start] + data[start : start + length] * rng.randrange(2, 50) + data[start:]
    if kind == 4:
        return data[:start] + data[start + length :]
    return declared_sizes(data, rng)


def declared_sizes(data: bytes, rng: random.Random) -> bytes:
    """Declared sizes and references (spans, cell refs, counts, stream lengths) replaced by hostile numbers."""
    matches = list(DECLARED.finditer(data))
    if not matches:
        return flipped(data, rng.randrange(1 << 30), 8)
    chosen = rng.sample(matches, min(len(matches), rng.randrange(1, 6)))
    for match in sorted(chosen, key=lambda found: found.start(), reverse=True):
        # the matches were found in the original: replace from the end, so earlier offsets stay right
        data = data[: match.start("value")] + rng.choice(HOSTILE_NUMBERS).encode() + data[match.end("value") :]
    return data


def mutate_container(data: bytes, rng: random.Random) -> bytes:
    """A zip container with one inflated part mutated and the container rebuilt (the damage reaches the XML)."""
    entries = [(info.filename, content) for info, content in _zip_entries(data)]
    index = rng.randrange(len(entries))
    name, content = entries[index]
    if name.endswith(".xml") and rng.random() < 0.5:
        content = nested_markup(content, rng)
    elif content:
        content = mutate_bytes(content, rng)
    entries[index] = (name, content)
    return zip_bytes(entries)


def _zip_entries(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def nested_markup(content: bytes, rng: random.Random) -> bytes:
    """Markup with a run of nested elements or a long run of empty ones put at a random tag boundary."""
    boundaries = [match.start() for match in re.finditer(rb"<(?![/?!])", content)]
    if not boundaries:
        return content
    at = rng.choice(boundaries)
    depth = rng.choice((50, 300, 2500))
    tag = rng.choice((b"span", b"div", b"w:r", b"p", b"td"))
    inserted = (b"<" + tag + b">") * depth + (b"</" + tag + b">") * depth
    return content[:at] + inserted + content[at:]


def mutants(count: int, seed: int = 1313) -> list[tuple[bytes, bytes]]:
    """``count`` mutants of the samples as (file name, bytes), the same for the same seed."""
    rng = random.Random(seed)
    contents = {path: path.read_bytes() for path in set(FUZZ_ROUND)}
    made: list[tuple[bytes, bytes]] = []
    seen: set[bytes] = set()
    for number in range(count):
        path = FUZZ_ROUND[number % len(FUZZ_ROUND)]
        data = contents[path]
        if data.startswith(b"PK") and rng.random() < 0.6:
            content = mutate_container(data, rng)
        elif path.suffix in (".html", ".txt") and rng.random() < 0.3:
            content = nested_markup(data, rng)
        else:
            content = mutate_bytes(data, rng)
        while content == data or content in seen:  # a mutation that changed nothing (no tag to nest at, …)
            content = mutate_bytes(content, rng)
        seen.add(content)
        made.append((f"mutant-{number:03d}{path.suffix}".encode(), content))
    return made


def build_mutants(folder: Path, count: int, seed: int = 1313) -> list[tuple[bytes, bytes]]:
    """Write ``mutants(count, seed)`` into ``folder``."""
    made = mutants(count, seed)
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in made:
        (folder / os.fsdecode(name)).write_bytes(content)
    return made


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--mutants", type=int, metavar="N", help="write N mutants of the samples instead (fixed seed)")
    args = parser.parse_args(argv)
    if args.mutants:
        build_mutants(args.folder, args.mutants)
        print(f"{args.mutants} mutants in {args.folder}")
        return 0
    built = build(args.folder, args.port)
    for case in built:
        print(f"{case.status or 'either':9} {os.fsdecode(case.name)!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
