# Text-as-data notebook suite. `make help` lists the targets.
# Every target creates .venv and installs requirements.txt first if needed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.DEFAULT_GOAL := help
.PHONY: help install figures report test unit nbval lint format lab bench clean clean-cache

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

install: $(VENV)/.installed  ## Create .venv and install pinned requirements (editable analysis/)

figures: install  ## Execute every notebook in place and regenerate figures/ (byte-stable)
	$(PY) -m analysis.execute $(NOTEBOOKS)

report: install  ## Every notebook on your corpus into OUT (+ figures, HTML): CORPUS=... OUT=... [METADATA=...] [TEXT_COLUMN=...] [BY=outlet] [JOBS=2]
	@test -n "$(CORPUS)" && test -n "$(OUT)" || { echo "usage: make report CORPUS=path OUT=dir [METADATA=csv] [TEXT_COLUMN=column] [BY=column]" >&2; exit 2; }
	$(PY) -m analysis.notebook_report --corpus "$(CORPUS)" --out "$(OUT)" \
		$(if $(METADATA),--metadata "$(METADATA)") $(if $(TEXT_COLUMN),--text-column "$(TEXT_COLUMN)") \
		$(if $(BY),-p by "$(BY)") $(if $(JOBS),--jobs $(JOBS))

test: install  ## Lint, unit tests and strict nbval on every notebook (what CI runs)
	$(PY) -m ruff check analysis tests benchmarks notebooks
	$(PY) -m pytest tests $(NOTEBOOKS) $(NBVAL)

unit: install  ## Unit tests only (fast)
	$(PY) -m pytest tests

nbval: install  ## Strict nbval on the notebooks only
	$(PY) -m pytest $(NOTEBOOKS) $(NBVAL)

lint: install  ## ruff lint and format check
	$(PY) -m ruff check analysis tests benchmarks notebooks
	$(PY) -m ruff format --check analysis tests benchmarks

format: install  ## Format the code with ruff
	$(PY) -m ruff format analysis tests benchmarks
	$(PY) -m ruff check --fix analysis tests benchmarks

lab: install  ## Open JupyterLab on notebooks/, explore.ipynb first, analysis importable (progress bars on)
	ANALYSIS_PROGRESS=1 $(VENV)/bin/jupyter lab --notebook-dir=notebooks \
		--LabApp.default_url=/lab/tree/explore.ipynb \
		$$( [ "$$(id -u)" = 0 ] && echo --allow-root )

bench: install  ## Run the benchmarks (minutes; results in benchmarks/results/)
	for b in benchmarks/bench_*.py; do $(PY) $$b || exit 1; done

clean-cache:  ## Delete the tokens layers cached on disk (.cache/ or ANALYSIS_CACHE_DIR)
	$(PY) -c "from analysis import clear_cache; print(clear_cache(), 'cached corpora removed')"

clean:  ## Remove .venv and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache .cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
