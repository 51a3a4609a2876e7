# ordex — the two first commands of the README: `make extract` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out

.PHONY: extract test eval heldout bench golden setup sysdeps lint clean

extract: setup
	$(BIN)/ordex extract corpus/ --out $(OUT)/

test: setup
	$(BIN)/python -m pytest

# real acts first: ../shared/real/ (44 acts as published, in each format; the scans are 12 of
# them), then corpus/ (the seeds and dev documents in their original formats).  One line a set;
# `ordex eval GOLD OUT` on a set gives its per-document table.
REAL ?= ../shared/real
eval: setup
	@$(BIN)/ordex extract corpus/ --out $(OUT)/corpus/ --no-progress > /dev/null || true
	@if [ -d $(REAL)/gold ]; then for fmt in txt docx pdf scan; do \
		$(BIN)/ordex extract $(REAL)/$$fmt/ --out $(OUT)/real/$$fmt/ --no-progress > /dev/null || true; \
		$(BIN)/ordex eval $(REAL)/gold/ $(OUT)/real/$$fmt/ --predicted-only --chain $(REAL)/chain.json \
			--totals "real $$fmt" $$([ $$fmt = txt ] && echo --header); \
	done; else echo "ordex: $(REAL) is absent: real sets not measured"; fi
	@$(BIN)/ordex eval tests/gold/ $(OUT)/corpus/ --totals corpus

# the held-out sets: tests/heldout2/ (no rule was written against it; read its totals only),
# tests/heldout/ and tests/heldout3/ (their misses were studied after a first measure: now
# regression sets)
heldout: setup
	@for set in heldout2 heldout heldout3; do \
		$(BIN)/ordex extract tests/$$set/docs/ --out $(OUT)/$$set/ --no-progress > /dev/null || true; \
		printf '%s: ' $$set; $(BIN)/ordex eval tests/$$set/gold/ $(OUT)/$$set/ | tail -1; \
	done

bench: setup
	$(BIN)/ordex bench

# regenerate golden outputs of tests/golden/ after a reviewed change of extraction
golden: setup
	$(BIN)/python -m tests.golden_update

lint: setup
	$(BIN)/ruff check pipeline extractors tests

setup: $(STAMP) sysdeps

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

# System programs: Tesseract for scans (with the Russian model), poppler for page
# images, LibreOffice for old Word .doc.  Installed with apt-get where we are root;
# otherwise we say what to install and carry on: every document that does not need
# them is still processed (a .doc without LibreOffice goes to quarantine, saying why).
SYSPKGS := tesseract-ocr tesseract-ocr-rus poppler-utils libreoffice-writer-nogui
sysdeps:
	@if command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx rus \
		&& command -v pdftoppm >/dev/null 2>&1 && command -v soffice >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "ordex: installing $(SYSPKGS)"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSPKGS) >/dev/null) \
		|| echo "ordex: apt-get failed; scans and .doc files will not be read until you install: $(SYSPKGS)"; \
	else \
		echo "ordex: for scanned documents and .doc files install: sudo apt-get install $(SYSPKGS)"; \
	fi

clean:
	rm -rf $(OUT) .pytest_cache
