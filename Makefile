# Short names for the usual jobs. Every target installs what it needs with uv from the
# committed uv.lock. uv itself comes from tools/uv_bootstrap.py: the uv on PATH when it is the
# pinned 0.13 series, else a pinned, checksummed copy in .tools/bin; nothing is ever installed
# into the Python that runs make (Debian's /usr/bin/python3 is externally managed, PEP 668).
PYTHON ?= python3
UV := .tools/bin/uv
HOST ?= 127.0.0.1
PORT ?= 8000
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never
# The platform's own certificate store (a proxy's or a company's CA is trusted as pip trusts it).
export UV_SYSTEM_CERTS := 1
# Precompile installed packages: start-up is three times faster where bytecode is not
# written at run time (PYTHONDONTWRITEBYTECODE), which the end-to-end tests feel.
export UV_COMPILE_BYTECODE := 1

.PHONY: run install test test-env check lint typecheck bench uv translations

uv:
	@$(PYTHON) tools/uv_bootstrap.py >/dev/null

## run: install Footwork and start the web app on http://$(HOST):$(PORT)/ (SQLite, no login)
run: uv
	$(UV) sync --locked --no-dev
	$(UV) run --locked --no-dev footwork serve --host $(HOST) --port $(PORT)

## install: Footwork and its commands in .venv (EXTRA=vision adds the camera coach)
install: uv
	$(UV) sync --locked --no-dev $(if $(EXTRA),--extra $(EXTRA))

## test: everything the suite needs (Debian packages as root, PostgreSQL, axe-core), the dev
## dependencies, lint, type check, then the whole test suite in TEST_WORKERS processes
## (pytest-xdist, one file per worker at a time; TEST_WORKERS=0 runs it in this process;
## docs/testing.md). PYTEST_ARGS adds options, e.g. PYTEST_ARGS="tests/unit -x". The run ends
## with its 30 slowest steps (setup, call or teardown), to see where the time goes.
## The tests run in a shuffled order (pytest-randomly) drawn from TEST_SEED, printed at the
## start ("Using --randomly-seed=..."): `make test TEST_SEED=123` runs another order, the same
## seed gives the same order again.
## Bytecode is written during the run even where the environment says not to
## (PYTHONDONTWRITEBYTECODE): footwork is installed editable, so otherwise every worker and every
## server a test starts compiles its modules and rewrites the tests' asserts again.
TEST_WORKERS ?= 3
TEST_SEED ?= 20261204
PYTEST_ARGS ?=
test: test-env check
	@echo "Test order: pytest-randomly seed $(TEST_SEED) (make test TEST_SEED=... for another)"
	env -u PYTHONDONTWRITEBYTECODE $(UV) run --locked pytest -n $(TEST_WORKERS) --dist loadfile -p randomly \
		--randomly-seed=$(TEST_SEED) --durations=30 $(PYTEST_ARGS)

## test-env: the Debian packages, the PostgreSQL test database and axe-core
test-env:
	bash tools/test-env.sh

## check: lint and type check only
check: uv
	$(UV) sync --locked --all-groups --extra vision
	$(UV) run --locked ruff check .
	$(UV) run --locked ruff format --check .
	$(UV) run --locked mypy

## bench: the benchmarks, printing their figures (the store one at a small size; see
## docs/benchmarks.md for the full-size runs and their commands)
bench: uv
	$(UV) sync --locked --all-groups --inexact
	$(UV) run --locked python benchmarks/timer_drift.py
	$(UV) run --locked python benchmarks/store.py --people 20 --days 365
	$(UV) run --locked python benchmarks/web.py
	$(UV) run --locked python benchmarks/care_queue.py --days 30 --checkins 10
	$(UV) run --locked python benchmarks/clinic.py --patients 200 --days 30 \
		--url postgresql+psycopg://postgres@127.0.0.1:5432/footwork_clinic_small

## mutate: mutation testing of the core with mutmut (docs/testing.md), one mutant at a time;
## prints the share of mutants killed per module. MUTANTS picks modules, e.g.
## `make mutate MUTANTS="footwork.core.care* footwork.core.progress*"`.
MUTANTS ?= footwork.core.insight_stats* footwork.core.care* footwork.core.progress*
.PHONY: mutate
mutate: uv
	$(UV) sync --locked --all-groups --inexact
	$(UV) run --locked mutmut run --max-children 1 $(MUTANTS)
	$(UV) run --locked mutmut results --all true | $(UV) run --locked python tests/mutation_scores.py $(MUTANTS)

## mutate-web, mutate-store, mutate-vision: mutation testing of a part whose behaviour its own
## tests judge, each with its [tool.footwork.mutmut-NAME] table in pyproject.toml, in
## build/mutate-NAME/ (tools/mutate_apart.py), apart from the core's mutants. NAME_MUTANTS picks
## the functions, e.g. `make mutate-vision VISION_MUTANTS="footwork.player*"`.
## - web: web/security.py, judged by tests/integration/security/ (about 2 s a mutant);
## - store: the store's write paths (store/effort_write.py, upsert.py and repository.py's
##   writes), judged by test_effort_write.py and test_store.py on SQLite and PostgreSQL;
## - vision: vision/analyzers.py and player/, judged by their fast tests on synthetic keypoints.
WEB_MUTANTS ?= footwork.web.security*
STORE_MUTANTS ?= footwork.store.effort_write* footwork.store.upsert* \
	footwork.store.repository.xǁStoreǁrecord_* footwork.store.repository.xǁStoreǁfinish_session* \
	footwork.store.repository.xǁStoreǁstart_session* footwork.store.repository.xǁStoreǁadd_pain* \
	footwork.store.repository.xǁStoreǁadd_balance* \
	footwork.store.repository.xǁStoreǁ_insert_once* footwork.store.repository.xǁStoreǁ_keyed_pain* \
	footwork.store.repository.x__close*
VISION_MUTANTS ?= footwork.vision.analyzers* footwork.player*
APART_MUTANTS = $(foreach m,$($(shell echo $* | tr a-z A-Z)_MUTANTS),"$(m)")
.PHONY: mutate-web mutate-store mutate-vision
mutate-web mutate-store mutate-vision: mutate-%: uv
	$(UV) sync --locked --all-groups --inexact
	$(UV) run --locked python tools/mutate_apart.py $* build/mutate-$*
	cd build/mutate-$* && $(CURDIR)/.venv/bin/mutmut run --max-children 1 $(APART_MUTANTS)
	cd build/mutate-$* && $(CURDIR)/.venv/bin/mutmut results --all true \
		| $(CURDIR)/.venv/bin/python $(CURDIR)/tests/mutation_scores.py $(APART_MUTANTS)

## translations: extract every text to translate (Python, templates, the built-in program) into
## src/footwork/locale/footwork.pot, merge it into each language's footwork.po, write the
## pseudo-locale en_XA and compile the .mo files (committed: `make run` needs no compile step).
## docs/translating.md explains adding a language.
LOCALE := src/footwork/locale
translations: uv
	$(UV) sync --locked --all-groups --inexact -q
	$(UV) run --locked pybabel extract -F babel.cfg -k N_ -k Plural:1,2 --add-comments=Translators: \
		--add-location=file --sort-by-file --project=Footwork --copyright-holder="Footwork contributors" \
		-o $(LOCALE)/footwork.pot .
	$(UV) run --locked pybabel update -i $(LOCALE)/footwork.pot -d $(LOCALE) -D footwork \
		--ignore-obsolete --no-wrap --no-fuzzy-matching
	$(UV) run --locked python tools/pseudo_locale.py $(LOCALE)
	$(UV) run --locked pybabel compile -d $(LOCALE) -D footwork --statistics
