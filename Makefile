# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck bench lab browser-deps clean mutation

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e ".[all,test]"
	touch $(STAMP)

# Debian's chromium drives the browser tests (playwright cannot download its own browser here).
# Under CI=true a chromium that cannot be installed stops the build (the tests fail, not skip).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q chromium; \
	  else sudo apt-get update -q && sudo apt-get install -y -q chromium; fi; } || \
	  { case "$$CI" in 1|true|TRUE|True|yes) \
	      echo "browser-deps: CI=true and chromium could not be installed" >&2; exit 1;; esac; \
	    echo "browser-deps: could not install chromium; browser tests will be skipped"; }

demo: $(STAMP)
	$(PY) -m gradlab compare "q*chi*delta" --at q=1,chi=2,delta=3

# Two workers (this machine has 2 cores), whole files per worker; random order (pytest-randomly).
# The type check runs first: a type error fails the target. The doctests in gradlab's docstrings
# run as tests/test_doctests.py.
test: $(STAMP) browser-deps typecheck
	$(PY) -m pytest -q -n 2 --dist loadfile

lint: $(STAMP) typecheck
	$(VENV)/bin/ruff check gradlab tests benchmarks tools

# mypy over gradlab/ with the settings in pyproject.toml ([tool.mypy])
typecheck: $(STAMP)
	$(PY) -m mypy

bench: $(STAMP)
	$(PY) benchmarks/run_all.py
	$(PY) benchmarks/perf/run_perf.py

# Mutation testing (about an hour on 2 cores; not part of `make test`): report in
# mutation-report.md. Options: make mutation MUTATION_ARGS="--groups expression --all"
mutation: $(STAMP)
	$(PY) tools/mutation.py $(MUTATION_ARGS)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache
