# starlingx.platform: development and CI entry points.
#
#   make demo    deploy an emulated StarlingX system with the collection (TOPOLOGY=aio-sx|aio-dx|standard)
#   make test    everything CI runs: lint sanity units integration molecule
#
# Each target creates the virtual environments it needs:
#   .venv       Python 3.11, requirements-dev.txt (ansible-core 2.19) + emulator/ (editable)
#   .venv-2.18  Python 3.11, ansible-core 2.18   (sanity only)
#   .venv-2.20  Python 3.12, ansible-core 2.20   (sanity only)
# ansible-test runs in a synced copy, build/ansible_collections/starlingx/platform
# (tools/collection_tree.py explains why), with its --venv environments cached
# in ~/.ansible/test and pip bootstrapped offline (tools/get_pip_standin.py).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

ROOT := $(CURDIR)
PY311 = $(shell tools/find_python.sh 3.11)
PY312 = $(shell tools/find_python.sh 3.12)

VENV := .venv
# tools started by name (ansible-lint, antsibull-docs, molecule call ansible-*)
# come from the main venv
export PATH := $(ROOT)/$(VENV)/bin:$(PATH)
VENV_218 := .venv-2.18
VENV_220 := .venv-2.20
ANSIBLE_CORE_218 := 2.18.19
ANSIBLE_CORE_220 := 2.20.10
PIP_INSTALL = bin/pip install --quiet --disable-pip-version-check

# pip versions whose get-pip script ansible-test 2.16-2.20 asks for
GET_PIP_VERSIONS := 23.1.2 24.2 25.2
# target Pythons for compile/import sanity (tests/config.yml: python_requires >=3.9)
TARGET_PYTHONS := 3.9 3.10 3.11 3.12 3.13
PYTHONS_DIR := $(ROOT)/build/target-pythons

TREE := $(ROOT)/build/ansible_collections/starlingx/platform
ANSIBLE_TEST_ARGS ?=
ANSIBLE_TEST = env PATH="$(PYTHONS_DIR):$$PATH" $(1)/bin/ansible-test
# Integration targets start their own stx-emulator (target setup_emulator) with
# the Python named by stx_emulator_python, written into the tree's
# tests/integration/integration_config.yml (the .venv, where stx_emulator is
# installed; ansible-test's own venv does not have it). INTEGRATION_WRAPPER is
# put in front of the ansible-test command for anything else a run needs.
INTEGRATION_WRAPPER ?=
INTEGRATION_TARGETS ?=

VERSION = $(shell sed -n 's/^version: *//p' galaxy.yml)
ARTIFACT = build/starlingx-platform-$(VERSION).tar.gz


.PHONY: help venv lint sanity units integration molecule test build bench demo clean distclean \
        generate tree getpip target-pythons sanity-2.19 sanity-targets sanity-2.18 sanity-2.20

help:
	@echo "make demo | test (= lint sanity units integration molecule) | build | bench"
	@echo "     venv | lint | sanity | units | integration | molecule | generate | clean | distclean"

# --- virtual environments -------------------------------------------------

venv: $(VENV)/.stamp $(VENV_218)/.stamp-$(ANSIBLE_CORE_218) $(VENV_220)/.stamp-$(ANSIBLE_CORE_220)

$(VENV)/.stamp: requirements-dev.txt $(wildcard emulator/pyproject.toml)
	[ -x $(VENV)/bin/python ] || $(PY311) -m venv $(VENV)
	$(VENV)/$(PIP_INSTALL) -r requirements-dev.txt
	if [ -f emulator/pyproject.toml ]; then $(VENV)/$(PIP_INSTALL) -e emulator; fi
	touch $@

$(VENV_218)/.stamp-$(ANSIBLE_CORE_218):
	[ -x $(VENV_218)/bin/python ] || $(PY311) -m venv $(VENV_218)
	$(VENV_218)/$(PIP_INSTALL) ansible-core==$(ANSIBLE_CORE_218)
	touch $@

$(VENV_220)/.stamp-$(ANSIBLE_CORE_220):
	[ -x $(VENV_220)/bin/python ] || $(PY312) -m venv $(VENV_220)
	$(VENV_220)/$(PIP_INSTALL) ansible-core==$(ANSIBLE_CORE_220)
	touch $@

# --- helpers ----------------------------------------------------------------

tree: $(VENV)/.stamp
	$(VENV)/bin/python tools/collection_tree.py --quiet >/dev/null

getpip: $(VENV)/.stamp
	PYTHON=$(VENV)/bin/python tools/install_get_pip_standin.sh $(GET_PIP_VERSIONS) >/dev/null

target-pythons:
	mkdir -p $(PYTHONS_DIR)
	for v in $(TARGET_PYTHONS); do \
	    if p=$$(tools/find_python.sh $$v); then ln -sfn "$$p" $(PYTHONS_DIR)/python$$v; \
	    else echo "WARNING: python$$v not found: sanity will skip it"; fi; \
	done

# regenerate meta/runtime.yml's action group and tests/sanity/ignore-*.txt
# after adding or removing a module (`make lint` checks both)
generate: $(VENV)/.stamp
	$(VENV)/bin/python tools/update_action_group.py
	$(VENV)/bin/python tools/sanity_ignores.py

# --- lint -------------------------------------------------------------------

lint: $(VENV)/.stamp tree
	$(VENV)/bin/python tools/update_action_group.py --check
	$(VENV)/bin/python tools/sanity_ignores.py --check
	$(VENV)/bin/ansible-lint
	$(VENV)/bin/antsibull-changelog lint
	cd $(TREE) && $(ROOT)/$(VENV)/bin/antsibull-docs lint-collection-docs --plugin-docs .

# --- ansible-test sanity -----------------------------------------------------

sanity: sanity-2.19 sanity-targets sanity-2.18 sanity-2.20

sanity-2.19: $(VENV)/.stamp tree getpip target-pythons
	cd $(TREE) && $(call ANSIBLE_TEST,$(ROOT)/$(VENV)) sanity --venv --python 3.11 $(ANSIBLE_TEST_ARGS)

sanity-targets: $(VENV)/.stamp tree getpip target-pythons
	cd $(TREE) && $(call ANSIBLE_TEST,$(ROOT)/$(VENV)) sanity --venv --test compile --test import $(ANSIBLE_TEST_ARGS)

sanity-2.18: $(VENV_218)/.stamp-$(ANSIBLE_CORE_218) tree getpip target-pythons
	cd $(TREE) && $(call ANSIBLE_TEST,$(ROOT)/$(VENV_218)) sanity --venv --python 3.11 $(ANSIBLE_TEST_ARGS)

sanity-2.20: $(VENV_220)/.stamp-$(ANSIBLE_CORE_220) tree getpip target-pythons
	cd $(TREE) && $(call ANSIBLE_TEST,$(ROOT)/$(VENV_220)) sanity --venv --python 3.12 $(ANSIBLE_TEST_ARGS)

# --- unit tests ----------------------------------------------------------------

units: $(VENV)/.stamp tree
	@echo "== collection unit tests (tests/unit)"
	@cd $(TREE) && PYTHONPATH=$(ROOT)/build $(ROOT)/tools/run_pytest.sh tests/unit \
	    $(ROOT)/$(VENV)/bin/python -m pytest -p no:cacheprovider tests/unit
	@echo "== emulator tests (emulator/tests)"
	@if [ -d emulator/tests ]; then cd emulator && $(ROOT)/tools/run_pytest.sh tests \
	    $(ROOT)/$(VENV)/bin/python -m pytest -p no:cacheprovider tests; \
	 else echo "emulator/tests: not present"; fi

# --- integration -----------------------------------------------------------------

integration: $(VENV)/.stamp tree getpip target-pythons
	@if [ -z "$$(find tests/integration/targets -mindepth 1 -maxdepth 1 -type d 2>/dev/null)" ]; then \
	    echo "tests/integration/targets: no integration targets yet, nothing to run"; \
	else \
	    printf -- '---\nstx_emulator_python: %s\n' "$(ROOT)/$(VENV)/bin/python" \
	        > $(TREE)/tests/integration/integration_config.yml; \
	    cd $(TREE) && $(INTEGRATION_WRAPPER) $(call ANSIBLE_TEST,$(ROOT)/$(VENV)) integration --venv --python 3.11 \
	        $(ANSIBLE_TEST_ARGS) $(INTEGRATION_TARGETS); \
	fi

# --- molecule --------------------------------------------------------------------
# Run from the collection root (molecule's collection mode needs galaxy.yml in the
# working directory: it then builds and installs the collection for the scenarios).
# ANSIBLE_HOME keeps that installation in the git-ignored .ansible/, not ~/.ansible.

molecule: $(VENV)/.stamp
	@if [ -z "$$(ls extensions/molecule/*/molecule.yml 2>/dev/null)" ]; then \
	    echo "no molecule scenarios (extensions/molecule/<scenario>/molecule.yml), nothing to run"; \
	else \
	    ANSIBLE_HOME=$(ROOT)/.ansible molecule test --all; \
	fi

# --- everything ----------------------------------------------------------------------

test: lint sanity units integration molecule

# --- artifact -------------------------------------------------------------------------

build: $(VENV)/.stamp
	mkdir -p build
	$(VENV)/bin/ansible-galaxy collection build --force --output-path build/ .
	$(VENV)/bin/python tools/check_artifact.py $(ARTIFACT)

# --- benchmarks and demo -------------------------------------------------------------

bench: $(VENV)/.stamp
	@shopt -s nullglob; scripts=(bench/*.py); \
	if [ $${#scripts[@]} -eq 0 ]; then echo "no benchmarks in bench/"; exit 0; fi; \
	for s in "$${scripts[@]}"; do echo "== $$s"; $(VENV)/bin/python "$$s"; done

# make demo [TOPOLOGY=aio-sx|aio-dx|standard] [DEMO_TIME_SCALE=0.02]: deploy an emulated
# system end to end with the collection's playbook, print its summary (tools/demo.sh)
TOPOLOGY ?= aio-sx
DEMO_TIME_SCALE ?= 0.02

demo: $(VENV)/.stamp tree
	@tools/demo.sh $(TOPOLOGY) $(DEMO_TIME_SCALE)

# --- cleaning ------------------------------------------------------------------------------

clean:
	rm -rf build tests/output .ansible collections .pytest_cache
	find . -path ./.git -prune -o -path './.venv*' -prune -o -type d -name __pycache__ -print0 | xargs -0r rm -rf

distclean: clean
	rm -rf $(VENV) $(VENV_218) $(VENV_220)
