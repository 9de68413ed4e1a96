# Two commands do all the set-up on a fresh machine (Python 3.11 + pip):
#   make demo   create .venv, install bargain, solve the flagship game and print its equilibria
#   make test   install the test extras (pygambit compiles once, ~5 min, then pip caches it), run everything
#   make fuzz   the input fuzzers with a long random budget
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip

.PHONY: demo test fuzz install install-test lint bench notebooks widgets-screenshot clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

install: $(BIN)/python
	$(PIP) install --quiet -e .

install-test: $(BIN)/python
	$(PIP) install --quiet -e ".[test]"

demo: install
	$(BIN)/bargain solve sanctions_triangle
	$(BIN)/bargain solve buffer_state --set lifeline_value=18

test: install-test
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

# The reader fuzzers (tests/fuzz) with thousands of random examples instead of make test's fixed 30;
# BARGAIN_FUZZ_EXAMPLES and BARGAIN_FUZZ_SECONDS (the per-command hang budget) may be overridden.
FUZZ_EXAMPLES ?= 3000
fuzz: install-test
	BARGAIN_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q -n 2 tests/fuzz

lint: install-test
	$(BIN)/ruff check bargain games tests benchmarks

bench: install-test
	$(BIN)/python -m benchmarks

notebooks: install-test
	$(PIP) install --quiet -e ".[notebooks]"
	$(BIN)/jupyter nbconvert --to html --execute --output-dir build/notebooks notebooks/*.ipynb

# bargain.explore's live widgets rendered in headless Chromium (needs npm and chromium): build/widgets/explore.png
widgets-screenshot: install-test
	$(PIP) install --quiet -e ".[notebooks]"
	bash tools/widget_screenshot.sh build/widgets

clean:
	rm -rf $(VENV) build .pytest_cache .hypothesis
