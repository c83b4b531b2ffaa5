#!/usr/bin/env bash
# The Debian packages extractor and its tests need, in one place: `make run`, `make test` and `.ci/run` call this.
#
# Each package is installed only when what it provides is missing (a command, a library, a font, a language), so a
# machine that has LibreOffice or Chromium from elsewhere is left alone; `apt-get update` runs once, and only when
# something is missing. As root the packages are installed; otherwise (no root, no password-less sudo) the script
# prints the exact command to run and exits 1. It never asks for a password.
#
#   tools/setup-system.sh           install what is missing (or say how)
#   tools/setup-system.sh --check   only list what is missing; exit 1 when something is
set -euo pipefail

LO=/usr/lib/libreoffice/program
PYTHON=${PYTHON:-python3}
missing=()
reasons=()

need() {  # need PACKAGE WHY TEST...: PACKAGE is missing when the TEST command fails
    local package=$1 why=$2
    shift 2
    if ! "$@" >/dev/null 2>&1; then
        missing+=("$package")
        reasons+=("  $package: $why")
    fi
}
has() { command -v "$1"; }
has_language() { tesseract --list-langs 2>/dev/null | grep -qx "$1"; }

need python3-venv "the project's virtual environment (make creates .venv with $PYTHON -m venv)" \
    "$PYTHON" -c "import ensurepip, venv"
need libreoffice-writer-nogui "reads .doc, .rtf and .odt decisions; renders the PDF samples and test documents" \
    test -x "$LO/soffice" -a -f "$LO/libswlo.so"
need libreoffice-calc-nogui "tests open the Excel-profile CSV and the XLSX in Calc, as a user would" \
    test -f "$LO/libsclo.so"
need tesseract-ocr "reads scanned PDFs (OCR)" has tesseract
need tesseract-ocr-ukr "OCR of Ukrainian text" has_language ukr
need tesseract-ocr-eng "OCR of Latin letters and digits in scans" has_language eng
need tesseract-ocr-osd "tells a page scanned upside down or sideways" has_language osd
need poppler-utils "pdftoppm rasterises PDF pages for OCR and for the scan sample" has pdftoppm
need chromium "tests look at the HTML diff and history reports in a real browser" \
    bash -c "command -v chromium || command -v chromium-browser"
need fonts-dejavu-core "Cyrillic font the PDF tests draw with and the HTML reports name" \
    test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
need fonts-liberation "metric twins of Times New Roman and Arial: the PDF samples print as the council's Word files" \
    test -f /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf

[ ${#missing[@]} -eq 0 ] && exit 0

install="apt-get install -y --no-install-recommends ${missing[*]}"
echo "missing Debian packages:" >&2
printf '%s\n' "${reasons[@]}" >&2
if [ "${1:-}" = "--check" ]; then
    exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
    as_root() { "$@"; }
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root() { sudo -n "$@"; }  # password-less sudo only: -n never prompts
else
    echo "run as root, then run make again:" >&2
    echo "sudo apt-get update && sudo $install" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "no apt-get on this machine: install the packages above with its package manager" >&2
    exit 1
fi
as_root apt-get update
as_root env DEBIAN_FRONTEND=noninteractive $install
