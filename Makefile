# Two commands do all set-up on a fresh machine: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
PYTHON ?= python3

.PHONY: run test test-all bench eval clean serve

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
	mkdir -p out
	$(VENV)/bin/dragoman extract ../shared/corpus/articles.jsonl -o out/dev.jsonl
	$(PY) ../shared/eval/score.py ../shared/eval/dev out/dev.jsonl --quiet
	$(VENV)/bin/dragoman extract ../shared/eval/plover-gsr/sentences.jsonl -o out/gsr.jsonl
	$(PY) ../shared/eval/score.py ../shared/eval/plover-gsr/gold out/gsr.jsonl --layers events --quiet

clean:
	rm -rf out .pytest_cache
