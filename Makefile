# Two commands do everything on a fresh machine: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install chromium lint typecheck importlint unit eval accuracy bench load clean

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) chromium

# The browser tests drive Debian's Chromium; Playwright never downloads a browser.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
chromium:
	@test -x $(CHROMIUM) || $(SUDO) apt-get install -y chromium || \
	  { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; } || \
	  echo "Could not install chromium: the browser tests skip (and fail with CI=true)."

# The web app and the API on this machine, with the embedded SQLite database.
run: $(STAMP)
	@echo "legweak: open http://127.0.0.1:$${LEGWEAK_PORT:-8000}/ in your browser (Ctrl+C stops it)."
	$(VENV)/bin/legweak serve --host 127.0.0.1

lint: $(STAMP)
	$(VENV)/bin/ruff check legweak tests benchmarks tools
	$(VENV)/bin/ruff format --check legweak tests benchmarks tools

typecheck: $(STAMP)
	$(VENV)/bin/mypy

importlint: $(STAMP)
	$(VENV)/bin/lint-imports

unit: $(STAMP) chromium
	$(VENV)/bin/pytest -q -n 2

test: lint typecheck importlint unit

eval: $(STAMP)
	$(VENV)/bin/legweak eval ../shared/vignettes/dev.yaml

accuracy: $(STAMP)
	$(PY) -m benchmarks.accuracy --out docs/evaluation.md

# The pgmpy peer runs in its own environment (pgmpy >= 1.1 needs numpy >= 2; no torch).
bench: $(STAMP)
	@test -f benchmarks/.venv-pgmpy/.installed || { \
	  python3 -m venv benchmarks/.venv-pgmpy && printf '*\n' > benchmarks/.venv-pgmpy/.gitignore && \
	  benchmarks/.venv-pgmpy/bin/python -m pip install --quiet --upgrade pip && \
	  benchmarks/.venv-pgmpy/bin/python -m pip install --quiet pgmpy numpy -e . && \
	  touch benchmarks/.venv-pgmpy/.installed; }
	$(PY) -m benchmarks --out BENCHMARKS.md

# About ten minutes: simulated patients against `legweak serve` on SQLite and PostgreSQL (not in `make test`).
load: $(STAMP)
	$(PY) -m benchmarks.load --out docs/load.md --json benchmarks/load.json

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
