"""Build ``samples/decision-1911-scan.pdf``: the №1911 sample as a photocopier would give it.

The DOCX sample is rendered to PDF by LibreOffice (or ``samples/decision-1911.pdf``
is taken when it exists), its pages are rasterised at 200 dpi in grayscale by
``pdftoppm``, each page is turned by about a degree (a different angle per page,
as a sheet lies on the glass), mild noise is added, and the pages are stored as
JPEG images in a PDF with no text layer. Everything is seeded, so a rebuild gives
the same pixels.

Needs ``soffice`` (libreoffice-writer-nogui) and ``pdftoppm`` (poppler-utils)::

    python tools/make_scan.py [OUTPUT]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
DOCX = SAMPLES / "decision-1911.docx"
RENDERED_PDF = SAMPLES / "decision-1911.pdf"
OUTPUT = SAMPLES / "decision-1911-scan.pdf"

DPI = 200
# Degrees each page is turned by (counter-clockwise positive), cycled over the pages.
SKEW_DEGREES = (1.0, -0.8, 1.3, -1.1, 0.6, -1.4, 0.9, -0.5, 1.2)
NOISE_SIGMA = 7.0  # gray levels; mild, like a clean office copier
JPEG_QUALITY = 45
SEED = 1911


def rendered_pdf(workdir: Path) -> Path:
    """The text PDF of the sample: the committed one, or a fresh LibreOffice rendering."""
    if RENDERED_PDF.exists():
        return RENDERED_PDF
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("soffice not found: apt-get install libreoffice-writer-nogui")
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(workdir), str(DOCX)],
        check=True,
        capture_output=True,
    )
    return workdir / "decision-1911.pdf"


def rasterise(pdf: Path, workdir: Path) -> list[Path]:
    """Grayscale PNGs of every page at ``DPI``."""
    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm not found: apt-get install poppler-utils")
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(workdir / "page")], check=True)
    return sorted(workdir.glob("page-*.png"), key=lambda path: int(path.stem.split("-")[1]))


def scanned(page: Image.Image, degrees: float, rng: np.random.Generator) -> Image.Image:
    """Turn a clean page by ``degrees`` and add sensor noise."""
    turned = page.convert("L").rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=255)
    pixels = np.asarray(turned, dtype=np.float32)
    pixels += rng.normal(0.0, NOISE_SIGMA, pixels.shape).astype(np.float32)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")


def main(output: Path = OUTPUT) -> None:
    rng = np.random.default_rng(SEED)
    with tempfile.TemporaryDirectory() as temp:
        workdir = Path(temp)
        pages = [
            scanned(Image.open(path), SKEW_DEGREES[index % len(SKEW_DEGREES)], rng)
            for index, path in enumerate(rasterise(rendered_pdf(workdir), workdir))
        ]
    first, *rest = pages
    first.save(output, "PDF", save_all=True, append_images=rest, resolution=DPI, quality=JPEG_QUALITY)
    print(f"{output}: {len(pages)} pages, {output.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
