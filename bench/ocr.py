"""OCR benchmark: seconds per page, and the share of funding records read exactly, on the scanned №1911 sample.

The reference is the DOCX sample's own extraction; a record is exact when its
measure id, year and amount (with its written decimals) are all the same.

    python bench/ocr.py [SCAN.pdf]
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.normalise import build_document  # noqa: E402
from extractor.parsers import ocr  # noqa: E402
from extractor.pipeline import extract  # noqa: E402

SCAN = ROOT / "samples" / "decision-1911-scan.pdf"
REFERENCE = ROOT / "samples" / "decision-1911.docx"


def main(scan: Path = SCAN) -> None:
    data = scan.read_bytes()
    ocr.require_tesseract()
    started = time.perf_counter()
    parsed = ocr.parse(data, scan.name, hashlib.sha256(data).hexdigest())
    wall = time.perf_counter() - started
    document = build_document(parsed)
    pages = parsed.pages or 1
    # One page at a time, for the time a page takes alone (the notes carry no timings: outputs stay reproducible).
    page_seconds = [page.seconds for page in ocr.read_pages(enumerate(ocr.render_pages(data), start=1))]

    def records(doc):  # type: ignore[no-untyped-def]
        return {(m.id, r.year, str(r.amount)) for m in doc.measures for r in m.funding}

    expected = records(extract(REFERENCE))
    got = records(document)
    exact = len(expected & got)
    print(f"scan: {scan.name}, {pages} pages, {ocr.workers()} worker(s) on {os.cpu_count()} CPU(s)")
    print(f"OCR seconds per page: {wall / pages:.2f} (wall clock, pages in parallel)")
    print(f"OCR seconds per page, one page alone: {sum(page_seconds) / len(page_seconds):.2f} (mean of per-page times)")
    print(f"funding records read exactly: {exact} of {len(expected)} ({exact / len(expected):.1%})")
    print(f"measures found: {len(document.measures)}; wrong or extra records: {len(got - expected)}")
    print(f"warnings: {len(document.warnings)} ({sum(w.code == 'ocr_low_confidence' for w in document.warnings)} unsure cells)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SCAN)
