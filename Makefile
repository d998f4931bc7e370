# Turnback — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
CARGO ?= cargo
BIN := target/release/turnback
DEMO_LIST := target/demo/demo.tbl
DEMO_PUB := data/demo/demo.pub

.PHONY: run build test setup lint unit bench

## Build everything and run the main job (checks) on the demo list.
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

## Build the CLI and the signed demo list.
build:
	$(CARGO) build --release --locked
	mkdir -p $(dir $(DEMO_LIST))
	$(BIN) build --id demo --sequence 1 --expires 3650d \
	  --urls data/demo/urls.txt --keywords data/demo/keywords.txt --rules data/demo/rules.txt \
	  --meta data/demo/meta.json --key data/demo/demo.key --out $(DEMO_LIST)

## Everything CI runs; installs what it needs on a fresh Debian machine.
test: setup lint unit

setup:
	rustup component add rustfmt clippy >/dev/null

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --all-targets -- -D warnings

unit:
	$(CARGO) test --locked

## Criterion benchmarks (not part of test); see docs/benchmarks.md.
bench:
	$(CARGO) bench --locked --bench engine
