# Turnback — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
CARGO ?= cargo
BIN := target/release/turnback
DEMO_LIST := target/demo/demo.tbl
DEMO_PUB := data/demo/demo.pub

# The WebAssembly module and its JS glue (www/pkg/, a build output).
WASM_TARGET := wasm32-unknown-unknown
WASM_RAW := target/$(WASM_TARGET)/wasm-release/turnback.wasm
PKG := www/pkg
# The wasm-bindgen CLI must be exactly the crate version in Cargo.lock.
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/^version = "\(.*\)"$$/\1/p;}' Cargo.lock)
WASM_TOOLS := .tools/wasm-bindgen-$(WASM_BINDGEN_VERSION)
WASM_BINDGEN := $(WASM_TOOLS)/bin/wasm-bindgen
WASM_OPT := node_modules/.bin/wasm-opt
CHROMEDRIVER ?= /usr/bin/chromedriver
# Firefox ESR (Debian) and geckodriver (crates.io; the npm package downloads
# from elsewhere and fails here), cached in a versioned folder like wasm-bindgen.
FIREFOX ?= /usr/bin/firefox-esr
GECKODRIVER_VERSION := 0.37.1
GECKODRIVER_TOOLS := .tools/geckodriver-$(GECKODRIVER_VERSION)
GECKODRIVER := $(GECKODRIVER_TOOLS)/bin/geckodriver
# Arabic language pack: the warning page follows the browser's UI language,
# and the right-to-left test needs Firefox itself in Arabic.
FIREFOX_LANGPACK_AR := /usr/lib/firefox-esr/browser/extensions/langpack-ar@firefox-esr.mozilla.org.xpi
NGINX := /usr/sbin/nginx
WASM_BENCH_DIR := target/wasm-bench
# Rounds of bench-url-hashes (bench-ratio runs 30).
ROUNDS ?= 10
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The two tools built from crates.io run for seconds per test run: built
# without optimization they install in about 1.5 minutes each instead of
# 3-4 (the CI machine installs both every run).
TOOL_BUILD := CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
# The install steps (wasm-tools, firefox-tools, setup) run as prerequisites
# unless SETUP is empty: `make check` leaves them out, and so does any target
# with SETUP= on the command line (`make e2e SETUP=`), for a machine that has
# everything installed (a worktree whose node_modules is another checkout's).
SETUP := $(if $(filter check,$(MAKECMDGOALS)),,yes)
# A test deadline of $(1) (milliseconds or seconds) times
# TURNBACK_TEST_TIMEOUT_SCALE: tests/deadline.mjs, which the tests themselves
# read, does the arithmetic and refuses a scale that is no positive number.
scaled = $(or $(shell node tests/deadline.mjs $(1)),$(error TURNBACK_TEST_TIMEOUT_SCALE: see the message above))

.PHONY: help check run build test setup lint lint-js unit bench bench-wasm bench-ratio bench-url-hashes bench-lists wasm wasm-tools wasm-test wasm-size browsers servers e2e extension e2e-extension lint-extension bench-extension \
  unit-extension firefox-tools e2e-firefox bench-firefox-wake fuzz fuzz-tools

## Build everything, run the CLI on the demo list, then serve the demo
## search page (www/) with the widget.
run: build
	@echo "== canonical form and Safe Browsing expressions of a URL"
	$(BIN) canon 'HTTP://WWW.Turnback.TEST:8080/a/./b/../blocked//x.html#frag'
	$(BIN) expressions 'https://a.b.www.turnback.test/blocked/x.html?p=1'
	@echo "== search text carried by a navigation URL"
	$(BIN) terms 'https://www.google.de/search?q=blocked+demo%2520term&tbm=isch'
	@echo "== how the matcher sees an obfuscated search"
	$(BIN) normalize 'ＢＬ0ＣＫＥＤ  d.e.m.o   t‌e‌r‌m'
	@echo "== the signed demo list"
	$(BIN) verify --list $(DEMO_LIST) --pub $(DEMO_PUB)
	@echo "== checks against the demo list (exit 0: something matched)"
	$(BIN) check --list $(DEMO_LIST) --pub $(DEMO_PUB) \
	  --url 'https://Blocked.Turnback.test/any/page' \
	  --url 'http://www.turnback.test/blocked/page.html?x=1' \
	  --url 'https://www.turnback.test/open/' \
	  --query 'ＢＬ0ＣＫＥＤ  d.e.m.o   t‌e‌r‌m' \
	  --query 'blocked demolition' \
	  --query 'grindle and flumox' \
	  --navigation 'https://duckduckgo.com/?q=z0rbl%40x&ia=images'
	@echo "== the browser extension (extension/README.md), built in extension/dist/:"
	@echo "   Chromium: chrome://extensions > Developer mode > Load unpacked > $(CURDIR)/extension/dist/chromium"
	@echo "   Firefox:  about:debugging#/runtime/this-firefox > Load Temporary Add-on > $(CURDIR)/extension/dist/firefox/manifest.json"
	@echo "   then open http://blocked.turnback.test/ or search the web for zorblax"
	@echo "== the demo search page with the widget: try 'blocked demo term' (Ctrl-C stops)"
	node www/serve.mjs --port 8000

## Build the CLI, the signed demo list, the Wasm engine and the extension.
build:
	$(CARGO) build --release --locked
	mkdir -p $(dir $(DEMO_LIST))
	$(BIN) build --id demo --sequence 1 --expires 3650d \
	  --urls data/demo/urls.txt --keywords data/demo/keywords.txt --rules data/demo/rules.txt \
	  --meta data/demo/meta.json --key data/demo/demo.key --out $(DEMO_LIST)
	$(MAKE) --no-print-directory wasm SETUP=$(SETUP)
	mkdir -p www/demo
	cp $(DEMO_LIST) www/demo/demo.tbl
	cp $(DEMO_PUB) www/demo/demo.pub
	node extension/build.mjs

## Fuzzing (fuzz/, cargo-fuzz on the nightly toolchain with AddressSanitizer
## and debug assertions): each target for FUZZ_SECONDS (default 180), new
## inputs added to fuzz/corpus/TARGET/, a crash written to
## fuzz/artifacts/TARGET/ (commit it: tests/fuzz_replay.rs replays every
## corpus and crash file on stable in `make test`). `make fuzz FUZZ_SECONDS=3600`
## for a longer run; `FUZZ_TARGETS=list` for one target.
FUZZ_SECONDS ?= 180
FUZZ_TARGETS ?= url query navigation list
CARGO_FUZZ_VERSION := 0.13.1
CARGO_FUZZ_TOOLS := .tools/cargo-fuzz-$(CARGO_FUZZ_VERSION)
CARGO_FUZZ := $(CARGO_FUZZ_TOOLS)/bin/cargo-fuzz
fuzz: $(if $(SETUP),fuzz-tools)
	@for t in $(FUZZ_TARGETS); do \
	  echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	  RUSTUP_TOOLCHAIN=nightly $(CARGO_FUZZ) fuzz run --fuzz-dir fuzz $$t fuzz/corpus/$$t -- -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048; \
	done

## The nightly toolchain and cargo-fuzz (pinned, in .tools/).
fuzz-tools:
	rustup toolchain install nightly --profile minimal >/dev/null
	if [ "$$($(CARGO_FUZZ) --version 2>/dev/null)" != "cargo-fuzz $(CARGO_FUZZ_VERSION)" ]; then \
	  $(CARGO) install cargo-fuzz --version =$(CARGO_FUZZ_VERSION) --locked --root $(CARGO_FUZZ_TOOLS); \
	fi

## Rust target, the pinned wasm-bindgen CLI (.tools/) and wasm-opt (npm).
wasm-tools:
	rustup target add $(WASM_TARGET) >/dev/null
	@test -n "$(WASM_BINDGEN_VERSION)" || { echo "no wasm-bindgen in Cargo.lock" >&2; exit 1; }
	if [ "$$($(WASM_BINDGEN) --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  $(TOOL_BUILD) $(CARGO) install wasm-bindgen-cli --version =$(WASM_BINDGEN_VERSION) \
	    --no-default-features --root $(WASM_TOOLS); \
	fi
	if [ ! -x $(WASM_OPT) ] || [ package-lock.json -nt $(WASM_OPT) ]; then \
	  npm ci --no-audit --no-fund && touch $(WASM_OPT); \
	fi

# The module carries the source paths of its panic locations: written
# relative to the registry, not to this machine's home directory.
WASM_RUSTFLAGS := --remap-path-prefix=$(or $(CARGO_HOME),$(HOME)/.cargo)/registry/src=crates

## The Wasm engine and its JS glue: www/pkg/turnback{.js,.d.ts,_bg.wasm} and
## www/pkg/snippets/ (src/wasm/read.js, imported by the glue; made afresh so
## no stale copy is shipped).
# Built as the cdylib alone: with the rlib crate type beside it, the
# dependencies are linked as separate objects instead of going through
# link-time optimization with the crate, which leaves dead code and a
# second copy of Unicode tables in the module (35 KB gzipped).
# wasm-opt -O3, not -Oz: no larger gzipped for this module (143,796 against
# 144,032 bytes; the crate is built for speed, its tables for size: see
# Cargo.toml), and faster; --converge repeats the passes until the module
# stops shrinking (144,546 against 145,039 bytes gzipped).
# The producers and target-features sections go: nothing reads them once built.
# The glue's copies of the doc comments go too (they stay in turnback.d.ts).
wasm: $(if $(SETUP),wasm-tools)
	@test -x $(WASM_BINDGEN) && test -x $(WASM_OPT) || \
	  { echo "$(WASM_BINDGEN) or $(WASM_OPT) is missing: make setup installs them" >&2; exit 1; }
	RUSTFLAGS="$(WASM_RUSTFLAGS)" $(CARGO) rustc --locked --no-default-features --lib --crate-type cdylib --target $(WASM_TARGET) --profile wasm-release
	rm -rf $(PKG)/snippets
	$(WASM_BINDGEN) --target web --out-dir $(PKG) --out-name turnback $(WASM_RAW)
	node www/build/strip-glue-docs.mjs $(PKG)/turnback.js
	$(WASM_OPT) -O3 --converge --enable-bulk-memory --enable-nontrapping-float-to-int --strip-producers --strip-target-features \
	  $(PKG)/turnback_bg.wasm -o $(PKG)/turnback_bg.wasm
	@$(MAKE) --no-print-directory wasm-size

# What the module, its glue and snippets may weigh gzipped (README: the
# widget's download); `make wasm` fails above it.
WASM_BUDGET := 150000

## Raw and gzipped size of the module and its glue; fails over the budget (150,000 bytes gzipped).
wasm-size:
	@for f in $(PKG)/turnback_bg.wasm $(PKG)/turnback.js $$(find $(PKG)/snippets -name '*.js' | sort); do \
	  printf '%-28s %8d bytes, %7d gzipped\n' $$f $$(stat -c %s $$f) $$(gzip -9c $$f | wc -c); \
	done
	@files="$(PKG)/turnback_bg.wasm $(PKG)/turnback.js $$(find $(PKG)/snippets -name '*.js' | sort)"; \
	  gz=0; for f in $$files; do gz=$$(( gz + $$(gzip -9c $$f | wc -c) )); done; \
	  printf '%-28s %8d bytes, %7d gzipped\n' total $$(cat $$files | wc -c) $$gz; \
	  if [ $$gz -gt $(WASM_BUDGET) ]; then \
	    echo "error: the Wasm module and its glue are $$gz bytes gzipped, over the budget of $(WASM_BUDGET)" >&2; exit 1; \
	  fi

## Chromium and its driver for the browser tests, and the sqlite3 CLI with
## which history.test.mjs reads the profile's History (Debian packages).
browsers:
	if [ ! -x /usr/bin/chromium ] || [ ! -x $(CHROMEDRIVER) ] || [ ! -x /usr/bin/sqlite3 ]; then \
	  $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium chromium-driver sqlite3; \
	fi

## nginx (Debian's) for the tests that host lists as publishers and CDNs do
## (compressed); the tests start their own instance on loopback.
servers:
	if [ ! -x $(NGINX) ]; then \
	  $(SUDO) apt-get update && $(SUDO) apt-get install -y nginx; \
	fi

## Firefox ESR (with its Arabic language pack) and the pinned geckodriver for
## the Firefox extension tests;
## selenium-webdriver comes from package-lock.json (npm ci in wasm-tools).
firefox-tools:
	if [ ! -x $(FIREFOX) ] || [ ! -f $(FIREFOX_LANGPACK_AR) ]; then \
	  $(SUDO) apt-get update && $(SUDO) apt-get install -y firefox-esr firefox-esr-l10n-ar; \
	fi
	if [ "$$($(GECKODRIVER) --version 2>/dev/null | awk 'NR == 1')" != "geckodriver $(GECKODRIVER_VERSION)" ]; then \
	  $(TOOL_BUILD) $(CARGO) install geckodriver --version =$(GECKODRIVER_VERSION) --locked \
	    --root $(GECKODRIVER_TOOLS); \
	fi

## Everything CI runs: installs what it needs on a fresh Debian machine
## (setup), then runs the whole suite (check).
test: setup check

## The whole suite as `make test` runs it, without the install steps, on a
## machine that has them.
check: lint lint-extension unit wasm-test unit-extension e2e e2e-extension e2e-firefox

## What the tests need (Rust target and components, pinned tools, npm
## packages, Debian's browsers and nginx), installed where missing.
setup: wasm-tools browsers servers firefox-tools
	rustup component add rustfmt clippy >/dev/null

## Each target with its comment.
help:
	@awk '/^## / { doc = doc (doc == "" ? "" : "\n") substr($$0, 4); next } \
	  /^[a-z][a-z0-9-]*:([^=]|$$)/ && doc != "" { \
	    name = $$0; sub(/:.*/, "", name); n = split(doc, lines, "\n"); \
	    for (i = 1; i <= n; i++) printf "%-20s %s\n", i == 1 ? name : "", lines[i] } \
	  { doc = "" }' $(firstword $(MAKEFILE_LIST))

## Formatting (rustfmt), clippy (native and wasm32) and the JavaScript
## checks (lint-js): part of the inner loop.
lint: lint-js
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --all-targets -- -D warnings
	$(CARGO) clippy --locked --no-default-features --target $(WASM_TARGET) --lib --test wasm_node --test wasm_browser -- -D warnings

## The JavaScript: tsc (checkJs, strict; jsconfig.json, and the extension
## again against Firefox's API types) and ESLint (eslint.config.mjs).
## The widget's types and the extension import the engine's generated
## www/pkg/turnback.d.ts, so it is built first when the Rust sources changed.
lint-js: $(PKG)/turnback.d.ts
	node_modules/.bin/tsc -p jsconfig.json
	node_modules/.bin/tsc -p jsconfig.firefox.json
	node_modules/.bin/eslint --max-warnings 0 .

$(PKG)/turnback.d.ts: Cargo.toml Cargo.lock $(shell find src -type f)
	$(MAKE) --no-print-directory wasm

## The Rust tests (library, CLI, integration): the inner loop with `make lint`.
unit:
	$(CARGO) test --locked

## The JS bindings: the built glue under Node, then the wasm-bindgen tests
## under Node and in headless Chromium.
wasm-test: build
	node tests/wasm_glue.mjs
	PATH="$(CURDIR)/$(WASM_TOOLS)/bin:$$PATH" CHROMEDRIVER=$(CHROMEDRIVER) \
	  WASM_BINDGEN_TEST_TIMEOUT=$(call scaled,20) WASM_BINDGEN_TEST_DRIVER_TIMEOUT=$(call scaled,5) \
	  $(CARGO) test --locked --no-default-features --target $(WASM_TARGET) --test wasm_node --test wasm_browser

## The widget end to end in headless Chromium (playwright-core, Debian's
## /usr/bin/chromium); screenshots land in target/e2e-artifacts/.
e2e: build
	node --test tests/e2e/

## The extension's list machinery (settings, updates, persistence) under
## Node with the real Wasm engine, CLI-made lists and a loopback list server;
## the shared update routine and index reader (tests/update/); the message
## protocol, the built locale module, and no import cycle in the extension or
## the widget (dependency-cruiser).
unit-extension: build
	node --test tests/extension/lists/ tests/extension/unit/ tests/update/

## The browser extension: extension/dist/{chromium,firefox}/ and the store
## packages extension/dist/turnback-{chromium.zip,firefox.xpi} (built by
## `build`; extension/build.mjs alone rebuilds just these).
extension: build

## Mozilla's add-on linter on the Firefox build (offline; web-ext is pinned in package.json).
lint-extension: extension
	node_modules/.bin/web-ext lint --source-dir extension/dist/firefox --output text

## The extension end to end in headless Chromium (playwright-core, Debian's
## /usr/bin/chromium, every host mapped to a loopback test server).
e2e-extension: extension
	node --test --test-timeout=$(call scaled,600000) tests/extension/*.test.mjs

## How often a first visit races the extension in Chromium, on a cold start
## and in a warm browser (not part of test; see extension/README.md).
bench-extension: extension
	node benches/extension/beacon-race.mjs

## What a suspended Firefox background costs, and whether the keep-alive
## keeps it from idling out (not part of test; see extension/README.md).
bench-firefox-wake: extension firefox-tools
	node benches/extension/firefox-wake.mjs
	node benches/extension/firefox-wake.mjs --idle

## Criterion benchmarks (not part of test); see docs/benchmarks.md.
bench:
	$(CARGO) bench --locked --bench engine

## The Wasm engine on the native bench's workload, under Node and in headless
## Chromium (not part of test); see docs/benchmarks.md.
bench-wasm: build
	$(CARGO) run --locked --release --example bench_workload -- $(WASM_BENCH_DIR)
	node benches/wasm/bench.mjs $(WASM_BENCH_DIR)
	node benches/wasm/chromium.mjs $(WASM_BENCH_DIR)

## Native, Node and Chromium in alternation, each loaded once, 30 rounds:
## the Wasm/native ratios on a machine whose speed swings (docs/benchmarks.md).
bench-ratio: build
	$(CARGO) run --locked --release --example bench_workload -- $(WASM_BENCH_DIR)
	$(CARGO) build --locked --release --example bench_native
	node benches/wasm/ratio.mjs 30 $(WASM_BENCH_DIR)

## What checking 1, 3 and 5 lists of 1,000,000 entries costs, native, Node
## and Chromium side by side (not part of test); see docs/benchmarks.md,
## "Several lists".
bench-lists: build
	$(CARGO) run --locked --release --example bench_lists -- write target/lists-bench
	node benches/wasm/lists.mjs target/lists-bench

## What URL entries known only by SHA-256 cost per check: the bench-ratio
## comparison (native, Node, Chromium in alternation) on the workload
## without them, then on the same list with 100,000 of its 1,000,000 URL
## entries added by hash only (docs/benchmarks.md, "URL hash table").
bench-url-hashes: build
	$(CARGO) run --locked --release --example bench_workload -- $(WASM_BENCH_DIR)
	TURNBACK_BENCH_URL_HASHES=100000 $(CARGO) run --locked --release --example bench_workload -- $(WASM_BENCH_DIR)-hashes
	$(CARGO) build --locked --release --example bench_native
	node benches/wasm/ratio.mjs $(ROUNDS) $(WASM_BENCH_DIR)
	node benches/wasm/ratio.mjs $(ROUNDS) $(WASM_BENCH_DIR)-hashes

## The extension's core scenarios in headless Firefox ESR (selenium-webdriver,
## geckodriver); warning page screenshots land in target/e2e-artifacts/.
e2e-firefox: extension $(if $(SETUP),firefox-tools)
	node --test tests/firefox/
