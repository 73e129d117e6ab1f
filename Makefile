# The two commands of the README: `make run` and `make test`.
.PHONY: run test app check-wasm lint bench bench-report bench-engine bench-traffic bench-eval bench-traffic-page bench-page bench-load bench-scale screenshots compare-llamacpp

ADDR ?= 127.0.0.1:8080
DB ?= breakeven.db
# The server builds from the committed .sqlx/ query metadata, never a live database.
export SQLX_OFFLINE := true

## Build everything and serve the app on http://$(ADDR) with an embedded SQLite file.
run:
	scripts/setup.sh app
	trunk build --release
	cargo run --release -p breakeven -- serve --addr $(ADDR) --db $(DB) --dist dist

# On the PostgreSQL run, the modules whose tests never reach the store, or reach only a
# SQLite file of their own (the CLI's), are left out: they ran above and would only repeat.
POSTGRES_SKIP := --skip cli:: --skip compression:: --skip plan:: --skip plan_v2:: \
	--skip units:: --skip endpoint_bench:: --skip traffic:: --skip app::

## The whole test suite: formatting, lints, the wasm build of the pure crates, the app,
## unit/property/API tests and the headless-browser test on SQLite, then the server's store
## and HTTP tests again on a throwaway PostgreSQL (scripts/test-postgres.sh).
test:
	scripts/setup.sh test
	cargo fmt --all -- --check
	$(MAKE) check-wasm
	cargo clippy --workspace --all-targets -- -D warnings
	trunk build --release
	# --tests: unit, integration and browser tests. Examples (benchmarks) are already
	# type-checked by clippy above, and no crate has doc tests: building and linking them
	# again here only lengthened the suite.
	cargo test --workspace --tests -- --skip postgres::shared
	scripts/test-postgres.sh $(POSTGRES_SKIP)

app:
	trunk build --release

## The pure crates (engine, pricing, profiles, the API contract, charts) must compile for the browser.
check-wasm:
	cargo check --target wasm32-unknown-unknown -p models -p tco -p pricing -p profiles -p api -p charts -p traffic -p quality

## The default CPU benchmark (speed goals live here, never in timed tests), then the llama.cpp
## comparison on the model fixture (builds llama-cpp-python in a scratch venv the first time).
bench:
	scripts/setup.sh test
	cargo run --release -p breakeven -- bench

## How long one export takes (PDF A4/Letter, XLSX, CSV) for the planner's default scenario
## with Monte Carlo on: warm-up, 20 repetitions, median and min–max. Goals: PDF < 300 ms,
## XLSX < 100 ms.
bench-report:
	cargo run --release -p report --example bench_exports

## How long the cost engine takes per recompute (docs/cost-model.md, "Speed"): the planner's
## default scenario with and without 10,000 Monte Carlo draws, an hourly fleet, and a
## break-even at 1e12 requests a month. Goals: ≤ 5 ms without draws, ≤ 100 ms with them.
bench-engine:
	cargo run --release -p tco --example bench_plan

## How long reading and analysing a usage log takes (criterion, a generated 1,000,000-row
## LiteLLM spend-log CSV in memory), then the peak heap of the same pass with the log
## streamed. Goal: ≤ 3 s native release. Figures: docs/performance.md.
bench-traffic:
	cargo bench -p traffic --bench traffic
	cargo run --release -p traffic --example traffic_memory

## How fast a quality eval runs (docs/benchmarks.md, "Evals"): the SmolLM2-135M fixture
## classifying the demo sample (quality/data/support-intent.jsonl, 168 items, four labels) on
## the CPU in release, at 1 and at 8 items a batch: items/s, tokens/s and the accuracy.
bench-eval:
	scripts/fetch-fixture.sh
	cargo run --release -p bench --example eval_demo -- --batch 1
	cargo run --release -p bench --example eval_demo -- --batch 8

## How fast the Traffic page reads a usage log and how well it answers meanwhile (headless
## Chromium, a generated 300,000-row LiteLLM spend-log CSV, 92 MiB, through the file input):
## pick to workload shown, frame gaps and long tasks. Figures: docs/performance.md.
bench-traffic-page:
	scripts/setup.sh test
	trunk build --release
	cargo run -p breakeven-tests --example traffic_page_speed

## How long the planner page takes to recompute when a field changes (headless Chromium,
## the built app against the real server). Goal: ≤ 20 ms for the default scenario.
bench-page:
	scripts/setup.sh test
	trunk build --release
	cargo run -p breakeven-tests --example page_speed

## How long a first visit takes to show the planner's results over a throttled network
## (headless Chromium, 10 and 1.6 Mbit/s, cache off), and the wasm's bytes on the wire.
## Goal: first results ≤ 1.5 s at 10 Mbit/s. Figures: docs/performance.md.
bench-load:
	scripts/setup.sh test
	trunk build --release
	cargo run -p breakeven-tests --example load_speed

## The mixed load of the hardening work (16 clients, 2 minutes: creates, saves, reads, plans,
## price pages, exports) against one instance on SQLite, then two instances on one PostgreSQL:
## requests, errors, latency percentiles, memory, every acknowledged write read back.
## Figures: docs/performance.md, "Scale-out".
bench-scale:
	scripts/setup.sh test
	scripts/bench-scale.sh

## Screenshots of every page at 1366 and 390 px into test-artifacts/ (for a reviewer).
screenshots:
	scripts/setup.sh test
	trunk build --release
	cargo run -p breakeven-tests --example screenshots

compare-llamacpp:
	scripts/compare-llamacpp.sh
