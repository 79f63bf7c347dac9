# The book's two commands:  `make book`  and  `make test`.
# Each creates a local virtual environment (.venv) when none is active and installs the
# project into it, so a fresh machine with Python 3.11 needs nothing else typed.
#
# Where the data are:  WIOD_DIR=/path/to/wiod2016  (niot/ and sea/ inside; downloaded when absent)
#                      COUNTRY_DIR=/path/to/country (country_indicators.csv; downloaded when absent)
#                      SAMPLE=1 runs the book on the synthetic sample instead of the real tables.

SHELL := /bin/bash
PYTHON ?= python3
ifdef VIRTUAL_ENV
VENV := $(VIRTUAL_ENV)
else
VENV := .venv
endif
PY := $(VENV)/bin/python
STAMP := $(VENV)/.wiodbook-installed

.PHONY: book test sample bench clean-cache clean help env

help:
	@echo "make book    run every chapter in order and render the book (build/book/index.html)"
	@echo "make test    run the test suite"
	@echo "make sample  run the book on the synthetic sample (no data needed)"
	@echo "make bench   run the benchmark scripts (benchmarks/): parsing, the whole book, GMM vs pyxtabond2"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

env: $(STAMP)

book: $(STAMP)
	$(PY) -m wiodbook book $(if $(SAMPLE),--sample,)

sample: $(STAMP)
	$(PY) -m wiodbook book --sample

test: $(STAMP)
	$(PY) -m pytest -q -n 2

bench: $(STAMP)
	$(PY) benchmarks/bench_parse.py
	$(PY) benchmarks/bench_book.py
	$(PY) benchmarks/bench_gmm.py

clean-cache:
	rm -rf data/cache data/panel
