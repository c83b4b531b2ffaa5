"""``make bench``: the whole PDF conversion against bare pdfplumber ``extract_tables``, at about 20 and 80+ pages.

Builds long decisions from the №1911 sample (its sections repeated, renumbered,
rendered by LibreOffice as ``make samples-pdf`` renders the sample) into
``bench/work/``: one of about 20 pages and one of 80 or more. On each, in one
run, alternating (bare, core, cli, cli on pdfplumber, bare, …) so that a busy
machine slows them alike, every run in a fresh Python process so that peak
memory (``ru_maxrss``, the worker's included) is that run's own:

* bare: pdfplumber's ``page.extract_tables()`` on every page, each page closed after;
* core: ``pipeline.render`` of the file in-process (parse, normalise, validate,
  JSON and CSV), both written;
* cli: the whole ``extractor convert`` through the CLI's entry point (its worker
  process, catalogue and combined tables included);
* cli on pdfplumber: the same with ``EXTRACTOR_PDF_BACKEND=pdfplumber`` (every
  page read by pdfplumber, as before pdfium).

Every run compiles nothing: Python's bytecode is kept in ``bench/work/pdf/pycache``
(``PYCACHE``), as an installed package keeps it, even where ``PYTHONDONTWRITEBYTECODE``
is set. Each way's clock starts after its imports (bare after ``import pdfplumber``, the
CLI after ``from extractor import cli``; the CLI's lazy imports of pdfium and
pdfminer fall inside it); the whole processes, start-up and every import
included on both sides, are printed too. Times are medians of ``REPEATS`` runs; the speed-up is bare's time over the
conversion's (target: the whole ``extractor convert`` at least 3x faster than
bare ``extract_tables``); peak memory is the largest of the runs (target: flat
in pages). Needs ``soffice`` (libreoffice-writer-nogui) and fonts-liberation.
Usage: ``python -m bench.pdf``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work" / "pdf"
REPEATS = 5
TARGET_PAGES = {"short": 20, "long": 80}
PAGES_PER_SECTION = 2.0  # the sample: 4 sections on 8 pages (12 pt)
# Compiled modules for the runs. Python compiles a module it has no bytecode for on every import, which an
# installed package never does (pip compiles it) and a checkout does only once; an environment with
# PYTHONDONTWRITEBYTECODE set would compile the whole package in every run (about 1 s at 25 pages).
PYCACHE = WORK / "pycache"

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


def environment(backend: str | None = None) -> dict[str, str]:
    """The runs' environment: Python's compiled modules kept as an installed package keeps them (see ``PYCACHE``)."""
    found = {**os.environ, "PYTHONPYCACHEPREFIX": str(PYCACHE), **({"EXTRACTOR_PDF_BACKEND": backend} if backend else {})}
    found.pop("PYTHONDONTWRITEBYTECODE", None)
    return found


def warm_up() -> None:
    """Compile every module the runs import once, untimed, into ``PYCACHE``."""
    script = "import pdfplumber, extractor.cli, extractor.parsers.pdf"
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT, env=environment())


def run(script: str, *args: str, backend: str | None = None) -> dict:
    """One run's figures; ``process_seconds`` is the whole process, Python's start-up and every import included."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True, cwd=ROOT, env=environment(backend)
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return {**figures, "process_seconds": time.perf_counter() - started}


def alternating(path: Path, name: str) -> dict[str, dict]:
    """Each way of reading ``path`` run ``REPEATS`` times, in turn; per way the median time and the largest peak."""
    ways = {
        "bare": (BARE, None, None),
        "core": (CONVERT_ONE, WORK / f"out-core-{name}", None),
        "cli": (PIPELINE, WORK / f"out-{name}", None),
        "cli-plumber": (PIPELINE, WORK / f"out-plumber-{name}", "pdfplumber"),
    }
    runs: dict[str, list[dict]] = {way: [] for way in ways}
    for _ in range(REPEATS):
        for way, (script, out, backend) in ways.items():
            arguments = [str(path)]
            if out is not None:  # a fresh output folder each time: convert skips files it has already converted
                shutil.rmtree(out, ignore_errors=True)
                arguments.append(str(out))
            figures = run(script, *arguments, backend=backend)
            if figures.get("exit", 0) != 0:
                raise RuntimeError(f"{way} failed on {path}")
            runs[way].append(figures)
    return {
        way: {
            "seconds": median(f["seconds"] for f in found),
            "process_seconds": median(f["process_seconds"] for f in found),
            "peak_mb": max(f["peak_mb"] for f in found),
        }
        for way, found in runs.items()
    }


def main() -> int:
    if shutil.which("soffice") is None:
        print("bench: soffice not found (apt-get install libreoffice-writer-nogui fonts-liberation)", file=sys.stderr)
        return 1
    WORK.mkdir(parents=True, exist_ok=True)
    warm_up()
    results = {}
    for name, pages_wanted in TARGET_PAGES.items():
        path = WORK / f"decision-long-{name}.pdf"
        if not path.exists():
            build_long_decision(round(pages_wanted / PAGES_PER_SECTION) + 1, path)
        pages = page_count(path)
        try:
            figures = alternating(path, name)
        except RuntimeError as error:
            print(f"bench: {error}", file=sys.stderr)
            return 1
        measures = len(json.loads((WORK / f"out-{name}" / f"{path.stem}.json").read_text(encoding="utf-8"))["measures"])
        results[name] = (pages, measures, figures)

    print(f"medians of {REPEATS} alternating runs, each in a fresh process; speed-up = bare s / conversion s")
    print("bare = pdfplumber extract_tables; core = pipeline.render in-process, JSON and CSV written;")
    print("cli = the whole extractor convert command (pdfium); cli-plumber = the same, every page read by pdfplumber")
    header = f"{'file':<6} {'pages':>5} {'measures':>8} | {'bare s':>6} {'MB':>4}"
    for way in ("core", "cli", "cli-plumber"):
        header += f" | {way + ' s':>13} {'x':>5} {'MB':>4}"
    print(header)
    for name, (pages, measures, figures) in results.items():
        bare = figures["bare"]
        row = f"{name:<6} {pages:>5} {measures:>8} | {bare['seconds']:>6.2f} {bare['peak_mb']:>4.0f}"
        for way in ("core", "cli", "cli-plumber"):
            mine = figures[way]
            row += f" | {mine['seconds']:>13.2f} {bare['seconds'] / mine['seconds']:>5.2f} {mine['peak_mb']:>4.0f}"
        print(row)
    for pages, _, figures in results.values():
        cli, bare = figures["cli"], figures["bare"]
        print(
            f"{pages} pages: extractor convert {bare['seconds'] / cli['seconds']:.2f}x faster than bare extract_tables "
            f"(target >= 3x), {pages / cli['seconds']:.0f} pages/s, peak {cli['peak_mb']:.0f} MB "
            f"(bare {bare['peak_mb']:.0f} MB)"
        )
    print("whole processes, each side's Python start-up and imports included (bare's `import pdfplumber` too):")
    for pages, _, figures in results.values():
        cli, bare = figures["cli"], figures["bare"]
        print(
            f"{pages} pages: bare {bare['process_seconds']:.2f} s, extractor convert {cli['process_seconds']:.2f} s: "
            f"{bare['process_seconds'] / cli['process_seconds']:.2f}x"
        )
    (short_pages, _, short), (long_pages, _, long) = results["short"], results["long"]
    print(
        f"peak memory {short['cli']['peak_mb']:.0f} -> {long['cli']['peak_mb']:.0f} MB "
        f"from {short_pages} to {long_pages} pages (target: flat)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
