# The README's commands. Each target creates the virtual environment when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: bench-batch bench-html run test lint samples samples-pdf test-data bench scan-sample bench-ocr clean system

# The Debian packages (LibreOffice, Tesseract, poppler, Chromium, fonts, python3-venv): each installed only when
# missing; without root, the exact command to run is printed and make stops (tools/setup-system.sh lists why each is needed).
system:
	@PYTHON=$(PYTHON) tools/setup-system.sh

$(STAMP): pyproject.toml | system
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: system $(STAMP)
	$(BIN)/extractor convert samples/ -o out/

# The whole suite, one pytest worker per core (pytest-xdist): 6 min on 2 idle cores, 9 min on one.
test: system $(STAMP)
	$(BIN)/python -m pytest -q -n auto

lint: $(STAMP)
	$(BIN)/ruff check extractor tests
	$(BIN)/mypy extractor

samples: $(STAMP)
	$(BIN)/python tools/make_docx.py

# The layout and format test documents under tests/data/ (needs LibreOffice for the PDF, .doc, .odt, .rtf and HTML
# conversions; the XLSX annex is written by openpyxl). `python tools/make_layouts.py xlsx/sport-2021.xlsx` builds one.
test-data: $(STAMP)
	$(BIN)/python tools/make_layouts.py
	$(BIN)/python tools/make_real_layouts.py
	$(BIN)/python tools/make_scan_documents.py

# The PDF samples: the DOCX built afresh and printed by LibreOffice (needs libreoffice-writer-nogui and
# fonts-liberation, metric twins of Times New Roman); the second rendering repeats the header rows on every page.
samples-pdf: $(STAMP)
	rm -rf samples/.render && mkdir -p samples/.render
	$(BIN)/python tools/make_docx.py samples/.render/decision-1911.docx
	$(BIN)/python tools/make_docx.py --repeat-header samples/.render/decision-1911-repeated-header.docx
	cd samples/.render && soffice --headless --convert-to pdf decision-1911.docx decision-1911-repeated-header.docx
	mv samples/.render/decision-1911.pdf samples/.render/decision-1911-repeated-header.pdf samples/
	rm -rf samples/.render
	$(BIN)/python tests/data/pdf/make_annex.py

# PDF speed and memory: a long decision (the sample's sections repeated, 25 and 87 pages): the whole extractor convert
# against bare pdfplumber extract_tables, alternating in one run (speed-up, peak memory; and on the pdfplumber backend).
bench: $(STAMP)
	$(BIN)/python -m bench.pdf

# The scanned sample: samples/decision-1911.pdf rasterised at 200 dpi, turned about a degree, noised, image-only
# (needs poppler-utils; LibreOffice renders the DOCX when the PDF sample is missing).
scan-sample: $(STAMP)
	$(BIN)/python tools/make_scan.py

# OCR speed (seconds per page, one core) at each resolution and records read exactly on every scan of the suite
# (tests/data/scans/suite.json: each document by each profile of tools/degrade.py), and on the committed scans.
bench-ocr: $(STAMP)
	$(BIN)/python -m bench.ocr

# Archive conversion: files/second with 1 and 2 workers, re-run time, worker memory (data in bench/work/).
bench-batch: $(STAMP)
	$(BIN)/python -m bench.batch 300

# HTML cost against rows (1 000, 4 000, 20 000): the parser alone and the whole conversion, ms per row.
bench-html: $(STAMP)
	$(BIN)/python -m bench.html

clean:
	rm -rf $(VENV) out/*.json out/*.csv
