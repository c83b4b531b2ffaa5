"""OCR benchmark: seconds per page at each resolution, and the records each scan of the suite reads exactly.

The suite (``tests/data/scans/suite.json``) is every document scanned by every
profile of ``tools/degrade.py`` (made once, cached in a temporary folder), plus
the committed scans of №1911. Pages are read one at a time on one core
(``OMP_THREAD_LIMIT=1``, one page in flight), so "seconds per page" is what one
core spends on a page (OpenCV's threads are held to one too); a conversion reads ``workers()`` pages at once.
"cpu" is what the page cost its thread (Tesseract runs in it), which a busy machine does not inflate; "norm" is
the normaliser's time for the whole scan, amounts settled by the declared totals included. A record
is exact when its measure id, year, source, executor and amount (with its
written decimals) are all right; recall is the share of the expected records
read exactly, precision the share of the records read that are right.

    python -m bench.ocr [DOCUMENT@PROFILE …]
    python -m bench.ocr --seeds 1-8 [DOCUMENT@PROFILE | DOCUMENT …]

``--seeds`` is the seed sweep: each document by each profile made again with
other seeds of its damage (``Degradation.seed``: the noise, the dust, where a
stamp lands and how it is turned, the signature's stroke), the scans cached
in the temporary folder as the suite's are; it prints one line per scan and
how many read 98 % of their records or more.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

os.environ["OMP_THREAD_LIMIT"] = "1"  # before Tesseract first runs

import cv2  # noqa: E402

cv2.setNumThreads(1)  # OpenCV's own threads would lend the page a second core

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.export.json import document_dict  # noqa: E402
from extractor.parsers import ocr  # noqa: E402
from extractor.pipeline import normalised  # noqa: E402
from extractor.review import review_reasons  # noqa: E402
from tools import scan_suite  # noqa: E402

COMMITTED = [  # today's scans: the sample and the 11 pt rendering, read against the DOCX's extraction
    ("samples/decision-1911-scan.pdf", 200),
    ("tests/data/pdf/decision-1911-11pt-scan.pdf", 200),
]


def read(path: Path) -> tuple[dict, list[float], list[float], float]:
    """The scan's contract JSON, the seconds each page took (wall clock, and its thread's CPU), and the seconds the
    normaliser took (amounts read more than one way settled by the declared totals included)."""
    data = path.read_bytes()
    pages = ocr.read_pages(enumerate(ocr.render_pages(data), start=1), threads=1)
    parsed = ocr.document_from_pages(pages, path.name, hashlib.sha256(data).hexdigest())
    started = time.perf_counter()
    document = document_dict(normalised(parsed))
    return document, [page.seconds for page in pages], [page.cpu_seconds for page in pages], time.perf_counter() - started


def report(
    name: str, dpi: int, path: Path, expected: frozenset, measures: tuple[str, ...]
) -> tuple[list[float], list[float], float]:
    document, seconds, cpu, normalising = read(path)
    got = scan_suite.records_of_dict(document)
    exact, recall, precision = scan_suite.score(got, expected)
    ids = [measure["id"] for measure in document["measures"]]
    codes = [warning["code"] for warning in document["warnings"]]
    unsure = sum(code in ("ocr_digits_unsure", "ocr_low_confidence") for code in codes)
    review = ", ".join(review_reasons(document)) or "-"
    print(
        f"{name:28} {dpi:4} {len(seconds):3} {sum(seconds) / len(seconds):6.2f} {sum(cpu) / len(cpu):5.2f} {normalising:5.2f}"
        f" {exact:3}/{len(expected):<3} {recall:7.1%} {precision:7.1%}"
        f"  {'yes' if ids == list(measures) else 'no':3}  {unsure:3}  {review}"
    )
    return seconds, cpu, recall


def wanted(name: str, names: list[str]) -> bool:
    """Whether the scan ``DOCUMENT@PROFILE[#SEED]`` is among ``names`` (a scan's name, or a document's)."""
    return not names or any(name.split("#")[0] == item or name.split("@")[0] == item for item in names)


def seed_range(text: str) -> list[int]:
    """``1-8`` · ``3`` · ``1,4,7`` as seeds."""
    seeds: list[int] = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        seeds.extend(range(int(first), int(last or first) + 1))
    return seeds


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="scans (DOCUMENT@PROFILE) or documents to read; all by default")
    parser.add_argument("--seeds", type=seed_range, help="the seed sweep: these seeds of every profile (1-8, 3, 1,4)")
    args = parser.parse_args(argv)
    ocr.require_tesseract()
    print(f"Tesseract {ocr.require_tesseract()}, one page at a time on one core; {os.cpu_count()} CPU(s) on the machine")
    print(
        f"{'scan':28} {'dpi':>4} {'pp':>3} {'s/page':>6} {'cpu':>5} {'norm':>5} {'exact':>7} {'recall':>7} {'precis.':>7}"
        "  ids  uns  review"
    )
    per_dpi: dict[int, list[tuple[float, float]]] = defaultdict(list)
    recalls = []
    if args.seeds:
        scans = [
            (f"{scan.name}#{seed}", scan.degradation.dpi, replace(scan, degradation=replace(scan.degradation, seed=seed)))
            for seed in args.seeds
            for scan in scan_suite.all_scans()
        ]
        chosen = [(name, dpi, scan.path(), scan.expected, scan.measures) for name, dpi, scan in scans if wanted(name, args.names)]
    else:
        chosen = [
            (scan.name, scan.degradation.dpi, scan.path(), scan.expected, scan.measures)
            for scan in scan_suite.all_scans()
            if wanted(scan.name, args.names)
        ]
        reference, measures = scan_suite.expected_of("decision-1911")
        chosen += [
            (Path(relative).name, dpi, ROOT / relative, reference, measures)
            for relative, dpi in COMMITTED
            if wanted(Path(relative).name, args.names)
        ]
    for name, dpi, path, expected, ids in chosen:
        seconds, cpu, recall = report(name, dpi, path, expected, ids)
        per_dpi[dpi].extend(zip(seconds, cpu, strict=True))
        recalls.append((name, recall))
    print()
    for dpi, timings in sorted(per_dpi.items()):
        wall, cpu = [timing[0] for timing in timings], [timing[1] for timing in timings]
        print(
            f"{dpi} dpi: {sum(wall) / len(wall):.2f} s per page (mean of {len(wall)} pages, max {max(wall):.2f});"
            f" CPU {sum(cpu) / len(cpu):.2f} s per page (max {max(cpu):.2f})"
        )
    if recalls:
        worst = min(recalls, key=lambda item: item[1])
        at_target = sum(recall >= 0.98 for _, recall in recalls)
        print(f"lowest recall: {worst[1]:.1%} ({worst[0]}); {at_target} of {len(recalls)} scans at 98 % or more")


if __name__ == "__main__":
    main(sys.argv[1:])
