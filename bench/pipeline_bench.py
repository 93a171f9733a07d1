"""Pipeline benchmark (issue 9): `make bench`, or

    flock /tmp/consensus-model.lock python -m bench.pipeline_bench [--out build/bench.json] [--skip-live]

Live, on the embedded model (one server, started once, warmed with a one-token request):
  * the seeds brief (examples/sheinbaum) through `run_brief`: per stage seconds, LLM calls per window (re-asks
    included), prompt and output tokens and seconds per article; the server start is reported apart;
  * the overhead ratio: our extract seconds (the sum of the articles' Extractor.extract walls) / the seconds of
    bare `/v1/completions` calls on the same warm server, one per call we made, with the prompt our chat request
    rendered to (the server's own chat template, tools included: the prompt token counts are checked equal), the
    JSON-schema grammar of our tool as GBNF, and max_tokens = our output tokens. The bare calls run in the order of
    ours after the same one-token flush, so the prompt cache is in the same state for both;
  * the prompt-cache gain: the prompt evaluation (max_tokens=1) of article 2 cold (after an unrelated prompt) and
    warm (right after article 1, whose system prompt it shares: the constant part comes first);
  * the extraction call against the one before issue 22 (prompt v1, tools mode: a kind for every sentence), on the
    same warm server in one run: tokens per article (deterministic), seconds, and the new/old wall ratio.
Without the model (the loopback replay server of the tests, answers from the seeds cassette):
  * 50 articles (the seeds repeated) at 200 ms latency per request, concurrency 1 vs 8: walls, request counts,
    identical brief bytes;
  * scaling: 5, 20 and 50 articles on the replay server (0 latency: the pipeline's own time), and on the embedded
    model, 5 measured and 20/50 EXTRAPOLATED (server start + n x the mean seconds an article took live + the
    measured ingest/consensus/write of n articles);
  * `consensus run` re-runs with a warm extraction cache: unchanged inputs, and a rebuild from the cache;
  * the consensus scale figures (bench/consensus_scale.py).
Prints one line per figure (stdout) and writes them all as JSON (--out). bench/baseline.json holds the first run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "examples" / "sheinbaum"
FLUSH_PROMPT = "Count from one to ten:"  # shares no prefix with our prompts: the next one is evaluated cold
REPLAY_MODE = "grammar"  # the embedded backend's mode, in which the seeds cassette was recorded


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def settings(embedded_model: str | None = None):
    from consensus.config import load_settings

    s = load_settings(str(ROOT / "config.toml"), environ={})
    if embedded_model:
        s.embedded.model = embedded_model
    return s


def repeat_seeds(dst: Path, n: int) -> Path:
    """n articles: the seed articles copied round-robin under new names (so they send the seeds' requests)."""
    seeds = sorted(SEEDS.glob("*.txt"))
    outlets = tomllib.loads((SEEDS / "story.toml").read_text(encoding="utf-8"))["outlets"]
    dst.mkdir(parents=True, exist_ok=True)
    table = ["[outlets]"]
    for k in range(n):
        src = seeds[k % len(seeds)]
        name = f"{k:03d}_{src.name}"
        shutil.copyfile(src, dst / name)
        outlet = outlets.get(src.name, src.stem)  # an article story.toml does not name is named by its file name
        table.append(f'"{name}" = "{outlet} #{k // len(seeds) + 1}"')
    (dst / "story.toml").write_text("\n".join(table) + "\n", encoding="utf-8")
    return dst


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------- without the model: the replay server ----------


def replay_run(corpus: Path, out: Path, concurrency: int, latency_s: float) -> dict:
    from consensus.backends import Endpoint
    from consensus.pipeline import run_brief
    from tests.cassettes import MODEL_ALIAS
    from tests.replay_brief import SEEDS_CASSETTE
    from tests.replay_server import ReplayServer

    with ReplayServer(SEEDS_CASSETTE, latency_s=latency_s) as server:
        endpoint = Endpoint("replay", server.base_url, MODEL_ALIAS, "not-needed", REPLAY_MODE, 60.0, concurrency)
        started = time.monotonic()
        _, report = run_brief([str(corpus)], settings(), out, ["md", "json"], endpoint=endpoint)
        wall = time.monotonic() - started
    return {"articles": len(list(corpus.glob("*.txt"))), "concurrency": concurrency, "latency_s": latency_s,
            "wall_s": round(wall, 3), "seconds": report.seconds, "requests": len(server.requests),
            "misses": server.misses, "brief_json_sha256": sha256(out / "brief.json"),
            "brief_md_sha256": sha256(out / "brief.md")}


def warm_client() -> None:
    """Build one client before any timing: the first one imports most of openai and instructor's handlers (0.6 s
    on a quiet machine) and loads the CA bundle, which concurrency 1, run first, would otherwise pay alone."""
    from consensus.backends import Endpoint
    from consensus.extract import make_client

    make_client(Endpoint("warm-up", "http://127.0.0.1:9/v1", "none", "not-needed", "tools", 1.0))


def concurrency_figures(work: Path, n: int = 50, latency_s: float = 0.2) -> dict:
    warm_client()
    corpus = repeat_seeds(work / f"corpus{n}", n)
    runs = {c: replay_run(corpus, work / f"conc{c}", c, latency_s) for c in (1, 8)}
    one, eight = runs[1], runs[8]
    return {"articles": n, "latency_s": latency_s, "concurrency_1": one, "concurrency_8": eight,
            "speedup_extract": round(one["seconds"]["extract"] / eight["seconds"]["extract"], 2),
            "speedup_wall": round(one["wall_s"] / eight["wall_s"], 2),
            "identical_briefs": (one["brief_json_sha256"], one["brief_md_sha256"])
            == (eight["brief_json_sha256"], eight["brief_md_sha256"])}


def replay_scaling(work: Path, sizes=(5, 20, 50)) -> dict:
    return {str(n): replay_run(repeat_seeds(work / f"scale{n}", n), work / f"scale{n}-out", 1, 0.0)
            for n in sizes}


def run_config(work: Path, base_url: str) -> Path:
    from tests.cassettes import MODEL_ALIAS

    cfg = work / "run-config.toml"
    cfg.write_text(f'backend = "replay"\n[backends.replay]\nkind = "openai"\nbase_url = "{base_url}"\n'
                   f'model = "{MODEL_ALIAS}"\nmode = "{REPLAY_MODE}"\n[run]\nout_dir = "{work / "briefs"}"\n'
                   f'cache_dir = "{work / "cache"}"\n[[story]]\nname = "seeds"\npaths = ["{SEEDS}"]\n',
                   encoding="utf-8")
    return cfg


def timed_cli(*args: str) -> tuple[float, subprocess.CompletedProcess]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONSENSUS_")}
    started = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "consensus", *args], capture_output=True, text=True, cwd=ROOT,
                       env=env, timeout=600)
    return time.monotonic() - started, r


def rerun_figures(work: Path) -> dict:
    """`consensus run` on the seeds three times: first (5 calls, fills the cache), unchanged inputs, then with the
    story's state removed so the brief is rebuilt from the cache. Walls include Python start-up and imports."""
    from tests.replay_brief import SEEDS_CASSETTE
    from tests.replay_server import ReplayServer

    out = {}
    with ReplayServer(SEEDS_CASSETTE) as server:
        cfg = run_config(work, server.base_url)
        status = work / "briefs" / "seeds" / "status.json"
        for label in ("first", "unchanged", "rebuilt_from_cache"):
            if label == "rebuilt_from_cache":
                (work / "briefs" / "seeds" / "state.json").unlink()
            before = len(server.requests)
            wall, r = timed_cli("run", "--config", str(cfg))
            if r.returncode != 0:
                raise SystemExit(f"consensus run failed ({r.returncode}): {r.stderr.strip()[-300:]}")
            st = json.loads(status.read_text())
            out[label] = {"wall_s": round(wall, 3), "outcome": st["outcome"], "llm_calls": st.get("llm_calls", 0),
                          "requests": len(server.requests) - before}
    return out


def scale_figures(args: list[str]) -> dict:
    r = subprocess.run([sys.executable, "-m", "bench.consensus_scale", *args], capture_output=True, text=True,
                       cwd=ROOT, timeout=1800)
    lines = [ln for ln in r.stdout.splitlines() if ln.strip()]
    return {"command": "python -m bench.consensus_scale " + " ".join(args), "returncode": r.returncode,
            "lines": lines}


# ---------- live: the embedded model ----------


class BareServer:
    """Plain `/v1/completions` requests to the running server, timed around the HTTP exchange."""

    def __init__(self, base_url: str, model: str):
        self.url = base_url + "/completions"
        self.model = model

    def complete(self, prompt: str, max_tokens: int, grammar: str | None = None, seed: int = 7) -> dict:
        body = {"model": self.model, "prompt": prompt, "max_tokens": max_tokens, "temperature": 0.0, "seed": seed}
        if grammar is not None:
            body["grammar"] = grammar
        req = urllib.request.Request(self.url, json.dumps(body).encode(), {"Content-Type": "application/json"})
        started = time.monotonic()
        with urllib.request.urlopen(req, timeout=900) as r:
            answer = json.loads(r.read())
        return {"seconds": round(time.monotonic() - started, 3), "usage": answer.get("usage", {})}


class ChatPrompt:
    """The server's rendering of a chat request: the GGUF's chat template (what llama-cpp-python's server uses when
    the template is not one of its named formats), and its tokenizer, from a vocabulary-only load."""

    def __init__(self, model_path: Path):
        from llama_cpp import Llama
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        self.llm = Llama(model_path=str(model_path), vocab_only=True, verbose=False)
        eos_id, bos_id = self.llm.token_eos(), self.llm.token_bos()
        text = self.llm._model.token_get_text  # noqa: SLF001 - how Llama itself builds the formatter
        self.formatter = Jinja2ChatFormatter(template=self.llm.metadata["tokenizer.chat_template"],
                                             eos_token=text(eos_id) if eos_id != -1 else "",
                                             bos_token=text(bos_id) if bos_id != -1 else "",
                                             stop_token_ids=[eos_id])

    def render(self, kwargs: dict) -> str:
        return self.formatter(messages=kwargs["messages"], tools=kwargs.get("tools"),
                              tool_choice=kwargs.get("tool_choice")).prompt

    def tokens(self, prompt: str) -> list[int]:
        return self.llm.tokenize(prompt.encode("utf-8"), add_bos=False, special=True)


def tool_grammar(kwargs: dict) -> str:
    """The GBNF the server derives from our request's JSON schema (llama_chat_format does the same): the forced
    tool's parameters (tools mode), or response_format's schema (grammar mode)."""
    from llama_cpp.llama_grammar import json_schema_to_gbnf

    if "tools" not in kwargs:
        return json_schema_to_gbnf(json.dumps(kwargs["extra_body"]["response_format"]["schema"]))
    name = kwargs["tool_choice"]["function"]["name"]
    tool = next(t for t in kwargs["tools"] if t["function"]["name"] == name)
    return json_schema_to_gbnf(json.dumps(tool["function"]["parameters"]))


def capturing_client(endpoint, calls: list[dict]):
    """The instructor client of a normal run, plus hooks that keep each request's arguments and usage."""
    from consensus.extract import make_client

    client, _ = make_client(endpoint)
    client.on("completion:kwargs", lambda *a, **kw: calls.append({"kwargs": kw}))
    client.on("completion:response", lambda response, *a, **kw: calls[-1].update(
        prompt_tokens=response.usage.prompt_tokens, completion_tokens=response.usage.completion_tokens))
    return client


def common_prefix(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def live_figures(work: Path, embedded_model: str | None) -> dict:
    from consensus import modelstore
    from consensus.backends import embedded_server
    from consensus.cache import FILE_NAME, ExtractionCache
    from consensus.pipeline import run_brief

    s = settings(embedded_model)
    if s.active_backend().kind != "embedded":
        raise SystemExit("config.toml's backend is not the embedded one")
    calls: list[dict] = []
    started = time.monotonic()
    with embedded_server(s, log) as endpoint:
        start_s = time.monotonic() - started
        bare = BareServer(endpoint.base_url, endpoint.model)
        warmup = bare.complete(FLUSH_PROMPT, 1)  # pages the weights in; leaves an unrelated prompt cached
        log(f"warm-up request: {warmup['seconds']:.1f} s")
        with ExtractionCache(work / "live-cache" / FILE_NAME, s) as cache:
            brief, report = run_brief([str(SEEDS)], s, work / "live", ["md", "json"], progress=log,
                                      client=capturing_client(endpoint, calls), endpoint=endpoint, cache=cache)
        renderer = ChatPrompt(modelstore.resolve(s.embedded.model, s.embedded.model_dir))
        prompts = [renderer.render(c["kwargs"]) for c in calls]
        log(f"bare /v1/completions: {len(calls)} calls, same order, after the same flush")
        bare.complete(FLUSH_PROMPT, 1)
        for c, prompt in zip(calls, prompts):
            c["bare"] = bare.complete(prompt, c["completion_tokens"], tool_grammar(c["kwargs"]), c["kwargs"]["seed"])
            log(f"  bare: {c['bare']['seconds']:.1f} s, {c['bare']['usage']}")
        cache_gain = prompt_cache_figures(bare, renderer, prompts)
        calls_compared = call_figures(s, endpoint)
    live = summarize_live(report, calls, prompts, renderer, start_s, warmup["seconds"], cache_gain,
                          len(brief.claims))
    live["extraction_call"] = calls_compared
    return live


OLD_CALL = {"prompt_version": 1, "mode": "tools"}  # the extraction call before issue 22: a kind for every sentence


def extraction_run(s, endpoint, articles, names, prompt_version: int, mode: str) -> dict:
    """Every seed article extracted once with one prompt and mode on the warm server (after the same flush):
    per article tokens (deterministic) and seconds, and the totals."""
    from dataclasses import replace

    from consensus.extract import Extractor, load_prompt, make_client

    s = s.model_copy(deep=True)
    s.extract.prompt_version = prompt_version
    ep = replace(endpoint, mode=mode)
    client, _ = make_client(ep)
    extractor = Extractor(s, client, ep.model, load_prompt(s), names, ep.extra_body, mode)
    BareServer(endpoint.base_url, endpoint.model).complete(FLUSH_PROMPT, 1)
    rows = {}
    for a in articles:
        started = time.monotonic()
        x = extractor.extract(a)
        st = x.stats
        rows[a.id] = {"prompt_tokens": st.prompt_tokens, "output_tokens": st.completion_tokens, "calls": st.calls,
                      "reasks": st.reasks, "seconds": round(time.monotonic() - started, 2)}
        log(f"  {extractor.prompt.id} {mode}: article {a.id} {st.prompt_tokens} + {st.completion_tokens} tokens, "
            f"{rows[a.id]['seconds']:.1f} s")
    return {"prompt": extractor.prompt.id, "mode": mode, "articles": rows,
            "prompt_tokens": sum(r["prompt_tokens"] for r in rows.values()),
            "output_tokens": sum(r["output_tokens"] for r in rows.values()),
            "reasks": sum(r["reasks"] for r in rows.values()),
            "seconds": round(sum(r["seconds"] for r in rows.values()), 2)}


def call_figures(s, endpoint) -> dict:
    """The extraction call of issue 22 against the one before it, in one run on one warm server: the old call
    (OLD_CALL) over the seeds, then the configured one; the ratio new/old of their walls."""
    from consensus import ingest
    from consensus.extract import known_names

    articles = [ingest.load_article(p, f"{i:03d}", s.ingest.max_bytes)
                for i, p in enumerate(sorted(SEEDS.glob("*.txt")))]
    ingest.canonicalize_names(articles)
    names = known_names(articles)
    log("extraction call, old then new, same server")
    old = extraction_run(s, endpoint, articles, names, OLD_CALL["prompt_version"], OLD_CALL["mode"])
    new = extraction_run(s, endpoint, articles, names, s.extract.prompt_version, s.active_backend().mode)
    return {"old": old, "new": new, "wall_ratio_new_over_old": round(new["seconds"] / old["seconds"], 3)}


def prompt_cache_figures(bare: BareServer, renderer: ChatPrompt, prompts: list[str]) -> dict:
    """Prompt evaluation of article 2 (max_tokens=1) cold, then warm right after article 1."""
    if len(prompts) < 2:
        return {}
    bare.complete(FLUSH_PROMPT, 1)
    cold = bare.complete(prompts[1], 1)
    bare.complete(prompts[0], 1)
    warm = bare.complete(prompts[1], 1)
    shared = common_prefix(renderer.tokens(prompts[0]), renderer.tokens(prompts[1]))
    log(f"prompt cache: article 2 cold {cold['seconds']:.1f} s, warm {warm['seconds']:.1f} s")
    return {"article_2_prompt_tokens": cold["usage"].get("prompt_tokens"), "shared_prefix_tokens": shared,
            "cold_s": cold["seconds"], "warm_s": warm["seconds"], "gain_s": round(cold["seconds"] - warm["seconds"], 3)}


def summarize_live(report, calls: list[dict], prompts: list[str], renderer: ChatPrompt, start_s: float,
                   warmup_s: float, cache_gain: dict, claims: int) -> dict:
    x = report.extractions
    ours = sum(v["seconds"] for v in x.values())
    bare = sum(c["bare"]["seconds"] for c in calls)
    windows = sum(v["windows"] for v in x.values())
    shared = [common_prefix(renderer.tokens(a), renderer.tokens(b)) for a, b in zip(prompts, prompts[1:])]
    return {
        "server_start_s": round(start_s, 2), "warmup_request_s": warmup_s, "stage_seconds": report.seconds,
        "brief_wall_s": round(start_s + report.seconds["total"], 2), "claims": claims,
        "articles": {k: {f: v[f] for f in ("calls", "reasks", "retries", "windows", "prompt_tokens",
                                           "completion_tokens", "seconds")} for k, v in sorted(x.items())},
        "llm_calls": sum(v["calls"] for v in x.values()), "windows": windows,
        "llm_calls_per_window": round(sum(v["calls"] for v in x.values()) / windows, 3),
        "prompt_tokens": sum(v["prompt_tokens"] for v in x.values()),
        "output_tokens": sum(v["completion_tokens"] for v in x.values()),
        "our_extract_s": round(ours, 2), "bare_completions_s": round(bare, 2),
        "overhead_ratio": round(ours / bare, 3), "extract_stage_over_bare": round(report.seconds["extract"] / bare, 3),
        "bare_calls": [{"prompt_tokens_ours": c["prompt_tokens"], "prompt_tokens_bare": c["bare"]["usage"].get(
            "prompt_tokens"), "output_tokens_ours": c["completion_tokens"], "output_tokens_bare": c["bare"]["usage"].get(
            "completion_tokens"), "bare_s": c["bare"]["seconds"]} for c in calls],
        "shared_prefix_tokens_with_previous_article": shared, "prompt_cache": cache_gain,
    }


def extrapolate(live: dict, scaling: dict) -> dict:
    """Embedded walls for 20 and 50 articles: EXTRAPOLATED, not measured."""
    per_article = live["our_extract_s"] / len(live["articles"])
    out = {"5": {"measured_s": live["brief_wall_s"]}}
    for n, run in scaling.items():
        if n == "5":
            continue
        rest = sum(run["seconds"][k] for k in ("ingest", "consensus", "write"))
        out[n] = {"extrapolated_s": round(live["server_start_s"] + int(n) * per_article + rest, 1),
                  "how": f"server start + {n} x {per_article:.1f} s (mean live article) + measured "
                         f"ingest/consensus/write of {n} articles ({rest:.2f} s)"}
    return out


# ---------- report ----------


def print_figures(f: dict) -> None:
    live = f.get("live")
    if live:
        st = live["stage_seconds"]
        print(f"embedded seeds brief: {live['brief_wall_s']:.1f} s wall (server start {live['server_start_s']:.1f} s"
              f" + ingest {st['ingest']:.2f} + extract {st['extract']:.1f} + consensus {st['consensus']:.2f}"
              f" + write {st['write']:.2f} s)")
        print(f"LLM calls per window: {live['llm_calls_per_window']} ({live['llm_calls']} calls, "
              f"{live['windows']} windows)")
        for k, a in live["articles"].items():
            print(f"article {k}: {a['prompt_tokens']} prompt + {a['completion_tokens']} output tokens, "
                  f"{a['calls']} call(s), {a['seconds']:.1f} s")
        print(f"overhead ratio: {live['overhead_ratio']} (our extract {live['our_extract_s']:.1f} s / bare "
              f"completions {live['bare_completions_s']:.1f} s; extract stage / bare {live['extract_stage_over_bare']})")
        ec = live.get("extraction_call")
        if ec:
            for label in ("old", "new"):
                r = ec[label]
                per = ", ".join(f"{k} {v['prompt_tokens']}+{v['output_tokens']} tok {v['seconds']:.1f} s"
                                for k, v in r["articles"].items())
                print(f"extraction call {label} ({r['prompt']}, {r['mode']}): {r['prompt_tokens']} prompt + "
                      f"{r['output_tokens']} output tokens, {r['reasks']} re-asks, {r['seconds']:.1f} s ({per})")
            print(f"extraction call: new/old wall ratio {ec['wall_ratio_new_over_old']}")
        pc = live["prompt_cache"]
        if pc:
            print(f"prompt cache: article 2 prompt eval cold {pc['cold_s']:.1f} s, warm {pc['warm_s']:.1f} s "
                  f"(gain {pc['gain_s']:.1f} s; {pc['shared_prefix_tokens']}/{pc['article_2_prompt_tokens']} "
                  "prompt tokens shared with article 1)")
    c = f["concurrency"]
    print(f"replay {c['articles']} articles, {c['latency_s'] * 1000:.0f} ms latency: concurrency 1 extract "
          f"{c['concurrency_1']['seconds']['extract']:.2f} s, concurrency 8 {c['concurrency_8']['seconds']['extract']:.2f}"
          f" s -> {c['speedup_extract']}x (walls {c['concurrency_1']['wall_s']:.2f} / {c['concurrency_8']['wall_s']:.2f}"
          f" s); requests {c['concurrency_1']['requests']}/{c['concurrency_8']['requests']}; identical briefs: "
          f"{c['identical_briefs']}")
    for n, run in f["scaling_replay"].items():
        print(f"scaling, replay server (no latency): {n} articles {run['wall_s']:.2f} s ({run['requests']} requests)")
    for n, row in f.get("scaling_embedded", {}).items():
        if "measured_s" in row:
            print(f"scaling, embedded: {n} articles {row['measured_s']:.1f} s (measured)")
        else:
            print(f"scaling, embedded: {n} articles ~{row['extrapolated_s']:.0f} s (EXTRAPOLATED: {row['how']})")
    for label, r in f["rerun"].items():
        print(f"consensus run, {label}: {r['wall_s']:.2f} s, outcome {r['outcome']}, {r['llm_calls']} LLM calls, "
              f"{r['requests']} requests")
    for line in f["consensus_scale"]["lines"]:
        print(f"consensus scale: {line}")


def compare(f: dict, baseline: Path) -> None:
    if not baseline.is_file():
        return
    base = json.loads(baseline.read_text())
    keys = [("live", "brief_wall_s"), ("live", "overhead_ratio"), ("live", "llm_calls_per_window"),
            ("live", "output_tokens"), ("live", "prompt_tokens"), ("concurrency", "speedup_extract")]
    for section, key in keys:
        now, then = f.get(section, {}).get(key), base.get(section, {}).get(key)
        if now is not None and then is not None:
            print(f"vs baseline: {section}.{key} {then} -> {now}")


def write_figures(figures: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", default="build/bench.json", help="where the figures go as JSON")
    p.add_argument("--skip-live", action="store_true", help="only what needs no model")
    p.add_argument("--scale-args", default="--articles 1000 --claims 30", help="arguments of bench.consensus_scale")
    p.add_argument("--embedded-model", default=None, help="embedded.model for the live part (default: config.toml's)")
    p.add_argument("--baseline", default=str(ROOT / "bench" / "baseline.json"))
    args = p.parse_args(argv)
    figures: dict = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": {
        "cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
        "load_average_at_start": os.getloadavg()}}
    with tempfile.TemporaryDirectory(prefix="consensus-bench-") as tmp:
        work = Path(tmp)
        if not args.skip_live:
            figures["live"] = live_figures(work, args.embedded_model)
            write_figures(figures, Path(args.out))  # kept even if a later part fails
        log("replay server: concurrency, scaling, re-runs")
        figures["concurrency"] = concurrency_figures(work)
        figures["scaling_replay"] = replay_scaling(work)
        if "live" in figures:
            figures["scaling_embedded"] = extrapolate(figures["live"], figures["scaling_replay"])
        figures["rerun"] = rerun_figures(work)
    log("consensus scale bench")
    figures["consensus_scale"] = scale_figures(args.scale_args.split())
    figures["machine"]["load_average_at_end"] = os.getloadavg()
    out = Path(args.out)
    write_figures(figures, out)
    print_figures(figures)
    compare(figures, Path(args.baseline))
    log(f"figures written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
