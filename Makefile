# Short names for the usual jobs. Every target installs what it needs with uv
# (itself installed with pip when missing) from the committed uv.lock.
PYTHON ?= python3
UV := $(PYTHON) -m uv
export UV_PYTHON_DOWNLOADS := never
# Precompile installed packages: start-up is three times faster where bytecode is not
# written at run time (PYTHONDONTWRITEBYTECODE), which the end-to-end tests feel.
export UV_COMPILE_BYTECODE := 1

.PHONY: run test check lint typecheck bench uv

uv:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet "uv>=0.13,<0.14"

## run: install Footwork and start the web app on http://127.0.0.1:8000/ (SQLite, no login)
run: uv
	$(UV) sync --locked --no-dev
	$(UV) run --locked --no-dev footwork serve

## test: install the dev dependencies, then lint, type-check and run the whole test suite
test: check
	$(UV) run --locked pytest

## check: lint and type check only
check: uv
	$(UV) sync --locked --all-groups --extra vision
	$(UV) run --locked ruff check .
	$(UV) run --locked ruff format --check .
	$(UV) run --locked mypy

## bench: the benchmarks, printing their figures (the store one at a small size; see
## docs/benchmarks.md for the full-size runs and their commands)
bench: uv
	$(UV) sync --locked --all-groups
	$(UV) run --locked python benchmarks/timer_drift.py
	$(UV) run --locked python benchmarks/store.py --people 20 --days 365
	$(UV) run --locked python benchmarks/web.py
	$(UV) run --locked python benchmarks/clinic.py --patients 200 --days 30 \
		--url postgresql+psycopg://postgres@127.0.0.1:5432/footwork_clinic_small

## mutate: mutation testing of the core with mutmut (docs/testing.md), one mutant at a time;
## prints the share of mutants killed per module. MUTANTS picks modules, e.g.
## `make mutate MUTANTS="footwork.core.care* footwork.core.progress*"`.
MUTANTS ?= footwork.core.insight_stats* footwork.core.care* footwork.core.progress*
.PHONY: mutate
mutate: uv
	$(UV) sync --locked --all-groups
	$(UV) run --locked mutmut run --max-children 1 $(MUTANTS)
	$(UV) run --locked mutmut results --all true | $(UV) run --locked python tests/mutation_scores.py $(MUTANTS)
