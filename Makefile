# hotplan — the two commands a fresh machine needs: `make extract` and `make test`.
# Both create .venv and install the project (pinned by constraints.txt) the first time.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The PDF test fixtures are typeset in Debian's IPAex and IPA fonts (TrueType, embeddable).
FONTS  := /usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf \
          /usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf \
          /usr/share/fonts/opentype/ipafont-gothic/ipag.ttf
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# report.html is checked in a real browser: Debian's headless Chromium.
CHROMIUM := /usr/bin/chromium
# Scanned PDFs are read with Tesseract's Japanese, Latin and Japanese-script models (Debian's
# data); the script model, packaged last of the three, stands for them all.
TESSDATA := /usr/share/tesseract-ocr/5/tessdata/Japanese.traineddata
# A print shop's PDF with its text turned into outlines is made for the tests by Ghostscript.
GHOSTSCRIPT := /usr/bin/gs
# An editable install leaves hotplan's own modules uncompiled, and where PYTHONDONTWRITEBYTECODE
# is set (as on our machines) every run compiled 12k lines again (~0.1 s); compileall writes the
# bytecode regardless, and skips what is up to date in 0.05 s.
COMPILE := $(BIN)/python -m compileall -q src

.PHONY: extract test lint format schemas catalog bench eval-typos eval-ocr lookalikes ocr-confusions fixtures lock clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

$(FONTS):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		fonts-ipaexfont-gothic fonts-ipaexfont-mincho fonts-ipafont-gothic >/dev/null

# What Tesseract misreads in thin Mincho print is learnt in fonts the fixtures do not use.
CONFUSION_FONTS := /usr/share/fonts/opentype/ipafont-mincho/ipam.ttf \
                   /usr/share/fonts/truetype/bizud-mincho/BIZUDMincho-Regular.ttf \
                   /usr/share/fonts/truetype/horai-umefont/ume-tmo3.ttf \
                   /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc
$(CONFUSION_FONTS):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-ipafont-mincho \
		fonts-morisawa-bizud-mincho fonts-horai-umefont fonts-noto-cjk >/dev/null

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

$(TESSDATA):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		tesseract-ocr-jpn tesseract-ocr-eng tesseract-ocr-script-jpan >/dev/null

$(GHOSTSCRIPT):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ghostscript >/dev/null

## extract: every report in raw/ → output/<stem>/
extract: $(STAMP)
	$(COMPILE)
	$(BIN)/hotplan extract raw --out output

## test: lint, then the test suite
test: $(STAMP) $(FONTS) $(CHROMIUM) $(TESSDATA) $(GHOSTSCRIPT)
	$(COMPILE)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	HOTPLAN_REQUIRE_BROWSER=1 HOTPLAN_REQUIRE_OCR=1 $(BIN)/python -m pytest -n auto --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts

format: $(STAMP)
	$(BIN)/ruff format src tests scripts
	$(BIN)/ruff check --fix src tests scripts

## schemas: regenerate the human-readable contract in schemas/ from the code
schemas: $(STAMP)
	$(BIN)/python -m hotplan.outputs.contract schemas

## catalog: rebuild the plan's catalog of measures (src/hotplan/data/plan_catalog.csv) from the 2024 report
catalog: $(STAMP)
	$(BIN)/python scripts/build_catalog.py

## bench: timing and memory figures (printed, never asserted)
bench: $(STAMP) $(FONTS)
	$(COMPILE)
	$(BIN)/python scripts/bench.py

## eval-typos: inject errors into a corrected 2024 copy; print recall/precision per class
eval-typos: $(STAMP)
	$(BIN)/python scripts/eval_typos.py

## eval-ocr: scan the 2024 rendition several ways, read it back by OCR; print per-style figures
eval-ocr: $(STAMP) $(FONTS) $(TESSDATA)
	$(BIN)/python scripts/eval_ocr.py

## fixtures: reprint tests/office/*.pdf with LibreOffice Writer and Calc (committed; tests need no office suite)
fixtures: $(STAMP) $(FONTS)
	command -v soffice >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) env \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		libreoffice-writer-nogui libreoffice-calc-nogui >/dev/null)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,fixtures]'
	$(BIN)/python scripts/make_office_fixtures.py

## lookalikes: rebuild src/hotplan/data/lookalikes.tsv and glyphs.npz from rendered glyphs (build time only)
lookalikes: $(STAMP) $(FONTS)
	$(BIN)/python scripts/build_lookalikes.py

## ocr-confusions: rebuild src/hotplan/data/ocr_confusions.tsv, the kanji Tesseract misreads in thin print (build time only, ~20 min on 2 cores)
ocr-confusions: $(STAMP) $(FONTS) $(CONFUSION_FONTS) $(TESSDATA)
	$(BIN)/python scripts/build_ocr_confusions.py

## lock: re-pin constraints.txt to what is installed now
lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^hotplan' > constraints.txt

clean:
	rm -rf $(VENV) output/*/ .pytest_cache .ruff_cache .hypothesis
