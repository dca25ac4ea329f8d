# Two entry points of the README contract: `make demo` and `make test`.
# Both create the virtual environment and install the project on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The CLI's default store, so that `legalkg viz` and the rest work right after `make demo`.
STORE ?= legalkg-store
CORPUS := ingest/samples/corpus

.PHONY: demo test install install-test browser clean bench mutate

$(BIN)/legalkg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(BIN)/legalkg

demo: install
	$(BIN)/legalkg build $(CORPUS) --store $(STORE)
	$(BIN)/legalkg query bureau-mechanisms --store $(STORE)
	mkdir -p out
	$(BIN)/legalkg viz --store $(STORE) --out out/network.html
	@echo "network page: out/network.html"

test: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/legalkg bench --reports 200

# Mutation testing of the core modules (tests/mutation/scope.toml); slow, so not part of `make
# test` or CI. Mutates files in place one at a time: leave the tree alone while it runs.
# GROUPS="identifiers store-writes" runs some groups only.
mutate: install
	$(BIN)/python -m pip install --quiet -e ".[test,mutation]"
	nice -n 10 $(BIN)/python tests/mutation/mutate.py $(GROUPS)

clean:
	rm -rf out build dist *.egg-info test-artifacts
