# The two commands a newcomer needs: `make demo` and `make test`. Both install
# what they need from the lockfile first, so they work on a fresh clone.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

NPM ?= npm
# npm writes this file at the end of every install; it is newer than the lockfile when deps are current.
INSTALLED := node_modules/.package-lock.json
# The program as bin/pve-vm-tui.js runs it: tsc's output bundled by scripts/build-bundle.ts.
BUILT := dist/bundle/pve-vm-tui.js

.PHONY: help deps build demo test typecheck lint unit bench pack generate clean e2e

help:
	@echo "make demo    run the app against the built-in simulated cluster"
	@echo "make test    typecheck, lint and run every test tier"
	@echo "make build   compile and bundle to dist/   make lint   eslint with the layer rule"
	@echo "make bench   performance benchmarks  make pack   npm tarball"

deps: $(INSTALLED)
$(INSTALLED): package.json package-lock.json
	$(NPM) ci --no-audit --no-fund
	@touch $@

build: $(BUILT)
$(BUILT): $(INSTALLED) $(shell find src mocks/simulator -name '*.ts' -o -name '*.json' 2>/dev/null) tsconfig.json tsconfig.build.json scripts/build-bundle.ts
	$(NPM) run --silent build

# Quitting with Ctrl-C exits 130 (cancelled), which is a normal end of a demo, not a make error.
demo: build
	node bin/pve-vm-tui.js --demo || [ $$? -eq 130 ]

typecheck: deps
	$(NPM) run --silent typecheck

lint: deps
	$(NPM) run --silent lint

# Generated facts must match ../shared/pve-api when it is beside the repo (it is not in CI's clean clone).
check-generated: deps
	@if [ -d ../shared/pve-api ]; then $(NPM) run --silent generate -- --check; else echo "check-generated: ../shared/pve-api absent, skipped"; fi

test: deps typecheck lint check-generated build
	npx jest --ci

# Measures the issue-9 targets against the simulator, prints measured vs target, records them in
# docs/benchmarks.md and fails when one is missed (BENCH_ARGS="--only startup --runs 5" for a part).
bench: build
	npx tsx scripts/bench.ts $(BENCH_ARGS)

# From a clean build, so no stale file of an earlier build (or of `tsc -p tsconfig.json`) can ship;
# package.json "files" decides what goes in. Install it with: npm install -g ./pve-vm-tui-*.tgz
pack: deps
	rm -rf dist
	$(NPM) run --silent build
	$(NPM) pack

generate: deps
	$(NPM) run --silent generate

clean:
	rm -rf dist bundle coverage *.tgz
