"""Generated archives for the batch tests and ``make bench-batch``.

Good decisions are the samples of decision №1911 with other numbers: every
amount multiplied by a whole ``factor`` (so the decimals stay exact and the
"в т.ч." sub-items still fit their parents), another decision number and
date. What the extractor must find in them follows from the sample's own
extraction, so nothing here hard-codes an answer.

Bad files cover what an archive holds besides decisions: empty, truncated,
random bytes, text named .pdf, an encrypted PDF, a zip bomb, an XML external
entity, billion laughs, no table, broken HTML, and odd file names.
"""

from __future__ import annotations

import io
import random
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_TEXT = ROOT / "samples" / "decision-1911.txt"
SAMPLE_DOCX = ROOT / "samples" / "decision-1911.docx"

# A funding amount as the samples write it: "2017р.-34,0", "2019 р. – 18,00"
FUNDING_AMOUNT = regex.compile(r"(?P<year>20\d\d\s?р\.\s?[-–—]\s?)(?P<amount>\d+,\d+)")
NUMBER_AND_DATE = regex.compile(r"27\.08\.2020р\.№1911")
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Variant:
    """How a generated decision differs from the sample."""

    number: int
    factor: int
    day: int
    month: int

    @property
    def identifier(self) -> str:
        return f"{self.number}-2020-{self.month:02d}-{self.day:02d}"


def scaled(match: regex.Match[str], factor: int) -> str:
    amount = Decimal(match["amount"].replace(",", ".")) * factor
    return match["year"] + format(amount, "f").replace(".", ",")


def rewrite(text: str, variant: Variant) -> str:
    text = FUNDING_AMOUNT.sub(lambda match: scaled(match, variant.factor), text)
    return NUMBER_AND_DATE.sub(f"{variant.day:02d}.{variant.month:02d}.2020р.№{variant.number}", text)


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            archive.writestr(zipfile.ZipInfo(name, date_time=FIXED_TIME), content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def docx_with(document_xml: bytes) -> bytes:
    """The sample DOCX with another ``word/document.xml``."""
    with zipfile.ZipFile(SAMPLE_DOCX) as sample:
        entries = [(info.filename, sample.read(info)) for info in sample.infolist()]
    return zip_bytes([(name, document_xml if name == "word/document.xml" else content) for name, content in entries])


def sample_document_xml() -> str:
    with zipfile.ZipFile(SAMPLE_DOCX) as sample:
        return sample.read("word/document.xml").decode("utf-8")


def decision(kind: str, variant: Variant) -> bytes:
    """A generated decision: ``kind`` is ``text`` or ``docx``."""
    if kind == "text":
        return rewrite(SAMPLE_TEXT.read_text("utf-8"), variant).encode("utf-8")
    return docx_with(rewrite(sample_document_xml(), variant).encode("utf-8"))


def expected_funding(sample_payload: dict, factor: int) -> dict[str, list[tuple[int, str]]]:
    """Per measure id, the (year, amount) records a decision generated with ``factor`` must give."""
    return {
        measure["id"]: [(record["year"], format(Decimal(record["amount"]) * factor, "f")) for record in measure["funding"]]
        for measure in sample_payload["measures"]
    }


def funding_of(payload: dict) -> dict[str, list[tuple[int, str]]]:
    return {
        measure["id"]: [(record["year"], record["amount"]) for record in measure["funding"]] for measure in payload["measures"]
    }


# --- bad files ---------------------------------------------------------------------


def encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A "DOCX" whose document part inflates 1000:1 (50 MiB of zeros)."""
    return zip_bytes([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", bytes(50 * 1024 * 1024))])


def with_doctype(doctype: str, reference: str) -> bytes:
    """The sample DOCX with a DTD in its document part and ``reference`` in its first text run."""
    xml = sample_document_xml()
    declaration_end = xml.index("?>") + 2
    xml = xml[:declaration_end] + doctype + xml[declaration_end:]
    xml = xml.replace("<w:t>", f"<w:t>{reference}", 1)
    return docx_with(xml.encode("utf-8"))


def external_entity(secret: Path) -> bytes:
    return with_doctype(f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>', "&xxe;")


def billion_laughs() -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    return with_doctype(f"<!DOCTYPE w:document [{''.join(entities)}]>", "&lol9;")


def billion_laughs_xml() -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    return f'<?xml version="1.0"?><!DOCTYPE lolz [{"".join(entities)}]><lolz>&lol9;</lolz>'.encode()


def docx_without_table() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Рішення 40 сесії Коростенської міської ради VII скликання від 27.08.2020р.№1911")
    document.add_paragraph("Про затвердження звіту. Таблиці тут немає.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class BadFile:
    name: str
    content: bytes
    status: str  # failed | skipped
    reason: str  # a fragment the one-line reason must hold ("" where the parser decides)


def bad_files(secret: Path) -> list[BadFile]:
    sample_docx = SAMPLE_DOCX.read_bytes()
    noise = random.Random(4).randbytes(4096)
    return [
        BadFile("empty.txt", b"", "failed", "empty file"),
        BadFile("truncated.docx", sample_docx[: len(sample_docx) // 2], "failed", "damaged DOCX"),
        BadFile("random.docx", noise, "failed", "binary data"),
        BadFile("photo.bmp", noise, "skipped", "not a decision"),
        BadFile("scan.jpg", noise, "failed", "binary data"),  # named as a scan (read by OCR) but no image
        BadFile("text named.pdf", "Це лише текст, а не PDF.\n".encode(), "failed", "no table found"),
        BadFile("encrypted.pdf", encrypted_pdf(), "failed", "encrypted"),
        BadFile("zip bomb.docx", zip_bomb(), "failed", "zip bomb"),
        BadFile("external entity.docx", external_entity(secret), "failed", "DTD"),
        BadFile("billion laughs.docx", billion_laughs(), "failed", "DTD"),
        BadFile("billion laughs.xml", billion_laughs_xml(), "skipped", "not a decision"),
        BadFile("no table.docx", docx_without_table(), "failed", "no table found"),
        BadFile("broken.html", "<html><body><table><tr><td>1.</td><td>Захід".encode(), "failed", ""),
    ]


def variants(count: int, seed: int = 1911) -> list[Variant]:
    chooser = random.Random(seed)
    return [
        Variant(number=2000 + index, factor=chooser.randint(2, 9), day=chooser.randint(1, 28), month=chooser.randint(1, 12))
        for index in range(count)
    ]


def good_name(index: int, kind: str) -> str:
    """Odd but legal names: spaces, Cyrillic, ``..`` inside, a sub-folder per year-month."""
    suffix = ".txt" if kind == "text" else ".docx"
    names = [f"рішення №{index} (копія){suffix}", f"decision..{index}{suffix}", f"Рішення сесії {index}{suffix}"]
    return f"{2020 + index % 3}/{index % 12 + 1:02d}/{names[index % len(names)]}"


def build(folder: Path, count: int, secret: Path, with_bad: bool = True) -> dict[str, Variant]:
    """Write ``count`` generated decisions (and the bad files) under ``folder``; return the variant of each good file."""
    generated: dict[str, Variant] = {}
    for index, variant in enumerate(variants(count)):
        kind = "text" if index % 2 else "docx"
        relative = good_name(index, kind)
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(decision(kind, variant))
        generated[relative] = variant
    if with_bad:
        (folder / "bad").mkdir(parents=True, exist_ok=True)
        for bad in bad_files(secret):
            (folder / "bad" / bad.name).write_bytes(bad.content)
    return generated
