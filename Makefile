# Golden Thread: the two commands in the README are `make demo` and `make test`.
# Everything they need is installed here, so they work on a fresh machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The suite runs in this many processes (pytest-xdist); 0 runs it in this one.
TEST_WORKERS ?= 2
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test install browsers tools lint pytest bench wheel clean

demo: install  ## Install, build the demo council and serve it on http://127.0.0.1:$(PORT)/
	$(BIN)/goldenthread demo --port $(PORT)

test: install browsers tools lint pytest  ## Install everything and run the whole suite

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
browsers:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium fonts-liberation >/dev/null; }

# LibreOffice turns exported .docx and .xlsx into PDF; poppler's pdftotext and pdftoppm let the
# tests read and render the PDF.
tools:
	@{ command -v soffice && command -v pdftotext && command -v pdftoppm; } >/dev/null 2>&1 || { \
	  echo "Installing LibreOffice (Writer, Calc) and poppler-utils for the document exports"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation >/dev/null; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy goldenthread tests
	$(BIN)/goldenthread makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(BIN)/bandit -c pyproject.toml -r goldenthread -q

pytest: install browsers tools
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

bench: install  ## Benchmarks (figures, not pass/fail): see docs/performance.md
	$(BIN)/goldenthread bench

# The installable package, GOV.UK Frontend inside (ADR 0021); the Dockerfile runs the same script.
wheel: install
	PYTHON=$(BIN)/python scripts/build-wheel.sh dist

clean:
	rm -rf $(VENV) node_modules test-artifacts .pytest_cache .mypy_cache .ruff_cache dist build
