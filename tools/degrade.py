"""Turn a text PDF into a scan as an archive would hold it: deterministic, seeded, one profile per kind of damage.

Each page is rendered at the profile's resolution (pdfium, grayscale), then, in
the order a real sheet suffers them:

1. **stamp** — a round office stamp (two rings, lettering round the rim, a
   centre line) pressed over the first occurrence of each word the profile
   names (``фінансування`` puts it over the funding header, ``34,0`` over the
   amounts); mid-grey ink, multiplied in, so the print under it shows through;
2. **signature** — a pen scribble over the first occurrence of a word;
3. **bleed-through** — the next page mirrored (the back of the sheet), faint;
4. **grey paper** — white becomes the paper's tone, with uneven lighting across
   the sheet;
5. **skew** — the sheet turned on the glass (a different angle per page);
6. **blur and noise** — the scanner's optics and sensor; **speckle** (dust);
7. **JPEG** — each page stored as a grey JPEG at the profile's quality in a PDF
   with no text layer (Pillow), at the profile's resolution.

Every random choice comes from one ``numpy`` generator seeded by the profile's
seed and the page number, so a profile turns the same PDF into the same bytes
on every run. Profiles (``PROFILES``) name the suite's scans::

    python tools/degrade.py INPUT.pdf OUTPUT.pdf --profile stamp-300
    python tools/degrade.py INPUT.pdf OUTPUT.pdf --dpi 150 --skew 2 --skew -2 --jpeg 50 --paper 225
    python tools/degrade.py --list
"""

from __future__ import annotations

import argparse
import hashlib
import io
import math
import os
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

POINTS_PER_INCH = 72
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")  # fonts-dejavu-core
STAMP_DIAMETER_MM = 40.0  # an office stamp: 40-45 mm across
STAMP_INK = 95  # grey level of the stamp's ink (a violet or blue stamp on a grey scan)
STAMP_LETTERING = "ВИКОНАВЧИЙ КОМІТЕТ * МІСЬКА РАДА * ЗАГАЛЬНИЙ ВІДДІЛ * "


@dataclass(frozen=True)
class Degradation:
    """How one scan is spoiled; every field has a harmless default."""

    dpi: int = 200
    skew: tuple[float, ...] = (0.0,)  # degrees counter-clockwise, cycled over the pages
    jpeg_quality: int = 75
    noise: float = 0.0  # sensor noise, standard deviation in grey levels
    paper: int = 255  # the paper's grey level (white is 255)
    lighting: float = 0.0  # how much darker one edge of the sheet is than the other (grey levels)
    blur: float = 0.0  # Gaussian blur radius in pixels at 300 dpi (scaled with the resolution)
    speckle: float = 0.0  # share of the page's pixels that are dust specks
    bleed: float = 0.0  # opacity of the back page's ink showing through (0-1)
    stamps: tuple[str, ...] = ()  # words (first occurrence in the document) to press a round stamp over
    signatures: tuple[str, ...] = ()  # words (first occurrence) to scribble a signature over
    seed: int = 2024

    def describe(self) -> str:
        """One line: what was done, for a test's or benchmark's log."""
        parts = [f"{self.dpi} dpi", "skew " + "/".join(f"{angle:+.1f}°" for angle in self.skew)]
        parts.append(f"JPEG q{self.jpeg_quality}")
        if self.noise:
            parts.append(f"noise σ{self.noise:g}")
        if self.paper < 255:
            parts.append(f"paper {self.paper}")
        if self.speckle:
            parts.append(f"speckle {self.speckle:.2%}")
        if self.bleed:
            parts.append(f"bleed-through {self.bleed:.0%}")
        parts.extend(f"stamp over {word!r}" for word in self.stamps)
        parts.extend(f"signature over {word!r}" for word in self.signatures)
        return ", ".join(parts)


# The suite's scans: each resolution with the damage a scan of that kind usually has.
PROFILES: dict[str, Degradation] = {
    # A fax-grade archive copy: low resolution, grey paper, heavy JPEG.
    "office-150": Degradation(dpi=150, skew=(1.5, -2.0, 0.7, -1.2), jpeg_quality=50, noise=6.0, paper=228,
                              lighting=12.0, speckle=0.0001, seed=150),
    # The common case: 200 dpi, turned up to 2° either way, noise and dust, a little bleed-through.
    "noisy-200": Degradation(dpi=200, skew=(-2.0, 1.8, -0.6, 2.0, -1.4), jpeg_quality=50, noise=9.0, paper=220,
                             lighting=15.0, blur=0.6, speckle=0.0002, bleed=0.12, seed=200),
    # A good scanner and a clean sheet, but stamped (over the header and over amounts: the words are the document's,
    # ``stamps``) and signed.
    "stamp-300": Degradation(dpi=300, skew=(0.9, -1.7, 1.2, -0.4), jpeg_quality=50, noise=7.0, paper=232,
                             lighting=10.0, blur=0.8, bleed=0.15, seed=300),
    # Archive quality, for the resolution sweep of the benchmark.
    "fine-400": Degradation(dpi=400, skew=(-1.0, 0.5), jpeg_quality=60, noise=5.0, paper=238, seed=400),
}  # fmt: skip


# --- Pages ---------------------------------------------------------------------


def rendered(pdf: bytes, dpi: int) -> list[Image.Image]:
    """Every page of ``pdf`` as a grayscale image at ``dpi`` (pdfium, as the extractor renders)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            pages.append(page.render(scale=dpi / POINTS_PER_INCH, grayscale=True).to_pil().convert("L"))
            page.close()
        return pages
    finally:
        document.close()


def word_positions(pdf: bytes, words: Sequence[str], dpi: int) -> dict[str, tuple[int, float, float]]:
    """For each word, the page (0-based) and centre (pixels at ``dpi``) of its first occurrence in the text layer."""
    import pdfplumber

    found: dict[str, tuple[int, float, float]] = {}
    scale = dpi / POINTS_PER_INCH
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for index, page in enumerate(document.pages):
            for word in page.extract_words(keep_blank_chars=False):
                for wanted in words:
                    if wanted not in found and wanted.casefold() in word["text"].casefold():
                        centre_x = (word["x0"] + word["x1"]) / 2 * scale
                        centre_y = (word["top"] + word["bottom"]) / 2 * scale
                        found[wanted] = (index, centre_x, centre_y)
    missing = [word for word in words if word not in found]
    if missing:
        raise SystemExit(f"degrade: no {', '.join(map(repr, missing))} in the PDF's text layer to place a mark over")
    return found


# --- Marks over the print ---------------------------------------------------------


def stamp_image(diameter: int, rng: np.random.Generator) -> Image.Image:
    """A round stamp, ink as darkness (255 = full ink) on 0, with lettering round the rim and uneven pressure."""
    size = diameter + 8
    stamp = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(stamp)
    outer = max(diameter // 70, 2)
    draw.ellipse((4, 4, 4 + diameter, 4 + diameter), outline=255, width=outer)
    inset = int(diameter * 0.2)
    draw.ellipse((4 + inset, 4 + inset, 4 + diameter - inset, 4 + diameter - inset), outline=255, width=max(outer // 2, 1))
    font = ImageFont.truetype(str(FONT), max(int(diameter * 0.075), 6))
    radius = diameter / 2 - outer - diameter * 0.06
    centre = size / 2
    letters = STAMP_LETTERING
    for index, letter in enumerate(letters):
        angle = 2 * math.pi * index / len(letters) - math.pi / 2
        glyph = Image.new("L", (font.size * 2, font.size * 2), 0)
        ImageDraw.Draw(glyph).text((font.size // 2, font.size // 4), letter, font=font, fill=255)
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
        x = centre + radius * math.cos(angle) - glyph.width / 2
        y = centre + radius * math.sin(angle) - glyph.height / 2
        stamp.paste(glyph, (round(x), round(y)), glyph)
    middle = ImageFont.truetype(str(FONT), max(int(diameter * 0.09), 6))
    for line, offset in (("Ідентифікаційний", -0.12), ("код 04053915", 0.0), ("*  *  *", 0.12)):
        width = draw.textlength(line, font=middle)
        draw.text((centre - width / 2, centre + offset * diameter - middle.size / 2), line, font=middle, fill=255)
    # Uneven pressure: the ink fades towards one side and in blotches.
    pixels = np.asarray(stamp, dtype=np.float32) / 255
    ys, xs = np.mgrid[0:size, 0:size] / size
    direction = rng.uniform(0, 2 * math.pi)
    pressure = 0.65 + 0.35 * (0.5 + 0.5 * (np.cos(direction) * xs + np.sin(direction) * ys))
    blotches = rng.uniform(0.75, 1.0, (8, 8)).astype(np.float32)
    pressure *= np.asarray(Image.fromarray(blotches).resize((size, size), Image.Resampling.BICUBIC))
    return Image.fromarray(np.clip(pixels * pressure * 255, 0, 255).astype(np.uint8))


def signature_image(width: int, height: int, rng: np.random.Generator) -> Image.Image:
    """A pen scribble: a few loops of a smooth random curve, ink as darkness on 0."""
    mark = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(mark)
    steps = 220
    t = np.linspace(0, 1, steps)
    loops = rng.uniform(3, 6)
    x = 0.08 * width + 0.84 * width * t + 0.05 * width * np.sin(2 * math.pi * loops * t)
    y = height / 2 + 0.32 * height * np.sin(2 * math.pi * loops * t + rng.uniform(0, math.pi)) * np.exp(-1.5 * t)
    pen = max(width // 120, 2)
    draw.line(list(zip(x.tolist(), y.tolist(), strict=True)), fill=230, width=pen, joint="curve")
    return mark


def press(page: np.ndarray, mark: Image.Image, centre: tuple[float, float], ink: int, angle: float) -> None:
    """Multiply ``mark`` (darkness 0-255) into ``page`` at ``centre``, turned by ``angle``; in place."""
    turned = np.asarray(mark.rotate(angle, resample=Image.Resampling.BICUBIC), dtype=np.float32) / 255
    height, width = turned.shape
    left, top = round(centre[0] - width / 2), round(centre[1] - height / 2)
    x0, y0 = max(left, 0), max(top, 0)
    x1, y1 = min(left + width, page.shape[1]), min(top + height, page.shape[0])
    if x0 >= x1 or y0 >= y1:
        return
    part = turned[y0 - top : y1 - top, x0 - left : x1 - left]
    region = page[y0:y1, x0:x1]
    # Ink darkens the paper towards the ink's grey: the print under it stays darker still.
    region *= 1 - part * (1 - ink / 255)


# --- The scan ---------------------------------------------------------------------


def degrade_page(
    page: np.ndarray, back: np.ndarray | None, degradation: Degradation, angle: float, rng: np.random.Generator
) -> Image.Image:
    """One page image (float grey, marks already pressed) as the scanner stores it."""
    dpi = degradation.dpi
    if back is not None and degradation.bleed:
        mirrored = back[:, ::-1]
        if mirrored.shape != page.shape:
            mirrored = np.asarray(Image.fromarray(mirrored).resize(page.shape[::-1]), dtype=np.float32)
        ghost = Image.fromarray((255 - mirrored).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1.5 * dpi / 300))
        page *= 1 - degradation.bleed * np.asarray(ghost, dtype=np.float32) / 255
    if degradation.paper < 255 or degradation.lighting:
        height, width = page.shape
        across = np.linspace(0.0, 1.0, width, dtype=np.float32)[None, :]
        down = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
        tilt = rng.uniform(0.3, 0.7)
        tone = degradation.paper - degradation.lighting * (tilt * across + (1 - tilt) * down)
        page *= tone / 255
    image = Image.fromarray(np.clip(page, 0, 255).astype(np.uint8))
    if angle:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=degradation.paper)
    if degradation.blur:
        image = image.filter(ImageFilter.GaussianBlur(degradation.blur * dpi / 300))
    pixels = np.asarray(image, dtype=np.float32)
    if degradation.noise:
        pixels = pixels + rng.normal(0.0, degradation.noise, pixels.shape).astype(np.float32)
    if degradation.speckle:
        count = int(pixels.size * degradation.speckle)
        ys = rng.integers(0, pixels.shape[0], count)
        xs = rng.integers(0, pixels.shape[1], count)
        radius = max(1, dpi // 150)
        for y, x in zip(ys.tolist(), xs.tolist(), strict=True):
            pixels[max(y - radius, 0) : y + radius, max(x - radius, 0) : x + radius] = rng.uniform(20, 90)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")


def degraded_pages(pdf: bytes, degradation: Degradation) -> Iterator[Image.Image]:
    """The pages of ``pdf`` as ``degradation`` spoils them, one image each."""
    dpi = degradation.dpi
    pages = [np.asarray(page, dtype=np.float32).copy() for page in rendered(pdf, dpi)]
    marks = word_positions(pdf, (*degradation.stamps, *degradation.signatures), dpi)
    for index, word in enumerate(degradation.stamps):
        page, x, y = marks[word]
        rng = np.random.default_rng([degradation.seed, 1000 + index])
        diameter = round(STAMP_DIAMETER_MM / 25.4 * dpi)
        press(pages[page], stamp_image(diameter, rng), (x + rng.uniform(-0.1, 0.1) * diameter, y), STAMP_INK,
              rng.uniform(-40, 40))  # fmt: skip
    for index, word in enumerate(degradation.signatures):
        page, x, y = marks[word]
        rng = np.random.default_rng([degradation.seed, 2000 + index])
        width = round(45 / 25.4 * dpi)
        press(pages[page], signature_image(width, width // 3, rng), (x, y), 40, rng.uniform(-10, 10))
    clean = [page.copy() for page in pages]
    for index, page in enumerate(pages):
        rng = np.random.default_rng([degradation.seed, index])
        back = clean[index + 1] if index + 1 < len(clean) else None
        angle = degradation.skew[index % len(degradation.skew)]
        yield degrade_page(page, back, degradation, angle, rng)


def degrade(pdf: bytes, degradation: Degradation) -> bytes:
    """The scan of ``pdf``: a PDF of grey JPEG page images with no text layer."""
    first, *rest = degraded_pages(pdf, degradation)
    out = io.BytesIO()
    moment = time.gmtime(1577836800)  # 2020-01-01: Pillow would stamp the time of the run
    first.save(
        out,
        "PDF",
        save_all=True,
        append_images=rest,
        resolution=degradation.dpi,
        quality=degradation.jpeg_quality,
        creationDate=moment,
        modDate=moment,
    )
    return out.getvalue()


def cached_scan(pdf: Path, degradation: Degradation, cache: Path | None = None) -> Path:
    """The scan of ``pdf`` by ``degradation``, made once and kept under ``cache`` (a temporary folder by default).

    The file is named by a hash of the PDF, the degradation and this script,
    so a changed input, profile or script makes a new scan.
    """
    data = pdf.read_bytes()
    key = hashlib.sha256(data + repr(degradation).encode() + Path(__file__).read_bytes()).hexdigest()[:24]
    folder = cache or Path(tempfile.gettempdir()) / "extractor-scans"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{pdf.stem}-{degradation.dpi}dpi-{key}.pdf"
    if not path.exists():
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(degrade(data, degradation))
        os.replace(partial, path)
    return path


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path, nargs="?")
    parser.add_argument("output", type=Path, nargs="?")
    parser.add_argument("--profile", choices=sorted(PROFILES), help="a named profile (the options below change it)")
    parser.add_argument("--list", action="store_true", help="list the profiles and exit")
    parser.add_argument("--dpi", type=int)
    parser.add_argument("--skew", type=float, action="append", help="degrees; repeat for a different angle per page")
    parser.add_argument("--jpeg", type=int, dest="jpeg_quality")
    parser.add_argument("--noise", type=float)
    parser.add_argument("--paper", type=int)
    parser.add_argument("--bleed", type=float)
    parser.add_argument("--speckle", type=float)
    parser.add_argument("--stamp", action="append", dest="stamps", help="a word to stamp over (repeatable)")
    parser.add_argument("--seed", type=int)
    args = parser.parse_args(argv)
    if args.list:
        for name, profile in PROFILES.items():
            print(f"{name}: {profile.describe()}")
        return
    if args.input is None or args.output is None:
        parser.error("INPUT and OUTPUT are needed")
    degradation = PROFILES[args.profile] if args.profile else Degradation()
    changes = {key: getattr(args, key) for key in ("dpi", "jpeg_quality", "noise", "paper", "bleed", "speckle", "seed")}
    changes = {key: value for key, value in changes.items() if value is not None}
    if args.skew:
        changes["skew"] = tuple(args.skew)
    if args.stamps:
        changes["stamps"] = tuple(args.stamps)
    degradation = replace(degradation, **changes)
    args.output.write_bytes(degrade(args.input.read_bytes(), degradation))
    print(f"{args.output}: {degradation.describe()}; {args.output.stat().st_size // 1024} KiB", file=sys.stderr)


if __name__ == "__main__":
    main()
