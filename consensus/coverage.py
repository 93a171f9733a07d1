"""How much of a group's statement the group supports (pure).

A statement beside "[3/5]" should say only what several of those outlets say. `coverage` measures that: the
share of the statement's content words that occur in the evidence of at least two of the claim's outlets. A
content word is a lower-cased word of three letters or more that is not a stopword, or a number. A single-source
claim speaks for its one outlet, attributed, and covers itself (1.0). A facet's claim ("... [date: Monday]")
states its day or occasion: the page shows it as "On which day: Monday" (or "Said on") under the fact it dates
(the clause is that fact's own claim), so its coverage is that of the value.
"""

from __future__ import annotations

import functools
import re

from .canon import STOPWORDS, faceted, normalize

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)*|\d+(?:[.,]\d+)*")
MIN_LETTERS = 3


@functools.lru_cache(maxsize=1 << 17)  # a group's medoid and its brief claim ask for the same sentences
def content_tokens(text: str) -> frozenset[str]:
    """The statement's content words: lower-cased words of MIN_LETTERS+ letters (stopwords out) and numbers."""
    found = set()
    for token in _TOKEN.findall(normalize(text).lower()):
        if token[0].isdigit():
            found.add(token.rstrip(".,"))
        elif len(token) >= MIN_LETTERS and token not in STOPWORDS:
            found.add(token)
    return frozenset(found)


def coverage(statement: str, evidence_by_outlet: dict[str, str]) -> float:
    """Share of the statement's content words found in the evidence of at least two outlets (1.0 with one
    outlet, or with no content word; a facet's: of its value). Rounded to 3 places so the brief's bytes do not hang
    on float noise."""
    if len(evidence_by_outlet) < 2:
        return 1.0
    facet = faceted(statement)
    return share_of(facet[1] if facet else statement, shared_tokens(evidence_by_outlet))


def share_of(statement: str, shared: set[str]) -> float:
    """Share of the statement's content words in `shared` (shared_tokens of several outlets), rounded."""
    words = content_tokens(statement)
    return round(len(words & shared) / len(words), 3) if words else 1.0


def shared_tokens(evidence_by_outlet: dict[str, str]) -> set[str]:
    """Content words found in the evidence of at least two outlets."""
    once: set[str] = set()
    twice: set[str] = set()
    for text in evidence_by_outlet.values():
        words = content_tokens(text)
        twice |= once & words
        once |= words
    return twice


MIN_WORDS = 4


def pruned(statement: str, optional: list[tuple[int, int]], shared: set[str]) -> str:
    """The statement without its optional modifiers (spans, outer ones first) that hold content words but none that
    another outlet's evidence also has: a detail one outlet alone gives does not go beside the group's count. The
    subject, the verb and its object stay (they are never optional); a statement that would keep fewer than
    MIN_WORDS words stays whole."""
    cut: list[tuple[int, int]] = []
    kept_modifiers: list[tuple[int, int]] = []
    for a, b in optional:
        if any(a >= x and b <= y for x, y in cut):
            continue  # inside a modifier already left out
        words = content_tokens(statement[a:b])
        if words and not words & shared:
            start, end = with_its_commas(statement, a, b)
            cut.append((start, min([end] + closing_commas(statement, a, b, end, kept_modifiers))))
        else:
            kept_modifiers.append((a, b))
    if not cut:
        return statement
    kept, at = [], 0
    for a, b in sorted(cut):
        kept.append(statement[at:a])
        at = max(at, b)
    kept.append(statement[at:])
    text = _tidy("".join(kept))
    return text if len(text.split()) >= MIN_WORDS else statement


def closing_commas(text: str, a: int, b: int, end: int, kept: list[tuple[int, int]]) -> list[int]:
    """Where a kept modifier that holds the one cut out at [a, b) closes with a comma that the cut would take: the
    cut stops before it. The apposition stays set off: "Colorado's attorney general, John Suthers, a Republican,
    said" -> "Colorado's attorney general, John Suthers, said", not "..., John Suthers said"."""
    return [y - 1 for x, y in kept if x < a and b < y <= end and text[y - 1] == ","]


def with_its_commas(text: str, a: int, b: int) -> tuple[int, int]:
    """A modifier set off by commas goes with them: "Tom Kirsch, an attorney for his wife, said" -> "Tom Kirsch
    said"."""
    before = text[:a].rstrip()
    if before.endswith(",") and (text[b:].lstrip()[:1] in (",", ".", "") or b == len(text)):
        start = len(before) - 1
        after = text[b:]
        return start, b + (len(after) - len(after.lstrip(" ")) + 1 if after.lstrip(" ").startswith(",") else 0)
    if text[b:].startswith(",") and leads(text[:a]):  # a leading modifier and the comma that closes it ("that in
        return a, b + 1                                 # general, federal law")
    return a, b


# Words after which a modifier opens its clause ("that in general, federal law ..."; "and in 2012, voters ...").
_CLAUSE_OPENERS = frozenset({"that", "and", "but", "or", "so", "yet", "because", "when", "while", "if", "although",
                             "though", "since", "after", "before", "where", "whereas", "unless"})


def leads(before: str) -> bool:
    """Whether a modifier that follows `before` opens its clause: at the start, after a clause's opening word or
    after a comma. Only then does the comma that closes it go with it; after a trailing modifier the comma sets off
    what follows and stays ("feeling the impacts of Colorado's legal weed, making more marijuana arrests" reads
    "feeling the impacts, making more marijuana arrests", not "the impacts making more marijuana arrests")."""
    words = re.findall(r"[\w']+", before)
    return not words or words[-1].lower() in _CLAUSE_OPENERS or before.rstrip().endswith((",", ";", ":"))


def _tidy(text: str) -> str:
    """Spaces and commas mended where modifiers were cut out."""
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r"[,;:]\s*([.!?])", r"\1", text)
    text = re.sub(r"^[\s,;:]+|[\s,;:]+$", "", text)
    return text[:1].upper() + text[1:] if text else text
