"""The HTML diff report rendered by a real browser (Debian's headless Chromium, installed by .ci/run)."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from extractor.diff import diff
from extractor.export.reports import diff_html

from . import diff_samples

WIDTH, HEIGHT = 1200, 1400
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "chromium is not installed: run .ci/run (it installs Debian's chromium) or apt-get install chromium"
    return found


def browse(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [chromium(), *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=page.parent)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    changes = diff(diff_samples.old_document(), diff_samples.new_document())
    folder = tmp_path_factory.mktemp("html")
    page = folder / "changes.html"
    page.write_text(diff_html.render(changes), "utf-8")
    return changes, page, folder


def hex_colour(value: str) -> tuple[int, int, int]:
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def test_dom_shows_summary_first_and_the_chart(report):
    _, page, folder = report
    result = browse(page, folder / "profile-dom", "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert "2 added, 0 removed, 6 changed, 2 renumbered; 17 unchanged" in dom
    assert dom.index('id="summary"') < dom.index('id="totals-chart"') < dom.index('id="changes"')
    assert dom.count('class="bar-old"') == 4 and dom.count('class="bar-new"') == 4


def test_screenshot_shows_the_chart_bars_to_scale(report):
    changes, page, folder = report
    shot = folder / "changes.png"
    result = browse(page, folder / "profile-shot", f"--window-size={WIDTH},{HEIGHT}", f"--screenshot={shot}")
    assert result.returncode == 0 and shot.exists(), result.stderr[-2000:]
    image = Image.open(shot).convert("RGB")
    assert image.size == (WIDTH, HEIGHT)
    counts = {colour: count for count, colour in image.getcolors(maxcolors=WIDTH * HEIGHT)}
    old_pixels = counts.get(hex_colour(diff_html.OLD_COLOUR), 0)
    new_pixels = counts.get(hex_colour(diff_html.NEW_COLOUR), 0)
    # Both series were painted, and their areas are to scale: equal widths, heights ∝ totals.
    assert old_pixels > 5000 and new_pixels > 5000
    old_sum = sum((t.old or Decimal(0)) for t in changes.totals)
    new_sum = sum((t.new or Decimal(0)) for t in changes.totals)
    assert abs(new_pixels / old_pixels - float(new_sum / old_sum)) < 0.02
    # The summary at the top is painted text, not a blank page.
    top = image.crop((0, 0, WIDTH, 200))
    dark = sum(count for count, colour in top.getcolors(maxcolors=WIDTH * 200) if sum(colour) < 200)
    assert dark > 500
