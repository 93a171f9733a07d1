"""Independent reports: an outlet's articles, wire and syndicated copies count once."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from .. import canon
from ..models import Article
from .candidates import pairs_within


def independent_reports(articles: list[Article], containment: float = 0.5) -> dict[str, str]:
    """Article id -> the independent report it belongs to. Articles of one outlet are one report, and so are
    wire or syndicated copies: articles that credit one news agency (Article.wire), and two articles whose word
    5-grams overlap by >= `containment` of the smaller one."""
    parent = {a.id: a.id for a in articles}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x: str, y: str) -> None:
        rx, ry = sorted((find(x), find(y)))
        parent[ry] = rx

    if containment <= 0:
        raise ValueError("containment must be above 0")
    ordered = sorted(articles, key=lambda a: a.id)
    # Only articles of one outlet or sharing a 5-gram can join: count shared 5-grams from an inverted index.
    # A report is a connected component named by its smallest id, so the order of the unions does not matter.
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for a in ordered:
        by_outlet[a.outlet].append(a.id)
        if a.wire:
            by_outlet["\0wire:" + a.wire].append(a.id)  # never an outlet's name
    for ids in by_outlet.values():
        for b in ids[1:]:
            union(ids[0], b)
    for x, y in containing_pairs_of(*shingle_numbers(ordered), containment):
        union(ordered[x].id, ordered[y].id)
    return {a.id: find(a.id) for a in ordered}


def shingle_numbers(articles: list[Article], n: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """The word n-grams of each article (its cleaned sentences' words) as arrays: (article index, n-gram number)
    of each distinct n-gram of each article, n-grams numbered alike across articles."""
    word_no: dict[str, int] = {}
    grams, owners = [np.zeros((0, n), dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for k, article in enumerate(articles):
        ws = canon.words(" ".join(s.clean for s in article.sentences))
        unseen = [w for w in dict.fromkeys(ws) if w not in word_no]
        word_no.update(zip(unseen, range(len(word_no), len(word_no) + len(unseen))))
        if len(ws) >= n:
            ids = np.array(list(map(word_no.__getitem__, ws)), dtype=np.int64)
            grams.append(np.lib.stride_tricks.sliding_window_view(ids, n))
            owners.append(np.full(len(ws) - n + 1, k, dtype=np.int64))
    gram, owner = np.concatenate(grams), np.concatenate(owners)
    bits = max(1, len(word_no).bit_length())
    per_key = max(1, 62 // bits)  # words packed into one 64-bit sort key
    keys = []
    for lo in range(0, n, per_key):
        key = np.zeros(len(gram), dtype=np.int64)
        for c in range(lo, min(n, lo + per_key)):
            key = (key << bits) | gram[:, c]
        keys.append(key)
    order = np.lexsort(keys[::-1])  # by the first words, then the next
    new = np.zeros(len(order), dtype=bool)  # each position whose n-gram differs from the one before it
    new[:1] = True
    for key in keys:
        new[1:] |= key[order][1:] != key[order][:-1]
    number = np.empty(len(order), dtype=np.int64)
    number[order] = np.cumsum(new) - 1
    codes = np.sort(owner * max(len(order), 1) + number)
    codes = codes[np.diff(codes, prepend=-1) != 0]  # each n-gram once per article
    return codes // max(len(order), 1), codes % max(len(order), 1)


def containing_pairs_of(owner: np.ndarray, elements: np.ndarray, containment: float,
                        n_sets: int | None = None) -> list[tuple[int, int]]:
    """Pairs (x, y), x < y, of sets whose intersection holds at least `containment` (> 0) of the smaller one, the
    sets given as arrays: set index and element number of each (set, element) once. Counted from an inverted
    index: only sets that share an element are ever paired."""
    sizes = np.bincount(owner, minlength=n_sets or 0)
    order = np.lexsort((owner, elements))  # by element, then set
    _, counts = np.unique(elements[order], return_counts=True)
    x, y = pairs_within(counts)
    n = max(len(sizes), 1)
    codes, shared = np.unique(owner[order][x] * n + owner[order][y], return_counts=True)
    x, y = codes // n, codes % n
    contained = shared / np.minimum(sizes[x], sizes[y]) >= containment
    return list(zip(x[contained].tolist(), y[contained].tolist()))


def syndicated_copies(articles: list[Article], reports: dict[str, str]) -> dict[str, list[str]]:
    """Article id -> the other articles of other outlets it shares an independent report with."""
    return {a.id: sorted(b.id for b in articles if b.id != a.id and reports[b.id] == reports[a.id]
                         and b.outlet != a.outlet) for a in articles}


def article_outlets(articles: list[Article]) -> dict[str, str]:
    return {a.id: a.outlet for a in articles}
