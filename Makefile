# pressdesk — the two everyday commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Third-party browser code: installed from package-lock.json, copied into a git-ignored static folder.
VENDOR := api/web/static/vendor
VENDOR_STAMP := $(VENDOR)/.installed

.PHONY: install run test fuzz lint bench clean
# The fuzz job's time bound (seconds); it runs PRESSDESK_FUZZ_EXAMPLES examples per operation (CI: 50).
FUZZ_TIMEOUT ?= 240

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]' --config-settings editable_mode=compat
	touch $(STAMP)

$(VENDOR_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/bpmn-js $(VENDOR)/form-js
	cp node_modules/bpmn-js/dist/bpmn-navigated-viewer.production.min.js \
	   node_modules/bpmn-js/dist/bpmn-modeler.production.min.js $(VENDOR)/bpmn-js/
	cp -r node_modules/bpmn-js/dist/assets/. $(VENDOR)/bpmn-js/
	cp node_modules/@bpmn-io/form-js/dist/form-viewer.umd.js \
	   node_modules/@bpmn-io/form-js/dist/form-editor.umd.js $(VENDOR)/form-js/
	cp -r node_modules/@bpmn-io/form-js/dist/assets/. $(VENDOR)/form-js/
	touch $@

install: $(STAMP) $(VENDOR_STAMP)

run: install
	$(BIN)/pressdesk serve --demo

# Two workers, each taking whole test files (their module fixtures stay shared); PYTEST_WORKERS=0 runs
# the suite in one process.
PYTEST_WORKERS ?= 2
test: install
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) --dist loadfile -m "not fuzz" $(PYTEST_ARGS)
	$(MAKE) fuzz

fuzz: install
	timeout $(FUZZ_TIMEOUT) $(BIN)/python -m pytest -q -m fuzz tests/e2e/test_openapi.py

lint: install
	$(BIN)/ruff check engine api tests bench tools

bench: install
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/loop.py
	$(BIN)/python bench/api.py

clean:
	rm -rf $(VENV) $(VENDOR) node_modules var/*.db
