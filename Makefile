# Every target installs what it needs first: a virtualenv with the pinned wheels.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
# Test processes: each starts its own PostgreSQL and broker; the tests mostly wait on them.
TEST_WORKERS ?= 2

.PHONY: run test lint bench soak clean install chromium axe contracts-check docs

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	@rm -f $(VENV)/.installed-* && touch $@

## run: start PostgreSQL, the broker and every service on embedded defaults
run: $(STAMP)
	$(BIN)/python -m shared.devstack

## test: unit, integration, end-to-end (real PostgreSQL and broker, started by the tests)
test: $(STAMP) chromium axe contracts-check
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --durations=25

## contracts-check: every published event schema against its released snapshot (contracts/)
contracts-check: $(STAMP)
	$(BIN)/python -m contracts check

## docs: the event documentation under docs/ (HTML, AsyncAPI per service), generated from the code
docs: $(STAMP)
	$(BIN)/python -m contracts.site

# The browser test drives Debian's chromium through Playwright (never `playwright install`).
chromium:
	@test -x /usr/bin/chromium || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

# The browser tests run axe-core (WCAG 2.1 AA) in each page: the version pinned by the lock file,
# installed by `npm ci` once; a second run finds the stamp newer than the lock file and does
# nothing, and with npm's cache filled it installs without the network (--prefer-offline).
AXE_DIR := tests/a11y
AXE     := $(AXE_DIR)/node_modules/.installed

axe: $(AXE)

$(AXE): $(AXE_DIR)/package.json $(AXE_DIR)/package-lock.json
	cd $(AXE_DIR) && npm ci --prefer-offline --ignore-scripts --no-audit --no-fund
	@touch $@

## lint: ruff, formatting, mypy strict, import boundaries
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

## soak: the whole stack under load for SOAK_MINUTES (20) while services, PostgreSQL and the broker fail
SOAK_MINUTES ?= 20
soak: $(STAMP)
	$(BIN)/python -m soak --minutes $(SOAK_MINUTES)

## bench: throughput and latency, as ratios of raw asyncpg / aiokafka in the same run
bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(AXE_DIR)/node_modules .regie .mypy_cache .ruff_cache .pytest_cache *.egg-info bench-results*
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
