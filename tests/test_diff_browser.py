"""The HTML diff and history reports rendered by a real browser (Debian's headless Chromium, tools/setup-system.sh).

What a reader looks at: the page speaks Ukrainian throughout, the chart has a
value axis in тис. грн with its ticks painted, and its legend names the
decisions (``№1911 від 27.08.2020``).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from extractor.diff import diff
from extractor.export.reports import diff_html, history_html
from extractor.history import follow_versions

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
    assert "додано: 2, вилучено: 0, змінено: 6, перенумеровано: 2; без змін: 17" in dom
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


# --- Ukrainian throughout, an axis, legends naming the decisions --------------------


def visible_text(dom: str) -> str:
    """What the page shows as text: no style sheet, no tags, entities resolved."""
    text = re.sub(r"<style.*?</style>", " ", dom, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def latin_words(text: str, allowed: set[str]) -> set[str]:
    """Words in Latin letters other than file names and Roman numerals (a convocation: VII)."""
    for name in allowed:
        text = text.replace(name, " ")
    return {word for word in re.findall(r"[A-Za-z]{2,}", text) if not re.fullmatch(r"[IVXLCDM]+", word)}


@pytest.fixture(scope="module")
def history_page(tmp_path_factory):
    programme = follow_versions([diff_samples.old_document(), diff_samples.new_document()])
    folder = tmp_path_factory.mktemp("history-html")
    page = folder / "history.html"
    page.write_text(history_html.render(programme), "utf-8")
    return programme, page, folder


def test_the_diff_page_speaks_ukrainian_and_its_chart_names_the_decisions(report):
    changes, page, folder = report
    dom = browse(page, folder / "profile-words", "--dump-dom").stdout
    files = {changes.old.source.file, changes.new.source.file}
    assert latin_words(visible_text(dom), files) == set()
    legend = re.search(r'<g class="legend">(.*?)</g>', dom, re.DOTALL).group(1)
    assert re.findall(r"<text[^>]*>([^<]*)</text>", legend) == ["№1911 від 27.08.2020", "№2050 від 24.12.2020"]
    axis = re.search(r'<g class="value-axis">(.*?)</g>', dom, re.DOTALL).group(1)
    ticks = re.findall(r'<text class="tick"[^>]*>([^<]*)</text>', axis)
    assert "тис. грн" in axis and ticks[0] == "0" and len(ticks) >= 4
    largest = max(max(t.old or 0, t.new or 0) for t in changes.totals) / 1000
    steps = [Decimal(tick.replace("\u202f", "").replace(",", ".")) for tick in ticks]
    assert steps == sorted(steps) and steps[-1] >= largest > steps[-2]  # the axis ends at the first tick above the data


def test_the_history_page_speaks_ukrainian(history_page):
    programme, page, folder = history_page
    dom = browse(page, folder / "profile-words", "--dump-dom").stdout
    files = {version.source.file for version in programme.versions}
    assert latin_words(visible_text(dom), files) == set()
    assert "Δ перша → остання" in dom
    legend = re.search(r'<g class="legend">(.*?)</g>', dom, re.DOTALL).group(1)
    assert re.findall(r"<text[^>]*>([^<]*)</text>", legend) == ["№1911 від 27.08.2020", "№2050 від 24.12.2020"]


def dark_runs(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """How many separate bands of rows inside ``box`` hold dark (text) pixels."""
    left, top, right, bottom = box
    runs, inside = 0, False
    for y in range(top, bottom):
        dark = any(sum(image.getpixel((x, y))) < 400 for x in range(left, right))
        runs += dark and not inside
        inside = dark
    return runs


def test_the_value_axis_is_painted_left_of_the_bars(report):
    changes, page, folder = report
    shot = folder / "axis.png"
    result = browse(page, folder / "profile-axis", f"--window-size={WIDTH},{HEIGHT}", f"--screenshot={shot}")
    assert result.returncode == 0 and shot.exists(), result.stderr[-2000:]
    image = Image.open(shot).convert("RGB")
    colours = {hex_colour(diff_html.OLD_COLOUR), hex_colour(diff_html.NEW_COLOUR)}
    painted = [(x, y) for y in range(0, HEIGHT, 2) for x in range(0, WIDTH, 2) if image.getpixel((x, y)) in colours]
    assert painted, "no bars painted"
    bars_left = min(x for x, _ in painted)
    top, bottom = min(y for _, y in painted), max(y for _, y in painted)
    # One painted label per tick (0, 500, …, 2 500 тис. грн) in the strip left of the first bar.
    ticks = len(re.findall(r'class="tick"', page.read_text("utf-8")))
    assert dark_runs(image, (bars_left - 75, top - 8, bars_left - 22, bottom + 8)) >= ticks >= 4
