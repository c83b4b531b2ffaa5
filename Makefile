# The README's commands. Each target creates the virtual environment when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: bench-batch run test lint samples scan-sample bench-ocr clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/extractor convert samples/ -o out/

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check extractor tests
	$(BIN)/mypy extractor

samples: $(STAMP)
	$(BIN)/python samples/make_docx.py

# The scanned sample: samples/decision-1911.pdf rasterised at 200 dpi, turned about a degree, noised, image-only
# (needs poppler-utils; LibreOffice renders the DOCX when the PDF sample is missing).
scan-sample: $(STAMP)
	$(BIN)/python samples/make_scan.py

# OCR speed (seconds per page) and accuracy (funding records read exactly) on the scanned sample.
bench-ocr: $(STAMP)
	$(BIN)/python bench/ocr.py

# Archive conversion: files/second with 1 and 2 workers, re-run time, worker memory (data in bench/work/).
bench-batch: $(STAMP)
	$(BIN)/python -m bench.batch 300

clean:
	rm -rf $(VENV) out/*.json out/*.csv
