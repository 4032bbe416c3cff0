# Two commands do all set-up on a fresh machine: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
PYTHON ?= python3

.PHONY: run test test-all bench eval knowledge clean serve

$(STAMP): pyproject.toml requirements.lock frontend/package.json frontend/package-lock.json
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[test]'
	frontend/build.sh
	touch $(STAMP)

run: $(STAMP)
	mkdir -p out
	$(VENV)/bin/dragoman extract examples/articles.jsonl -o out/sample.jsonl --format table

test: $(STAMP)
	$(PY) -m pytest -q

test-all: $(STAMP)
	$(PY) -m pytest -q -m ""

serve: $(STAMP)
	$(VENV)/bin/dragoman serve $(if $(DB),--db $(DB),)

bench: $(STAMP)
	$(PY) bench/extract_bench.py

eval: $(STAMP)
	$(PY) scripts/evaluate.py

knowledge: $(STAMP)
	$(PY) -m pip install --quiet -c requirements.lock -e '.[knowledge]'
	for converter in convert_verbs convert_actors convert_factbook convert_currencies; do $(PY) -m dragoman.knowledge.$$converter || exit 1; done

clean:
	rm -rf out .pytest_cache
