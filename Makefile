# Two commands do everything on a fresh machine: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lint typecheck importlint unit eval bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/legweak check

lint: $(STAMP)
	$(VENV)/bin/ruff check legweak tests benchmarks
	$(VENV)/bin/ruff format --check legweak tests benchmarks

typecheck: $(STAMP)
	$(VENV)/bin/mypy

importlint: $(STAMP)
	$(VENV)/bin/lint-imports

unit: $(STAMP)
	$(VENV)/bin/pytest -q -n 2

test: lint typecheck importlint unit

eval: $(STAMP)
	$(VENV)/bin/legweak eval ../shared/vignettes/dev.yaml

bench: $(STAMP)
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
