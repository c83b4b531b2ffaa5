"""``make bench``: the PDF pipeline's speed and memory on a long decision, against bare pdfplumber.

Builds long decisions from the №1911 sample (its sections repeated, renumbered,
rendered by LibreOffice as ``make samples-pdf`` renders the sample) into
``bench/work/``: one of about 20 pages and one of 80 or more. For each it runs,
every run in a fresh Python process so that peak memory (``ru_maxrss``) is that
run's own:

* bare pdfplumber: ``page.extract_tables()`` on every page, each page closed after;
* the whole ``extractor convert`` (parse, normalise, validate, JSON and CSV written),
  through the CLI's own entry point.

It reports pages per second, the pipeline/bare time ratio (target: within 1.2x),
and peak memory at both lengths (target: under 200 MB and flat). Best of
``REPEATS`` runs. Needs ``soffice`` (libreoffice-writer-nogui) and fonts-liberation.
Usage: ``python -m bench.pdf``.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work" / "pdf"
REPEATS = 3
TARGET_PAGES = {"short": 20, "long": 80}
PAGES_PER_SECTION = 2.0  # the sample: 4 sections on 8 pages (12 pt)

BARE = """
import json, resource, sys, time
import pdfplumber
start = time.perf_counter()
tables = 0
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        tables += len(page.extract_tables())
        page.close()
    pages = len(pdf.pages)
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "pages": pages, "tables": tables,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

# One document through parse → normalise → validate → JSON and CSV, in this process (no worker pool).
CONVERT_ONE = """
import json, resource, sys, time
from pathlib import Path
from extractor import pipeline
from extractor.export.files import write_atomically
start = time.perf_counter()
source, out = Path(sys.argv[1]), Path(sys.argv[2])
rendered = pipeline.render(source.read_bytes(), source.name)
write_atomically(out / f"{source.stem}.json", rendered.json_text)
write_atomically(out / f"{source.stem}.csv", rendered.csv_text)
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "exit": 0,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

# The whole command, through the CLI's entry point (its batch machinery included).
PIPELINE = """
import json, resource, sys, time
from extractor import cli
start = time.perf_counter()
code = cli.main(["convert", sys.argv[1], "-o", sys.argv[2], "-q"])
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "exit": code,
                  "peak_mb": max(resource.getrusage(who).ru_maxrss
                                 for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024}))
"""


def load_make_docx():
    spec = importlib.util.spec_from_file_location("make_docx", ROOT / "tools" / "make_docx.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def build_long_decision(sections: int, path: Path) -> Path:
    """The sample's sections repeated ``sections`` times in all, renumbered 1., 2., …; rendered to PDF."""
    make_docx = load_make_docx()
    original = make_docx.SECTIONS
    make_docx.SECTIONS = [
        (f"{index + 1}.", direction, measures)
        for index, (_, direction, measures) in enumerate(original[i % len(original)] for i in range(sections))
    ]
    with tempfile.TemporaryDirectory() as folder:
        docx_path = Path(folder) / f"{path.stem}.docx"
        make_docx.build(docx_path, repeat_header=True)
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", folder, str(docx_path)],
            check=True,
            capture_output=True,
        )
        shutil.move(Path(folder) / f"{path.stem}.pdf", path)
    return path


def page_count(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def run(script: str, *args: str) -> dict:
    result = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(result.stdout.strip().splitlines()[-1])


def best(script: str, *args: str, out: Path | None = None) -> dict:
    runs = []
    for _ in range(REPEATS):
        if out is not None:  # a fresh output folder each time: convert skips files it has already converted
            shutil.rmtree(out, ignore_errors=True)
        runs.append(run(script, *args, *([str(out)] if out is not None else [])))
    fastest = min(runs, key=lambda figures: figures["seconds"])
    fastest["peak_mb"] = max(figures["peak_mb"] for figures in runs)
    return fastest


def main() -> int:
    if shutil.which("soffice") is None:
        print("bench: soffice not found (apt-get install libreoffice-writer-nogui fonts-liberation)", file=sys.stderr)
        return 1
    WORK.mkdir(parents=True, exist_ok=True)
    results = {}
    for name, pages_wanted in TARGET_PAGES.items():
        path = WORK / f"decision-long-{name}.pdf"
        if not path.exists():
            build_long_decision(round(pages_wanted / PAGES_PER_SECTION) + 1, path)
        pages = page_count(path)
        bare = best(BARE, str(path))
        out = WORK / f"out-{name}"
        pipeline = best(PIPELINE, str(path), out=out)
        core = best(CONVERT_ONE, str(path), out=WORK / f"out-core-{name}")
        if pipeline["exit"] != 0 or core["exit"] != 0:
            print(f"bench: extractor convert failed on {path}", file=sys.stderr)
            return 1
        measures = len(json.loads((out / f"{path.stem}.json").read_text(encoding="utf-8"))["measures"])
        results[name] = (pages, measures, bare, pipeline, core)

    print("bare = pdfplumber extract_tables; core = pipeline.render of one file in-process, JSON and CSV written;")
    print("cli = the whole extractor convert command")
    print(f"{'file':<6} {'pages':>5} {'measures':>8} | {'bare s':>6} {'MB':>5} | {'core s':>6} {'p/s':>5} {'ratio':>5} {'MB':>5} "
          f"| {'cli s':>6} {'p/s':>5} {'ratio':>5} {'MB':>5}")  # fmt: skip
    for name, (pages, measures, bare, pipeline, core) in results.items():
        row = f"{name:<6} {pages:>5} {measures:>8} | {bare['seconds']:>6.2f} {bare['peak_mb']:>5.0f}"
        for figures in (core, pipeline):
            row += (
                f" | {figures['seconds']:>6.2f} {pages / figures['seconds']:>5.1f} "
                f"{figures['seconds'] / bare['seconds']:>5.2f} {figures['peak_mb']:>5.0f}"
            )
        print(row)
    short, long = results["short"], results["long"]
    print(
        f"at {long[0]} pages: core {long[4]['seconds'] / long[2]['seconds']:.2f}x, "
        f"cli {long[3]['seconds'] / long[2]['seconds']:.2f}x "
        f"bare extract_tables (target <= 1.2x); peak memory core {short[4]['peak_mb']:.0f} -> {long[4]['peak_mb']:.0f} MB, "
        f"cli {short[3]['peak_mb']:.0f} -> {long[3]['peak_mb']:.0f} MB from {short[0]} to {long[0]} pages (target < 200 MB, flat)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
