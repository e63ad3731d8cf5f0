# Two commands on a fresh machine (see README):
#   make demo   set up .venv, review and render the seed case into reports/
#   make test   set up .venv and run the whole test suite
#   make check  the fast lane for the edit loop: every test not marked slow (no kernel, browser or cluster)
PY := .venv/bin/python
SEED ?= $(firstword $(wildcard ../shared/seed/hip-pt-case.yaml) cases/hip-seed.yaml)

.PHONY: setup demo test check bench clean
setup: .venv/.casekit-installed
	@scripts/system-deps.sh

.venv/.casekit-installed: pyproject.toml
	python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

demo: setup
	.venv/bin/casekit review $(SEED)
	.venv/bin/casekit report $(SEED) --out reports/

test: setup
	$(PY) -m pytest -q

check: setup
	$(PY) -m pytest -q -m "not slow"

bench: setup
	$(PY) bench/review_bench.py

clean:
	rm -rf reports bench/out .pytest_cache .hypothesis
